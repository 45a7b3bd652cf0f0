"""Every write to monthly tallies: create, correct, delete, and the workflow's steps.

An editor of the commune enters and submits its tally. The approval levels above it decide in
turn (tallies/approval.py): each either approves it (accepted at an intermediate level, approved
at the last, and locked from the first) or returns it with a reason; the commune corrects a
returned tally and resubmits it. The level that approved it last may unapprove it, with a reason,
which undoes that approval. Every step is kept as a TallyStatusChange (who, when, level, why)
beside the record's history.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from antq.core.scoping import Action
from antq.core.services import (
    BULK_BATCH,
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
from antq.tallies import approval
from antq.tallies.choices import (
    COUNT_FIELDS,
    LOCKED_STATUSES,
    TIP_COUNT_FIELDS,
    TallyStatus,
    TallyStep,
)
from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq.tallies.months import month_text, parse_month
from antq.tips.selectors import register_tip_months

EDITABLE_FIELDS = ("month", *COUNT_FIELDS, *TIP_COUNT_FIELDS, "notes")
APPROVAL_FIELDS = ["status", "approved_level", "approved_by", "approved_at", "updated_at"]


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


_status_error = approval.status_error


def _lock_status(instance):
    """Read the status again under a row lock, so two concurrent steps cannot both pass."""
    instance.status = (
        MonthlyTally.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=instance.pk)
    )
    return instance.status


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
    """Correct a draft, submitted or returned tally; an accepted or approved one is locked."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) in LOCKED_STATUSES:
        raise _status_error(
            instance,
            _(
                "This tally is “{status}” and locked: the approver who approved it must "
                "unapprove it before it is changed."
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


def _history_reason(step, level=None, reason=""):
    """The history's note of a step: "Approved: Province level", "Returned for correction: …"."""
    parts = [str(TallyStep(step).label)]
    if level is not None:
        parts.append(_("{level} level").format(level=approval.level_name(level)))
    return ": ".join([*parts, reason] if reason else parts)


def _step(instance, *, acting_user, step, to_status, reason="", level=None):
    """Move the tally to `to_status` and keep the step (TallyStatusChange and the history)."""
    change = TallyStatusChange(
        tally=instance,
        from_status=instance.status,
        to_status=to_status,
        step=step,
        level=level,
        reason=reason,
        changed_by=acting_user,
    )
    instance.status = to_status
    saved = save_with_history(
        instance, acting_user=acting_user, reason=_history_reason(step, level, reason)
    )
    change.full_clean()
    change.save()
    return saved


def _reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


@transaction.atomic
def tally_submit(*, acting_user, instance: MonthlyTally) -> MonthlyTally:
    """An editor of the commune sends the draft up for approval."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) != TallyStatus.DRAFT:
        raise _status_error(instance, _("This tally is “{status}”: only a draft can be submitted."))
    instance.submitted_by = acting_user
    instance.submitted_at = timezone.now()
    return _step(
        instance, acting_user=acting_user, step=TallyStep.SUBMIT, to_status=TallyStatus.SUBMITTED
    )


@transaction.atomic
def tally_resubmit(*, acting_user, instance: MonthlyTally) -> MonthlyTally:
    """An editor of the commune sends the corrected tally up again, after a return. The first
    submission stays the tally's `submitted_at` (timeliness counts from it); the step keeps
    this one."""
    require_record_right(acting_user, Action.CHANGE, instance)
    if _lock_status(instance) != TallyStatus.RETURNED:
        raise _status_error(
            instance, _("This tally is “{status}”: only a returned tally can be resubmitted.")
        )
    return _step(
        instance,
        acting_user=acting_user,
        step=TallyStep.RESUBMIT,
        to_status=TallyStatus.SUBMITTED,
    )


def _decision(acting_user, instance):
    """The tally's chain of levels and the level it waits for, once the user may decide it."""
    chain = approval.chains([instance.area])[instance.area_id]
    acting = approval.acting_levels(acting_user, [instance.area])[instance.area_id]
    if acting is None:
        raise approval.level_refusal(instance, chain, acting)
    _lock_status(instance)
    refusal = approval.level_refusal(instance, chain, acting)
    if refusal is not None:
        raise refusal
    return chain, approval.next_level(instance, chain)


def _approve(instance, *, acting_user, chain, level):
    last = level == chain[-1]
    instance.approved_level = level
    instance.approved_by = acting_user
    instance.approved_at = timezone.now()
    return _step(
        instance,
        acting_user=acting_user,
        step=TallyStep.APPROVE,
        to_status=TallyStatus.APPROVED if last else TallyStatus.ACCEPTED,
        level=level,
    )


@transaction.atomic
def tally_approve(*, acting_user, instance: MonthlyTally) -> MonthlyTally:
    """The level the tally waits for approves it: accepted at an intermediate level, approved at
    the last; locked either way. Refused before the tally's period has ended, and while a unit
    before this level has communes not accepted there (ANTQ_APPROVAL_CHILDREN_FIRST)."""
    chain, level = _decision(acting_user, instance)
    error = approval.period_error(instance) or approval.children_refusals(
        [instance], {instance.area_id: chain}
    ).get(instance.pk)
    if error is not None:
        raise error
    _approve(instance, acting_user=acting_user, chain=chain, level=level)
    notifications.tally_approved(tally=instance, acting_user=acting_user)
    return instance


@transaction.atomic
def tally_bulk_approve(*, acting_user, tallies) -> tuple[list, list]:
    """Approve each of `tallies` the user may approve now; ([approved], [(tally, refusal)]) for
    the rest, each refused for its own reason (not all or nothing). The checks are made for all
    of them at once: the statuses under one row lock, the levels, the periods, the children."""
    tallies = list(tallies)
    current = {
        pk: (status, level)
        for pk, status, level in MonthlyTally.objects.select_for_update()
        .filter(pk__in=[t.pk for t in tallies])
        .values_list("pk", "status", "approved_level")
    }
    for tally in tallies:
        tally.status, tally.approved_level = current[tally.pk]
    areas = {t.area_id: t.area for t in tallies}.values()
    chain_of = approval.chains(areas)
    acting_of = approval.acting_levels(acting_user, areas)
    children = approval.children_refusals(tallies, chain_of)
    approved, refused, steps = [], [], []
    now = timezone.now()
    for tally in tallies:
        chain = chain_of[tally.area_id]
        error = (
            approval.level_refusal(tally, chain, acting_of[tally.area_id])
            or approval.period_error(tally)
            or children.get(tally.pk)
        )
        if error is not None:
            refused.append((tally, error))
            continue
        level = approval.next_level(tally, chain)
        to_status = TallyStatus.APPROVED if level == chain[-1] else TallyStatus.ACCEPTED
        steps.append(
            TallyStatusChange(
                tally=tally,
                from_status=tally.status,
                to_status=to_status,
                step=TallyStep.APPROVE,
                level=level,
                changed_by=acting_user,
                changed_at=now,
            )
        )
        tally.status, tally.approved_level = to_status, level
        tally.approved_by, tally.approved_at, tally.updated_at = acting_user, now, now
        tally._change_reason = _history_reason(TallyStep.APPROVE, level)
        tally._history_user = acting_user
        approved.append(tally)
    if approved:
        # a few statements for them all: the update with its history rows, the rollup's figures
        # before and after (tallies.approved counts by status), and the steps
        changed = MonthlyTally.objects.filter(pk__in=[t.pk for t in approved])
        with rollup.bulk_change(changed, APPROVAL_FIELDS):
            bulk_update_with_history(
                approved,
                MonthlyTally,
                APPROVAL_FIELDS,
                batch_size=BULK_BATCH,
                default_user=acting_user,
            )
        TallyStatusChange.objects.bulk_create(steps, batch_size=BULK_BATCH)
        notifications.tallies_approved(tallies=approved, acting_user=acting_user)
    return approved, refused


@transaction.atomic
def tally_return(*, acting_user, instance: MonthlyTally, reason: str) -> MonthlyTally:
    """The level the tally waits for sends it back to the commune for correction, saying why;
    an acceptance at a level before is undone with it."""
    reason = _reason(reason, _("Say why the tally is returned: the commune reads it."))
    _chain, level = _decision(acting_user, instance)
    instance.approved_level = None
    instance.approved_by = None
    instance.approved_at = None
    _step(
        instance,
        acting_user=acting_user,
        step=TallyStep.RETURN,
        to_status=TallyStatus.RETURNED,
        reason=reason,
        level=level,
    )
    notifications.tally_returned(tally=instance, acting_user=acting_user, reason=reason)
    return instance


@transaction.atomic
def tally_unapprove(*, acting_user, instance: MonthlyTally, reason: str) -> MonthlyTally:
    """The level that approved the tally last undoes its approval, saying why: the tally waits
    for that level again (accepted at the level before, or submitted, and open for correction
    when no level has approved it)."""
    reason = _reason(reason, _("Say why the approval is withdrawn."))
    chain = approval.chains([instance.area])[instance.area_id]
    acting = approval.for_chain(
        approval.acting_levels(acting_user, [instance.area])[instance.area_id], chain
    )
    if acting is None:
        raise PermissionDenied(
            _("Only an approver at a level above the commune may unapprove its tally.")
        )
    if _lock_status(instance) not in LOCKED_STATUSES:
        raise _status_error(
            instance, _("This tally is “{status}”: only an approved tally can be unapproved.")
        )
    level = instance.approved_level if instance.approved_level in chain else chain[-1]
    if acting not in (approval.ANYWHERE, level):
        raise PermissionDenied(
            _(
                "Only an approver at the {level} level, which approved this tally, may "
                "unapprove it."
            ).format(level=approval.level_name(level))
        )
    at = chain.index(level)
    before = chain[at - 1] if at > 0 else None
    previous = (
        instance.status_changes.filter(step=TallyStep.APPROVE, level=before).first()
        if before is not None
        else None
    )
    instance.approved_level = before
    instance.approved_by = previous.changed_by if previous else None
    instance.approved_at = previous.changed_at if previous else None
    return _step(
        instance,
        acting_user=acting_user,
        step=TallyStep.UNAPPROVE,
        to_status=TallyStatus.ACCEPTED if before is not None else TallyStatus.SUBMITTED,
        reason=reason,
        level=level,
    )
