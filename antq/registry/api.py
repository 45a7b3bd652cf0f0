from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from antq.areas.models import Area
from antq.core.api import ErrorOut, filtered, page_of
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.scoping import Action
from antq.core.selectors import history_as_dicts
from antq.registry import selectors, services
from antq.registry.exports import ORGANISATION_COLUMNS
from antq.registry.filtersets import OrganisationFilterSet
from antq.registry.schemas import (
    HistoryOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
)

router = Router(tags=["organisations"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _area(area_id):
    area = Area.objects.filter(pk=area_id).first()
    if area is None:
        raise ValidationError({"area_id": _("No such area in your jurisdiction.")})
    return area


def _rename_area_error(exc):
    if hasattr(exc, "error_dict") and "area" in exc.error_dict:
        exc.error_dict["area_id"] = exc.error_dict.pop("area")
    return exc


@router.get("/", response={200: OrganisationPage, **ERRORS})
def list_organisations(request):
    """Filters: `q`, `area` (id: that area and below), `org_type`, `created_after`,
    `created_before`; `page`, `page_size`."""
    qs = filtered(OrganisationFilterSet, request, selectors.organisation_list(request.user))
    return page_of(qs, request)


@router.get("/export", response={200: None, **ERRORS})
def export_organisations(request, format: str = "csv"):
    """The filtered list as CSV or XLSX (`format=csv|xlsx`), the same filters as the list."""
    if format not in EXPORT_FORMATS:
        raise ValidationError({"format": _("Use csv or xlsx.")})
    qs = filtered(
        OrganisationFilterSet, request, selectors.organisation_list(request.user, Action.EXPORT)
    )
    return export_response(qs, ORGANISATION_COLUMNS, format, "organisations")


@router.get("/{int:org_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(request, org_id: int):
    return selectors.organisation_get(request.user, org_id)


@router.get("/{int:org_id}/history", response={200: list[HistoryOut], **ERRORS})
def organisation_history(request, org_id: int):
    return history_as_dicts(selectors.organisation_get(request.user, org_id))


@router.post("/", response={201: OrganisationOut, **ERRORS})
def create_organisation(request, data: OrganisationIn):
    fields = data.dict(exclude={"area_id"})
    try:
        org = services.organisation_create(
            acting_user=request.user, area=_area(data.area_id), **fields
        )
    except ValidationError as exc:
        raise _rename_area_error(exc) from None
    return Status(201, org)


@router.patch("/{int:org_id}", response={200: OrganisationOut, **ERRORS})
def update_organisation(request, org_id: int, data: OrganisationPatch):
    org = selectors.organisation_get(request.user, org_id)
    changes = data.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    if "area_id" in changes:
        changes["area"] = _area(changes.pop("area_id"))
    try:
        return services.organisation_update(
            acting_user=request.user, organisation=org, reason=reason, **changes
        )
    except ValidationError as exc:
        raise _rename_area_error(exc) from None


@router.delete("/{int:org_id}", response={204: None, **ERRORS})
def delete_organisation(request, org_id: int, reason: str = ""):
    org = selectors.organisation_get(request.user, org_id)
    services.organisation_delete(acting_user=request.user, organisation=org, reason=reason)
    return Status(204, None)
