"""The demo's bulk inserts: simple-history's, with the indicator rollup told of the new
records (a bulk insert sends no signal)."""

from simple_history.utils import bulk_create_with_history as _with_history

from antq.indicators import rollup


def bulk_create_with_history(objs, model, **kwargs):
    created = _with_history(objs, model, **kwargs)
    rollup.records_created(model, created)
    return created
