"""Monthly tallies at /api/v1/tallies: the generic CRUD, the workflow steps (submit, return,
resubmit, approve, unapprove: each a POST on the tally; approve many at once), the steps taken,
and the figures of an area for a period."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query

from antq.areas import selectors as area_selectors
from antq.core.api import django_errors
from antq.core.api_crud import ERRORS, crud_router
from antq.tallies import selectors, services
from antq.tallies.months import month_text, parse_month
from antq.tallies.records import TALLIES
from antq.tallies.schemas import (
    BulkApproveIn,
    BulkApproveOut,
    ReasonIn,
    StepOut,
    TallyFiguresOut,
    TallyIn,
    TallyOut,
    TallyPatch,
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
    "/{int:pk}/resubmit",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_resubmit",
    summary="Resubmit a returned tally once corrected (editors of the commune)",
)
def resubmit(request, pk: int):
    tally = TALLIES.get(request.user, pk)
    return services.tally_resubmit(acting_user=request.user, instance=tally)


@router.post(
    "/{int:pk}/return",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_return",
    summary="Return a tally to the commune for correction, with a reason (the level it waits for)",
)
def return_tally(request, pk: int, data: ReasonIn):
    tally = TALLIES.get(request.user, pk)
    return services.tally_return(acting_user=request.user, instance=tally, reason=data.reason)


@router.post(
    "/{int:pk}/approve",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_approve",
    summary="Approve a tally at your level: accepted at an intermediate level, approved (and "
    "locked) at the last; refused before its month has ended",
)
def approve(request, pk: int):
    tally = TALLIES.get(request.user, pk)
    return services.tally_approve(acting_user=request.user, instance=tally)


@router.post(
    "/approve",
    response={200: BulkApproveOut, **ERRORS},
    operation_id="tally_approve_many",
    summary="Approve many tallies at once: each is checked on its own; the valid ones are "
    "approved, the others listed with the reason (a tally you may not see reads “Not found.”)",
)
def approve_many(request, data: BulkApproveIn):
    ids = list(dict.fromkeys(data.ids))
    found = {t.pk: t for t in selectors.tally_list(request.user).filter(pk__in=ids)}
    approved, refused = services.tally_bulk_approve(
        acting_user=request.user, tallies=[found[pk] for pk in ids if pk in found]
    )
    refusals = [
        {"id": pk, "detail": _("Not found."), "errors": []} for pk in ids if pk not in found
    ]
    for tally, error in refused:
        if isinstance(error, PermissionDenied):
            refusals.append({"id": tally.pk, "detail": str(error), "errors": []})
        else:
            errors = [{"field": f, "reason": str(r)} for f, r in django_errors(error)]
            refusals.append({"id": tally.pk, "detail": _("Invalid input."), "errors": errors})
    return {"approved": approved, "refused": sorted(refusals, key=lambda r: ids.index(r["id"]))}


@router.post(
    "/{int:pk}/unapprove",
    response={200: TallyOut, **ERRORS},
    operation_id="tally_unapprove",
    summary="Withdraw the last approval of a tally, with a reason (the level that approved it)",
)
def unapprove(request, pk: int, data: ReasonIn):
    tally = TALLIES.get(request.user, pk)
    return services.tally_unapprove(acting_user=request.user, instance=tally, reason=data.reason)


@router.get(
    "/{int:pk}/steps",
    response={200: list[StepOut], **ERRORS},
    operation_id="tally_steps",
    summary="A tally's workflow steps (submit, return, resubmit, approve, unapprove), newest first",
)
def steps(request, pk: int):
    return list(selectors.steps_of(request.user, TALLIES.get(request.user, pk)))


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
