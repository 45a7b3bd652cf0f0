from datetime import date, datetime

from ninja import Field, Schema


class MovementModelOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    name: str
    category_id: int
    category_code: str = Field(alias="category.code")
    category_label: str = Field(alias="category.label")
    host_organisation_id: int | None
    started_on: date
    ended_on: date | None
    status: str
    status_label: str = Field(alias="get_status_display")
    status_reason: str
    recognition_level: str
    recognised_on: date | None
    replicated_from_id: int | None
    updated_at: datetime


class MovementModelIn(Schema):
    area_id: int
    name: str = Field(max_length=255)
    category_id: int
    host_organisation_id: int | None = None
    started_on: date
    ended_on: date | None = None
    status: str = "active"
    status_reason: str = Field("", max_length=2000)
    recognition_level: str = "none"
    recognised_on: date | None = None
    replicated_from_id: int | None = None


class MovementModelPatch(Schema):
    """`status` is accepted only to be refused by name: it changes through POST …/status."""

    area_id: int | None = None
    name: str | None = Field(None, max_length=255)
    category_id: int | None = None
    host_organisation_id: int | None = None
    started_on: date | None = None
    ended_on: date | None = None
    status: str | None = None
    recognition_level: str | None = None
    recognised_on: date | None = None
    replicated_from_id: int | None = None
    reason: str = ""


class StatusIn(Schema):
    status: str
    on: date | None = None
    reason: str = Field("", max_length=2000)


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    changed_on: date
    reason: str
    changed_by: str | None = None
    created_at: datetime

    @staticmethod
    def resolve_changed_by(obj):
        return obj.changed_by.get_username() if obj.changed_by else None


class TeamOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    name: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    movement_model_id: int | None
    host_organisation_id: int | None
    established_on: date | None
    dissolved_on: date | None
    current_members: int = 0
    updated_at: datetime


class TeamIn(Schema):
    area_id: int
    name: str = Field(max_length=255)
    kind: str
    movement_model_id: int | None = None
    host_organisation_id: int | None = None
    established_on: date | None = None
    dissolved_on: date | None = None


class TeamPatch(Schema):
    area_id: int | None = None
    name: str | None = Field(None, max_length=255)
    kind: str | None = None
    movement_model_id: int | None = None
    host_organisation_id: int | None = None
    established_on: date | None = None
    dissolved_on: date | None = None
    reason: str = ""


class TeamMemberOut(Schema):
    id: int
    team_id: int
    full_name: str
    role_in_team: str
    phone: str
    joined_on: date | None
    left_on: date | None
    updated_at: datetime


class TeamMemberIn(Schema):
    full_name: str = Field(max_length=200)
    role_in_team: str = "member"
    phone: str = Field("", max_length=20)
    joined_on: date | None = None
    left_on: date | None = None


class TeamMemberPatch(Schema):
    full_name: str | None = Field(None, max_length=200)
    role_in_team: str | None = None
    phone: str | None = Field(None, max_length=20)
    joined_on: date | None = None
    left_on: date | None = None
    reason: str = ""
