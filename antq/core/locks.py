"""Periods that close: the write path's question whether records may be written in the periods
their dates place them in (DHIS2's data approval locks, expiry days and lock exceptions).

Core knows no domain app, so it only asks: the rule (which periods are closed, for which units,
and the exceptions that reopen them) is antq/reports/locks.py, installed by the reports app's
ready(). The services' generic saves (core/services.py) ask before every write, and the import
asks for each chunk so that a refusal is an error on the row's date column.
"""

from contextlib import contextmanager
from contextvars import ContextVar

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


def refusals(records, *, acting_user, deleting=False):
    """({index in `records`: (date field, message)}, after) for records dated in a closed
    period; after() logs the writes that an exception let through, once they are done."""
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
    return refused, lambda: [after() for after in afters]


def check(records, *, acting_user, deleting=False):
    """Refuse (ValidationError on the date field) a write of `records` if any lies in a closed
    period; otherwise the callable to run once they are written."""
    refused, after = refusals(records, acting_user=acting_user, deleting=deleting)
    if refused:
        field, message = refused[min(refused)]
        raise ValidationError({field: message})
    return after
