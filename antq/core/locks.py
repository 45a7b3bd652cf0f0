"""Periods that close: the write path's question whether records may be written in the periods
their dates place them in (DHIS2's data approval locks, expiry days and lock exceptions).

Core knows no domain app, so it only asks: the rule (which periods are closed, for which units,
and the exceptions that reopen them) is antq/reports/locks.py, installed by the reports app's
ready(). The services' generic saves (core/services.py) ask before every write, and the import
asks for each chunk so that a refusal is an error on the row's date column.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from operator import attrgetter

from django.core.exceptions import ValidationError

_RULES = []
_SYSTEM_LOAD = ContextVar("antq_system_load", default=False)


def install(rule):
    """`rule(records, *, acting_user, deleting)` → ({index: (field, message)}, after): the
    records refused, and a callable run once the others are written (to log the writes made
    under an exception)."""
    if rule not in _RULES:
        _RULES.append(rule)


@contextmanager
def system_load():
    """A deliberate load of past records by the system (the demo generator), not data entry:
    closed periods do not apply to it."""
    token = _SYSTEM_LOAD.set(True)
    try:
        yield
    finally:
        _SYSTEM_LOAD.reset(token)


def _nothing():
    return None


@cache
def _values(model):
    """callable(record) → the values of its fields but the id (what a rule's answer depends on
    for a new record, with the acting user)."""
    return attrgetter(*[f.attname for f in model._meta.concrete_fields if not f.primary_key])


def refusals(records, *, acting_user, deleting=False):
    """({index in `records`: (date field, message)}, after) for records dated in a closed
    period; after() logs the writes that an exception let through, once they are done.

    New records that pass are marked with the answer (and their values): an import checks
    each chunk's rows before it builds its errors, and its bulk service's `check` of the same
    records, unchanged, for the same user, then takes that answer instead of asking again."""
    if _SYSTEM_LOAD.get() or not records:
        return {}, _nothing
    refused, afters = {}, []
    for rule in _RULES:
        found, after = rule(records, acting_user=acting_user, deleting=deleting)
        for index, error in found.items():
            refused.setdefault(index, error)
        afters.append(after)
    if refused:
        return refused, _nothing

    def after():
        return [after() for after in afters]

    if not deleting:
        answer = (getattr(acting_user, "pk", None), after)
        values = _values(type(records[0]))
        for record in records:
            if record.pk is None:
                record.__dict__[_MARK] = (answer, values(record))
    return refused, after


_MARK = "_antq_locks_passed"


def _passed(records, acting_user):
    """The afters of the answers `refusals` gave these new records, if every one of them was
    given one, for this user, and is unchanged since; else None."""
    user = getattr(acting_user, "pk", None)
    values = _values(type(records[0]))
    afters = {}
    for record in records:
        mark = record.__dict__.get(_MARK)
        if mark is None or record.pk is not None or mark[0][0] != user:
            return None
        if mark[1] != values(record):
            return None
        afters[id(mark[0][1])] = mark[0][1]
    return list(afters.values())


def check(records, *, acting_user, deleting=False):
    """Refuse (ValidationError on the date field) a write of `records` if any lies in a closed
    period; otherwise the callable to run once they are written. New records that `refusals`
    passed (an import's chunk) are not asked about again."""
    if records and not deleting and not _SYSTEM_LOAD.get():
        afters = _passed(records, acting_user)
        if afters is not None:
            return lambda: [after() for after in afters]
    refused, after = refusals(records, acting_user=acting_user, deleting=deleting)
    if refused:
        field, message = refused[min(refused)]
        raise ValidationError({field: message})
    return after
