from datetime import datetime

from ninja import Field, Schema

from antq.core.api import ChangedByOut, IsoDate, choice_of
from antq.movement.choices import ModelStatus, RecognitionLevel, TeamKind, TeamRole


class MovementModelOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    name: str
    category_id: int
    category_code: str = Field(alias="category.code")
    category_label: str = Field(alias="category.label")
    host_organisation_id: int | None
    started_on: IsoDate
    ended_on: IsoDate | None
    status: choice_of(ModelStatus)
    status_label: str = Field(alias="get_status_display")
    status_reason: str
    recognition_level: choice_of(RecognitionLevel)
    recognised_on: IsoDate | None
    replicated_from_id: int | None
    updated_at: datetime


class MovementModelIn(Schema):
    area_id: int
    name: str = Field(max_length=255)
    category_id: int
    host_organisation_id: int | None = None
    started_on: IsoDate
    ended_on: IsoDate | None = None
    status: choice_of(ModelStatus) = "active"
    status_reason: str = Field("", max_length=2000)
    recognition_level: choice_of(RecognitionLevel) = "none"
    recognised_on: IsoDate | None = None
    replicated_from_id: int | None = None


class MovementModelPatch(Schema):
    """`status` is accepted only to be refused by name: it changes through POST …/status."""

    area_id: int | None = None
    name: str | None = Field(None, max_length=255)
    category_id: int | None = None
    host_organisation_id: int | None = None
    started_on: IsoDate | None = None
    ended_on: IsoDate | None = None
    status: choice_of(ModelStatus) | None = None
    recognition_level: choice_of(RecognitionLevel) | None = None
    recognised_on: IsoDate | None = None
    replicated_from_id: int | None = None
    reason: str = ""


class StatusIn(Schema):
    status: choice_of(ModelStatus)
    on: IsoDate | None = None
    reason: str = Field("", max_length=2000)


class ModelStatusChangeOut(ChangedByOut):
    from_status: choice_of(ModelStatus, blank=True)
    to_status: choice_of(ModelStatus)
    changed_on: IsoDate
    reason: str
    created_at: datetime


class TeamOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    name: str
    kind: choice_of(TeamKind)
    kind_label: str = Field(alias="get_kind_display")
    movement_model_id: int | None
    host_organisation_id: int | None
    established_on: IsoDate | None
    dissolved_on: IsoDate | None
    current_members: int = 0
    updated_at: datetime


class TeamIn(Schema):
    area_id: int
    name: str = Field(max_length=255)
    kind: choice_of(TeamKind)
    movement_model_id: int | None = None
    host_organisation_id: int | None = None
    established_on: IsoDate | None = None
    dissolved_on: IsoDate | None = None


class TeamPatch(Schema):
    area_id: int | None = None
    name: str | None = Field(None, max_length=255)
    kind: choice_of(TeamKind) | None = None
    movement_model_id: int | None = None
    host_organisation_id: int | None = None
    established_on: IsoDate | None = None
    dissolved_on: IsoDate | None = None
    reason: str = ""


class TeamMemberOut(Schema):
    id: int
    team_id: int
    full_name: str
    role_in_team: choice_of(TeamRole)
    phone: str
    joined_on: IsoDate | None
    left_on: IsoDate | None
    updated_at: datetime


class TeamMemberIn(Schema):
    full_name: str = Field(max_length=200)
    role_in_team: choice_of(TeamRole) = "member"
    phone: str = Field("", max_length=20)
    joined_on: IsoDate | None = None
    left_on: IsoDate | None = None


class TeamMemberPatch(Schema):
    full_name: str | None = Field(None, max_length=200)
    role_in_team: choice_of(TeamRole) | None = None
    phone: str | None = Field(None, max_length=20)
    joined_on: IsoDate | None = None
    left_on: IsoDate | None = None
    reason: str = ""
