"""Reads shared by every app: the change history of a record."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

HIDDEN = "—"

# Notes antq itself writes into a record's history, read in the reader's language. The area
# loader writes its code (the first column); the others were written in the acting user's
# language, so each translation of them is read back as the note it is.
SYSTEM_REASONS = {
    "source:vietnamadminunits": gettext_noop("Loaded from vietnamadminunits"),
    "annual-reconfirmation": gettext_noop("Annual re-confirmation"),
    "nominated": gettext_noop("Nominated"),
    "assessed": gettext_noop("Assessed"),
    "imported-csv": gettext_noop("Imported from CSV"),
}
_known_reasons = {}


def reason_text(reason):
    """A history note in the reader's language: a code or a translation of one of antq's own
    notes (SYSTEM_REASONS) is translated; what a person wrote is shown as written."""
    if not _known_reasons:
        for code, msgid in SYSTEM_REASONS.items():
            _known_reasons[code] = msgid
            for lang, _name in settings.LANGUAGES:
                with translation.override(lang):
                    _known_reasons[gettext(msgid)] = msgid
    msgid = _known_reasons.get(reason)
    return gettext(msgid) if msgid else reason


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str  # "+", "~", "-"
    reason: str
    changes: list  # [(field label, old, new)]


def _related_names(model, records, user):
    """{(field name, pk): text} for every related id in the records, one query per relation.

    Related records outside the user's jurisdiction (an area the record was moved from, say)
    are shown as "—", so history does not leak what the user may not see.
    """
    wanted = {}
    for f in model._meta.fields:
        if f.is_relation and f.related_model is not None:
            ids = {getattr(r, f.attname, None) for r in records} - {None}
            if ids:
                wanted[f] = ids
    names = {}
    for f, ids in wanted.items():
        manager = f.related_model._default_manager
        qs = manager.filter(pk__in=ids)
        if user is not None and hasattr(qs, "visible_to"):
            qs = qs.visible_to(user)
        found = {obj.pk: str(obj) for obj in qs}
        for pk in ids:
            names[(f.name, pk)] = found.get(pk, HIDDEN)
    return names


def _display(model, record, field_name, related):
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return getattr(record, field_name, "")
    value = getattr(record, field.attname, None)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None:
        return related.get((field.name, value), HIDDEN)
    return value


def _label(model, field_name):
    try:
        return model._meta.get_field(field_name).verbose_name
    except FieldDoesNotExist:
        return field_name


def history_for(instance, user=None, limit=200):
    """Newest first: who changed what and when, with old → new per field."""
    return history_entries(type(instance), instance.history.all(), user, limit)


def history_entries(model, history, user=None, limit=200):
    """The entries of `history` (a queryset of `model`'s historical rows, one record's), newest
    first; also for a record that was deleted and has no instance left."""
    records = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    related = _related_names(model, records, user)
    entries = []
    for i, rec in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if older is not None and rec.history_type == "~":
            delta = rec.diff_against(older)
            changes = [
                (
                    _label(model, c.field),
                    _display(model, older, c.field, related),
                    _display(model, rec, c.field, related),
                )
                for c in delta.changes
            ]
        entries.append(
            HistoryEntry(
                rec.history_date,
                rec.history_user,
                rec.history_type,
                reason_text(rec.history_change_reason or ""),
                changes,
            )
        )
    return entries


def history_as_dicts(instance, user=None):
    """The history in plain types, for the API."""

    def text(value):
        return "" if value is None else str(value)

    return [
        {
            "when": e.when,
            "who": e.who.get_username() if e.who else None,
            "who_name": e.who.person_label if e.who else None,
            "kind": e.kind,
            "reason": e.reason,
            "changes": [{"field": str(f), "old": text(o), "new": text(n)} for f, o, n in e.changes],
        }
        for e in history_for(instance, user)
    ]
