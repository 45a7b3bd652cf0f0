from ninja import Field, Schema

from antq.areas.choices import AreaLevel, AreaType, SuccessionKind
from antq.core.api import IsoDate, choice_of


class AreaOut(Schema):
    id: int
    code: str
    name: str
    level: int
    level_label: str = Field(alias="get_level_display")
    area_type: choice_of(AreaType)
    type_label: str = Field(alias="get_area_type_display")
    path: str
    depth: int
    children: int = Field(alias="numchild")
    latitude: float | None
    longitude: float | None
    valid_from: IsoDate | None
    valid_to: IsoDate | None


class AreaPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AreaOut]


class AreaIn(Schema):
    parent_id: int
    level: AreaLevel = AreaLevel.VILLAGE
    code: str = Field(max_length=20)
    name: str = Field(max_length=200)
    area_type: choice_of(AreaType) = "thon"
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    latitude: float | None = None
    longitude: float | None = None


class AreaPatch(Schema):
    code: str | None = Field(None, max_length=20)
    name: str | None = Field(None, max_length=200)
    area_type: choice_of(AreaType) | None = None
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    latitude: float | None = None
    longitude: float | None = None
    reason: str = ""


class SuccessionOut(Schema):
    id: int
    predecessor: AreaOut
    successor: AreaOut
    kind: choice_of(SuccessionKind)
    is_default: bool
    effective_on: IsoDate | None


class SuccessionsOut(Schema):
    became: list[SuccessionOut]
    came_from: list[SuccessionOut]


class SuccessionIn(Schema):
    """A unit by id, or by its code and a day it was in force (codes are reused: a code alone
    does not name a unit)."""

    predecessor_id: int | None = None
    predecessor_code: str | None = Field(None, max_length=20)
    predecessor_on: IsoDate | None = Field(
        None, description="A day the old unit was in force; with `predecessor_code`."
    )
    successor_id: int | None = None
    successor_code: str | None = Field(None, max_length=20)
    successor_on: IsoDate | None = Field(
        None,
        description="A day the new unit was in force; empty: `effective_on`, else the day "
        "after the old unit ended.",
    )
    kind: choice_of(SuccessionKind)
    is_default: bool = True
    effective_on: IsoDate | None = None


class UnitsImportOut(Schema):
    created: int
    unchanged: int
    successions_created: int
