from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from antq.areas import imports, selectors, services
from antq.areas import map_base as map_base_units
from antq.areas.choices import AreaLevel
from antq.areas.exports import AREA_COLUMNS
from antq.areas.filtersets import AreaFilterSet
from antq.areas.forms import (
    SuccessionForm,
    UnitForm,
    UnitsImportForm,
    VillageForm,
    VillageImportForm,
)
from antq.areas.tables import ChildAreaTable
from antq.audit import services as audit
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.forms import apply_errors
from antq.core.imports import write_template
from antq.core.records import as_id
from antq.core.scoping import Action, can, can_anywhere
from antq.core.selectors import history_for


@login_required
def browser(request):
    """Start of the drill-down: the user's own areas, or search results."""
    q = request.GET.get("q", "").strip()
    pick = request.GET.get("pick")
    if pick:
        # the area picker of forms: only areas where the user holds the right the form needs
        right = {"administer": Action.ADMINISTER, "view": Action.VIEW}.get(pick, Action.CHANGE)
        picks = []
        if q:
            qs = selectors.area_search(selectors.area_list(request.user, right), q)
            asked = set(request.GET.get("levels", "").split(","))
            levels = [level for level in AreaLevel.values if str(level) in asked]
            if levels:  # the levels the form's record type stands at
                qs = qs.filter(level__in=levels)
            picks = selectors.with_provinces(qs.order_by("level", "-valid_from", "name")[:20])
        return render(
            request,
            "areas/_pick_results.html",
            {"results": picks, "pick_for": request.GET.get("for", "")},
        )
    results = None
    if q:
        qs = selectors.area_search(selectors.area_list(request.user), q)
        results = Paginator(qs.order_by("level", "-valid_from", "name"), 50).get_page(
            request.GET.get("page")
        )
        results.object_list = selectors.with_provinces(results.object_list)
    template = "areas/_search_results.html" if request.htmx else "areas/browser.html"
    return render(
        request,
        template,
        {
            "q": q,
            "results": results,
            "roots": selectors.jurisdiction_roots(request.user),
            "can_import_units": can_anywhere(request.user, Action.ADMINISTER),
        },
    )


@login_required
def detail(request, pk):
    area = selectors.area_get(request.user, pk)
    include_historical = request.GET.get("historical") == "1"
    children = selectors.children_with_counts(
        request.user, area, include_historical=include_historical
    )
    table = ChildAreaTable(children)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    became, came_from = selectors.successions_of(request.user, area)
    can_add_village = area.level == AreaLevel.COMMUNE and can(request.user, Action.CHANGE, area)
    return render(
        request,
        "areas/detail.html",
        {
            "area": area,
            "ancestors": selectors.area_ancestors(request.user, area),
            "table": table,
            "include_historical": include_historical,
            "became": became,
            "came_from": came_from,
            "history": history_for(area, request.user),
            "village_form": VillageForm() if can_add_village else None,
            "can_administer": can(request.user, Action.ADMINISTER, area),
        },
    )


@login_required
def village_add(request, pk):
    parent = selectors.area_get(request.user, pk)
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = services.area_create(
                acting_user=request.user,
                parent=parent,
                level=AreaLevel.VILLAGE,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("“{name}” was added.").format(name=village.name))
            return redirect(parent)
    return render(
        request,
        "areas/village_form.html",
        {"area": parent, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def villages_import(request):
    form = VillageImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.villages_import(
                acting_user=request.user, data=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if result.ok:
                messages.success(request, _("{n} units imported.").format(n=len(result.created)))
                return redirect("areas:import")
    status = 422 if (result and not result.ok) or form.errors else 200
    return render(request, "areas/import.html", {"form": form, "result": result}, status=status)


@login_required
def units_import(request):
    """Administrators: units that no longer exist, with their validity and successors."""
    if not can_anywhere(request.user, Action.ADMINISTER):
        raise PermissionDenied
    form = UnitsImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.units_import(
            acting_user=request.user, data=upload.read(), filename=upload.name
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "{created} units imported, {unchanged} already there; "
                    "{links} successions recorded."
                ).format(
                    created=len(result.created),
                    unchanged=result.unchanged,
                    links=result.successions_created,
                ),
            )
            return redirect("areas:units-import")
    status = 422 if (result and not result.ok) or form.errors else 200
    return render(
        request,
        "areas/units_import.html",
        {"form": form, "result": result, "columns": imports.COLUMNS},
        status=status,
    )


@login_required
def units_template(request, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    kind = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(write_template(imports.SPEC, fmt), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="units-template.{fmt}"'
    return response


@login_required
def export(request, fmt):
    """Areas as CSV/XLSX with the list's filters; `?area=<id>` exports a whole subtree."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    fs = AreaFilterSet(
        request.GET, queryset=selectors.area_list(request.user, Action.EXPORT), request=request
    )
    if not fs.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in fs.errors.items()))
        return redirect("areas:browser")
    audit.record_export(request, "areas", fmt)
    return export_response(fs.qs, AREA_COLUMNS, fmt, "areas")


@login_required
def unit_add(request, pk):
    """Administrators: add a unit under this one, including one that no longer exists."""
    parent = selectors.area_get(request.user, pk)
    if not can(request.user, Action.ADMINISTER, parent):
        raise PermissionDenied
    form = UnitForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.area_create(
                acting_user=request.user, parent=parent, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“{name}” was added.").format(name=unit.name))
            return redirect(unit)
    return render(
        request,
        "areas/unit_form.html",
        {"area": parent, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def succession_add(request, pk):
    """Administrators: record which unit(s) this one became."""
    area = selectors.area_get(request.user, pk)
    if not can(request.user, Action.ADMINISTER, area):
        raise PermissionDenied
    form = SuccessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.succession_create(
                acting_user=request.user, predecessor=area, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(area)
    picked = as_id(form["successor"].value())
    picked_area = selectors.area_list(request.user).filter(pk=picked).first() if picked else None
    return render(
        request,
        "areas/succession_form.html",
        {"area": area, "form": form, "picked_area": picked_area},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def succession_delete(request, pk):
    """Administrators of both units: remove a link of the crosswalk."""
    succession = selectors.succession_get(request.user, pk)
    services.succession_delete(acting_user=request.user, succession=succession)
    messages.success(request, _("Deleted."))
    # back to the page it was deleted from: the successor's, or else the predecessor's
    if as_id(request.POST.get("area")) == succession.successor_id:
        return redirect(succession.successor)
    return redirect(succession.predecessor)


@require_GET
def map_base(request):
    """The maps' base layer (areas.map_base): public, like the units' names the portal shows."""
    level = request.GET.get("level", "")
    if level not in map_base_units.LEVELS:
        return JsonResponse({"errors": {"level": [_("Choose province or commune.")]}}, status=400)
    try:
        box = map_base_units.box_from(request.GET.get("bbox", ""), level)
    except ValidationError as exc:
        return JsonResponse({"errors": {"bbox": exc.messages}}, status=400)
    response = JsonResponse(map_base_units.units(level, box))
    response["Cache-Control"] = f"public, max-age={map_base_units.SECONDS}"
    return response


@require_GET
def map_land(request):
    """The land around Vietnam for the maps' own base (areas.map_base.land): GeoJSON, public."""
    response = JsonResponse(map_base_units.land())
    response["Cache-Control"] = "public, max-age=86400"
    return response
