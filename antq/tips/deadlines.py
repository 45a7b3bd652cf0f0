"""The legal clock of a crime report or tip: pure functions of its dated events, no database.

The rules, from the Criminal Procedure Code 2015 (Bộ luật Tố tụng hình sự, BLTTHS):

- art. 147(1): the competent body settles a tip within **20 days** of receiving it.
- art. 147(2): for a complex case, or one to verify in many places, the settlement period "may
  be prolonged but not beyond **2 months**" — the whole period, counted from receipt, so the
  first extension moves the due date to at most receipt + 2 months. If that is still not
  enough, the head of the procuracy "may extend **once**, by at most **2 months**": the second
  extension moves the due date to at most the current due date + 2 months (4 months in all).
  No third extension exists. The request for an extension is due **at least 5 days** before the
  period expires.
- art. 148: when the period expires, the body may **suspend** the settlement (awaiting an
  expert examination, a valuation, mutual legal assistance, documents …); a suspended tip has no
  running clock. A suspension is decided by the expiry at the latest: one dated after the due
  date is refused, so that suspending cannot clear a tip's overdue flag after the fact.
- art. 149: once the suspension is cancelled — the body resumes because the reason is gone, or
  the procuracy cancels the suspension — (**resumption**, one RESUMED event for both), the tip is
  settled within at most **1 month** of that day. That period is not extended.

Counting, following art. 134 (Tính thời hạn):

- A period in days ends at 24:00 of its last day, and the day of receipt does not count:
  received on 1 March → 20 days → due on 21 March (the last day on which the tip is on time;
  it is overdue from 22 March).
- A period in months ends on the same day number of the month it reaches; when that month has
  no such day, on its last day: 31 January + 1 month → 28 February (29 in a leap year);
  31 December + 2 months → 28/29 February of the next year.
- Days are calendar days. Art. 134 moves a period ending on a day off to the next working day;
  antq does **not** (public holidays follow the lunar calendar and are set each year by
  decree), so the due date shown is never later than the legal one, at most a few days earlier.

Two choices that the code makes and the Code leaves to practice:

- A transfer to another unit (chuyển) is that unit's receipt: the receiving body's 20 days run
  from the day of the transfer, with its own extensions (the sender's extensions do not follow
  the tip).
- An extension can be granted for less than the maximum (`until`); it cannot be granted after
  the period it extends has expired.
- A request to extend made later than 5 days before expiry (art. 147(2)) is not refused
  outright, since the procuracy may still grant it; the extension then needs the reason the
  request came late, recorded with it (`late_reason`), so that the lateness is on file.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from antq.formats import format_date
from antq.tips.choices import OFF_CLOCK, EventKind

BASE_DAYS = 20
FIRST_EXTENSION_MONTHS = 2  # the whole period, from receipt (art. 147(2))
SECOND_EXTENSION_MONTHS = 2  # beyond the current due date, on the procuracy's approval
AFTER_RESUMPTION_MONTHS = 1  # art. 149
REQUEST_LEAD_DAYS = 5  # a request to extend is due this many days before expiry

STOPS = (
    EventKind.DECIDED_PROSECUTE,
    EventKind.DECIDED_NOT_PROSECUTE,
    EventKind.TRANSFERRED_OUT,
    EventKind.CLOSED_NOT_CRIME,
)
RUNNING, SUSPENDED, STOPPED = "running", "suspended", "stopped"


class DeadlineError(ValueError):
    """An event the law does not allow at that point; `field` names what is wrong."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Event:
    """A dated event, for callers without TipEvent rows (any object with these attributes
    will do: TipEvent rows are read directly)."""

    kind: str
    on: date
    until: date | None = None


@dataclass(frozen=True)
class Clock:
    state: str  # running, suspended or stopped
    due: date | None  # the current due date; None while suspended or once settled
    started_on: date  # receipt, or the last transfer (the receiving unit's receipt)
    extensions: int  # extensions granted since started_on (0, 1 or 2)
    resumed: bool  # the period running is the month after a resumption
    last_due: date | None  # the due date in force when the clock was last stopped or suspended
    stopped_on: date | None  # the day of the decision, closure or transfer out

    @property
    def next_extension(self):
        """The kind of extension the law still allows now, or None."""
        if self.state != RUNNING or self.resumed or self.extensions >= 2:
            return None
        return EventKind.EXTENDED if self.extensions == 0 else EventKind.EXTENDED_SECOND

    @property
    def extension_limit(self):
        """The latest due date the next extension may set, or None if none is allowed."""
        kind = self.next_extension
        if kind == EventKind.EXTENDED:
            return add_months(self.started_on, FIRST_EXTENSION_MONTHS)
        if kind == EventKind.EXTENDED_SECOND:
            return add_months(self.due, SECOND_EXTENSION_MONTHS)
        return None


def add_days(day: date, days: int) -> date:
    """`days` calendar days after `day` (the day itself not counted)."""
    return day + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day number `months` later, or the last day of that month if it is shorter."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _extend(state, event):
    """The new due date after an extension event, or DeadlineError."""
    if state["resumed"]:
        raise DeadlineError(
            "status", _("After a resumption the time limit is one month and cannot be extended.")
        )
    if event.kind == EventKind.EXTENDED:
        if state["extensions"] >= 1:
            raise DeadlineError(
                "status",
                _(
                    "The time limit was already extended once; a further extension is the "
                    "procuracy's (the second extension)."
                ),
            )
        limit = add_months(state["started_on"], FIRST_EXTENSION_MONTHS)
    else:
        if state["extensions"] == 0:
            raise DeadlineError(
                "status", _("A second extension needs the first extension before it.")
            )
        if state["extensions"] >= 2:
            raise DeadlineError(
                "status", _("The time limit was already extended twice; the law allows no more.")
            )
        limit = add_months(state["due"], SECOND_EXTENSION_MONTHS)
    if event.on > state["due"]:
        raise DeadlineError(
            "on",
            _("The time limit expired on {day}; an expired time limit cannot be extended.").format(
                day=format_date(state["due"])
            ),
        )
    until = getattr(event, "until", None) or limit
    if until > limit:
        raise DeadlineError(
            "until",
            _("This extension can run to {day} at the latest.").format(day=format_date(limit)),
        )
    if until <= state["due"]:
        raise DeadlineError(
            "until",
            _("An extension ends after the current due date ({day}).").format(
                day=format_date(state["due"])
            ),
        )
    return until


def clock(events) -> Clock:
    """Replay a tip's events (received first) and return its clock; DeadlineError if the
    events break a rule. Events of the same day keep the order they are given in."""
    ordered = sorted(events, key=lambda e: e.on)
    if not ordered or ordered[0].kind != EventKind.RECEIVED:
        raise DeadlineError("status", _("A tip's history begins with its receipt."))
    first = ordered[0].on
    state = {
        "state": RUNNING,
        "due": add_days(first, BASE_DAYS),
        "started_on": first,
        "extensions": 0,
        "resumed": False,
        "last_due": None,
        "stopped_on": None,
    }
    for event in ordered[1:]:
        kind = event.kind
        if kind in OFF_CLOCK:
            continue  # a footage request may be answered after the tip is settled
        if state["state"] == STOPPED:
            raise DeadlineError("status", _("The tip is settled; nothing further can happen."))
        if kind == EventKind.RECEIVED:
            raise DeadlineError("status", _("A tip is received only once."))
        if kind == EventKind.TRANSFERRED:
            if state["state"] != RUNNING:
                raise DeadlineError("status", _("A suspended tip is resumed before a transfer."))
            state.update(
                due=add_days(event.on, BASE_DAYS),
                started_on=event.on,
                extensions=0,
                resumed=False,
            )
        elif kind in (EventKind.EXTENDED, EventKind.EXTENDED_SECOND):
            if state["state"] != RUNNING:
                raise DeadlineError("status", _("Only a running time limit can be extended."))
            state["due"] = _extend(state, event)
            state["extensions"] += 1
        elif kind == EventKind.SUSPENDED:
            if state["state"] != RUNNING:
                raise DeadlineError("status", _("The tip is already suspended."))
            if event.on > state["due"]:
                raise DeadlineError(
                    "on",
                    _(
                        "The time limit expired on {day}; a suspension is decided by then at "
                        "the latest, so a late tip stays overdue until it is settled."
                    ).format(day=format_date(state["due"])),
                )
            state.update(state=SUSPENDED, last_due=state["due"], due=None)
        elif kind == EventKind.RESUMED:
            if state["state"] != SUSPENDED:
                raise DeadlineError("status", _("Only a suspended tip can be resumed."))
            state.update(
                state=RUNNING, due=add_months(event.on, AFTER_RESUMPTION_MONTHS), resumed=True
            )
        elif kind in STOPS:
            if state["state"] == RUNNING:
                state["last_due"] = state["due"]
            state.update(state=STOPPED, due=None, stopped_on=event.on)
        # other events (assignment, start of verification) do not move the clock
    return Clock(**state)


def due_date(events) -> date | None:
    """The current due date; None while suspended or once settled."""
    return clock(events).due


def days_left(due: date | None, today: date) -> int | None:
    """Days from `today` to the due date: 0 on the last day, negative once overdue."""
    return None if due is None else (due - today).days


def is_overdue(due: date | None, today: date) -> bool:
    """Past the due date (the due date itself is still on time)."""
    return due is not None and today > due


def extension_request_due(due: date | None) -> date | None:
    """The last day to ask for an extension: 5 days before the period expires."""
    return None if due is None else due - timedelta(days=REQUEST_LEAD_DAYS)


def extension_request_is_late(due: date | None, requested_on: date) -> bool:
    """A request to extend made after its last day (art. 147(2): at least 5 days before the
    period expires). antq grants such an extension only with the reason the request came late,
    which the event keeps (tip_extend)."""
    last = extension_request_due(due)
    return last is not None and requested_on > last
