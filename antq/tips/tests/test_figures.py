"""tip_figures against numbers worked out by hand."""

import pytest

from antq.core.scoping import jurisdiction_paths
from antq.tips import services
from antq.tips.selectors import tip_figures
from antq.tips.tests.helpers import category, make_tip, on


def _tip(user, area, received, channel="phone", cat="fraud"):
    return make_tip(user, area, received_on=on(received), channel=channel, category=category(cat))


def _verified(user, area, received, **kw):
    tip = _tip(user, area, received, **kw)
    return services.tip_start_verifying(acting_user=user, tip=tip, on=on(received))


@pytest.fixture
def book(tree, users):
    """Commune A: six tips; commune B: two (one received in 2024)."""
    a, b = users.a_editor, users.b_editor
    # a1: decided to prosecute on 20 Jan, due 25 Jan: on time
    services.tip_decide(
        acting_user=a, tip=_verified(a, tree.a, "2025-01-05"), prosecute=True, on=on("2025-01-20")
    )
    # a2: decided not to prosecute on 5 Feb, due 30 Jan: late
    services.tip_decide(
        acting_user=a, tip=_verified(a, tree.a, "2025-01-10"), prosecute=False, on=on("2025-02-05")
    )
    # a3: closed as not a crime on 3 Feb, due 21 Feb: on time
    services.tip_close_not_crime(
        acting_user=a,
        tip=_tip(a, tree.a, "2025-02-01", channel="letter", cat="theft"),
        reason="Tranh chấp dân sự",
        on=on("2025-02-03"),
    )
    # a4: still being verified, due 2 March 2025: overdue
    _verified(a, tree.a, "2025-02-10", channel="in_person", cat="drugs")
    # a5: suspended: no clock, not overdue
    services.tip_suspend(
        acting_user=a,
        tip=_verified(a, tree.a, "2025-02-15", cat="drugs"),
        reason="Chờ giám định",
        on=on("2025-02-20"),
    )
    # a6: transferred to another agency the next day: settled on time
    services.tip_transfer_out(
        acting_user=a,
        tip=_tip(a, tree.a, "2025-03-01", channel="online_portal"),
        to_agency="Cơ quan điều tra Quân đội",
        on=on("2025-03-02"),
    )
    # b1: received in January 2025, never touched: overdue
    _tip(b, tree.b, "2025-01-20", channel="press", cat="gambling")
    # b2: received on 31 Dec 2024, decided on 15 Jan 2025 (due 20 Jan): on time
    services.tip_decide(
        acting_user=b,
        tip=_verified(b, tree.b, "2024-12-31", cat="gambling"),
        prosecute=True,
        on=on("2025-01-15"),
    )


def test_figures_of_a_commune(users, book, django_assert_num_queries):
    jurisdiction_paths(users.a_viewer)  # the user's roles are read once per request
    with django_assert_num_queries(3):
        f = tip_figures(users.a_viewer)
    assert (f["received"], f["settled"], f["settled_on_time"], f["overdue"]) == (6, 4, 3, 1)
    assert f["by_outcome"] == {
        "decided_prosecute": 1,
        "decided_not_prosecute": 1,
        "suspended": 1,
        "transferred_out": 1,
        "closed_not_crime": 1,
    }
    assert f["by_channel"] == {
        "in_person": 1,
        "phone": 3,
        "letter": 1,
        "agency_transfer": 0,
        "press": 0,
        "mass_organisation": 0,
        "information_source": 0,
        "online_portal": 1,
    }
    assert f["by_category"] == {"fraud": 3, "theft": 1, "drugs": 2}
    assert f["settlement_rate"] == pytest.approx(4 / 6)


def test_figures_of_the_province_for_a_period(tree, users, book):
    f = tip_figures(users.p_approver, date_from=on("2025-01-01"), date_to=on("2025-12-31"))
    assert (f["received"], f["settled"], f["settled_on_time"], f["overdue"]) == (7, 4, 3, 2)
    assert f["by_category"] == {"fraud": 3, "theft": 1, "drugs": 2, "gambling": 1}
    assert f["settlement_rate"] == pytest.approx(4 / 7)
    everything = tip_figures(users.p_approver)
    assert (everything["received"], everything["settled"]) == (8, 5)
    commune_b = tip_figures(users.p_approver, area=tree.b)
    assert (commune_b["received"], commune_b["settled"], commune_b["settled_on_time"]) == (2, 1, 1)
    assert commune_b["by_outcome"]["decided_prosecute"] == 1


def test_figures_of_one_month(users, book):
    f = tip_figures(users.a_viewer, date_from=on("2025-02-01"), date_to=on("2025-02-28"))
    assert (f["received"], f["settled"], f["settled_on_time"], f["overdue"]) == (3, 1, 1, 1)
    assert f["settlement_rate"] == pytest.approx(1 / 3)


def test_figures_follow_the_tip_to_its_unit_and_count_nothing_outside(tree, users, book):
    tip = _tip(users.a_editor, tree.a, "2025-04-01")
    services.tip_transfer(
        acting_user=users.a_editor, tip=tip, to_area=tree.p, reason="Tỉnh", on=on("2025-04-02")
    )
    assert tip_figures(users.a_viewer)["received"] == 6
    assert tip_figures(users.p_approver, area=tree.p)["received"] == 9
    nothing = tip_figures(users.nobody)
    assert (nothing["received"], nothing["settlement_rate"]) == (0, None)
    assert tip_figures(users.b_editor, date_from=on("2026-01-01"))["received"] == 0
