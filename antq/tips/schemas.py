"""API shapes of tips. No output schema has a field for the reporter's identity: it can be
written (on creation) but never read through the API."""

from datetime import datetime, time

from django.utils import timezone
from ninja import Field, Schema
from pydantic import SecretStr

from antq.cameras.choices import CameraStatus, OwnerType
from antq.core.api import IsoDate, choice_of
from antq.tips import deadlines
from antq.tips.choices import Channel, EventKind, FootageOutcome, LegalKind, TipStatus


class TipOut(Schema):
    id: int
    code: str
    area_id: int
    area_name: str = Field(alias="area.name")
    received_by_area_id: int
    legal_kind: choice_of(LegalKind)
    legal_kind_label: str = Field(alias="get_legal_kind_display")
    channel: choice_of(Channel)
    channel_label: str = Field(alias="get_channel_display")
    category_id: int
    category_code: str = Field(alias="category.code")
    category_label: str = Field(alias="category.label")
    occurred_on: IsoDate | None
    occurred_time: time | None = Field(None, description="Local time (HH:MM), with the date.")
    occurred_place: str
    place_area_id: int | None
    latitude: float | None
    longitude: float | None
    summary: str
    received_on: IsoDate
    assigned_to_id: int | None
    status: choice_of(TipStatus)
    status_label: str = Field(alias="get_status_display")
    extensions: int
    due_on: IsoDate | None
    days_left: int | None = None
    overdue: bool = False
    settled_on: IsoDate | None
    decided_on: IsoDate | None
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
    legal_kind: choice_of(LegalKind)
    channel: choice_of(Channel)
    category_id: int
    summary: str = Field(max_length=5000)
    received_on: IsoDate | None = None
    occurred_on: IsoDate | None = None
    occurred_time: time | None = None
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
    legal_kind: choice_of(LegalKind) | None = None
    channel: choice_of(Channel) | None = None
    category_id: int | None = None
    summary: str | None = Field(None, max_length=5000)
    received_on: IsoDate | None = None
    occurred_on: IsoDate | None = None
    occurred_time: time | None = None
    occurred_place: str | None = Field(None, max_length=255)
    place_area_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    reason: str = ""


class EventOut(Schema):
    kind: choice_of(EventKind)
    kind_label: str = Field(alias="get_kind_display")
    on: IsoDate
    by: str | None = None
    by_name: str | None = Field(
        None, description="their rank, full name and position, as the pages name them"
    )
    assignee: str | None = None
    from_area_id: int | None
    to_area_id: int | None
    to_agency: str
    until: IsoDate | None
    procuracy_approved: bool
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_by(obj):
        return obj.by.get_username() if obj.by else None

    @staticmethod
    def resolve_by_name(obj):
        return obj.by.person_label if obj.by else None

    @staticmethod
    def resolve_assignee(obj):
        return obj.assignee.get_username() if obj.assignee else None


class MessageOut(Schema):
    id: int
    from_staff: bool
    body: str
    at: datetime
    by: str | None = None
    by_name: str | None = Field(
        None, description="their rank, full name and position, as the pages name them"
    )
    read_at: datetime | None = Field(
        None, description="A reporter's message: when the unit's staff first read it."
    )

    @staticmethod
    def resolve_by(obj):
        return obj.by.get_username() if obj.by else None

    @staticmethod
    def resolve_by_name(obj):
        return obj.by.person_label if obj.by else None


class MessageIn(Schema):
    body: str = Field(max_length=5000)


class AssignIn(Schema):
    assignee_id: int
    on: IsoDate | None = None
    reason: str = Field("", max_length=5000)


class OnIn(Schema):
    on: IsoDate | None = None


class ExtendIn(Schema):
    reason: str = Field(max_length=5000)
    on: IsoDate | None = None
    until: IsoDate | None = None
    procuracy_approved: bool = False
    requested_on: IsoDate | None = None
    late_reason: str = Field("", max_length=5000)


class TipReasonIn(Schema):
    reason: str = Field(max_length=5000)
    on: IsoDate | None = None


class ResumeIn(Schema):
    on: IsoDate | None = None
    reason: str = Field("", max_length=5000)


class DecideIn(Schema):
    prosecute: bool
    on: IsoDate | None = None
    notes: str = Field("", max_length=5000)


class TransferIn(Schema):
    to_area_id: int
    reason: str = Field(max_length=5000)
    on: IsoDate | None = None


class TransferOutIn(Schema):
    to_agency: str = Field(max_length=255)
    reason: str = Field("", max_length=5000)
    on: IsoDate | None = None


class NearbyCameraOut(Schema):
    """A camera site near the incident, with what a footage request needs to know."""

    id: int
    address: str
    area_id: int
    owner_type: choice_of(OwnerType)
    owner_type_label: str = Field(alias="get_owner_type_display")
    owner_organisation_id: int | None
    owner_organisation_name: str | None = None
    heads: int
    connected: bool
    retention_days: int | None
    status: choice_of(CameraStatus)
    footage_consent: bool
    distance_m: int

    @staticmethod
    def resolve_owner_organisation_name(obj):
        return obj.owner_organisation.name if obj.owner_organisation_id else None

    @staticmethod
    def resolve_distance_m(obj):
        return round(obj.distance_km * 1000)


class FootageRequestOut(Schema):
    id: int
    tip_id: int
    camera_site_id: int
    camera_site_label: str | None = Field(
        None, description="Empty when the camera site lies outside your jurisdiction."
    )
    window_start: datetime
    window_end: datetime
    reason: str
    requested_on: IsoDate
    requested_by: str | None = None
    requested_by_name: str | None = Field(
        None, description="their rank, full name and position, as the pages name them"
    )
    outcome: str = Field(
        description="Empty while the owner has not answered; else one of "
        + ", ".join(FootageOutcome.values)
    )
    outcome_label: str = Field(alias="get_outcome_display")
    outcome_on: IsoDate | None
    outcome_note: str

    @staticmethod
    def resolve_camera_site_label(obj):
        return str(obj.camera_site) if getattr(obj, "site_visible", True) else None

    @staticmethod
    def resolve_requested_by(obj):
        return obj.requested_by.get_username() if obj.requested_by else None

    @staticmethod
    def resolve_requested_by_name(obj):
        return obj.requested_by.person_label if obj.requested_by else None


class FootageRequestIn(Schema):
    """The window is read in the local time zone when it carries none; at most 48 hours."""

    camera_site_id: int
    window_start: datetime
    window_end: datetime
    reason: str = Field(max_length=5000)


class FootageAnswerIn(Schema):
    outcome: choice_of(FootageOutcome)
    on: IsoDate | None = None
    note: str = Field("", max_length=5000)
