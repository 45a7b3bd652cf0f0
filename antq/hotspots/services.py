"""Every write to hotspots and their status."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.scoping import Action
from antq.core.services import (
    bulk_save_with_history,
    check_status_change_date,
    delete_with_history,
    require_record_right,
    save_with_history,
    scoped_create,
    scoped_update,
)
from antq.hotspots.choices import STATUS_TRANSITIONS, HotspotStatus
from antq.hotspots.models import Hotspot, HotspotStatusChange
from antq.indicators import rollup

# `status` and `settled_on` change only through hotspot_set_status once the hotspot exists.
HOTSPOT_FIELDS = ("title", "kind", "opened_on", "notes")


@transaction.atomic
def hotspot_create(*, acting_user, area, **fields) -> Hotspot:
    """A new hotspot (watched, being settled, or recorded after it was settled), with its first
    status row."""
    hotspot = scoped_create(Hotspot, acting_user=acting_user, area=area, **fields)
    HotspotStatusChange.initial_for(hotspot, acting_user).save()
    return hotspot


@transaction.atomic
def hotspot_bulk_create(*, records, acting_user, reason) -> list[Hotspot]:
    """Many new hotspots (an import), each with its first status row, as hotspot_create."""
    created = bulk_save_with_history(Hotspot, records, acting_user=acting_user, reason=reason)
    rollup.records_created(Hotspot, created)
    HotspotStatusChange.objects.bulk_create(
        [HotspotStatusChange.initial_for(hotspot, acting_user) for hotspot in created]
    )
    return created


@transaction.atomic
def hotspot_update(*, acting_user, instance: Hotspot, reason="", **changes) -> Hotspot:
    for name in ("status", "settled_on"):
        if name in changes and changes[name] == getattr(instance, name):
            changes.pop(name)  # the same value sent back is no change
    return scoped_update(
        instance, acting_user=acting_user, allowed=HOTSPOT_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def hotspot_delete(*, acting_user, instance: Hotspot, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def hotspot_set_status(
    *, acting_user, instance: Hotspot, status, on: date | None = None, reason=""
) -> Hotspot:
    """Move a hotspot to another status. Settling dates it (`on`, today by default); reopening a
    settled hotspot needs a reason and clears its settlement date. Each change is kept."""
    require_record_right(acting_user, Action.CHANGE, instance)
    # the status under a row lock, so that two concurrent changes cannot both pass the check
    current = (
        Hotspot.objects.select_for_update().values_list("status", flat=True).get(pk=instance.pk)
    )
    instance.status = current
    reason = (reason or "").strip()
    on = on or date.today()
    if status not in HotspotStatus.values:
        raise ValidationError({"status": _("Unknown status “{value}”.").format(value=status)})
    if status not in STATUS_TRANSITIONS[HotspotStatus(current)]:
        raise ValidationError(
            {
                "status": _("The hotspot is already “{status}”.").format(
                    status=HotspotStatus(current).label
                )
            }
        )
    if current == HotspotStatus.SETTLED and not reason:
        raise ValidationError({"reason": _("Say why the settled hotspot is reopened.")})
    check_status_change_date(
        instance,
        on,
        begun_on=instance.opened_on,
        before_begun=_("This date is before the hotspot arose."),
    )
    instance.status = status
    instance.settled_on = on if status == HotspotStatus.SETTLED else None
    save_with_history(
        instance,
        acting_user=acting_user,
        reason=reason
        or _("Status changed to “{status}”.").format(status=HotspotStatus(status).label),
    )
    HotspotStatusChange.objects.create(
        hotspot=instance,
        from_status=current,
        to_status=status,
        changed_on=on,
        reason=reason,
        changed_by=acting_user,
    )
    return instance
