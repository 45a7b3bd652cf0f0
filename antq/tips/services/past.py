"""Tips of the past, loaded from a file in the state their register shows (the import of past
tips): each row is replayed through the workflow's rules (choices.ALLOWED_FROM for the order
of the steps, antq.tips.deadlines for the legal clock), and written with the events the steps
would have written. No reporter identity is taken: a past tip has none in antq."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.copying import bulk_insert
from antq.core.import_checks import build, relate
from antq.core.services import bulk_save_with_history
from antq.formats import format_date
from antq.indicators import rollup
from antq.tallies.selectors import tip_count_months
from antq.tips import deadlines
from antq.tips.choices import ALLOWED_FROM, EventKind, TipStatus
from antq.tips.choices import Action as Step
from antq.tips.models import Tip, TipEvent, new_code
from antq.tips.services.common import apply_clock, local_today

# the step that reaches each outcome, and the event it writes
OUTCOME_STEPS = {
    TipStatus.DECIDED_PROSECUTE: (Step.DECIDE, EventKind.DECIDED_PROSECUTE),
    TipStatus.DECIDED_NOT_PROSECUTE: (Step.DECIDE, EventKind.DECIDED_NOT_PROSECUTE),
    TipStatus.TRANSFERRED_OUT: (Step.TRANSFER_OUT, EventKind.TRANSFERRED_OUT),
    TipStatus.CLOSED_NOT_CRIME: (Step.CLOSE, EventKind.CLOSED_NOT_CRIME),
    TipStatus.SUSPENDED: (Step.SUSPEND, EventKind.SUSPENDED),
}


def month_of(day: date) -> date:
    return day.replace(day=1)


def tallied_tips_error(area, month):
    return _(
        "{area} reported its tips for {month} as counts in its monthly tally: a tip received "
        "that month cannot be entered in the register as well."
    ).format(area=area.name, month=month.strftime("%Y-%m"))


def check_not_tallied(area, received_on, field="received_on"):
    """One source per unit and month: a register tip is refused for a month whose monthly
    tally carries tip counts (the tip is counted by its unit and the month it was received)."""
    month = month_of(received_on)
    if (area.pk, month) in tip_count_months({area.pk}, {month}):
        raise ValidationError({field: tallied_tips_error(area, month)})


class _Replay:
    """The steps of one past tip, in order, each checked as the workflow's service checks it."""

    def __init__(self, received_on, *, stepwise=True):
        self.events = [build(TipEvent, kind=EventKind.RECEIVED, on=received_on)]
        self.status = TipStatus.RECEIVED
        # stepwise: the clock replayed after each step, so that a step the law refuses is
        # named by its own column; otherwise once, at the end (`finish`), for a tip whose
        # steps all pass (`_replayed`)
        self.stepwise = stepwise
        self.clock = deadlines.clock(self.events) if stepwise else None

    def step(self, step, kind, on, column, *, status, until_column="", **event):
        if on > local_today():
            raise ValidationError({column: _("This date is in the future.")})
        previous = self.events[-1].on
        if on < previous:
            raise ValidationError(
                {
                    column: _(
                        "The previous step was on {day}; date this one on or after it."
                    ).format(day=format_date(previous))
                }
            )
        if self.status not in ALLOWED_FROM[step] and self.status == TipStatus.RECEIVED:
            # verification began when the tip came in: a past register does not date it
            self.events.append(build(TipEvent, kind=EventKind.VERIFYING, on=self.events[0].on))
            self.status = TipStatus.VERIFYING
        if self.status not in ALLOWED_FROM[step]:
            raise ValidationError(
                {
                    column: _("“{step}” is not possible for a tip that is “{status}”.").format(
                        step=Step(step).label, status=TipStatus(self.status).label
                    )
                }
            )
        row = build(TipEvent, kind=kind, on=on, **event)
        if self.stepwise:
            try:
                self.clock = deadlines.clock([*self.events, row])
            except deadlines.DeadlineError as exc:
                field = until_column if exc.field == "until" and until_column else column
                raise ValidationError({field: exc.message}) from None
        self.events.append(row)
        self.status = status

    def finish(self):
        if not self.stepwise:
            self.clock = deadlines.clock(self.events)
        return self


def _replayed(received_on, steps):
    """The replay of a past tip's `steps` ([(args, keywords)] of `_Replay.step`), as step by
    step replay leaves it; ValidationError on the column of the first step refused.

    The steps' own dates never go back (`step` refuses a date before the previous step's), so
    the clock's replay of all the events takes them in the order the steps gave them: it
    passes exactly when each step's replay passes, and ends where the last one does. The
    clock is then replayed once, at the end; only a tip refused somewhere is replayed again
    step by step, for the step and column to name."""
    try:
        replay = _Replay(received_on, stepwise=False)
        for args, keywords in steps:
            replay.step(*args, **keywords)
        return replay.finish()
    except (ValidationError, deadlines.DeadlineError):
        pass
    replay = _Replay(received_on)
    for args, keywords in steps:
        replay.step(*args, **keywords)
    return replay


def past_tip(
    *,
    area,
    legal_kind,
    channel,
    category,
    summary,
    received_on: date,
    occurred_on: date | None = None,
    occurred_time: time | None = None,
    outcome=None,
    outcome_on: date | None = None,
    to_agency="",
    extended_on: date | None = None,
    extended_until: date | None = None,
    extended_again_on: date | None = None,
    extended_again_until: date | None = None,
    suspended_on: date | None = None,
    resumed_on: date | None = None,
) -> Tip:
    """An unsaved tip received on `received_on` by `area`, in the state its steps leave it,
    with those steps' events (unsaved) in `past_events`; for tip_bulk_create. ValidationError
    names the argument that is wrong. A category no longer in use is accepted: the tips of the
    past were filed under the catalogue of their day."""
    if received_on > local_today():
        raise ValidationError({"received_on": _("This date is in the future.")})
    if outcome and outcome_on is None:
        raise ValidationError({"outcome_on": _("Give the date of the outcome.")})
    if outcome_on is not None and not outcome:
        raise ValidationError({"outcome": _("Give the outcome this date is for.")})
    if to_agency and outcome != TipStatus.TRANSFERRED_OUT:
        raise ValidationError(
            {"to_agency": _("Only a tip transferred to another agency names the agency.")}
        )
    if outcome == TipStatus.TRANSFERRED_OUT and not to_agency:
        raise ValidationError({"to_agency": _("Name the agency the tip was transferred to.")})
    for on, until, on_column in (
        (extended_on, extended_until, "extended_on"),
        (extended_again_on, extended_again_until, "extended_again_on"),
    ):
        if until is not None and on is None:
            raise ValidationError({on_column: _("Give the date the extension was granted.")})
    if extended_again_on and not extended_on:
        raise ValidationError(
            {"extended_on": _("A second extension needs the first extension before it.")}
        )
    if outcome == TipStatus.SUSPENDED and (suspended_on or resumed_on):
        raise ValidationError(
            {
                "outcome": _(
                    "A tip whose outcome is a suspension is suspended on the outcome's date; "
                    "leave the suspension and resumption columns empty."
                )
            }
        )
    if resumed_on and not suspended_on:
        raise ValidationError({"suspended_on": _("Only a suspended tip can be resumed.")})

    steps = []
    if extended_on:
        steps.append(
            (
                (Step.EXTEND, EventKind.EXTENDED, extended_on, "extended_on"),
                {
                    "status": TipStatus.EXTENDED,
                    "until_column": "extended_until",
                    "until": extended_until,
                },
            )
        )
    if extended_again_on:
        steps.append(
            (
                (Step.EXTEND, EventKind.EXTENDED_SECOND, extended_again_on, "extended_again_on"),
                {
                    "status": TipStatus.EXTENDED,
                    "until_column": "extended_again_until",
                    "until": extended_again_until,
                    "procuracy_approved": True,
                },
            )
        )
    if suspended_on:
        steps.append(
            (
                (Step.SUSPEND, EventKind.SUSPENDED, suspended_on, "suspended_on"),
                {"status": TipStatus.SUSPENDED},
            )
        )
    if resumed_on:
        steps.append(
            (
                (Step.RESUME, EventKind.RESUMED, resumed_on, "resumed_on"),
                {"status": TipStatus.RESUMED},
            )
        )
    if outcome:
        step, kind = OUTCOME_STEPS[outcome]
        steps.append(
            ((step, kind, outcome_on, "outcome_on"), {"status": outcome, "to_agency": to_agency})
        )
    replay = _replayed(received_on, steps)

    decided = outcome in (TipStatus.DECIDED_PROSECUTE, TipStatus.DECIDED_NOT_PROSECUTE)
    tip = build(
        Tip,
        area=area,
        received_by_area=area,
        legal_kind=legal_kind,
        channel=channel,
        category=category,
        summary=summary,
        received_on=received_on,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        code=new_code(received_on.year),
        status=replay.status,
        decided_on=outcome_on if decided else None,
    )
    apply_clock(tip, replay.clock)
    tip.past_events = replay.events
    return tip


def _unique_codes(records):
    """Give a new code to each record whose code another tip or an earlier record of the list
    already has: one query, and one more for each (rare) clash."""
    taken = set(
        Tip.objects.filter(code__in=[t.code for t in records]).values_list("code", flat=True)
    )
    used = set()
    for tip in records:
        while tip.code in taken or tip.code in used:
            tip.code = new_code(tip.received_on.year)
            if Tip.objects.filter(code=tip.code).exists():
                taken.add(tip.code)
        used.add(tip.code)


@transaction.atomic
def tip_bulk_create(*, records, acting_user, reason) -> list[Tip]:
    """Many past tips (an import), each built by `past_tip`, with the events of its steps; none
    in a unit and month whose monthly tally carries tip counts."""
    months = {(tip.area_id, month_of(tip.received_on)) for tip in records}
    clash = months & tip_count_months({a for a, _m in months}, {m for _a, m in months})
    if clash:
        area_id, month = min(clash)
        area = next(tip.area for tip in records if tip.area_id == area_id)
        raise ValidationError({"received_on": tallied_tips_error(area, month)})
    _unique_codes(records)
    created = bulk_save_with_history(Tip, records, acting_user=acting_user, reason=reason)
    events = []
    for tip in created:
        for event in tip.past_events:
            relate(event, "tip", tip)
            relate(event, "by", acting_user)
            if event.kind == EventKind.RECEIVED:
                relate(event, "to_area", tip.area)
            events.append(event)
    bulk_insert(TipEvent, events)
    rollup.records_created(Tip, created)
    return created
