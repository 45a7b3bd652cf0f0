"""One API router per scoped record type, from its RecordType and three schemas.

Endpoints: list (the type's FilterSet on the query string, paged), export (csv|xlsx), get,
history, create, patch, delete. Foreign keys travel as `<field>_id` and are loaded through the
user's jurisdiction (core.relations.load_visible): one outside it is a 422 on that field, a
record outside it is a 404.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, create_model

from antq.areas.models import Area
from antq.audit import services as audit
from antq.core import jobs
from antq.core.api import ErrorOut, filtered, page_of
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.relations import load_visible
from antq.core.scoping import Action
from antq.core.selectors import history_as_dicts

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class HistoryChange(Schema):
    field: str
    old: str
    new: str


class HistoryOut(Schema):
    when: object
    who: str | None = Field(description="the user name of whoever made the change")
    who_name: str | None = Field(
        None, description="their rank, full name and position, as the pages name them"
    )
    kind: str
    reason: str
    changes: list[HistoryChange]


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportJobOut(Schema):
    id: int
    filename: str
    status: str
    failure: str
    created_count: int
    errors_total: int
    errors: list[ImportErrorOut]


def _import_router(router, rt):
    """POST /import (a CSV or XLSX file, queued as a job: 202) and GET /import/{job_id}; a user
    whose roles create records nowhere is refused (403) before the file is read."""

    @router.post(
        "/import",
        response={202: ImportJobOut, **ERRORS},
        operation_id=f"{rt.slug}_import",
        summary=f"Import {rt.model._meta.verbose_name_plural} from CSV or XLSX",
        description="Queued as a job; poll GET /import/{job_id}. All or nothing.",
    )
    def import_records(request, file: File[UploadedFile]):
        refusal = jobs.import_refusal(request.user, rt)
        if refusal:
            raise PermissionDenied(refusal)
        try:
            jobs.check_import_upload(request.user, file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
        job = jobs.start_import(
            acting_user=request.user, rt=rt, upload=file, language=translation.get_language()
        )
        return Status(202, jobs.import_job_for(request.user, rt, job.pk))

    @router.get(
        "/import/{int:job_id}",
        response={200: ImportJobOut, **ERRORS},
        operation_id=f"{rt.slug}_import_job",
    )
    def import_job(request, job_id: int):
        return jobs.import_job_for(request.user, rt, job_id)


def _resolve_relations(user, model, data):
    """`area_id: 5` → `area: <Area 5>`, read through the user's jurisdiction: an id that does
    not exist for them is a field error."""
    out = {}
    for key, value in data.items():
        name = key[:-3] if key.endswith("_id") else None
        field = None
        if name:
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - not a relation after all
                field = None
        if field is not None and field.is_relation:
            if value is None:
                out[name] = None
                continue
            related = load_visible(user, field.related_model, value)
            if related is None:
                raise ValidationError({key: _missing(field.related_model)})
            out[name] = related
        else:
            out[key] = value
    return out


def _missing(model):
    # the message the services give for an area the user cannot see (require_area_right)
    if model is Area:
        return _("No such area in your jurisdiction.")
    return _("No such record in your jurisdiction.")


def _rename_errors(exc, data):
    """Errors on `area` are reported on `area_id`, the field the client sent."""
    if hasattr(exc, "error_dict"):
        for key in list(exc.error_dict):
            if f"{key}_id" in data:
                exc.error_dict[f"{key}_id"] = exc.error_dict.pop(key)
    return exc


def crud_router(rt, *, out_schema, in_schema, patch_schema, tag):
    router = Router(tags=[tag])
    page = create_model(
        f"{out_schema.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        items=(list[out_schema], ...),
    )
    names = ", ".join(rt.filterset.base_filters)

    @router.get(
        "/",
        response={200: page, **ERRORS},
        operation_id=f"{rt.slug}_list",
        summary=f"List {rt.model._meta.verbose_name_plural}",
        description=f"Filters: {names}; paging: page, page_size (≤ 500).",
    )
    def list_records(request):
        qs = filtered(rt.filterset, request, rt.queryset(request.user))
        return page_of(qs, request)

    @router.get(
        "/export",
        response={200: None, **ERRORS},
        operation_id=f"{rt.slug}_export",
        summary=f"Export {rt.model._meta.verbose_name_plural}",
        description=f"format=csv|xlsx; the same filters as the list: {names}.",
    )
    def export_records(request, format: str = "csv"):
        if format not in EXPORT_FORMATS:
            raise ValidationError({"format": _("Use csv or xlsx.")})
        qs = filtered(rt.filterset, request, rt.queryset(request.user, Action.EXPORT))
        audit.record_export(request, rt.model, format, personal=rt.personal_data)
        return export_response(qs, rt.export_columns, format, rt.slug)

    if rt.import_spec is not None:
        _import_router(router, rt)

    @router.get("/{int:pk}", response={200: out_schema, **ERRORS}, operation_id=f"{rt.slug}_get")
    def get_record(request, pk: int):
        return rt.get(request.user, pk)

    @router.get(
        "/{int:pk}/history",
        response={200: list[HistoryOut], **ERRORS},
        operation_id=f"{rt.slug}_history",
    )
    def record_history(request, pk: int):
        return history_as_dicts(rt.get(request.user, pk), request.user)

    @router.post("/", response={201: out_schema, **ERRORS}, operation_id=f"{rt.slug}_create")
    def create_record(request, data: in_schema):
        raw = data.dict()
        try:
            obj = rt.create(
                acting_user=request.user, **_resolve_relations(request.user, rt.model, raw)
            )
        except ValidationError as exc:
            raise _rename_errors(exc, raw) from None
        return Status(201, obj)

    @router.patch(
        "/{int:pk}", response={200: out_schema, **ERRORS}, operation_id=f"{rt.slug}_update"
    )
    def update_record(request, pk: int, data: patch_schema):
        obj = rt.get(request.user, pk)
        raw = data.dict(exclude_unset=True)
        reason = raw.pop("reason", "") or ""
        try:
            return rt.update(
                acting_user=request.user,
                instance=obj,
                reason=reason,
                **_resolve_relations(request.user, rt.model, raw),
            )
        except ValidationError as exc:
            raise _rename_errors(exc, raw) from None

    @router.delete("/{int:pk}", response={204: None, **ERRORS}, operation_id=f"{rt.slug}_delete")
    def delete_record(request, pk: int, reason: str = ""):
        obj = rt.get(request.user, pk)
        rt.delete(acting_user=request.user, instance=obj, reason=reason[:200])
        return Status(204, None)

    return router
