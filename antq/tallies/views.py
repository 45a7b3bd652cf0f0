"""Pages beyond the generic record pages: a tally's page with its workflow, the workflow steps,
the approval of many tallies at once, and the figures of an area for a period.

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
from antq.core.scoping import Action, can
from antq.core.selectors import history_for
from antq.tallies import approval, selectors, services
from antq.tallies.choices import COUNT_FIELDS, LOCKED_STATUSES, TIP_COUNT_FIELDS, TallyStatus
from antq.tallies.filtersets import MonthlyTallyFilterSet
from antq.tallies.forms import FiguresForm, ReasonForm
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
        (_label("approved_level"), tally.get_approved_level_display() or None, "approved_level"),
        (_label("notes"), tally.notes, "notes"),
    ]


@login_required
def tally_detail(request, pk):
    """The figures, the rates, the status with the steps the user may take now, the steps taken
    (who, when, level, why) and the history. Edit is offered while the tally is open (draft,
    submitted or returned), Delete for drafts."""
    tally = TALLIES.get(request.user, pk)
    user = request.user
    may_change = can(user, Action.CHANGE, tally.area)
    chain = approval.chains([tally.area])[tally.area_id]
    acting = approval.for_chain(approval.acting_levels(user, [tally.area])[tally.area_id], chain)
    deciding = approval.level_refusal(tally, chain, acting) is None
    status = tally.status
    may_unapprove = (
        status in LOCKED_STATUSES
        and acting is not None
        and acting in (approval.ANYWHERE, tally.approved_level)
    )
    steps = list(selectors.steps_of(user, tally))
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
            "steps": steps,
            "returned": next((s for s in steps if s.step == "return"), None)
            if status == TallyStatus.RETURNED
            else None,
            "next_level": approval.level_name(approval.next_level(tally, chain)),
            "can_edit": may_change and status not in LOCKED_STATUSES,
            "can_delete": may_change and status == TallyStatus.DRAFT,
            "can_submit": may_change and status == TallyStatus.DRAFT,
            "can_resubmit": may_change and status == TallyStatus.RETURNED,
            "can_approve": deciding,
            "period_open": approval.period_error(tally) is not None,
            "return_form": ReasonForm(prefix="return") if deciding else None,
            "unapprove_form": ReasonForm(prefix="unapprove") if may_unapprove else None,
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
def tally_resubmit(request, pk):
    return _step(
        request,
        pk,
        lambda t: services.tally_resubmit(acting_user=request.user, instance=t),
        _("The corrected tally was submitted again."),
    )


@login_required
def tally_return(request, pk):
    return _step(
        request,
        pk,
        lambda t: services.tally_return(
            acting_user=request.user, instance=t, reason=request.POST.get("return-reason", "")
        ),
        _("The tally was returned to the commune for correction."),
    )


@login_required
def tally_unapprove(request, pk):
    return _step(
        request,
        pk,
        lambda t: services.tally_unapprove(
            acting_user=request.user, instance=t, reason=request.POST.get("unapprove-reason", "")
        ),
        _("The approval was withdrawn."),
    )


@login_required
def tally_approve_many(request):
    """The tallies waiting for the user's decision, filtered as the list is, to approve many at
    once: those ticked, or every one the filter finds. Each is checked on its own; the page then
    lists those approved and those refused, with the reason."""
    user = request.user
    data = request.POST if request.method == "POST" else request.GET
    fs = MonthlyTallyFilterSet(
        data, queryset=selectors.tallies_awaiting_approval(user), request=request
    )
    if not fs.is_valid():
        return render(
            request, "tallies/approve_many.html", {"filter": fs, "tallies": []}, status=422
        )
    tallies = list(fs.qs)
    context = {
        "filter": fs,
        "tallies": tallies,
        "filter_params": [(name, data[name]) for name in fs.form.fields if data.get(name)],
    }
    if request.method == "POST":
        if data.get("all"):
            chosen = tallies
        else:
            picked = {as_id(v) for v in data.getlist("tally")}
            chosen = [t for t in tallies if t.pk in picked]
        if not chosen:
            context["error"] = _("Tick the tallies to approve, or all of them.")
            return render(request, "tallies/approve_many.html", context, status=422)
        approved, refused = services.tally_bulk_approve(acting_user=user, tallies=chosen)
        context |= {
            "approved": approved,
            "refused": [(tally, refusal_text(error)) for tally, error in refused],
            "tallies": list(
                MonthlyTallyFilterSet(
                    data, queryset=selectors.tallies_awaiting_approval(user), request=request
                ).qs
            ),
        }
    return render(request, "tallies/approve_many.html", context)


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
