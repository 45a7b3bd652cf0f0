"""hotspots.new (arose in the period), hotspots.open (a stock at the period's end: arose, and not
settled before that day) and hotspots.settled (settled in the period)."""

from datetime import date

import pytest

from antq.hotspots.models import Hotspot
from antq.indicators.compute import compute

KEYS = ["hotspots.new", "hotspots.open", "hotspots.settled"]


@pytest.fixture
def hotspots(tree):
    def make(area, opened, settled=None):
        Hotspot.objects.create(
            area=area,
            title="x",
            kind="other",
            opened_on=opened,
            status="settled" if settled else "monitoring",
            settled_on=settled,
        )

    make(tree.a1, date(2024, 6, 1), date(2025, 2, 1))  # open across the year's start
    make(tree.a, date(2025, 3, 1))  # new, still open
    make(tree.a, date(2025, 4, 1), date(2025, 5, 1))  # new and settled within 2025
    make(tree.b, date(2023, 1, 1), date(2023, 6, 1))  # long settled
    make(tree.b, date(2026, 1, 5))  # after 2025


@pytest.mark.parametrize(
    "period, expected",
    [
        ((date(2025, 1, 1), date(2025, 12, 31)), {"new": 2, "open": 1, "settled": 2}),
        ((date(2024, 1, 1), date(2024, 12, 31)), {"new": 1, "open": 1, "settled": 0}),
        ((date(2023, 1, 1), date(2023, 12, 31)), {"new": 1, "open": 0, "settled": 1}),
    ],
)
def test_new_open_and_settled_by_period(tree, users, hotspots, period, expected):
    start, end = period
    values = compute(KEYS, user=users.p_approver, area=tree.p, date_from=start, date_to=end)
    result = values[tree.p.path]
    assert {k.split(".")[1]: result.value(k) for k in KEYS} == expected


def test_by_commune_and_scoped(tree, users, hotspots):
    by_child = compute(
        KEYS,
        user=users.p_approver,
        area=tree.p,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
        by_child=True,
    )
    assert by_child[tree.a.path].value("hotspots.new") == 2
    assert tree.b.path not in by_child or by_child[tree.b.path].value("hotspots.new") == 0
    mine = compute(KEYS, user=users.b_editor, area=tree.p)[tree.p.path]
    assert mine.value("hotspots.new") == 2  # only commune B's
