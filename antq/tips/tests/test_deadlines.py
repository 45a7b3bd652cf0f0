"""Every rule of the legal clock (Criminal Procedure Code 2015, arts. 134, 147–149)."""

from datetime import date

import pytest
from django.utils import translation

from antq.tips import deadlines
from antq.tips.deadlines import (
    DeadlineError,
    Event,
    add_months,
    clock,
    days_left,
    due_date,
    extension_request_due,
    is_overdue,
)

D = date.fromisoformat


def ev(kind, day, until=None):
    return Event(kind, D(day), D(until) if until else None)


def received(day):
    return ev("received", day)


# --- counting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, expected",
    [
        ("2024-01-31", 1, "2024-02-29"),  # leap year: clamped to 29 February
        ("2023-01-31", 1, "2023-02-28"),  # common year: 28 February
        ("2023-12-31", 2, "2024-02-29"),  # across the year end into a leap February
        ("2024-12-31", 2, "2025-02-28"),
        ("2024-12-31", 1, "2025-01-31"),  # 31 December → next year
        ("2024-12-15", 1, "2025-01-15"),
        ("2023-03-31", 1, "2023-04-30"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-01-15", 4, "2024-05-15"),
    ],
)
def test_months_are_calendar_months_clamped_to_the_month_end(start, months, expected):
    assert add_months(D(start), months) == D(expected)


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2026-03-01", "2026-03-21"),  # the day of receipt does not count
        ("2025-12-20", "2026-01-09"),  # across the year end
        ("2024-02-10", "2024-03-01"),  # leap February has 29 days
        ("2023-02-10", "2023-03-02"),
        ("2024-01-31", "2024-02-20"),
    ],
)
def test_twenty_days_from_receipt(day, expected):
    assert due_date([received(day)]) == D(expected)


def test_days_left_and_overdue_count_the_due_day_as_on_time():
    due = D("2026-03-21")
    assert days_left(due, D("2026-03-01")) == 20
    assert days_left(due, D("2026-03-21")) == 0
    assert not is_overdue(due, D("2026-03-21"))
    assert days_left(due, D("2026-03-22")) == -1
    assert is_overdue(due, D("2026-03-22"))
    assert days_left(None, D("2026-03-22")) is None
    assert not is_overdue(None, D("2030-01-01"))


@pytest.mark.parametrize(
    "due, expected",
    [
        ("2026-03-21", "2026-03-16"),
        ("2026-03-03", "2026-02-26"),  # across a month end
        ("2024-03-03", "2024-02-27"),  # leap year
        ("2025-01-02", "2024-12-28"),  # across a year end
    ],
)
def test_an_extension_is_requested_five_days_before_expiry(due, expected):
    assert extension_request_due(D(due)) == D(expected)
    assert extension_request_due(None) is None


# --- extensions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2024-01-31", "2024-03-31"),
        ("2023-12-31", "2024-02-29"),  # 31 Dec + 2 months: leap February
        ("2024-12-31", "2025-02-28"),
        ("2026-03-01", "2026-05-01"),
    ],
)
def test_first_extension_makes_the_period_two_months_from_receipt(day, expected):
    c = clock([received(day), ev("extended", day)])
    assert c.due == D(expected)
    assert c.extensions == 1
    assert c.next_extension == "extended_second"


def test_second_extension_adds_at_most_two_months_on_the_procuracys_approval():
    events = [
        received("2024-01-01"),
        ev("extended", "2024-01-15"),  # → 2024-03-01
        ev("extended_second", "2024-02-20"),  # → 2024-05-01
    ]
    c = clock(events)
    assert c.due == D("2024-05-01")  # four months in all
    assert c.extensions == 2
    assert c.next_extension is None and c.extension_limit is None


def test_second_extension_from_a_month_end():
    events = [
        received("2023-12-31"),
        ev("extended", "2024-01-10"),  # → 2024-02-29
        ev("extended_second", "2024-02-20"),  # → 2024-04-29
    ]
    assert due_date(events) == D("2024-04-29")


def test_a_second_extension_is_refused_without_the_first():
    with pytest.raises(DeadlineError) as exc:
        clock([received("2024-01-01"), ev("extended_second", "2024-01-10")])
    assert exc.value.field == "status"


@pytest.mark.parametrize("third", ["extended", "extended_second"])
def test_a_third_extension_is_refused(third):
    events = [
        received("2024-01-01"),
        ev("extended", "2024-01-15"),
        ev("extended_second", "2024-02-20"),
        ev(third, "2024-03-01"),
    ]
    with pytest.raises(DeadlineError) as exc:
        clock(events)
    assert exc.value.field == "status"


def test_the_first_kind_of_extension_is_given_only_once():
    with pytest.raises(DeadlineError) as exc:
        clock([received("2024-01-01"), ev("extended", "2024-01-10"), ev("extended", "2024-02-01")])
    assert exc.value.field == "status"


def test_an_extension_may_be_shorter_but_not_longer_than_the_law_allows():
    base = [received("2024-01-31")]
    assert due_date([*base, ev("extended", "2024-02-10", until="2024-03-15")]) == D("2024-03-15")
    assert due_date([*base, ev("extended", "2024-02-10", until="2024-03-31")]) == D("2024-03-31")
    with pytest.raises(DeadlineError) as exc:
        clock([*base, ev("extended", "2024-02-10", until="2024-04-01")])
    assert exc.value.field == "until"
    with pytest.raises(DeadlineError) as exc:  # not after the current due date (20 Feb)
        clock([*base, ev("extended", "2024-02-10", until="2024-02-20")])
    assert exc.value.field == "until"
    shorter = [*base, ev("extended", "2024-02-10", until="2024-03-15")]
    # the second extension counts from the due date actually in force
    assert due_date([*shorter, ev("extended_second", "2024-03-01")]) == D("2024-05-15")


def test_an_expired_time_limit_cannot_be_extended():
    base = [received("2026-03-01")]  # due 21 March
    assert due_date([*base, ev("extended", "2026-03-21")]) == D("2026-05-01")  # last day: ok
    with pytest.raises(DeadlineError) as exc:
        clock([*base, ev("extended", "2026-03-22")])
    assert exc.value.field == "on"


def test_extension_limit_tells_how_far_the_next_extension_may_go():
    c = clock([received("2024-01-31")])
    assert (c.next_extension, c.extension_limit) == ("extended", D("2024-03-31"))
    c = clock([received("2024-01-31"), ev("extended", "2024-02-01")])
    assert (c.next_extension, c.extension_limit) == ("extended_second", D("2024-05-31"))


# --- suspension and resumption ----------------------------------------------------------


def test_a_suspended_tip_has_no_running_clock():
    c = clock([received("2024-01-01"), ev("suspended", "2024-01-15")])
    assert c.state == deadlines.SUSPENDED
    assert c.due is None
    assert c.last_due == D("2024-01-21")
    assert c.next_extension is None
    assert not is_overdue(c.due, D("2030-01-01"))


def test_a_suspension_is_decided_by_the_expiry_at_the_latest():
    """Else a late tip would leave the overdue list by being suspended after the fact."""
    on_the_last_day = clock([received("2024-01-01"), ev("suspended", "2024-01-21")])
    assert on_the_last_day.state == deadlines.SUSPENDED
    with translation.override("vi"), pytest.raises(DeadlineError) as exc:
        clock([received("2024-01-01"), ev("suspended", "2024-01-22")])
    assert exc.value.field == "on" and "21/01/2024" in exc.value.message
    after_resumption = [
        received("2024-01-01"),
        ev("suspended", "2024-01-10"),
        ev("resumed", "2024-01-31"),  # due 2024-02-29
    ]
    assert clock([*after_resumption, ev("suspended", "2024-02-29")]).state == deadlines.SUSPENDED
    with pytest.raises(DeadlineError):
        clock([*after_resumption, ev("suspended", "2024-03-01")])


def test_a_suspension_cancelled_by_the_procuracy_gives_one_more_month():
    """The issue's "after a suspension is cancelled, at most 1 more month": the same RESUMED
    event as a resumption by the unit, one month from the day of the cancellation."""
    events = [received("2024-11-01"), ev("suspended", "2024-11-20"), ev("resumed", "2024-12-31")]
    c = clock(events)
    assert (c.due, c.resumed, c.next_extension) == (D("2025-01-31"), True, None)


@pytest.mark.parametrize("kind", ["extended", "extended_second", "suspended", "transferred"])
def test_nothing_but_resumption_while_suspended(kind):
    with pytest.raises(DeadlineError):
        clock([received("2024-01-01"), ev("suspended", "2024-01-15"), ev(kind, "2024-01-16")])


@pytest.mark.parametrize(
    "resumed_on, expected",
    [
        ("2024-03-10", "2024-04-10"),
        ("2024-01-31", "2024-02-29"),  # month end, leap year
        ("2023-01-31", "2023-02-28"),
        ("2024-12-31", "2025-01-31"),  # into the next year
    ],
)
def test_resumption_gives_at_most_one_month_from_the_resumption_date(resumed_on, expected):
    events = [
        received("2022-12-01"),
        ev("extended", "2022-12-10"),
        ev("suspended", "2023-01-20"),
        ev("resumed", resumed_on),
    ]
    c = clock(events)
    assert c.due == D(expected)
    assert c.resumed and c.state == deadlines.RUNNING


def test_after_resumption_the_month_is_not_extended():
    events = [
        received("2024-01-01"),
        ev("suspended", "2024-01-10"),
        ev("resumed", "2024-03-01"),
        ev("extended", "2024-03-05"),
    ]
    with pytest.raises(DeadlineError) as exc:
        clock(events)
    assert exc.value.field == "status"


def test_suspended_again_after_resumption_then_resumed():
    events = [
        received("2024-01-01"),
        ev("suspended", "2024-01-10"),
        ev("resumed", "2024-03-01"),
        ev("suspended", "2024-03-15"),
        ev("resumed", "2024-06-30"),
    ]
    assert due_date(events) == D("2024-07-30")


def test_only_a_suspended_tip_is_resumed():
    with pytest.raises(DeadlineError):
        clock([received("2024-01-01"), ev("resumed", "2024-01-10")])


# --- settlement, transfers, order -------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["decided_prosecute", "decided_not_prosecute", "closed_not_crime", "transferred_out"]
)
def test_a_settled_tip_has_no_due_date_and_keeps_the_one_in_force(kind):
    c = clock([received("2024-01-01"), ev("verifying", "2024-01-02"), ev(kind, "2024-01-25")])
    assert c.due is None and c.state == deadlines.STOPPED
    assert c.last_due == D("2024-01-21") and c.stopped_on == D("2024-01-25")
    with pytest.raises(DeadlineError):
        clock([received("2024-01-01"), ev(kind, "2024-01-25"), ev("extended", "2024-01-26")])


def test_a_transfer_starts_the_receiving_units_own_period():
    events = [
        received("2024-03-01"),
        ev("extended", "2024-03-05"),  # the sender's extension: → 2024-05-01
        ev("transferred", "2024-03-10"),
    ]
    c = clock(events)
    assert c.due == D("2024-03-30")
    assert c.extensions == 0 and c.started_on == D("2024-03-10")
    extended = clock([*events, ev("extended", "2024-03-20")])
    assert extended.due == D("2024-05-10")


def test_the_history_begins_with_a_single_receipt():
    with pytest.raises(DeadlineError):
        clock([])
    with pytest.raises(DeadlineError):
        clock([ev("verifying", "2024-01-01"), received("2024-01-02")])
    with pytest.raises(DeadlineError):
        clock([received("2024-01-01"), received("2024-01-02")])


def test_events_are_read_in_date_order_and_same_day_events_in_the_order_given():
    events = [ev("extended", "2024-01-05"), received("2024-01-01")]
    assert due_date(events) == D("2024-03-01")
    same_day = [received("2024-01-01"), ev("suspended", "2024-01-01"), ev("resumed", "2024-01-01")]
    assert due_date(same_day) == D("2024-02-01")


def test_verification_and_assignment_do_not_move_the_clock():
    events = [received("2026-03-01"), ev("assigned", "2026-03-02"), ev("verifying", "2026-03-03")]
    assert due_date(events) == D("2026-03-21")
