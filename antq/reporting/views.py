from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from antq.areas import selectors as area_selectors
from antq.core.forms import apply_errors
from antq.core.scoping import Action, can, can_anywhere
from antq.reporting import selectors, services
from antq.reporting.forms import CompletenessForm, ObligationForm
from antq.reporting.periods import last_ended_month
from antq.tallies.months import month_text

PAGE_SIZE = 100


@login_required
def completeness(request):
    """The approver's view: each unit expected to report under an area for a month, with its
    state, those that have not reported first, and the counts at the top."""
    user = request.user
    if request.GET.get("area"):
        area = area_selectors.area_get(user, request.GET["area"])  # 404 outside the jurisdiction
    else:
        area = next(iter(area_selectors.jurisdiction_roots(user)), None)
    data = request.GET.copy()
    if area is not None:
        data["area"] = str(area.pk)
    if not data.get("month"):
        data["month"] = month_text(last_ended_month())
    form = CompletenessForm(data, user=user)
    context = {"form": form, "area": area, "picked_area": area}
    if not form.is_valid():
        return render(request, "reporting/completeness.html", context, status=422)
    if area is not None:
        result = selectors.completeness(user, area, form.cleaned_data["month"])
        state = form.cleaned_data["state"]
        rows = [row for row in result.units if not state or row.state == state]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = data.copy()
        query.pop("page", None)
        context |= {
            "result": result,
            "page": page,
            "month": month_text(result.period.month),
            "query": query.urlencode(),
        }
    return render(request, "reporting/completeness.html", context)


def _obligations_page(request, form, status=200):
    user = request.user
    page = Paginator(selectors.obligation_list(user), PAGE_SIZE).get_page(request.GET.get("page"))
    for obligation in page:
        obligation.can_delete = can(user, Action.ADMINISTER, obligation.area)
    picked = getattr(form, "cleaned_data", {}).get("area")
    context = {"page": page, "form": form, "picked_area": picked}
    return render(request, "reporting/obligations.html", context, status=status)


@login_required
def obligations(request):
    user = request.user
    form = ObligationForm(user=user) if can_anywhere(user, Action.ADMINISTER) else None
    return _obligations_page(request, form)


@login_required
@require_POST
def obligation_create(request):
    user = request.user
    form = ObligationForm(request.POST, user=user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.obligation_create(
                acting_user=user,
                area=data["area"],
                kind=data["kind"],
                exempt=data["exempt"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The obligation was saved."))
            return redirect("reporting:obligations")
    return _obligations_page(request, form, status=422)


@login_required
@require_POST
def obligation_delete(request, pk):
    obligation = selectors.obligation_get(request.user, pk)  # 404 outside the jurisdiction
    services.obligation_delete(acting_user=request.user, instance=obligation)
    messages.success(request, _("The obligation was removed."))
    return redirect("reporting:obligations")
