"""Pages beyond the generic record pages: a tally's page with its workflow, the workflow steps,
and the figures of an area for a period.

Each step looks the tally up through the scoped selector first, so a tally outside the user's
jurisdiction is a 404 before any 405 or 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.areas import selectors as area_selectors
from antq.areas.choices import AreaLevel
from antq.core.record_pages import refusal_text
from antq.core.records import as_id
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.selectors import history_for
from antq.tallies import selectors, services
from antq.tallies.choices import COUNT_FIELDS, TIP_COUNT_FIELDS, TallyStatus
from antq.tallies.forms import FiguresForm, UnlockForm
from antq.tallies.models import MonthlyTally
from antq.tallies.months import month_text
from antq.tallies.records import TALLIES


def _label(name):
    return MonthlyTally._meta.get_field(name).verbose_name


def _user(user):
    return user.person_label if user else None


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else None


def _fields(tally):
    """(label, value, name) for the page's summary list."""
    return [
        (_label("month"), month_text(tally.month), "month"),
        (_label("status"), tally.get_status_display(), "status"),
        (_label("submitted_by"), _user(tally.submitted_by), "submitted_by"),
        (_label("submitted_at"), _when(tally.submitted_at), "submitted_at"),
        (_label("approved_by"), _user(tally.approved_by), "approved_by"),
        (_label("approved_at"), _when(tally.approved_at), "approved_at"),
        (_label("notes"), tally.notes, "notes"),
    ]


@login_required
def tally_detail(request, pk):
    """The figures, the rates, the status with the steps the user may take, the unlocks and the
    history. Edit is offered while the tally is open (draft or submitted), Delete for drafts."""
    tally = TALLIES.get(request.user, pk)
    user = request.user
    may_change = can(user, Action.CHANGE, tally.area)
    higher = can_at_higher_level(user, Action.APPROVE, tally.area)
    status = tally.status
    return render(
        request,
        "tallies/tally_detail.html",
        {
            "opts": MonthlyTally._meta,
            "object": tally,
            "fields": _fields(tally),
            "figures": [
                (_label(name), getattr(tally, name), name)
                for name in (*COUNT_FIELDS, *TIP_COUNT_FIELDS)
            ],
            "history": history_for(tally, user),
            "unlocks": list(selectors.unlocks_of(user, tally)),
            "can_edit": may_change and status != TallyStatus.APPROVED,
            "can_delete": may_change and status == TallyStatus.DRAFT,
            "can_submit": may_change and status == TallyStatus.DRAFT,
            "can_approve": higher and status == TallyStatus.SUBMITTED,
            "unlock_form": UnlockForm() if higher and status == TallyStatus.APPROVED else None,
        },
    )


def _step(request, pk, run, done_message):
    tally = TALLIES.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        run(tally)  # PermissionDenied goes up as a 403
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, done_message)
    return redirect(tally)


@login_required
def tally_submit(request, pk):
    return _step(
        request,
        pk,
        lambda t: services.tally_submit(acting_user=request.user, instance=t),
        _("The tally was submitted for approval."),
    )


@login_required
def tally_approve(request, pk):
    return _step(
        request,
        pk,
        lambda t: services.tally_approve(acting_user=request.user, instance=t),
        _("The tally was approved; its figures are now locked."),
    )


@login_required
def tally_unlock(request, pk):
    return _step(
        request,
        pk,
        lambda t: services.tally_unlock(
            acting_user=request.user, instance=t, reason=request.POST.get("reason", "")
        ),
        _("The tally was unlocked and is open for correction."),
    )


def _rows(figures):
    return [(_label(name), figures[name], name) for name in COUNT_FIELDS]


@login_required
def figures(request):
    """Totals of an area (and below) for a period, and the same for each of its children."""
    user = request.user
    raw_area = as_id(request.GET.get("area"))
    if request.GET.get("area"):
        area = area_selectors.area_get(user, raw_area)  # 404 outside the jurisdiction
    else:
        roots = area_selectors.jurisdiction_roots(user)
        area = roots[0] if len(roots) == 1 else None
    data = request.GET.copy()
    if area is not None:
        data["area"] = str(area.pk)
    form = FiguresForm(data, user=user)
    context = {"form": form, "area": area, "picked_area": area}
    status = 200
    if form.is_valid():
        period = {
            "date_from": form.cleaned_data["from"],
            "date_to": form.cleaned_data["to"],
            "approved_only": form.cleaned_data["approved_only"],
        }
        totals = selectors.tally_totals(user, area, **period)
        children = []
        if area is not None and area.level < AreaLevel.COMMUNE:
            children = selectors.tally_totals_by_child(user, area, **period)
        context |= {
            "totals": totals,
            "rows": _rows(totals),
            "columns": [(name, _label(name)) for name in COUNT_FIELDS],
            "children": children,
            "period_from": month_text(period["date_from"]),
            "period_to": month_text(period["date_to"]),
        }
    else:
        status = 422
    return render(request, "tallies/figures.html", context, status=status)
