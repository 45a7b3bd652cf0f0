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


def _build_stale(using="default", verbosity=1, **kwargs):
    """After migrate (and a test database's flush), build what the rollup lacks."""
    import os

    from antq.indicators import rollup

    if os.environ.get("ANTQ_ROLLUP_ON_MIGRATE") == "0":  # the caller builds it (the benchmark)
        return
    stale = rollup.stale_keys()
    if stale:
        n = rollup.rebuild(stale)
        if verbosity >= 1:
            print(f"antq: indicator rollup built for {n} indicators")
