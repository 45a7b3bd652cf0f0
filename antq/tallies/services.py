"""Every write to monthly tallies: create, correct, submit, approve, unlock, delete.

An editor of the commune enters and submits its tally; an approver holding a role above the
commune approves it, which locks it; only such an approver unlocks it again, with a reason that
is kept (TallyUnlock and the history), and the tally goes back to "submitted".
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antq.core.scoping import Action, can_at_higher_level
from antq.core.services import (
    bulk_save_with_history,
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
    scoped_create,
    scoped_update,
)
from antq.indicators import rollup
from antq.notifications import services as notifications
from antq.tallies.choices import COUNT_FIELDS, TIP_COUNT_FIELDS, TallyStatus
from antq.tallies.models import MonthlyTally, TallyUnlock
from antq.tallies.months import month_text, parse_month
from antq.tips.selectors import register_tip_months

EDITABLE_FIELDS = ("month", *COUNT_FIELDS, *TIP_COUNT_FIELDS, "notes")


def _month(value):
    """A date or a written month ("2024-03") → the month's first day; a field error otherwise."""
    if value is None:
        raise ValidationError({"month": _("This field is required.")})
    if isinstance(value, date | str):
        try:
            return parse_month(value)
        except ValueError as exc:
            raise ValidationError({"month": str(exc)}) from exc
    raise ValidationError({"month": _("Enter a month as YYYY-MM.")})


def _check_free(area, month, exclude_pk=None):
    """One tally per commune and month: say so on `month` (the constraint would say it on no
    field at all)."""
    clash = MonthlyTally.objects.filter(area=area, month=month)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if area is not None and clash.exists():
        raise ValidationError(
            {
                "month": _("{area} already has a tally for {month}.").format(
                    area=area.name, month=month_text(month)
                )
            }
        )


def register_tips_error(area, month, tips):
    return ngettext(
        "{area} has {n} tip received in {month} in antq's register, where the month's tip "
        "figures come from: leave this count empty.",
        "{area} has {n} tips received in {month} in antq's register, where the month's tip "
        "figures come from: leave this count empty.",
        tips,
    ).format(area=area.name, n=tips, month=month_text(month))


def tip_counts_field(values):
    """The first tip count given in `values` (a dict of field → value), or None."""
    return next((name for name in TIP_COUNT_FIELDS if values.get(name) is not None), None)


def _check_one_tip_source(area, month, values):
    """One source of tip figures per unit and month: a tally carries tip counts only for a
    month whose tips are not in the register (antq.tips)."""
    field = tip_counts_field(values)
    if field is None or area is None:
        return
    tips = register_tip_months({area.pk}, {month}).get((area.pk, month))
    if tips:
        raise ValidationError({field: register_tips_error(area, month, tips)})


def _status_error(tally, message):
    """A refusal that names the tally's status; `message` has a {status} placeholder."""
    return ValidationError({"status": message.format(status=TallyStatus(tally.status).label)})


def _lock_status(instance):
    """Read the status again under a row lock, so two concurrent steps cannot both pass."""
    instance.status = (
        MonthlyTally.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=instance.pk)
    )
    return instance.status


def _require_higher_approver(user, tally):
    if not can_at_higher_level(user, Action.APPROVE, tally.area):
        raise PermissionDenied(
            _("Only an approver at a level above the commune may approve or unlock its tally.")
        )


@transaction.atomic
def tally_create(*, acting_user, area, month, **fields) -> MonthlyTally:
    """A new tally, as a draft, for a commune the user may change."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    # rights first: whether a month is taken is nothing to tell someone outside the commune
    require_area_right(acting_user, Action.CHANGE, area)
    month = _month(month)
    _check_free(area, month)
    _check_one_tip_source(area, month, fields)
    return scoped_create(MonthlyTally, acting_user=acting_user, area=area, month=month, **fields)


@transaction.atomic
def tally_bulk_create(*, records, acting_user, reason) -> list[MonthlyTally]:
    """Many new draft tallies (an import; the file's rows were checked free, commune by month,
    and their tip counts against the register)."""
    with_counts = [t for t in records if t.has_tip_counts]
    clash = register_tip_months({t.area_id for t in with_counts}, {t.month for t in with_counts})
    for tally in with_counts:
        tips = clash.get((tally.area_id, tally.month))
        if tips:
            field = tip_counts_field({n: getattr(tally, n) for n in TIP_COUNT_FIELDS})
            raise ValidationError({field: register_tips_error(tally.area, tally.month, tips)})
    created = bulk_save_with_history(MonthlyTally, records, acting_user=acting_user, reason=reason)
    rollup.records_created(MonthlyTally, created)
    return created


@transaction.atomic
def tally_update(*, acting_user, instance: MonthlyTally, reason="", **changes) -> MonthlyTally:
    """Correct a draft or submitted tally; an approved one is locked."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) == TallyStatus.APPROVED:
        raise _status_error(
            instance,
            _(
                "This tally is “{status}” and locked: an approver above the commune must "
                "unlock it before it is changed."
            ),
        )
    if "area" in changes and changes["area"] != instance.area:
        require_area_right(acting_user, Action.CHANGE, changes["area"])
    if "month" in changes:
        changes["month"] = _month(changes["month"])
    area, month = changes.get("area", instance.area), changes.get("month", instance.month)
    if area != instance.area or month != instance.month:
        _check_free(area, month, exclude_pk=instance.pk)
    counts = {n: changes.get(n, getattr(instance, n)) for n in TIP_COUNT_FIELDS}
    _check_one_tip_source(area, month, counts)
    return scoped_update(
        instance, acting_user=acting_user, allowed=EDITABLE_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def tally_delete(*, acting_user, instance: MonthlyTally, reason=""):
    """Only a draft is deleted; a tally once submitted has been reported up."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) != TallyStatus.DRAFT:
        raise _status_error(instance, _("This tally is “{status}”: only a draft can be deleted."))
    delete_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def tally_submit(*, acting_user, instance: MonthlyTally) -> MonthlyTally:
    """An editor of the commune sends the draft up for approval."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) != TallyStatus.DRAFT:
        raise _status_error(instance, _("This tally is “{status}”: only a draft can be submitted."))
    instance.status = TallyStatus.SUBMITTED
    instance.submitted_by = acting_user
    instance.submitted_at = timezone.now()
    return save_with_history(instance, acting_user=acting_user, reason=_("Submitted"))


@transaction.atomic
def tally_approve(*, acting_user, instance: MonthlyTally) -> MonthlyTally:
    """An approver above the commune accepts the submitted figures; they are then locked."""
    _require_higher_approver(acting_user, instance)
    if _lock_status(instance) != TallyStatus.SUBMITTED:
        raise _status_error(
            instance, _("This tally is “{status}”: only a submitted tally can be approved.")
        )
    instance.status = TallyStatus.APPROVED
    instance.approved_by = acting_user
    instance.approved_at = timezone.now()
    save_with_history(instance, acting_user=acting_user, reason=_("Approved"))
    notifications.tally_approved(tally=instance, acting_user=acting_user)
    return instance


@transaction.atomic
def tally_unlock(*, acting_user, instance: MonthlyTally, reason: str) -> MonthlyTally:
    """Open an approved tally for correction; the reason is required and kept."""
    _require_higher_approver(acting_user, instance)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the tally is unlocked.")})
    if _lock_status(instance) != TallyStatus.APPROVED:
        raise _status_error(
            instance, _("This tally is “{status}”: only an approved tally can be unlocked.")
        )
    unlock = TallyUnlock(tally=instance, unlocked_by=acting_user, reason=reason)
    unlock.full_clean()
    unlock.save()
    instance.status = TallyStatus.SUBMITTED
    instance.approved_by = None
    instance.approved_at = None
    return save_with_history(
        instance, acting_user=acting_user, reason=_("Unlocked: {reason}").format(reason=reason)
    )
