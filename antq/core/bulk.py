"""Bulk actions of a list: one action on the rows a user selected (re-confirm, change status,
delete with a reason). A RecordType opts in with `bulk_actions`; each action calls the same
service as the single action, so its rules and rights hold unchanged.

A bulk run is one transaction: every selected record changes, or none does. The ids come from
the browser, so they are read back through the type's selector: an id the user cannot see (in
another jurisdiction, or none at all) refuses the whole run with a 404, the answer a single
record gives; a record they see but may not change refuses it with a 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from antq.core.records import as_id
from antq.core.scoping import Action, can

MAX_SELECTED = 500  # one page of a list at most (50 rows) is the common case; this is a bound


@dataclass(frozen=True)
class BulkAction:
    """`run(rt, *, acting_user, instance, reason, value)` takes the action on one record through
    the type's service. `choices` (a callable, for the current language) lists the values the
    action takes, e.g. the statuses; `needs_reason` makes the reason required."""

    name: str
    label: object
    run: object
    needs_reason: bool = False
    choices: object = None


def _delete(rt, *, acting_user, instance, reason, value):
    rt.delete(acting_user=acting_user, instance=instance, reason=reason)


DELETE = BulkAction("delete", _lazy("Delete, with a reason"), _delete, needs_reason=True)


def set_status(service, choices):
    """Change the status through `service(acting_user=, instance=, status=, reason=)`, the
    type's own status workflow (which refuses the moves it does not allow)."""

    def run(rt, *, acting_user, instance, reason, value):
        service(acting_user=acting_user, instance=instance, status=value, reason=reason)

    return BulkAction("status", _lazy("Change status"), run, choices=choices)


def selected_ids(values):
    """The distinct record ids posted as `values` (unreadable ones are dropped)."""
    ids = {as_id(v) for v in values} - {None}
    if len(ids) > MAX_SELECTED:
        raise ValidationError(
            {"selected": _("Select at most {n} records at once.").format(n=MAX_SELECTED)}
        )
    return sorted(ids)


def selected_records(rt, user, ids):
    """The records behind `ids`, as the user sees them; Http404 if any is not among them."""
    records = list(rt.queryset(user).filter(pk__in=ids).order_by("pk"))
    if not ids or len(records) != len(ids):
        raise Http404
    return records


@transaction.atomic
def run_bulk(rt, action: BulkAction, *, acting_user, ids, reason="", value="") -> int:
    """Take `action` on every record of `ids`; returns how many changed. All or nothing: a
    refusal (ValidationError naming the record, PermissionDenied, Http404) changes nothing."""
    reason = (reason or "").strip()[:200]
    if action.needs_reason and not reason:
        raise ValidationError({"reason": _("Give the reason, kept in each record's history.")})
    if action.choices is not None and value not in {str(v) for v, _label in action.choices()}:
        raise ValidationError({"value": _("Choose a value from the list.")})
    records = selected_records(rt, acting_user, ids)
    for record in records:
        if not can(acting_user, Action.CHANGE, record.area):
            raise PermissionDenied(_("Your role does not allow this action here."))
    for record in records:
        try:
            action.run(rt, acting_user=acting_user, instance=record, reason=reason, value=value)
        except ValidationError as exc:
            errors = getattr(exc, "message_dict", {"__all__": exc.messages})
            said = " ".join(str(m) for msgs in errors.values() for m in msgs)
            raise ValidationError(
                {"selected": _("“{record}”: {error}").format(record=record, error=said)}
            ) from None
    return len(records)
