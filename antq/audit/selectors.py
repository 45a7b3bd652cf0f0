"""Reads of the audit log and of deleted records' history, scoped to what an administrator
administers."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from antq.audit.models import AuditEntry
from antq.core.records import REGISTRY
from antq.core.scoping import Action, can_anywhere, scope_q
from antq.core.selectors import history_entries


def may_read_audit(user) -> bool:
    return can_anywhere(user, Action.ADMINISTER)


def _require_reader(user):
    if not may_read_audit(user):
        raise PermissionDenied


def audit_entries(user):
    _require_reader(user)
    return AuditEntry.objects.visible_to(user).select_related("area", "user", "target_user")


def deletable_types():
    """The record types whose pages can delete records, with history kept."""
    return [rt for rt in REGISTRY.values() if hasattr(rt.model, "history")]


def record_type(slug):
    for rt in deletable_types():
        if rt.slug == slug:
            return rt
    raise Http404


def deleted_records(user, rt):
    """The deletion rows of one record type whose area (as the row kept it) the user
    administers, newest first."""
    _require_reader(user)
    history = rt.model.history.model
    lookup = rt.model.scope_path
    return (
        history.objects.filter(history_type="-")
        .filter(scope_q(user, Action.ADMINISTER, lookup))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def deleted_label(row) -> str:
    """How a deleted record is named: as its model names it, or by its number when the name
    needs a related record that is gone too."""
    try:
        return str(row.instance)
    except ObjectDoesNotExist:
        return f"#{row.id}"


def deleted_record_history(user, rt, pk):
    """The whole history of a deleted record of an area the user administers (404 otherwise, and
    for a record that still exists: its own page shows its history)."""
    deletion = deleted_records(user, rt).filter(id=pk).first()
    if deletion is None or rt.model.objects.filter(pk=pk).exists():
        raise Http404
    return deletion, history_entries(rt.model, rt.model.history.filter(id=pk), user)
