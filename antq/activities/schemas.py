from datetime import datetime

from ninja import Field, Schema

from antq.activities.choices import ActivityKind, SecuredEventKind
from antq.core.api import IsoDate, choice_of
from antq.core.files import AttachmentKind


class ActivityOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    kind: choice_of(ActivityKind)
    kind_label: str = Field(alias="get_kind_display")
    title: str
    held_on: IsoDate
    participants: int
    organisers: list[int]
    with_leaders: bool
    with_employers: bool
    with_workers: bool
    with_unions: bool
    with_residents: bool
    other_parties: str
    ceremony_held: bool
    festival_held: bool
    notes: str
    updated_at: datetime

    @staticmethod
    def resolve_organisers(obj):
        return [o.pk for o in obj.organisers.all()]


class ActivityIn(Schema):
    area_id: int
    kind: choice_of(ActivityKind)
    title: str = Field(max_length=255)
    held_on: IsoDate
    participants: int = Field(0, ge=0)
    organisers: list[int] = []
    with_leaders: bool = False
    with_employers: bool = False
    with_workers: bool = False
    with_unions: bool = False
    with_residents: bool = False
    other_parties: str = Field("", max_length=255)
    ceremony_held: bool = False
    festival_held: bool = False
    notes: str = ""


class ActivityPatch(Schema):
    area_id: int | None = None
    kind: choice_of(ActivityKind) | None = None
    title: str | None = Field(None, max_length=255)
    held_on: IsoDate | None = None
    participants: int | None = Field(None, ge=0)
    organisers: list[int] | None = None
    with_leaders: bool | None = None
    with_employers: bool | None = None
    with_workers: bool | None = None
    with_unions: bool | None = None
    with_residents: bool | None = None
    other_parties: str | None = Field(None, max_length=255)
    ceremony_held: bool | None = None
    festival_held: bool | None = None
    notes: str | None = None
    reason: str = ""


class ActivityAttachmentOut(Schema):
    id: int
    original_name: str
    kind: choice_of(AttachmentKind)
    size: int
    sha256: str
    created_at: datetime


class SecuredEventOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    held_on: IsoDate
    kind: choice_of(SecuredEventKind)
    kind_label: str = Field(alias="get_kind_display")
    name: str
    scale: int | None
    incidents_occurred: bool
    incident_description: str
    notes: str
    updated_at: datetime


class SecuredEventIn(Schema):
    area_id: int
    held_on: IsoDate
    kind: choice_of(SecuredEventKind)
    name: str = Field(max_length=255)
    scale: int | None = Field(None, ge=0)
    incidents_occurred: bool = False
    incident_description: str = ""
    notes: str = ""


class SecuredEventPatch(Schema):
    area_id: int | None = None
    held_on: IsoDate | None = None
    kind: choice_of(SecuredEventKind) | None = None
    name: str | None = Field(None, max_length=255)
    scale: int | None = Field(None, ge=0)
    incidents_occurred: bool | None = None
    incident_description: str | None = None
    notes: str | None = None
    reason: str = ""


class RegulationOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    number: str
    title: str
    parties: list[int]
    signed_on: IsoDate
    scope: str
    review_on: IsoDate | None
    ended_on: IsoDate | None
    updated_at: datetime

    @staticmethod
    def resolve_parties(obj):
        return [o.pk for o in obj.parties.all()]


class RegulationIn(Schema):
    area_id: int
    number: str = Field(max_length=100)
    title: str = Field(max_length=255)
    parties: list[int]
    signed_on: IsoDate
    scope: str = ""
    review_on: IsoDate | None = None
    ended_on: IsoDate | None = None


class RegulationPatch(Schema):
    area_id: int | None = None
    number: str | None = Field(None, max_length=100)
    title: str | None = Field(None, max_length=255)
    parties: list[int] | None = None
    signed_on: IsoDate | None = None
    scope: str | None = None
    review_on: IsoDate | None = None
    ended_on: IsoDate | None = None
    reason: str = ""


class KindFigures(Schema):
    kind: choice_of(ActivityKind)
    label: str
    sessions: int
    participants: int


class EventKindFigures(Schema):
    kind: choice_of(SecuredEventKind)
    label: str
    count: int
    incidents: int


class ActivityFiguresOut(Schema):
    area_id: int | None
    date_from: IsoDate | None
    date_to: IsoDate | None
    sessions: int
    participants: int
    activities: list[KindFigures]
    secured: int
    secured_with_incidents: int
    secured_events: list[EventKindFigures]
    regulations_in_force: int
