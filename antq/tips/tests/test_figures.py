"""The tip indicators (tips/indicators.py) and the dashboard's overdue flags against numbers
worked out by hand."""

import pytest

from antq.indicators.compute import compute
from antq.tips.selectors import overdue_by_child
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import category, make_tip, on


def _tip(user, area, received, channel="phone", cat="fraud"):
    return make_tip(user, area, received_on=on(received), channel=channel, category=category(cat))


def _verified(user, area, received, **kw):
    tip = _tip(user, area, received, **kw)
    return workflow_services.tip_start_verifying(acting_user=user, tip=tip, on=on(received))


@pytest.fixture
def book(tree, users):
    """Commune A: six tips; commune B: two (one received in 2024)."""
    a, b = users.a_editor, users.b_editor
    # a1: decided to prosecute on 20 Jan, due 25 Jan: on time
    workflow_services.tip_decide(
        acting_user=a, tip=_verified(a, tree.a, "2025-01-05"), prosecute=True, on=on("2025-01-20")
    )
    # a2: decided not to prosecute on 5 Feb, due 30 Jan: late
    workflow_services.tip_decide(
        acting_user=a, tip=_verified(a, tree.a, "2025-01-10"), prosecute=False, on=on("2025-02-05")
    )
    # a3: closed as not a crime on 3 Feb, due 21 Feb: on time
    workflow_services.tip_close_not_crime(
        acting_user=a,
        tip=_tip(a, tree.a, "2025-02-01", channel="letter", cat="theft"),
        reason="Tranh chấp dân sự",
        on=on("2025-02-03"),
    )
    # a4: still being verified, due 2 March 2025: overdue
    _verified(a, tree.a, "2025-02-10", channel="in_person", cat="drugs")
    # a5: suspended: no clock, not overdue
    workflow_services.tip_suspend(
        acting_user=a,
        tip=_verified(a, tree.a, "2025-02-15", cat="drugs"),
        reason="Chờ giám định",
        on=on("2025-02-20"),
    )
    # a6: transferred to another agency the next day: settled on time
    workflow_services.tip_transfer_out(
        acting_user=a,
        tip=_tip(a, tree.a, "2025-03-01", channel="online_portal"),
        to_agency="Cơ quan điều tra Quân đội",
        on=on("2025-03-02"),
    )
    # b1: received in January 2025, never touched: overdue
    _tip(b, tree.b, "2025-01-20", channel="press", cat="gambling")
    # b2: received on 31 Dec 2024, decided on 15 Jan 2025 (due 20 Jan): on time
    workflow_services.tip_decide(
        acting_user=b,
        tip=_verified(b, tree.b, "2024-12-31", cat="gambling"),
        prosecute=True,
        on=on("2025-01-15"),
    )


KEYS = ("tips.received", "tips.settled", "tips.settled_on_time")


def _figures(user, area, date_from=None, date_to=None):
    """(received, settled, settled on time, settlement rate) of the tips received in the
    period."""
    result = compute(KEYS, user=user, area=area, date_from=date_from, date_to=date_to).get(
        area.path
    )
    if result is None:
        return (0, 0, 0, None)
    return (*(result.value(k) for k in KEYS), result.rate("tips.settled"))


def _overdue(user, area):
    """Tips overdue today under `area` (and held at it), as the dashboard flags them."""
    return sum(flag.overdue for flag in overdue_by_child(user, area))


def test_figures_of_a_commune(tree, users, book):
    received, settled, on_time, rate = _figures(users.a_viewer, tree.a)
    assert (received, settled, on_time, _overdue(users.a_viewer, tree.a)) == (6, 4, 3, 1)
    assert float(rate) == pytest.approx(4 / 6)


def test_figures_of_the_province_for_a_period(tree, users, book):
    received, settled, on_time, rate = _figures(
        users.p_approver, tree.p, on("2025-01-01"), on("2025-12-31")
    )
    assert (received, settled, on_time, _overdue(users.p_approver, tree.p)) == (7, 4, 3, 2)
    assert float(rate) == pytest.approx(4 / 7)
    assert _figures(users.p_approver, tree.p)[:2] == (8, 5)
    assert _figures(users.p_approver, tree.b)[:3] == (2, 1, 1)


def test_figures_of_one_month(tree, users, book):
    received, settled, on_time, rate = _figures(
        users.a_viewer, tree.a, on("2025-02-01"), on("2025-02-28")
    )
    assert (received, settled, on_time) == (3, 1, 1)
    assert float(rate) == pytest.approx(1 / 3)


def test_figures_follow_the_tip_to_its_unit_and_count_nothing_outside(tree, users, book):
    tip = _tip(users.a_editor, tree.a, "2025-04-01")
    workflow_services.tip_transfer(
        acting_user=users.a_editor, tip=tip, to_area=tree.p, reason="Tỉnh", on=on("2025-04-02")
    )
    assert _figures(users.a_viewer, tree.a)[0] == 6
    assert _figures(users.p_approver, tree.p)[0] == 9
    assert _figures(users.nobody, tree.p) == (0, 0, 0, None)
    assert _figures(users.b_editor, tree.b, date_from=on("2026-01-01"))[0] == 0
