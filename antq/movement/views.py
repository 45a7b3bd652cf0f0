"""Pages beyond the generic record pages: a model's status change, and a team's members.

Each looks the record up through the scoped selectors first, so a record outside the user's
jurisdiction is a 404 before any 405 or 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from antq.audit import services as audit
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.forms import apply_errors
from antq.core.scoping import Action, can
from antq.movement import selectors, services
from antq.movement.exports import MEMBER_COLUMNS
from antq.movement.forms import ModelStatusForm, TeamMemberForm
from antq.movement.records import MOVEMENT_MODELS, TEAMS


def _require_change(user, area):
    if not can(user, Action.CHANGE, area):
        raise PermissionDenied


def _error_text(form, errors):
    def label(name):
        return form.fields[name].label if name in form.fields else ""

    return " ".join(
        f"{label(name)}: {message}" if label(name) else str(message)
        for name, messages_ in errors.items()
        for message in messages_
    )


@login_required
def change_status(request, pk):
    model = MOVEMENT_MODELS.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_change(request.user, model.area)
    form = ModelStatusForm(request.POST, model=model)
    if form.is_valid():
        try:
            services.movementmodel_set_status(
                acting_user=request.user, instance=model, **form.cleaned_data
            )
        except ValidationError as exc:
            errors = getattr(exc, "message_dict", {"__all__": exc.messages})
            messages.error(request, _error_text(form, errors))
        else:
            messages.success(
                request,
                _("The model is now “{status}”.").format(status=model.get_status_display()),
            )
    else:
        messages.error(request, _error_text(form, form.errors))
    return redirect(model)


def _member_page(request, team, form, member=None):
    return render(
        request,
        "movement/member_form.html",
        {"team": team, "form": form, "member": member},
        status=422 if form.errors else 200,
    )


@login_required
def member_create(request, pk):
    team = TEAMS.get(request.user, pk)
    _require_change(request.user, team.area)
    form = TeamMemberForm(request.POST or None, prefix="member")
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_create(acting_user=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect(team.get_absolute_url() + "#members")
    return _member_page(request, team, form)


@login_required
def member_edit(request, pk):
    member = selectors.team_member_get(request.user, pk)
    _require_change(request.user, member.area)
    form = TeamMemberForm(request.POST or None, instance=member, prefix="member")
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_update(
                acting_user=request.user, instance=member, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(member)
    return _member_page(request, member.team, form, member)


@login_required
def member_delete(request, pk):
    member = selectors.team_member_get(request.user, pk)
    _require_change(request.user, member.area)
    if request.method == "POST":
        services.team_member_delete(
            acting_user=request.user,
            instance=member,
            reason=request.POST.get("reason", "")[:200],
        )
        messages.success(request, _("The member was removed from the team."))
        return redirect(member.team)
    return render(request, "core/record_confirm_delete.html", {"object": member})


@login_required
def member_export(request, pk, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    team = TEAMS.get(request.user, pk, Action.EXPORT)
    members = selectors.team_members(request.user, team, Action.EXPORT)
    audit.record_export(request, "team_members", fmt, personal=True, obj=team)
    return export_response(members, MEMBER_COLUMNS, fmt, f"team-{team.pk}-members")
