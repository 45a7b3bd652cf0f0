from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "antq.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from antq.areas.models import Area
        from antq.indicators import rollup
        from antq.indicators.rollup.receivers import connected_check

        # every app declares its indicators and their groups in its own indicators.py
        autodiscover_modules("indicators")
        # the area tree every figure hangs on; each counted app connects its own record types
        rollup.connect(Area)
        checks.register(connected_check)
        post_migrate.connect(_build_stale, sender=self, dispatch_uid="antq-rollup-build")
        # the worker folds the writes' pending deltas into the cells every few seconds
        from antq.core import jobs

        jobs.every_seconds(FOLD_SECONDS, _fold)


FOLD_SECONDS = 2


def _fold():
    from antq.indicators import rollup

    rollup.fold(wait=False)


def _build_stale(using="default", verbosity=1, **kwargs):
    """After migrate (and a test database's flush): what the rollup lacks is built inline only
    when there are no records to read; otherwise the rebuild is queued for the worker (a long
    rebuild must not hold a deploy), and the stale indicators are computed from the records
    until it has finished."""
    import os

    from antq.indicators import rollup
    from antq.indicators.tasks import rebuild_stale

    if os.environ.get("ANTQ_ROLLUP_ON_MIGRATE") == "0":  # the caller builds it (the benchmark)
        return
    stale = rollup.stale_keys()
    if not stale:
        return
    plans = [plan for plan in rollup.plans().values() if stale & set(plan.keys)]
    if any(plan.model._base_manager.exists() for plan in plans):
        rebuild_stale.enqueue()
        if verbosity >= 1:
            print(f"antq: indicator rollup of {len(stale)} indicators queued for the worker")
        return
    n = rollup.rebuild(stale)
    if verbosity >= 1:
        print(f"antq: indicator rollup built for {n} indicators")
