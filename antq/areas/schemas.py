from datetime import date

from ninja import Field, Schema

from antq.areas.choices import AreaLevel


class AreaOut(Schema):
    id: int
    code: str
    name: str
    level: int
    level_label: str = Field(alias="get_level_display")
    area_type: str
    type_label: str = Field(alias="get_area_type_display")
    path: str
    depth: int
    children: int = Field(alias="numchild")
    latitude: float | None
    longitude: float | None
    valid_from: date | None
    valid_to: date | None


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
    area_type: str = "thon"
    valid_from: date | None = None
    valid_to: date | None = None
    latitude: float | None = None
    longitude: float | None = None


class AreaPatch(Schema):
    code: str | None = Field(None, max_length=20)
    name: str | None = Field(None, max_length=200)
    area_type: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    latitude: float | None = None
    longitude: float | None = None
    reason: str = ""


class SuccessionOut(Schema):
    predecessor: AreaOut
    successor: AreaOut
    kind: str
    is_default: bool
    effective_on: date | None


class SuccessionsOut(Schema):
    became: list[SuccessionOut]
    came_from: list[SuccessionOut]
