"""The rollup's background work: the rebuild that `migrate` queues for the worker."""

from django_tasks import task


@task()
def rebuild_stale():
    """Build the indicators whose declaration changed (or that were never built); until it
    ends they are computed from the records (compute.py)."""
    from antq.indicators import rollup

    stale = rollup.stale_keys()
    if stale:
        rollup.rebuild(stale)
