from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from antq.core.forms import apply_errors, own_unit
from antq.core.records import as_id
from antq.core.scoping import Action
from antq.notifications import selectors, services
from antq.notifications.forms import AlertForm, PreferenceForm
from antq.notifications.wording import text_of


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    """The user's notifications, newest first; unread ones marked, and marked read here."""
    if request.method == "POST":
        ids = None if "all" in request.POST else [as_id(v) for v in request.POST.getlist("id")]
        services.mark_read(acting_user=request.user, ids=[i for i in ids if i] if ids else ids)
        return redirect("notifications:list")
    page = Paginator(selectors.notifications_of(request.user), 50).get_page(
        as_id(request.GET.get("page")) or 1
    )
    for note in page:
        note.text = text_of(note)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    pref = selectors.preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:list")
    status = 422 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@login_required
def alert_list(request):
    page = Paginator(selectors.alert_list(request.user), 50).get_page(
        as_id(request.GET.get("page")) or 1
    )
    return render(request, "notifications/alert_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def alert_compose(request):
    """Compose an alert; "Preview" counts the teams and members it reaches, "Send" sends it.
    The area starts at the sender's own unit, where they may send."""
    user = request.user
    unit = user.unit if own_unit(user, Action.CHANGE) is not None else None
    form = AlertForm(request.POST or None, user=user, initial={"area": unit and unit.pk})
    reach = None
    if request.method == "POST" and form.is_valid():
        try:
            if "send" in request.POST:
                alert = services.alert_send(acting_user=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    _("The alert was queued for {n} member(s) of {t} team(s).").format(
                        n=alert.member_count, t=alert.team_count
                    ),
                )
                return redirect("notifications:alert-detail", pk=alert.pk)
            values = services.clean_alert(acting_user=request.user, **form.cleaned_data)
            reach = selectors.alert_reach(values["area"], values["team_kinds"])
        except ValidationError as exc:
            apply_errors(form, exc)
    picked = form.cleaned_data.get("area") if form.is_bound else unit
    return render(
        request,
        "notifications/alert_form.html",
        {"form": form, "reach": reach, "picked_area": picked},
        status=422 if form.errors else 200,
    )


@login_required
def alert_detail(request, pk):
    """An alert and its delivery log, one row per member and channel."""
    alert = selectors.alert_get(request.user, pk)
    page = Paginator(selectors.alert_log(alert), 100).get_page(as_id(request.GET.get("page")) or 1)
    return render(request, "notifications/alert_detail.html", {"alert": alert, "page": page})
