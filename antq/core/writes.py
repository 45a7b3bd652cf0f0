"""Observers of bulk writes. Signals cover `save()` and `delete()`; `bulk_create()` and
`update()` (and so `bulk_update()`) send none, so ScopedQuerySetMixin tells the observers
registered here (the indicator rollup) instead. Core knows nothing of who listens."""

OBSERVERS = []


def observe(observer):
    """`observer` has `bulk_created(model, objs)`, and `before_update(queryset, fields)`, which
    returns None or a callable run after the update (in the same transaction)."""
    OBSERVERS.append(observer)
    return observer


def bulk_created(model, objs):
    for observer in OBSERVERS:
        observer.bulk_created(model, objs)


def before_update(queryset, fields):
    return [after for o in OBSERVERS if (after := o.before_update(queryset, fields))]
