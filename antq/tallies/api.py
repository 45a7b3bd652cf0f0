"""Monthly tallies at /api/v1/tallies: the generic CRUD, the workflow steps (submit, approve,
unlock, each a POST on the tally) and the figures of an area for a period."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query

from antq.areas import selectors as area_selectors
from antq.core.api_crud import ERRORS, crud_router
from antq.tallies import selectors, services
from antq.tallies.months import month_text, parse_month
from antq.tallies.records import TALLIES
from antq.tallies.schemas import (
    TallyFiguresOut,
    TallyIn,
    TallyOut,
    TallyPatch,
    UnlockIn,
    UnlockOut,
)

router = crud_router(
    TALLIES, out_schema=TallyOut, in_schema=TallyIn, patch_schema=TallyPatch, tag="tallies"
)


@router.post(
    "/{int:pk}/submit",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_submit",
    summary="Submit a draft tally for approval (editors of the commune)",
)
def submit(request, pk: int):
    tally = TALLIES.get(request.user, pk)
    return services.tally_submit(acting_user=request.user, instance=tally)


@router.post(
    "/{int:pk}/approve",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_approve",
    summary="Approve a submitted tally, which locks it (approvers above the commune)",
)
def approve(request, pk: int):
    tally = TALLIES.get(request.user, pk)
    return services.tally_approve(acting_user=request.user, instance=tally)


@router.post(
    "/{int:pk}/unlock",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_unlock",
    summary="Unlock an approved tally for correction, with a reason (approvers above the commune)",
)
def unlock(request, pk: int, data: UnlockIn):
    tally = TALLIES.get(request.user, pk)
    return services.tally_unlock(acting_user=request.user, instance=tally, reason=data.reason)


@router.get(
    "/{int:pk}/unlocks",
    response={200: list[UnlockOut], **ERRORS},
    operation_id="tally_unlocks",
    summary="A tally's unlocks, newest first",
)
def unlocks(request, pk: int):
    return list(selectors.unlocks_of(request.user, TALLIES.get(request.user, pk)))


def _month_param(name, value):
    if not value:
        return None
    try:
        return parse_month(value)
    except ValueError as exc:
        raise ValidationError({name: str(exc)}) from exc


def _area_ref(area):
    return {"id": area.pk, "code": area.code, "name": area.name, "level": area.level}


@router.get(
    "/figures",
    response={200: TallyFiguresOut, **ERRORS},
    operation_id="tally_figures",
    summary="Figures of an area (and below) for a period, and of each of its children",
    description="area: an area id (default: everything you may see, without the children); "
    "from, to: months as YYYY-MM, both included; approved_only: sum approved tallies only.",
)
def figures(
    request,
    area: int | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    approved_only: bool = False,
):
    place = area_selectors.area_get(request.user, area) if area is not None else None
    start, end = _month_param("from", date_from), _month_param("to", date_to)
    if start and end and start > end:
        raise ValidationError({"to": _("The period ends before it begins.")})
    period = {"date_from": start, "date_to": end, "approved_only": approved_only}
    children = (
        selectors.tally_totals_by_child(request.user, place, **period) if place is not None else []
    )
    return {
        "area": _area_ref(place) if place is not None else None,
        "month_from": month_text(start) or None,
        "month_to": month_text(end) or None,
        "approved_only": approved_only,
        "totals": selectors.tally_totals(request.user, place, **period),
        "children": [{"area": _area_ref(c), "figures": f} for c, f in children],
    }
