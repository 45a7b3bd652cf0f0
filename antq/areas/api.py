from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from antq.areas import imports, selectors, services
from antq.areas.choices import AreaLevel
from antq.areas.exports import AREA_COLUMNS
from antq.areas.filtersets import AreaFilterSet
from antq.areas.models import Area
from antq.areas.resolution import area_by_code
from antq.areas.schemas import (
    AreaIn,
    AreaOut,
    AreaPage,
    AreaPatch,
    SuccessionIn,
    SuccessionOut,
    SuccessionsOut,
    UnitsImportOut,
)
from antq.audit import services as audit
from antq.core.api import ErrorOut, filtered, page_of
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.scoping import Action

router = Router(tags=["areas"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/", response={200: AreaPage, **ERRORS})
def list_areas(request):
    """Areas you may see. Filters: `q` (name or code; accents and tone marks ignored), `level`,
    `area_type`, `parent` (id: its children), `active_on` (YYYY-MM-DD); `page`, `page_size`."""
    qs = filtered(AreaFilterSet, request, selectors.area_list(request.user))
    return page_of(qs, request)


@router.get("/export", response={200: None, **ERRORS})
def export_areas(request, format: str = "csv"):
    """The filtered list as CSV or XLSX (`format=csv|xlsx`); the same filters as the list, and
    `area` (id) for a whole subtree."""
    if format not in EXPORT_FORMATS:
        raise ValidationError({"format": _("Use csv or xlsx.")})
    qs = filtered(AreaFilterSet, request, selectors.area_list(request.user, Action.EXPORT))
    audit.record_export(request, "areas", format)
    return export_response(qs, AREA_COLUMNS, format, "areas")


@router.get("/{int:area_id}", response={200: AreaOut, **ERRORS})
def get_area(request, area_id: int):
    return selectors.area_get(request.user, area_id)


@router.get("/{int:area_id}/children", response={200: AreaPage, **ERRORS})
def area_children(request, area_id: int):
    area = selectors.area_get(request.user, area_id)
    qs = selectors.area_list(request.user).filter(depth=area.depth + 1, path__startswith=area.path)
    return page_of(filtered(AreaFilterSet, request, qs), request)


@router.get("/{int:area_id}/subtree", response={200: AreaPage, **ERRORS})
def area_subtree(request, area_id: int):
    """The area and everything under it, in tree order; the same filters as the list."""
    area = selectors.area_get(request.user, area_id)
    qs = selectors.area_list(request.user).filter(path__startswith=area.path)
    return page_of(filtered(AreaFilterSet, request, qs), request)


@router.get("/{int:area_id}/ancestors", response={200: list[AreaOut], **ERRORS})
def area_ancestors(request, area_id: int):
    """From the country down to the area's parent."""
    area = selectors.area_get(request.user, area_id)
    return selectors.area_ancestors(request.user, area)


@router.get("/{int:area_id}/successions", response={200: SuccessionsOut, **ERRORS})
def area_successions(request, area_id: int):
    """What an old unit became, and which old units a new one was made from."""
    area = selectors.area_get(request.user, area_id)
    became, came_from = selectors.successions_of(request.user, area)
    return {"became": became, "came_from": came_from}


def _unit(user, role, pk, code, day):
    """The predecessor or successor (`role`) a request names by id, or by code and day."""
    if pk is not None and code:
        raise ValidationError({f"{role}_code": _("Give the unit's id or its code, not both.")})
    if pk is not None:
        area = Area.objects.filter(pk=pk).first()
        if area is None:
            raise ValidationError({f"{role}_id": _("No such area in your jurisdiction.")})
        return area, f"{role}_id"
    if not code:
        raise ValidationError({f"{role}_id": _("Give the unit's id, or its code and a day.")})
    if day is None:
        raise ValidationError({f"{role}_on": _("Give a day the unit was in force.")})
    levels = (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.COMMUNE)
    return area_by_code(user, code, day, levels=levels, field=f"{role}_code"), f"{role}_code"


@router.post("/successions", response={201: SuccessionOut, **ERRORS})
def create_succession(request, data: SuccessionIn):
    """Record that an old unit became (part of) a new one: administrators of both units. Each
    unit by id, or by code and a day it was in force (`predecessor_on`; for the successor
    `successor_on`, else `effective_on`, else the day after the old unit ended)."""
    predecessor, pred_field = _unit(
        request.user, "predecessor", data.predecessor_id, data.predecessor_code, data.predecessor_on
    )
    day = data.successor_on or data.effective_on
    if day is None and predecessor.valid_to:
        day = predecessor.valid_to + timedelta(days=1)
    successor, succ_field = _unit(
        request.user, "successor", data.successor_id, data.successor_code, day
    )
    try:
        link = services.succession_create(
            acting_user=request.user,
            predecessor=predecessor,
            successor=successor,
            kind=data.kind,
            is_default=data.is_default,
            effective_on=data.effective_on,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, given in (("predecessor", pred_field), ("successor", succ_field)):
                if name in exc.error_dict:
                    exc.error_dict[given] = exc.error_dict.pop(name)
        raise
    return Status(201, link)


@router.delete("/successions/{int:succession_id}", response={204: None, **ERRORS})
def delete_succession(request, succession_id: int, reason: str = ""):
    """Remove a link of the crosswalk: administrators of both units."""
    succession = selectors.succession_get(request.user, succession_id)
    services.succession_delete(acting_user=request.user, succession=succession, reason=reason[:200])
    return Status(204, None)


@router.post("/import-units", response={200: UnitsImportOut, **ERRORS})
def import_units(request, file: File[UploadedFile]):
    """Units that no longer exist, from CSV or XLSX (the columns of the template on the page
    /areas/import/units/), with their validity and successors: all of it or nothing, at once.
    A wrong file is a 422 whose errors name the column, each “Row N: reason”; the same file
    imported again changes nothing."""
    if file.size > imports.MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            {"file": _("The file is larger than {n} MB.").format(n=imports.MAX_UPLOAD_MB)}
        )
    result = services.units_import(
        acting_user=request.user, data=file.read(), filename=file.name or ""
    )
    if not result.ok:
        by_column = defaultdict(list)
        for e in result.errors:
            by_column[e.column or "file"].append(
                _("Row {row}: {message}").format(row=e.row, message=e.message)
            )
        raise ValidationError(dict(by_column))
    return {
        "created": len(result.created),
        "unchanged": result.unchanged,
        "successions_created": result.successions_created,
    }


@router.post("/", response={201: AreaOut, **ERRORS})
def create_area(request, data: AreaIn):
    """Add a unit: a village or residential group under a commune (editors), or a historical unit
    with its validity dates (administrators)."""
    parent = Area.objects.filter(pk=data.parent_id).first()
    if parent is None:
        raise ValidationError({"parent_id": _("No such area in your jurisdiction.")})
    try:
        area = services.area_create(
            acting_user=request.user, parent=parent, **data.dict(exclude={"parent_id"})
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "parent" in exc.error_dict:
            exc.error_dict["parent_id"] = exc.error_dict.pop("parent")
        raise
    return Status(201, area)


@router.patch("/{int:area_id}", response={200: AreaOut, **ERRORS})
def update_area(request, area_id: int, data: AreaPatch):
    area = selectors.area_get(request.user, area_id)
    changes = data.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    if not changes:
        raise ValidationError(_("Nothing to change."))
    return services.area_update(acting_user=request.user, area=area, reason=reason, **changes)
