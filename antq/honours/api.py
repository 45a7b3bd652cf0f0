"""Emulation agreements at /api/v1/emulation-agreements; commendations at
/api/v1/commendations with their steps (approve, reject, renominate: POSTs on the commendation),
their status history, the award list (XLSX) and the figures."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query

from antq.areas import selectors as area_selectors
from antq.audit import services as audit
from antq.core.api import IsoDate, filtered
from antq.core.api_crud import ERRORS, crud_router
from antq.core.scoping import Action
from antq.honours import selectors, services
from antq.honours.choices import AwardForm, CommendationStatus
from antq.honours.exports import award_list_xlsx
from antq.honours.records import AGREEMENTS, COMMENDATIONS
from antq.honours.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    ApproveIn,
    CommendationFiguresOut,
    CommendationIn,
    CommendationOut,
    CommendationPatch,
    CommendationReasonIn,
    CommendationStatusChangeOut,
)
from antq.honours.views import XLSX, award_list_title

agreement_router = crud_router(
    AGREEMENTS,
    out_schema=AgreementOut,
    in_schema=AgreementIn,
    patch_schema=AgreementPatch,
    tag="emulation agreements",
)
commendation_router = crud_router(
    COMMENDATIONS,
    out_schema=CommendationOut,
    in_schema=CommendationIn,
    patch_schema=CommendationPatch,
    tag="commendations",
)

FROM = Query(None, alias="from")  # the period's first day, YYYY-MM-DD
TO = Query(None, alias="to")  # its last day


@commendation_router.post(
    "/{int:pk}/approve",
    response={200: CommendationOut, **ERRORS},
    operation_id="commendation_approve",
    summary="Approve a nomination, recording the decision (approvers above the area)",
)
def approve(request, pk: int, data: ApproveIn):
    commendation = COMMENDATIONS.get(request.user, pk)
    return services.commendation_approve(
        acting_user=request.user, instance=commendation, **data.dict()
    )


@commendation_router.post(
    "/{int:pk}/reject",
    response={200: CommendationOut, **ERRORS},
    operation_id="commendation_reject",
    summary="Reject a nomination, with a reason (approvers above the area)",
)
def reject(request, pk: int, data: CommendationReasonIn):
    commendation = COMMENDATIONS.get(request.user, pk)
    return services.commendation_reject(
        acting_user=request.user, instance=commendation, reason=data.reason
    )


@commendation_router.post(
    "/{int:pk}/renominate",
    response={200: CommendationOut, **ERRORS},
    operation_id="commendation_renominate",
    summary="Nominate a rejected commendation again (editors of the area)",
)
def renominate(request, pk: int, data: CommendationReasonIn):
    commendation = COMMENDATIONS.get(request.user, pk)
    return services.commendation_renominate(
        acting_user=request.user, instance=commendation, reason=data.reason
    )


@commendation_router.get(
    "/{int:pk}/status-changes",
    response={200: list[CommendationStatusChangeOut], **ERRORS},
    operation_id="commendation_status_changes",
    summary="A commendation's steps, newest first",
)
def status_changes(request, pk: int):
    return list(selectors.status_history(COMMENDATIONS.get(request.user, pk)))


@commendation_router.get(
    "/award-list",
    response={200: None, **ERRORS},
    operation_id="commendation_award_list",
    summary="The award list (XLSX) of the approved commendations that match the filters",
    description="The same filters as the list; the title names the unit (`area`) and the period "
    "(`year`, or `decided_after`/`decided_before`).",
)
def award_list(request):
    fs_class = COMMENDATIONS.filterset
    qs = filtered(fs_class, request, COMMENDATIONS.queryset(request.user, Action.EXPORT))
    fs = fs_class(request.GET, queryset=qs, request=request)
    unit, period = award_list_title(request, fs)
    rows = qs.filter(status=CommendationStatus.APPROVED).order_by(
        "decision_date", "decision_key", "award_form", "area__path", "id"
    )
    audit.record_export(request, "award_list", "xlsx", personal=True)
    response = HttpResponse(award_list_xlsx(rows, unit=unit, period=period), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="award-list.xlsx"'
    return response


@commendation_router.get(
    "/figures",
    response={200: CommendationFiguresOut, **ERRORS},
    operation_id="commendation_figures",
    summary="Approved commendations by form, collective and individual, for an area and a "
    "period of decisions",
)
def figures(
    request,
    area: int | None = None,
    date_from: IsoDate | None = FROM,
    date_to: IsoDate | None = TO,
):
    place = area_selectors.area_get(request.user, area) if area is not None else None
    if date_from and date_to and date_from > date_to:
        raise ValidationError({"to": _("The period ends before it begins.")})
    figures = selectors.commendation_figures(
        request.user, place, date_from=date_from, date_to=date_to
    )
    return {
        "area_id": place.pk if place else None,
        "date_from": date_from,
        "date_to": date_to,
        "total": figures["total"],
        "collective": figures["collective"],
        "individual": figures["individual"],
        "by_form": [
            {"form": f.value, "label": str(f.label), "count": figures["by_form"][f]}
            for f in AwardForm
        ],
    }
