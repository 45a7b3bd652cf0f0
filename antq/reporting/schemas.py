from datetime import date

from ninja import Schema

from antq.core.api import IsoDate, choice_of
from antq.reporting.choices import RecordKind, UnitState


class AreaRef(Schema):
    id: int
    code: str
    name: str
    level: int


class ObligationOut(Schema):
    id: int
    area: AreaRef
    kind: str
    exempt: bool
    valid_from: date | None
    valid_to: date | None
    reason: str


class ObligationIn(Schema):
    area: int
    kind: choice_of(RecordKind) = RecordKind.MONTHLY_TALLY.value
    exempt: bool = False
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    reason: str = ""


class ObligationPatch(Schema):
    kind: choice_of(RecordKind) | None = None
    exempt: bool | None = None
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    reason: str | None = None


class ObligationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ObligationOut]


class CountsOut(Schema):
    expected: int
    received: int
    on_time: int
    late: int
    missing: int


class CountedUnder(Schema):
    """The unit outside the area that a divided former unit counts under (its main successor)."""

    code: str
    name: str


class UnitOut(Schema):
    area: AreaRef
    state: choice_of(UnitState)
    late: bool
    tally: int | None
    submitted_at: str | None
    counted_under: CountedUnder | None = None


class ChildOut(Schema):
    area: AreaRef
    own: bool
    counts: CountsOut


class CompletenessOut(Schema):
    area: AreaRef
    month_from: str
    month_to: str
    scheme: str
    due_days: int
    totals: CountsOut
    children: list[ChildOut]
    units: list[UnitOut] | None
