"""Reads shared by every app: the change history of a record."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str  # "+", "~", "-"
    reason: str
    changes: list  # [(field label, old, new)]


def _label(model, field_name):
    try:
        return model._meta.get_field(field_name).verbose_name
    except FieldDoesNotExist:
        return field_name


def _display(record, field_name):
    """A historical value as a person reads it: choice labels, related objects' names."""
    try:
        field = record.instance_type._meta.get_field(field_name)
    except FieldDoesNotExist:
        return getattr(record, field_name, "")
    value = getattr(record, field.attname, None)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else value
    return value


def history_for(instance, limit=200):
    """Newest first: who changed what and when, with old → new per field."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    model = type(instance)
    entries = []
    for i, rec in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if older is not None and rec.history_type == "~":
            delta = rec.diff_against(older)
            changes = [
                (_label(model, c.field), _display(older, c.field), _display(rec, c.field))
                for c in delta.changes
            ]
        entries.append(
            HistoryEntry(
                rec.history_date,
                rec.history_user,
                rec.history_type,
                rec.history_change_reason or "",
                changes,
            )
        )
    return entries


def history_as_dicts(instance):
    """The history in plain types, for the API."""
    return [
        {
            "when": e.when,
            "who": e.who.get_username() if e.who else None,
            "kind": e.kind,
            "reason": e.reason,
            "changes": [
                {
                    "field": str(f),
                    "old": "" if o is None else str(o),
                    "new": "" if n is None else str(n),
                }
                for f, o, n in e.changes
            ],
        }
        for e in history_for(instance)
    ]
