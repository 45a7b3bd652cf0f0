"""Generic pages for scoped record types: list (filters, sorting, paging), detail with history,
create, edit, delete, bulk actions on selected rows (core/bulk.py), export, bulk import with
progress, and import templates.

An app declares a RecordType (core/records.py) and includes `record_pages.urls(record_type)`; the
views stay thin and go through the type's selector and services.
"""

from datetime import date, datetime, time
from decimal import Decimal

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tables2 import RequestConfig

from antq import formats
from antq.areas.models import Area
from antq.areas.selectors import with_commune
from antq.audit import services as audit
from antq.core import bulk, imports, jobs, paging
from antq.core.exports import EXPORT_FORMATS, export_response
from antq.core.forms import BootstrapFormMixin, apply_errors
from antq.core.models import ImportJob
from antq.core.records import as_id
from antq.core.scoping import Action, can, can_anywhere
from antq.core.selectors import history_for
from antq.core.services import RecordInUse


def import_urls(rt):
    """Only the bulk-import pages (for records edited elsewhere, such as team members)."""
    s = rt.slug
    return [
        path("import/", _view(record_import, rt), name=f"{s}-import"),
        path("import/template.<str:fmt>", _view(record_template, rt), name=f"{s}-template"),
        path("import/<int:job_id>/", _view(record_import_job, rt), name=f"{s}-job"),
    ]


def urls(rt):
    s = rt.slug
    return [
        path("", _view(record_list, rt), name=f"{s}-list"),
        path("new/", _view(record_edit, rt), name=f"{s}-create"),
        path("export.<str:fmt>", _view(record_export, rt), name=f"{s}-export"),
        path("bulk/", _view(record_bulk, rt), name=f"{s}-bulk"),
        *import_urls(rt),
        path("<int:pk>/", _view(record_detail, rt), name=f"{s}-detail"),
        path("<int:pk>/edit/", _view(record_edit, rt), name=f"{s}-edit"),
        path("<int:pk>/delete/", _view(record_delete, rt), name=f"{s}-delete"),
    ]


def _view(func, rt):
    def view(request, *args, **kwargs):
        return func(request, rt, *args, **kwargs)

    view.__name__ = f"{rt.slug}_{func.__name__}"
    return login_required(view)


def _ctx(rt, **extra):
    return {"rt": rt, "opts": rt.model._meta, **extra}


def _filtered(fs):
    """Whether the list is narrowed by any of its filters (not only sorted or paged)."""
    return any(fs.data.get(name) not in (None, "", "unknown") for name in fs.filters)


def _styled(form):
    """A FilterSet's form with Bootstrap's classes (full width: on a phone it stacks)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css} {css}-sm".strip()
    return form


def list_table(request, rt, queryset, *, selectable=False):
    """The list's table: sorted as the request asks, its page by number or cursor and its count
    (core/paging.py), a village-level record's commune beside its village; `selectable` puts a
    checkbox before each row, for the bulk actions."""
    if _has_area(rt.model):
        queryset = with_commune(queryset)
    columns = {"extra_columns": [("selected", SelectColumn())], "sequence": ("selected", "...")}
    table = rt.table(queryset, **(columns if selectable else {}))
    table.template_name = "core/_table.html"
    RequestConfig(request, paginate=False).configure(table)
    paging.paginate(request, table)
    return table


def _has_area(model):
    try:
        return model._meta.get_field("area").related_model is Area
    except FieldDoesNotExist:
        return False


def record_list(request, rt):
    fs = rt.filterset(request.GET, queryset=rt.queryset(request.user), request=request)
    _styled(fs.form)
    # the rows a user may act on together get a checkbox (a viewer's list has none)
    actions = rt.bulk_actions if can_anywhere(request.user, Action.CHANGE) else ()
    table = list_table(
        request,
        rt,
        fs.qs if fs.is_valid() else rt.model.objects.none(),
        selectable=bool(actions),
    )
    extra = rt.list_extra(request) if rt.list_extra else {}
    area_id = as_id(request.GET.get("area"))
    picked = Area.objects.visible_to(request.user).filter(pk=area_id).first() if area_id else None
    count = table.paginator.list_count
    return render(
        request,
        "core/record_list.html",
        _ctx(
            rt,
            filter=fs,
            table=table,
            query=request.GET.urlencode(),
            picked_area=picked,
            count=count,
            filtered=_filtered(fs),
            may_add=not count.n and can_anywhere(request.user, Action.CHANGE),
            bulk_actions=actions,
            **extra,
        ),
        status=200 if fs.is_valid() else 422,
    )


class SelectColumn(tables.CheckBoxColumn):
    """The checkbox of a row, for a bulk action; the header's box selects the page (lists.js)."""

    def __init__(self):
        super().__init__(
            accessor="pk",
            orderable=False,
            attrs={
                "th__input": {"data-select-all": "", "aria-label": _("Select all on this page")},
                "td__input": {
                    "name": "selected",
                    "form": "bulk-form",
                    "class": "form-check-input",
                    "aria-label": _("Select this row"),
                },
                "th": {"class": "select-cell"},
                "td": {"class": "select-cell"},
            },
        )


def record_bulk(request, rt):
    """A bulk action on the rows selected in the list: a page that names the action and the
    records, then (confirmed) the action through the type's services, all or nothing."""
    if request.method != "POST":
        return redirect(rt.url("list"))
    actions = {a.name: a for a in rt.bulk_actions}
    action = actions.get(request.POST.get("action"))
    if action is None:
        raise Http404
    query = request.POST.get("query", "")
    back = f"{reverse(rt.url('list'))}?{query}" if query else reverse(rt.url("list"))
    reason, value = request.POST.get("reason", ""), request.POST.get("value", "")
    error = None
    try:
        ids = bulk.selected_ids(request.POST.getlist("selected"))
    except ValidationError as exc:
        ids, error = [], refusal_text(exc)
    if not ids and error is None:
        messages.error(request, _("Select at least one record."))
        return redirect(back)
    if error is None and request.POST.get("confirmed"):
        try:
            n = bulk.run_bulk(
                rt, action, acting_user=request.user, ids=ids, reason=reason, value=value
            )
        except ValidationError as exc:
            error = refusal_text(exc)
        else:
            messages.success(
                request,
                ngettext("{n} record changed.", "{n} records changed.", n).format(n=n),
            )
            return redirect(back)
    records = bulk.selected_records(rt, request.user, ids) if ids else []
    choices = [(str(v), label) for v, label in action.choices()] if action.choices else []
    return render(
        request,
        "core/record_bulk.html",
        _ctx(
            rt,
            action=action,
            records=records,
            reason=reason,
            value=value,
            choices=choices,
            query=query,
            back=back,
            error=error,
        ),
        status=422 if error else 200,
    )


def display_fields(rt, obj):
    names = rt.detail_fields or [
        f.name
        for f in rt.model._meta.fields
        if f.name not in ("id", "is_demo", "created_at", "updated_at")
    ]
    rows = []
    for name in names:
        f = rt.model._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display and f.choices else getattr(obj, name)
        rows.append((f.verbose_name, _shown(name, value), name))
    return rows


def _shown(name, value):
    """A field's value as the page shows it: yes/no, numbers grouped and days as the language
    writes them (antq.formats); years and coordinates (floats) as they are."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, Decimal)) and not name.endswith("year"):
        return formats.format_number(value)
    if isinstance(value, (date, datetime)):
        return formats.format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def record_detail(request, rt, pk):
    obj = rt.get(request.user, pk)
    extra = rt.detail_extra(request, obj) if rt.detail_extra else {}
    return render(
        request,
        "core/record_detail.html",
        _ctx(
            rt,
            object=obj,
            fields=display_fields(rt, obj),
            history=history_for(obj, request.user),
            can_change=can(request.user, Action.CHANGE, obj.area),
            **extra,
        ),
    )


def record_edit(request, rt, pk=None):
    obj = rt.get(request.user, pk) if pk else None
    if obj is not None and not can(request.user, Action.CHANGE, obj.area):
        raise PermissionDenied
    initial = {}
    if obj is None:  # a link may name the area (else the form starts at the user's unit), and
        # an organisation there, as the inbox's registrations due do
        for name in ("area", "organisation"):
            if as_id(request.GET.get(name)) is not None:
                initial[name] = as_id(request.GET[name])
    form = rt.form(request.POST or None, instance=obj, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if obj is None:
                saved = rt.create(acting_user=request.user, **data)
            else:
                saved = rt.update(acting_user=request.user, instance=obj, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    picked = as_id(form["area"].value()) if "area" in form.fields else None
    picked_area = (
        Area.objects.visible_to(request.user).filter(pk=picked).first() if picked else None
    )
    return render(
        request,
        "core/record_form.html",
        _ctx(rt, form=form, object=obj, picked_area=picked_area),
        status=422 if form.errors else 200,
    )


def refusal_text(exc) -> str:
    """The message(s) of a service's refusal (ValidationError or PermissionDenied), as one line."""
    if isinstance(exc, ValidationError):
        errors = getattr(exc, "message_dict", {"__all__": exc.messages})
        return " ".join(str(m) for msgs in errors.values() for m in msgs)
    return str(exc) or _("Your role does not allow this action here.")


def record_delete(request, rt, pk):
    """Confirm, then delete through the type's service. A service that refuses (a locked
    record, a record that must stay) changes nothing (its transaction rolls back) and the record's
    page says why."""
    obj = rt.get(request.user, pk)
    if not can(request.user, Action.CHANGE, obj.area):
        raise PermissionDenied
    if request.method == "POST":
        try:
            rt.delete(
                acting_user=request.user, instance=obj, reason=request.POST.get("reason", "")[:200]
            )
        except RecordInUse as exc:
            # said on the delete page itself: the user decides there what to do instead
            ctx = _ctx(rt, object=obj, error=refusal_text(exc))
            return render(request, "core/record_confirm_delete.html", ctx, status=422)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, refusal_text(exc))
            return redirect(obj)
        messages.success(request, _("“{name}” was deleted.").format(name=obj))
        return redirect(rt.url("list"))
    return render(request, "core/record_confirm_delete.html", _ctx(rt, object=obj))


def record_export(request, rt, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404
    fs = rt.filterset(
        request.GET, queryset=rt.queryset(request.user, Action.EXPORT), request=request
    )
    if not fs.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in fs.errors.items()))
        return redirect(rt.url("list"))
    audit.record_export(request, rt.model, fmt, personal=rt.personal_data)
    return export_response(
        fs.qs, rt.export_columns, fmt, rt.import_spec.basename if rt.import_spec else rt.slug
    )


def record_template(request, rt, fmt):
    if rt.import_spec is None or fmt not in EXPORT_FORMATS:
        raise Http404
    content = imports.write_template(rt.import_spec, fmt)
    kind = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="{rt.import_spec.basename}-template.{fmt}"'
    )
    return response


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="")

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("CSV or XLSX file")
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self):
        f = self.cleaned_data["file"]
        jobs.check_import_upload(self.user, f)
        return f


def record_import(request, rt):
    if rt.import_spec is None:
        raise Http404
    refusal = jobs.import_refusal(request.user, rt)
    if refusal:
        return render(request, "core/record_import.html", _ctx(rt, refused=refusal), status=403)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = jobs.start_import(
            acting_user=request.user,
            rt=rt,
            upload=form.cleaned_data["file"],
            language=translation.get_language(),
        )
        return redirect(rt.url("job"), job_id=job.pk)
    jobs_list = ImportJob.objects.filter(user=request.user, record_type=rt.slug)[:10]
    return render(
        request,
        "core/record_import.html",
        _ctx(rt, form=form, jobs=jobs_list),
        status=422 if form.errors else 200,
    )


def record_import_job(request, rt, job_id):
    job = jobs.import_job_for(request.user, rt, job_id)
    unfinished = job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
    progress = imports.read_progress(job.pk) if unfinished else None
    no_worker = job.status == ImportJob.Status.PENDING and not jobs.worker_seen_within(
        jobs.LEASE_SECONDS
    )
    template = "core/_import_job.html" if request.htmx else "core/record_import_job.html"
    return render(request, template, _ctx(rt, job=job, progress=progress, no_worker=no_worker))
