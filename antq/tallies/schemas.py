from datetime import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import create_model

from antq.areas.choices import AreaLevel
from antq.core.api import ChangedByOut, FieldError, IsoDate, choice_of
from antq.tallies.choices import COUNT_FIELDS, TIP_COUNT_FIELDS, TallyStatus, TallyStep

MONTH_HELP = "YYYY-MM (MM/YYYY or a date in the month also work)"


class _TallyOutBase(Schema):
    id: int
    area_id: int
    area_name: str = Field(alias="area.name")
    area_code: str = Field(alias="area.code")
    month: IsoDate
    status: choice_of(TallyStatus)
    status_label: str = Field(alias="get_status_display")
    submitted_by_id: int | None
    submitted_at: datetime | None
    approved_by_id: int | None
    approved_at: datetime | None
    approved_level: int | None = Field(
        description="The level of the last approval (1 province, 2 district); null before any"
    )
    notes: str
    clarification_rate: Decimal | None
    detection_rate: Decimal | None
    updated_at: datetime


class _TallyInBase(Schema):
    area_id: int
    month: str = Field(max_length=20, description=MONTH_HELP)
    notes: str = Field("", max_length=1000)


class _TallyPatchBase(Schema):
    area_id: int | None = None
    month: str | None = Field(None, max_length=20, description=MONTH_HELP)
    notes: str | None = Field(None, max_length=1000)
    reason: str = ""


# the twelve counts, the same in every schema; the tip counts are null when not reported
TIP_COUNTS = {n: (int | None, None) for n in TIP_COUNT_FIELDS}
TallyOut = create_model(
    "TallyOut", __base__=_TallyOutBase, **{n: (int, ...) for n in COUNT_FIELDS}, **TIP_COUNTS
)
TallyIn = create_model(
    "TallyIn", __base__=_TallyInBase, **{n: (int, 0) for n in COUNT_FIELDS}, **TIP_COUNTS
)
TallyPatch = create_model(
    "TallyPatch",
    __base__=_TallyPatchBase,
    **{n: (int | None, None) for n in (*COUNT_FIELDS, *TIP_COUNT_FIELDS)},
)


class ReasonIn(Schema):
    reason: str = Field(max_length=1000, description="Why; the commune reads it. Required.")


class StepOut(ChangedByOut):
    """One step of a tally's workflow."""

    step: choice_of(TallyStep)
    step_label: str = Field(alias="get_step_display")
    from_status: choice_of(TallyStatus, blank=True)
    to_status: choice_of(TallyStatus)
    level: int | None = Field(description="The approval level the step was taken at, if any")
    level_label: str | None = None
    changed_at: datetime
    reason: str

    @staticmethod
    def resolve_level_label(obj):
        return str(AreaLevel(obj.level).label) if obj.level is not None else None


class BulkApproveIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = Field(
        min_length=1, max_length=1000, description="The tallies to approve (ids, 1 to 1000)"
    )


class Refusal(Schema):
    id: int
    detail: str
    errors: list[FieldError] = []


class BulkApproveOut(Schema):
    approved: list[TallyOut]
    refused: list[Refusal]


Figures = create_model(
    "Figures",
    __base__=Schema,
    tallies=(int, ...),
    approved=(int, ...),
    clarification_rate=(Decimal | None, None),
    detection_rate=(Decimal | None, None),
    **{n: (int, ...) for n in COUNT_FIELDS},
)


class AreaRef(Schema):
    id: int
    code: str
    name: str
    level: int


class ChildFigures(Schema):
    area: AreaRef
    figures: Figures


class TallyFiguresOut(Schema):
    area: AreaRef | None
    month_from: str | None
    month_to: str | None
    approved_only: bool
    totals: Figures
    children: list[ChildFigures]
