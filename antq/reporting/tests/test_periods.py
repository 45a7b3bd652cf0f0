"""Reporting periods: calendar months, and the cut-off of Decree 09/2019/NĐ-CP art. 12."""

from datetime import date

from antq.reporting.periods import (
    CALENDAR,
    CUTOFF15,
    last_ended_month,
    month_of_day,
    months_between,
    reporting_period,
)


def test_calendar_month_is_due_days_after_its_end():
    period = reporting_period(date(2024, 3, 9), scheme=CALENDAR, due_days=5)
    assert (period.month, period.start, period.end, period.due) == (
        date(2024, 3, 1),
        date(2024, 3, 1),
        date(2024, 3, 31),
        date(2024, 4, 5),
    )
    assert reporting_period(date(2024, 12, 1), scheme=CALENDAR, due_days=0).due == date(
        2024, 12, 31
    )


def test_cutoff15_runs_from_the_15th_of_the_previous_month_to_the_14th():
    period = reporting_period(date(2024, 3, 1), scheme=CUTOFF15, due_days=5)
    assert (period.start, period.end, period.due) == (
        date(2024, 2, 15),
        date(2024, 3, 14),
        date(2024, 3, 19),
    )
    january = reporting_period(date(2025, 1, 1), scheme=CUTOFF15, due_days=2)
    assert (january.start, january.end) == (date(2024, 12, 15), date(2025, 1, 14))


def test_which_tally_month_answers_a_day():
    assert month_of_day(date(2024, 3, 14), scheme=CUTOFF15) == date(2024, 3, 1)
    assert month_of_day(date(2024, 3, 15), scheme=CUTOFF15) == date(2024, 4, 1)
    assert month_of_day(date(2024, 12, 20), scheme=CUTOFF15) == date(2025, 1, 1)
    assert month_of_day(date(2024, 3, 20), scheme=CALENDAR) == date(2024, 3, 1)


def test_last_ended_month_follows_the_scheme(settings):
    settings.ANTQ_REPORT_PERIOD = CALENDAR
    assert last_ended_month(date(2024, 3, 20)) == date(2024, 2, 1)
    settings.ANTQ_REPORT_PERIOD = CUTOFF15
    assert last_ended_month(date(2024, 3, 20)) == date(2024, 3, 1)  # 15 Feb – 14 Mar ended
    assert last_ended_month(date(2024, 3, 14)) == date(2024, 2, 1)


def test_months_between():
    assert months_between(date(2024, 11, 5), date(2025, 2, 1)) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]
    assert months_between(date(2024, 3, 1), date(2024, 2, 1)) == []
