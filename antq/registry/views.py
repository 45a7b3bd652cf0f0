from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from antq.areas.models import Area
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.scoping import Action, can
from antq.core.selectors import history_for
from antq.registry import selectors, services
from antq.registry.exports import ORGANISATION_COLUMNS
from antq.registry.filtersets import OrganisationFilterSet
from antq.registry.forms import OrganisationForm
from antq.registry.models import Organisation
from antq.registry.tables import OrganisationTable


def _apply_form_errors(form, exc):
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def organisation_list(request):
    filterset = OrganisationFilterSet(
        request.GET, queryset=selectors.organisation_list(request.user), request=request
    )
    table = OrganisationTable(filterset.qs if filterset.is_valid() else Organisation.objects.none())
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "registry/organisation_list.html",
        {"filter": filterset, "table": table, "query": request.GET.urlencode()},
    )


@login_required
def organisation_export(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset = OrganisationFilterSet(
        request.GET,
        queryset=selectors.organisation_list(request.user, Action.EXPORT),
        request=request,
    )
    if not filterset.is_valid():
        return render(
            request,
            "registry/organisation_list.html",
            {"filter": filterset, "table": None},
            status=422,
        )
    return export_response(filterset.qs, ORGANISATION_COLUMNS, fmt, "organisations")


@login_required
def organisation_detail(request, pk):
    org = selectors.organisation_get(request.user, pk)
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "object": org,
            "history": history_for(org),
            "can_change": can(request.user, Action.CHANGE, org.area),
        },
    )


def _save(request, form, org=None):
    data = {k: v for k, v in form.cleaned_data.items()}
    if org is None:
        return services.organisation_create(acting_user=request.user, **data)
    return services.organisation_update(acting_user=request.user, organisation=org, **data)


@login_required
def organisation_edit(request, pk=None):
    org = selectors.organisation_get(request.user, pk) if pk else None
    if org is not None and not can(request.user, Action.CHANGE, org.area):
        raise PermissionDenied
    initial = {}
    if org is None and request.GET.get("area"):
        initial["area"] = request.GET["area"]
    form = OrganisationForm(request.POST or None, instance=org, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, form, org)
        except ValidationError as exc:
            _apply_form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    picked = form["area"].value()
    picked_area = Area.objects.filter(pk=picked).first() if str(picked or "").isdigit() else None
    return render(
        request,
        "registry/organisation_form.html",
        {"form": form, "object": org, "picked_area": picked_area},
        status=422 if form.errors else 200,
    )


@login_required
def organisation_delete(request, pk):
    org = selectors.organisation_get(request.user, pk)
    if not can(request.user, Action.CHANGE, org.area):
        raise PermissionDenied
    if request.method == "POST":
        services.organisation_delete(
            acting_user=request.user, organisation=org, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("“{name}” was deleted.").format(name=org.name))
        return redirect("registry:organisation-list")
    return render(request, "registry/organisation_confirm_delete.html", {"object": org})
