"""The reporting cycle at /api/v1/reporting: completeness and timeliness of an area for a period,
and the reporting obligations (read by anyone in the jurisdiction, written by administrators)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from antq.areas import selectors as area_selectors
from antq.areas.models import Area
from antq.core.api import page_of
from antq.core.api_crud import ERRORS
from antq.core.relations import load_visible
from antq.core.scoping import past_of
from antq.reporting import selectors, services
from antq.reporting.periods import last_ended_month, months_between
from antq.reporting.schemas import (
    CompletenessOut,
    ObligationIn,
    ObligationOut,
    ObligationPage,
    ObligationPatch,
)
from antq.tallies.months import month_text, parse_month

router = Router(tags=["reporting"])


def _area_ref(area):
    return {"id": area.pk, "code": area.code, "name": area.name, "level": area.level}


def _month_param(name, value):
    if not value:
        return None
    try:
        month = parse_month(value)
    except ValueError as exc:
        raise ValidationError({name: str(exc)}) from exc
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({name: _("This month has not begun yet.")})
    return month


@router.get(
    "/completeness",
    response={200: CompletenessOut, **ERRORS},
    operation_id="reporting_completeness",
    summary="Completeness and timeliness of the monthly tallies of an area for a period",
    description="area: an area id; from, to: tally months as YYYY-MM, both included (default: "
    "the last month whose reporting period has ended). Totals and each unit directly under the "
    "area; for a single month also each unit expected to report, with its state (missing, late, "
    "submitted, approved), those that have not reported first. A former commune divided between "
    "several units is listed under each of their areas but counted once, under its main "
    "successor: elsewhere its `counted_under` names that unit and the counts leave it out.",
)
def completeness(
    request,
    area: int,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
):
    place = area_selectors.area_get(request.user, area)  # 404 outside the jurisdiction
    start = _month_param("from", date_from)
    end = _month_param("to", date_to)
    start, end = start or end or last_ended_month(), end or start or last_ended_month()
    if start > end:
        raise ValidationError({"to": _("The period ends before it begins.")})
    months = months_between(start, end)
    if len(months) > selectors.MAX_MONTHS:
        raise ValidationError({"from": _("At most ten years at once.")})
    past = past_of([place.path])  # the walk of successions, for both reads
    totals, children = selectors.completeness_by_child(request.user, place, months, past=past)
    units = None
    if len(months) == 1:
        result = selectors.completeness(request.user, place, start, past=past)
        units = [
            {
                "area": _area_ref(row.area),
                "state": row.state,
                "late": row.late,
                "tally": row.tally.pk if row.tally else None,
                "submitted_at": row.tally.submitted_at.isoformat()
                if row.tally and row.tally.submitted_at
                else None,
                "counted_under": {"code": row.counted_under.code, "name": row.counted_under.name}
                if row.counted_under
                else None,
            }
            for row in result.units
        ]
    return {
        "area": _area_ref(place),
        "month_from": month_text(start),
        "month_to": month_text(end),
        "scheme": settings.ANTQ_REPORT_PERIOD,
        "due_days": settings.ANTQ_REPORT_DUE_DAYS,
        "totals": totals.as_dict(),
        "children": [
            {"area": _area_ref(c.area), "own": c.own, "counts": c.counts.as_dict()}
            for c in children
        ],
        "units": units,
    }


def _obligation_out(obligation):
    return {
        "id": obligation.pk,
        "area": _area_ref(obligation.area),
        "kind": obligation.kind,
        "exempt": obligation.exempt,
        "valid_from": obligation.valid_from,
        "valid_to": obligation.valid_to,
        "reason": obligation.reason,
    }


@router.get(
    "/obligations",
    response={200: ObligationPage, **ERRORS},
    operation_id="reporting_obligation_list",
    summary="Reporting obligations in your jurisdiction (units added or exempted)",
)
def obligation_list(request):
    page = page_of(selectors.obligation_list(request.user), request)
    return page | {"items": [_obligation_out(o) for o in page["items"]]}


@router.get(
    "/obligations/{int:pk}",
    response={200: ObligationOut, **ERRORS},
    operation_id="reporting_obligation_get",
    summary="One reporting obligation",
)
def obligation_get(request, pk: int):
    return _obligation_out(selectors.obligation_get(request.user, pk))


@router.post(
    "/obligations",
    response={201: ObligationOut, **ERRORS},
    operation_id="reporting_obligation_create",
    summary="Add a unit to those that report, or exempt one (administrators)",
)
def obligation_create(request, data: ObligationIn):
    area = load_visible(request.user, Area, data.area)
    if area is None:
        raise ValidationError({"area": _("No such area in your jurisdiction.")})
    obligation = services.obligation_create(
        acting_user=request.user, **(data.dict() | {"area": area})
    )
    return Status(201, _obligation_out(obligation))


@router.patch(
    "/obligations/{int:pk}",
    response={200: ObligationOut, **ERRORS},
    operation_id="reporting_obligation_update",
    summary="Change a reporting obligation (administrators)",
)
def obligation_update(request, pk: int, data: ObligationPatch):
    obligation = selectors.obligation_get(request.user, pk)
    changes = data.dict(exclude_unset=True)
    obligation = services.obligation_update(
        acting_user=request.user, instance=obligation, **changes
    )
    return _obligation_out(obligation)


@router.delete(
    "/obligations/{int:pk}",
    response={204: None, **ERRORS},
    operation_id="reporting_obligation_delete",
    summary="Remove a reporting obligation (administrators)",
)
def obligation_delete(request, pk: int):
    obligation = selectors.obligation_get(request.user, pk)
    services.obligation_delete(acting_user=request.user, instance=obligation)
    return Status(204, None)
