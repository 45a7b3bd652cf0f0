"""API shapes of tips. No output schema has a field for the reporter's identity: it can be
written (on creation) but never read through the API."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema
from pydantic import SecretStr

from antq.tips import deadlines


class TipOut(Schema):
    id: int
    code: str
    area_id: int
    area_name: str = Field(alias="area.name")
    received_by_area_id: int
    legal_kind: str
    legal_kind_label: str = Field(alias="get_legal_kind_display")
    channel: str
    channel_label: str = Field(alias="get_channel_display")
    category_id: int
    category_code: str = Field(alias="category.code")
    category_label: str = Field(alias="category.label")
    occurred_on: date | None
    occurred_place: str
    place_area_id: int | None
    latitude: float | None
    longitude: float | None
    summary: str
    received_on: date
    assigned_to_id: int | None
    status: str
    status_label: str = Field(alias="get_status_display")
    extensions: int
    due_on: date | None
    days_left: int | None = None
    overdue: bool = False
    settled_on: date | None
    decided_on: date | None
    outcome_notes: str
    has_identity: bool
    updated_at: datetime

    @staticmethod
    def resolve_days_left(obj):
        return deadlines.days_left(obj.due_on, timezone.localdate())

    @staticmethod
    def resolve_overdue(obj):
        return deadlines.is_overdue(obj.due_on, timezone.localdate())


class TipIn(Schema):
    """`reporter_name` and `reporter_contact` are stored encrypted and never returned."""

    area_id: int
    legal_kind: str
    channel: str
    category_id: int
    summary: str = Field(max_length=5000)
    received_on: date | None = None
    occurred_on: date | None = None
    occurred_place: str = Field("", max_length=255)
    place_area_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    # SecretStr: the clear text never shows in a repr (logs, debug pages); length is checked by
    # the service, which says it in the user's language
    reporter_name: SecretStr = SecretStr("")
    reporter_contact: SecretStr = SecretStr("")


class TipPatch(Schema):
    """`area_id` is accepted only to be refused by name: a tip moves by POST …/transfer."""

    area_id: int | None = None
    legal_kind: str | None = None
    channel: str | None = None
    category_id: int | None = None
    summary: str | None = Field(None, max_length=5000)
    received_on: date | None = None
    occurred_on: date | None = None
    occurred_place: str | None = Field(None, max_length=255)
    place_area_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    reason: str = ""


class EventOut(Schema):
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    on: date
    by: str | None = None
    assignee: str | None = None
    from_area_id: int | None
    to_area_id: int | None
    to_agency: str
    until: date | None
    procuracy_approved: bool
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_by(obj):
        return obj.by.get_username() if obj.by else None

    @staticmethod
    def resolve_assignee(obj):
        return obj.assignee.get_username() if obj.assignee else None


class MessageOut(Schema):
    id: int
    from_staff: bool
    body: str
    at: datetime
    by: str | None = None

    @staticmethod
    def resolve_by(obj):
        return obj.by.get_username() if obj.by else None


class MessageIn(Schema):
    body: str = Field(max_length=5000)


class AssignIn(Schema):
    assignee_id: int
    on: date | None = None
    reason: str = Field("", max_length=5000)


class OnIn(Schema):
    on: date | None = None


class ExtendIn(Schema):
    reason: str = Field(max_length=5000)
    on: date | None = None
    until: date | None = None
    procuracy_approved: bool = False


class ReasonIn(Schema):
    reason: str = Field(max_length=5000)
    on: date | None = None


class ResumeIn(Schema):
    on: date | None = None
    reason: str = Field("", max_length=5000)


class DecideIn(Schema):
    prosecute: bool
    on: date | None = None
    notes: str = Field("", max_length=5000)


class TransferIn(Schema):
    to_area_id: int
    reason: str = Field(max_length=5000)
    on: date | None = None


class TransferOutIn(Schema):
    to_agency: str = Field(max_length=255)
    reason: str = Field("", max_length=5000)
    on: date | None = None
