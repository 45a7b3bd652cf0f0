"""Pages beyond the generic record pages: a commendation's page with its approval steps, its
delete page (saying why when refused), the steps themselves, and the award list.

Each looks the commendation up through the scoped selector first, so one outside the user's
jurisdiction is a 404 before any 405 or 403.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from antq.activities.views import error_text, period_area
from antq.audit import services as audit
from antq.core.record_pages import display_fields, record_edit, record_export
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.selectors import history_for
from antq.honours import selectors, services
from antq.honours.choices import CommendationStatus
from antq.honours.exports import award_list_xlsx
from antq.honours.forms import ApproveForm, RejectForm, RenominateForm
from antq.honours.records import COMMENDATIONS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_edit(user, commendation):
    """Editors change a nomination; an approved commendation only an administrator."""
    if commendation.status == CommendationStatus.APPROVED:
        return can(user, Action.ADMINISTER, commendation.area)
    return can(user, Action.CHANGE, commendation.area)


def hidden_fields(commendation):
    """Rows of the page that say nothing for this commendation."""
    hidden = {"recipient_name", "recipient_position"} if commendation.is_collective else set()
    if not commendation.is_collective:
        hidden.add("collective_name")
    if commendation.award_form != "other":
        hidden.add("form_other")
    if commendation.status != CommendationStatus.REJECTED:
        hidden.add("rejection_reason")
    return hidden


@login_required
def commendation_detail(request, pk):
    commendation = COMMENDATIONS.get(request.user, pk)
    user = request.user
    status = commendation.status
    higher = can_at_higher_level(user, Action.APPROVE, commendation.area)
    nominated = status == CommendationStatus.NOMINATED
    activity = commendation.activity
    if activity is not None and not can(user, Action.VIEW, activity.area):
        activity = None
    return render(
        request,
        "core/record_detail.html",
        {
            "rt": COMMENDATIONS,
            "opts": commendation._meta,
            "object": commendation,
            "fields": [
                row
                for row in display_fields(COMMENDATIONS, commendation)
                if row[2] not in hidden_fields(commendation)
            ],
            "history": history_for(commendation, user),
            "can_change": may_edit(user, commendation),
            "extra_template": "honours/_commendation_extra.html",
            "status_changes": list(selectors.status_history(commendation)),
            "presented_at": activity,
            "approve_form": ApproveForm() if higher and nominated else None,
            "reject_form": RejectForm() if higher and nominated else None,
            "renominate_form": (
                RenominateForm()
                if status == CommendationStatus.REJECTED
                and can(user, Action.CHANGE, commendation.area)
                else None
            ),
        },
    )


@login_required
def commendation_edit(request, pk):
    """The generic edit page; a locked commendation sends its editors back to its page, saying
    why (administrators edit it, with a reason)."""
    commendation = COMMENDATIONS.get(request.user, pk)
    user = request.user
    if commendation.is_locked and can(user, Action.CHANGE, commendation.area):
        if not can(user, Action.ADMINISTER, commendation.area):
            messages.error(request, services.locked_message(commendation))
            return redirect(commendation)
    return record_edit(request, COMMENDATIONS, pk)


@login_required
def commendation_delete(request, pk):
    """The generic delete page, with a reason, saying why when the service refuses."""
    commendation = COMMENDATIONS.get(request.user, pk)
    if not can(request.user, Action.CHANGE, commendation.area):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.commendation_delete(
                acting_user=request.user,
                instance=commendation,
                reason=request.POST.get("reason", "")[:200],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(commendation)
        messages.success(request, _("“{name}” was deleted.").format(name=commendation))
        return redirect(COMMENDATIONS.url("list"))
    return render(request, "core/record_confirm_delete.html", {"object": commendation})


def _step(request, pk, form_class, run, done_message):
    commendation = COMMENDATIONS.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for msgs in form.errors.values() for m in msgs))
        return redirect(commendation)
    try:
        run(commendation, form.cleaned_data)  # PermissionDenied goes up as a 403
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done_message)
    return redirect(commendation)


@login_required
def commendation_approve(request, pk):
    return _step(
        request,
        pk,
        ApproveForm,
        lambda c, data: services.commendation_approve(acting_user=request.user, instance=c, **data),
        _("The commendation was approved; it is now locked."),
    )


@login_required
def commendation_reject(request, pk):
    return _step(
        request,
        pk,
        RejectForm,
        lambda c, data: services.commendation_reject(acting_user=request.user, instance=c, **data),
        _("The nomination was rejected."),
    )


@login_required
def commendation_renominate(request, pk):
    return _step(
        request,
        pk,
        RenominateForm,
        lambda c, data: services.commendation_renominate(
            acting_user=request.user, instance=c, **data
        ),
        _("The commendation was nominated again."),
    )


def award_list_title(request, filterset):
    """(unit, period) for the award list's title, from the list's filters."""
    area = period_area(request)
    unit = area.name if area is not None else _("All units in your jurisdiction")
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    year = data.get("year")
    after, before = data.get("decided_after"), data.get("decided_before")
    if year:
        period = _("Year {year}").format(year=int(year))
    elif after or before:
        period = _("Decisions from {start} to {end}").format(
            start=after.strftime("%d/%m/%Y") if isinstance(after, date) else "…",
            end=before.strftime("%d/%m/%Y") if isinstance(before, date) else "…",
        )
    else:
        period = _("All periods")
    return unit, period


@login_required
def award_list(request):
    """The XLSX list of approved commendations an award ceremony uses, for the list's filters."""
    rt = COMMENDATIONS
    fs = rt.filterset(
        request.GET, queryset=rt.queryset(request.user, Action.EXPORT), request=request
    )
    if not fs.is_valid():
        return record_export(request, rt, "xlsx")  # says what is wrong with the filters
    commendations = fs.qs.filter(status=CommendationStatus.APPROVED).order_by(
        "decision_date",
        "decision_key",
        "award_form",
        "area__path",
        "collective_name",
        "recipient_name",
        "id",
    )
    unit, period = award_list_title(request, fs)
    audit.record_export(request, "award_list", "xlsx", personal=True)
    response = HttpResponse(
        award_list_xlsx(commendations, unit=unit, period=period), content_type=XLSX
    )
    response["Content-Disposition"] = 'attachment; filename="award-list.xlsx"'
    return response
