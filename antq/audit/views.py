from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django_tables2 import RequestConfig

from antq.areas.models import Area
from antq.audit import selectors
from antq.audit.filtersets import AuditEntryFilterSet
from antq.audit.tables import AuditEntryTable
from antq.core.records import as_id


@login_required
def audit_list(request):
    """The audit log of the user's jurisdiction, searchable by user, action, dates and area."""
    entries = selectors.audit_entries(request.user)
    fs = AuditEntryFilterSet(request.GET, queryset=entries, request=request)
    table = AuditEntryTable(fs.qs if fs.is_valid() else entries.none())
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    area_id = as_id(request.GET.get("area"))
    picked = Area.objects.visible_to(request.user).filter(pk=area_id).first() if area_id else None
    return render(
        request,
        "audit/list.html",
        {"filter": fs, "table": table, "picked_area": picked},
        status=200 if fs.is_valid() else 422,
    )


@login_required
def deleted_list(request):
    """Records deleted in the user's jurisdiction, one record type at a time."""
    types = selectors.deletable_types()
    slug = request.GET.get("type") or (types[0].slug if types else "")
    rt = selectors.record_type(slug)
    page = Paginator(selectors.deleted_records(request.user, rt), 50).get_page(
        as_id(request.GET.get("page")) or 1
    )
    for row in page:
        row.label = selectors.deleted_label(row)
    return render(request, "audit/deleted.html", {"types": types, "rt": rt, "page": page})


@login_required
def deleted_history(request, slug, pk):
    rt = selectors.record_type(slug)
    deletion, history = selectors.deleted_record_history(request.user, rt, pk)
    return render(
        request,
        "audit/deleted_history.html",
        {
            "rt": rt,
            "deletion": deletion,
            "label": selectors.deleted_label(deletion),
            "history": history,
        },
    )
