from datetime import datetime

from ninja import Field, Schema

from antq.core.api import ChangedByOut, IsoDate, choice_of
from antq.hotspots.choices import HotspotKind, HotspotStatus


class HotspotOut(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    title: str
    kind: choice_of(HotspotKind)
    kind_label: str = Field(alias="get_kind_display")
    opened_on: IsoDate
    status: choice_of(HotspotStatus)
    status_label: str = Field(alias="get_status_display")
    settled_on: IsoDate | None
    notes: str
    updated_at: datetime


class HotspotIn(Schema):
    area_id: int
    title: str = Field(max_length=255)
    kind: choice_of(HotspotKind)
    opened_on: IsoDate
    status: choice_of(HotspotStatus) = "monitoring"
    settled_on: IsoDate | None = None
    notes: str = Field("", max_length=4000)


class HotspotPatch(Schema):
    """`status` and `settled_on` are accepted only to be refused by name: they change through
    POST …/status."""

    area_id: int | None = None
    title: str | None = Field(None, max_length=255)
    kind: choice_of(HotspotKind) | None = None
    opened_on: IsoDate | None = None
    status: choice_of(HotspotStatus) | None = None
    settled_on: IsoDate | None = None
    notes: str | None = Field(None, max_length=4000)
    reason: str = ""


class HotspotStatusIn(Schema):
    status: choice_of(HotspotStatus)
    on: IsoDate | None = None
    reason: str = Field("", max_length=2000)


class HotspotStatusChangeOut(ChangedByOut):
    from_status: choice_of(HotspotStatus, blank=True)
    to_status: choice_of(HotspotStatus)
    changed_on: IsoDate
    reason: str
    created_at: datetime
