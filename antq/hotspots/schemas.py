from datetime import date, datetime

from ninja import Field, Schema


class HotspotOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    title: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    opened_on: date
    status: str
    status_label: str = Field(alias="get_status_display")
    settled_on: date | None
    notes: str
    updated_at: datetime


class HotspotIn(Schema):
    area_id: int
    title: str = Field(max_length=255)
    kind: str
    opened_on: date
    status: str = "monitoring"
    settled_on: date | None = None
    notes: str = Field("", max_length=4000)


class HotspotPatch(Schema):
    """`status` and `settled_on` are accepted only to be refused by name: they change through
    POST …/status."""

    area_id: int | None = None
    title: str | None = Field(None, max_length=255)
    kind: str | None = None
    opened_on: date | None = None
    status: str | None = None
    settled_on: date | None = None
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class HotspotStatusIn(Schema):
    status: str
    on: date | None = None
    reason: str = Field("", max_length=2000)


class HotspotStatusChangeOut(Schema):
    from_status: str
    to_status: str
    changed_on: date
    reason: str
    changed_by: str | None = None
    created_at: datetime

    @staticmethod
    def resolve_changed_by(obj):
        return obj.changed_by.get_username() if obj.changed_by else None
