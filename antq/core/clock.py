"""Today's date as the checks of a record read it (`today`): the local date, read once for a
batch of records checked together (`one_day`, an import's chunk) rather than once per rule
and record. Outside a batch it is `timezone.localdate()`, read each time."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_TODAY = ContextVar("antq_today", default=None)


def today():
    """The local date: the one read when the current `one_day()` began, if any."""
    day = _TODAY.get()
    return timezone.localdate() if day is None else day


@contextmanager
def one_day():
    """Within it, `today()` is the local date read as it began (a chunk of an import is
    checked in well under a second)."""
    token = _TODAY.set(timezone.localdate())
    try:
        yield
    finally:
        _TODAY.reset(token)
