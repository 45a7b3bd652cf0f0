"""The workflow steps of a tip. Each step appends a TipEvent and recomputes the tip's stored
clock (`due_on`, `extensions`, `settled_on`, `settled_due_on`) from all its events with
antq.tips.deadlines."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.scoping import Action, can
from antq.core.services import require_record_right, save_with_history
from antq.tips import deadlines
from antq.tips.choices import ALLOWED_FROM, OFF_CLOCK, EventKind, TipStatus
from antq.tips.choices import Action as Step
from antq.tips.models import HANDLING_LEVELS, Tip, TipEvent
from antq.tips.services.common import apply_clock, clean_text, events_of, local_today, locked_tip
from antq.tips.services.past import check_not_tallied


def _begin(acting_user, tip, step):
    """The tip re-read under a row lock (two concurrent steps cannot both pass the checks),
    once the user's right and the step's starting status are checked."""
    fresh = locked_tip(tip)
    require_record_right(acting_user, Action.CHANGE, fresh)
    if fresh.status not in ALLOWED_FROM[step]:
        raise ValidationError(
            {
                "status": _("“{step}” is not possible for a tip that is “{status}”.").format(
                    step=Step(step).label, status=TipStatus(fresh.status).label
                )
            }
        )
    return fresh


def _record(tip, *, acting_user, kind, on=None, status=None, reason="", changes=None, **event):
    """Append one event: check its date and the clock, then save the tip's new state."""
    events = events_of(tip)
    on = on or local_today()
    if on > local_today():
        raise ValidationError({"on": _("This date is in the future.")})
    # footage requests and answers are not steps: a step may be dated before them
    steps = [e for e in events if e.kind not in OFF_CLOCK]
    if steps and on < steps[-1].on:
        raise ValidationError(
            {
                "on": _("The previous step was on {day}; date this one on or after it.").format(
                    day=steps[-1].on.isoformat()
                )
            }
        )
    row = TipEvent(tip=tip, kind=kind, on=on, by=acting_user, reason=reason, **event)
    try:
        clock = deadlines.clock([*events, row])
    except deadlines.DeadlineError as exc:
        raise ValidationError({exc.field: exc.message}) from None
    apply_clock(tip, clock)
    if status is not None:
        tip.status = status
    for name, value in (changes or {}).items():
        setattr(tip, name, value)
    said = reason or str(EventKind(kind).label)
    if event.get("late_reason"):
        said = _("{reason} (requested late: {late})").format(reason=said, late=event["late_reason"])
    save_with_history(tip, acting_user=acting_user, reason=said)
    row.save()
    return tip


@transaction.atomic
def tip_assign(*, acting_user, tip: Tip, assignee, on: date | None = None, reason="") -> Tip:
    """Give the tip to an officer who may work on tips of its unit."""
    tip = _begin(acting_user, tip, Step.ASSIGN)
    if assignee is None or not assignee.is_active or not can(assignee, Action.CHANGE, tip.area):
        raise ValidationError(
            {"assignee": _("Choose an officer who may work on the tips of this unit.")}
        )
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.ASSIGNED,
        on=on,
        reason=clean_text("reason", reason),
        changes={"assigned_to": assignee},
        assignee=assignee,
    )


@transaction.atomic
def tip_start_verifying(*, acting_user, tip: Tip, on: date | None = None) -> Tip:
    tip = _begin(acting_user, tip, Step.VERIFY)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.VERIFYING,
        on=on,
        status=TipStatus.VERIFYING,
    )


@transaction.atomic
def tip_extend(
    *,
    acting_user,
    tip: Tip,
    reason,
    on: date | None = None,
    until: date | None = None,
    procuracy_approved: bool = False,
    requested_on: date | None = None,
    late_reason="",
) -> Tip:
    """Extend the time limit (art. 147(2)): first for a complex case, to at most 2 months from
    receipt; then once more, on the procuracy's approval, by at most 2 months. `until` grants
    less than the maximum.

    The request is due at least 5 days before the period expires (art. 147(2)). `requested_on`
    (by default the day of the decision) later than that needs `late_reason`, which the event
    and the tip's history keep."""
    reason = clean_text(
        "reason", reason, required=True, message=_("Say why the time limit is extended.")
    )
    late_reason = clean_text("late_reason", late_reason)
    tip = _begin(acting_user, tip, Step.EXTEND)
    decided_on = on or local_today()
    requested_on = requested_on or decided_on
    if requested_on > decided_on:
        raise ValidationError(
            {"requested_on": _("An extension is requested on or before the day it is decided.")}
        )
    late = deadlines.extension_request_is_late(tip.due_on, requested_on)
    expired = tip.due_on is not None and decided_on > tip.due_on  # the clock says so (field "on")
    if late and not late_reason and not expired:
        raise ValidationError(
            {
                "late_reason": _(
                    "The extension had to be requested by {day}, 5 days before the time limit "
                    "expires (Criminal Procedure Code, art. 147(2)); it was requested on "
                    "{requested}. Give the reason the request came late."
                ).format(
                    day=deadlines.extension_request_due(tip.due_on).isoformat(),
                    requested=requested_on.isoformat(),
                )
            }
        )
    if tip.extensions == 0:
        kind = EventKind.EXTENDED
    elif tip.extensions == 1:
        if not procuracy_approved:
            raise ValidationError(
                {"procuracy_approved": _("A second extension needs the procuracy's approval.")}
            )
        kind = EventKind.EXTENDED_SECOND
    else:
        raise ValidationError(
            {"status": _("The time limit was already extended twice; the law allows no more.")}
        )
    return _record(
        tip,
        acting_user=acting_user,
        kind=kind,
        on=on,
        status=TipStatus.EXTENDED,
        reason=reason,
        until=until,
        procuracy_approved=bool(procuracy_approved),
        requested_on=requested_on,
        late_reason=late_reason if late else "",
    )


@transaction.atomic
def tip_suspend(*, acting_user, tip: Tip, reason, on: date | None = None) -> Tip:
    """Suspend the settlement (art. 148), e.g. awaiting an expert examination: the clock stops."""
    reason = clean_text("reason", reason, required=True, message=_("Say why the tip is suspended."))
    tip = _begin(acting_user, tip, Step.SUSPEND)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.SUSPENDED,
        on=on,
        status=TipStatus.SUSPENDED,
        reason=reason,
    )


@transaction.atomic
def tip_resume(*, acting_user, tip: Tip, on: date | None = None, reason="") -> Tip:
    """Cancel the suspension (art. 149): at most one month from today to settle."""
    tip = _begin(acting_user, tip, Step.RESUME)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.RESUMED,
        on=on,
        status=TipStatus.RESUMED,
        reason=clean_text("reason", reason),
    )


@transaction.atomic
def tip_decide(*, acting_user, tip: Tip, prosecute: bool, on: date | None = None, notes="") -> Tip:
    """The decision to prosecute or not to prosecute, dated `on` (the decision's date)."""
    notes = clean_text("notes", notes)
    tip = _begin(acting_user, tip, Step.DECIDE)
    on = on or local_today()
    kind = EventKind.DECIDED_PROSECUTE if prosecute else EventKind.DECIDED_NOT_PROSECUTE
    return _record(
        tip,
        acting_user=acting_user,
        kind=kind,
        on=on,
        status=TipStatus(kind.value),
        reason=notes,
        changes={"decided_on": on, "outcome_notes": notes},
    )


@transaction.atomic
def tip_transfer(*, acting_user, tip: Tip, to_area, reason, on: date | None = None) -> Tip:
    """Send the tip to the competent unit: one in the user's jurisdiction, or a unit above the
    current one (a commune to its province). The tip leaves the sender's inbox; the receiving
    unit's 20 days run from the transfer; the events keep the chain."""
    reason = clean_text(
        "reason", reason, required=True, message=_("Say why the tip is transferred.")
    )
    tip = _begin(acting_user, tip, Step.TRANSFER)
    if to_area is None or to_area.pk == tip.area_id:
        raise ValidationError({"to_area": _("Choose another unit.")})
    if to_area.level not in HANDLING_LEVELS:
        raise ValidationError({"to_area": _("Choose a commune, a ward or a province.")})
    above = tip.area.path.startswith(to_area.path)
    if not (above or can(acting_user, Action.VIEW, to_area)):
        raise ValidationError(
            {"to_area": _("Choose a unit in your jurisdiction or a unit above this one.")}
        )
    day = on or local_today()
    if not to_area.is_active_on(day):
        raise ValidationError({"to_area": _("This unit did not exist on that day.")})
    # the tip is counted by its unit from now on
    check_not_tallied(to_area, tip.received_on, field="to_area")
    from_area = tip.area
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.TRANSFERRED,
        on=day,
        status=TipStatus.RECEIVED,
        reason=reason,
        changes={"area": to_area, "assigned_to": None},
        from_area=from_area,
        to_area=to_area,
    )


@transaction.atomic
def tip_transfer_out(*, acting_user, tip: Tip, to_agency, reason="", on: date | None = None) -> Tip:
    """Send the tip to a competent body outside antq (the army's investigators, customs, the
    border guard …): it is settled here."""
    to_agency = clean_text("to_agency", to_agency, required=True, max_length=255)
    tip = _begin(acting_user, tip, Step.TRANSFER_OUT)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.TRANSFERRED_OUT,
        on=on,
        status=TipStatus.TRANSFERRED_OUT,
        reason=clean_text("reason", reason),
        to_agency=to_agency,
    )


@transaction.atomic
def tip_close_not_crime(*, acting_user, tip: Tip, reason, on: date | None = None) -> Tip:
    """Close a tip that is not a crime matter (a civil dispute, an administrative offence …)."""
    reason = clean_text(
        "reason", reason, required=True, message=_("Say why this is not a crime matter.")
    )
    tip = _begin(acting_user, tip, Step.CLOSE)
    return _record(
        tip,
        acting_user=acting_user,
        kind=EventKind.CLOSED_NOT_CRIME,
        on=on,
        status=TipStatus.CLOSED_NOT_CRIME,
        reason=reason,
    )
