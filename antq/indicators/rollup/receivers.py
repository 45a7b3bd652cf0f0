"""The rollup's signal receivers, connected to the models each app names (`connect`, called
from the counted apps' `ready()`), and the system check that the named models are exactly
those the indicators depend on."""

from django.core import checks
from django.db.models import signals

from antq.indicators.rollup.keep import (
    capture,
    locked,
    read_by_delete,
    records_created,
    release,
)
from antq.indicators.rollup.plans import counted_models, watched_fields

CONNECTED = set()  # the models connect() was given


def connect(*models):
    """Keep the rollup on every save() and delete() of `models` (an app's ready())."""
    for model in models:
        uid = f"antq-rollup-{model._meta.label}"
        signals.pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        signals.post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        signals.pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
        CONNECTED.add(model)


def connected_check(app_configs=None, **kwargs):
    """A model the indicators depend on whose writes nobody connected would leave the rollup
    behind its records; one connected that nothing depends on costs every write for nothing."""
    needed = counted_models()
    errors = [
        checks.Error(
            f"{model._meta.label}: the indicators depend on it, but no app's ready() calls "
            "rollup.connect() with it",
            id="antq.E101",
        )
        for model in sorted(needed - CONNECTED, key=lambda m: m._meta.label)
    ]
    errors += [
        checks.Error(
            f"{model._meta.label}: connected to the rollup, but no indicator depends on it",
            id="antq.E102",
        )
        for model in sorted(CONNECTED - needed, key=lambda m: m._meta.label)
    ]
    return errors


def _changed_fields(instance, watched):
    """The watched fields whose value in the database differs from the instance's."""
    model = type(instance)
    concrete = {f.name: f for f in model._meta.concrete_fields}
    names = [n for n in watched if n in concrete]
    old = locked(model._base_manager.filter(pk=instance.pk), no_key=True)
    old = old.values(*[concrete[n].attname for n in names]).first()
    if old is None:
        return None
    return {n for n in names if old[concrete[n].attname] != getattr(instance, concrete[n].attname)}


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or not watched_fields(sender):
        return
    if instance._state.adding or instance.pk is None:
        instance._antq_rollup = None
        return
    changed = _changed_fields(instance, watched_fields(sender))
    if changed == set():
        instance._antq_rollup = []
        return
    instance._antq_rollup = capture(sender, [instance.pk], changed)


def _post_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    captured = instance.__dict__.pop("_antq_rollup", None)
    if captured is None:  # created: only its own figures
        records_created(sender, [instance])
        return
    release(captured)


def _pre_delete(sender, instance, **kwargs):
    if read_by_delete(sender, instance.pk):
        return  # read with the rest of its deletion (keep.delete)
    list(locked(sender._base_manager.filter(pk=instance.pk)).values("pk"))
    instance._antq_rollup_delete = capture(sender, [instance.pk], gone=True)


def _post_delete(sender, instance, **kwargs):
    captured = instance.__dict__.pop("_antq_rollup_delete", None)
    if captured:
        release(captured)
