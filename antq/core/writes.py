"""Observers of bulk writes. Signals cover `save()` and `delete()`; `bulk_create()` and
`update()` (and so `bulk_update()`) send none, so ScopedQuerySetMixin tells the observers
registered here (the indicator rollup) instead; and a queryset's `delete()`, which sends a
signal per record, tells them it is one deletion. Core knows nothing of who listens."""

from contextlib import ExitStack, contextmanager

OBSERVERS = []


def observe(observer):
    """`observer` has `bulk_created(model, objs)`, and `before_update(queryset, fields)`, which
    returns None or a callable run after the update (in the same transaction)."""
    OBSERVERS.append(observer)
    return observer


def bulk_created(model, objs):
    for observer in OBSERVERS:
        observer.bulk_created(model, objs)


@contextmanager
def deleting():
    """Around a queryset's delete(): an observer's `deleting()` context may gather the work of
    each record's delete signals and do it once on leaving (in the same transaction)."""
    with ExitStack() as stack:
        for observer in OBSERVERS:
            stack.enter_context(observer.deleting())
        yield


def before_update(queryset, fields):
    return [after for o in OBSERVERS if (after := o.before_update(queryset, fields))]
