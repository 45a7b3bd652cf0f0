"""The yearly cycle's dates (antq.evaluations.windows), one test per rule."""

from datetime import date, timedelta

import pytest

from antq.evaluations import windows


@pytest.mark.parametrize(
    "kind, start, end",
    [
        ("residential", date(2024, 11, 1), date(2025, 10, 31)),
        ("commune", date(2024, 11, 16), date(2025, 11, 15)),
        ("agency", date(2024, 11, 16), date(2025, 11, 15)),
        ("school", date(2024, 11, 16), date(2025, 11, 15)),
    ],
)
def test_the_window_of_2025_by_kind(kind, start, end):
    w = windows.window(kind, 2025)
    assert (w.start, w.end) == (start, end)
    assert start in w and end in w
    assert start - timedelta(days=1) not in w
    assert end + timedelta(days=1) not in w
    assert windows.previous_window(kind, 2025) == windows.window(kind, 2024)


@pytest.mark.parametrize("kind", ["residential", "commune"])
def test_a_window_ending_in_a_leap_year_has_366_days(kind):
    assert windows.window(kind, 2024).days == 366  # holds 29 February 2024
    assert date(2024, 2, 29) in windows.window(kind, 2024)
    assert windows.window(kind, 2025).days == 365
    assert windows.window(kind, 2028).days == 366
    assert windows.window(kind, 2100).days == 365  # not a leap year: divisible by 100


@pytest.mark.parametrize(
    "kind, day, year",
    [
        ("residential", date(2024, 10, 31), 2024),
        ("residential", date(2024, 11, 1), 2025),
        ("residential", date(2024, 2, 29), 2024),
        ("commune", date(2024, 11, 15), 2024),
        ("commune", date(2024, 11, 16), 2025),
        ("school", date(2025, 1, 1), 2025),
        ("agency", date(2025, 12, 31), 2026),
    ],
)
def test_the_year_a_day_is_evaluated_in(kind, day, year):
    assert windows.year_of(kind, day) == year
    assert day in windows.window(kind, year)


def test_the_months_whose_tallies_fall_in_a_window():
    residential = windows.window("residential", 2025).months()
    assert residential[0] == date(2024, 11, 1) and residential[-1] == date(2025, 10, 1)
    assert len(residential) == 12
    commune = windows.window("commune", 2025).months()
    # November 2024 begins before the window opens on the 16th; November 2025 within it
    assert commune[0] == date(2024, 12, 1) and commune[-1] == date(2025, 11, 1)
    assert len(commune) == 12


@pytest.mark.parametrize(
    "day, year, late",
    [
        (date(2025, 1, 1), 2025, False),
        (date(2025, 3, 31), 2025, False),
        (date(2025, 4, 1), 2025, True),
        (date(2024, 3, 31), 2024, False),  # a leap year moves nothing in March
        (date(2024, 4, 1), 2024, True),
        (date(2024, 12, 20), 2025, False),  # registering for 2025 before it begins
    ],
)
def test_registration_is_due_by_the_end_of_the_first_quarter(day, year, late):
    assert windows.registration_deadline(year) == date(year, 3, 31)
    assert windows.is_late(day, year) is late


def test_the_calendar_year_and_the_years_evaluated():
    assert windows.calendar_year(2024).days == 366
    assert windows.valid_year(windows.FIRST_YEAR)
    assert windows.valid_year(date.today().year + 1)
    assert not windows.valid_year(date.today().year + 2)
    assert not windows.valid_year(2017)
    assert not windows.valid_year("2025")
