"""The dashboard's periods: the presets (whole months, quarters, half-years, years, to date) and
the period each one is compared with."""

from datetime import date, timedelta

import pytest

from antq.indicators.registry import previous_period
from antq.indicators.views import presets

pytestmark = pytest.mark.rollup


def d(text):
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("period", "before"),
    [
        # a month compares with the month before, whatever their lengths
        (("2025-03-01", "2025-03-31"), ("2025-02-01", "2025-02-28")),
        (("2024-03-01", "2024-03-31"), ("2024-02-01", "2024-02-29")),
        (("2025-02-01", "2025-02-28"), ("2025-01-01", "2025-01-31")),
        (("2025-01-01", "2025-01-31"), ("2024-12-01", "2024-12-31")),
        # a quarter with the quarter before
        (("2025-04-01", "2025-06-30"), ("2025-01-01", "2025-03-31")),
        (("2025-01-01", "2025-03-31"), ("2024-10-01", "2024-12-31")),
        # six months with the six months before, a year with the year before
        (("2025-07-01", "2025-12-31"), ("2025-01-01", "2025-06-30")),
        (("2025-01-01", "2025-12-31"), ("2024-01-01", "2024-12-31")),
        (("2024-01-01", "2025-12-31"), ("2022-01-01", "2023-12-31")),
        # whole months across a year's end
        (("2024-11-01", "2025-01-31"), ("2024-08-01", "2024-10-31")),
        # any other range: the same number of days just before
        (("2025-03-10", "2025-03-19"), ("2025-02-28", "2025-03-09")),
        (("2025-12-01", "2025-12-02"), ("2025-11-29", "2025-11-30")),
        (("2025-03-15", "2025-03-15"), ("2025-03-14", "2025-03-14")),
        (("2025-01-15", "2025-02-28"), ("2024-12-01", "2025-01-14")),
    ],
)
def test_previous_period(period, before):
    assert previous_period(d(period[0]), d(period[1])) == (d(before[0]), d(before[1]))


def _by_label(today):
    return {str(label): (start, end) for label, start, end in presets(today)}


def test_presets_in_the_last_month_of_a_year(english):
    """Whole calendar months, the current ones included (their records so far), so that every
    preset is read from the rollup."""
    got = _by_label(d("2026-12-02"))
    assert got == {
        "This month": (d("2026-12-01"), d("2026-12-31")),
        "Last month": (d("2026-11-01"), d("2026-11-30")),
        "This quarter": (d("2026-10-01"), d("2026-12-31")),
        "Last quarter": (d("2026-07-01"), d("2026-09-30")),
        "This half-year": (d("2026-07-01"), d("2026-12-31")),
        "Last half-year": (d("2026-01-01"), d("2026-06-30")),
        "This year": (d("2026-01-01"), d("2026-12-31")),
        "Last year": (d("2025-01-01"), d("2025-12-31")),
        "Since 2018": (d("2018-01-01"), d("2026-12-31")),
    }
    from antq.indicators.rollup import whole_months

    assert all(whole_months(start, end) for start, end in got.values())


@pytest.mark.parametrize("today", ["2026-01-01", "2026-02-15", "2026-03-31", "2026-05-20"])
def test_last_whole_periods_reach_into_the_year_before(english, today):
    got = _by_label(d(today))
    month, quarter, half = got["Last month"], got["Last quarter"], got["Last half-year"]
    for start, end in (month, quarter, half):
        assert start.day == 1 and (end + timedelta(days=1)).day == 1 and end < d(today)
    if d(today).month <= 3:
        assert quarter == (d("2025-10-01"), d("2025-12-31"))
    else:
        assert quarter == (d("2026-01-01"), d("2026-03-31"))
    assert half == (d("2025-07-01"), d("2025-12-31"))
    # each whole period compares with the one of its kind just before
    before = previous_period(*quarter)
    assert before[1] == quarter[0] - timedelta(days=1)
    assert before[0].day == 1 and (quarter[0].month - before[0].month) % 12 == 3
    assert previous_period(*half) == (d("2025-01-01"), d("2025-06-30"))


def test_the_page_offers_the_presets_and_names_the_comparison(client, tree, users):
    client.force_login(users.p_approver)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(
        "/dashboard/", {"date_from": "2025-04-01", "date_to": "2025-06-30"}
    ).content.decode()
    presets_nav = body.split('id="presets"')[1].split("</nav>")[0]
    for label in ("This month", "Last month", "This quarter", "Last quarter", "Last half-year"):
        assert label in presets_nav
    assert (
        "From Apr 1, 2025 to Jun 30, 2025; changes are against Jan 1, 2025 to Mar 31, 2025." in body
    )
