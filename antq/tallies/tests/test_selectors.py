"""Roll-up: a commune's monthly tallies summed into its province's figures, for any period,
checked against sums worked out by hand. The figures are a city's first ten months of 2024 as
reported ("3,106 of 3,541 criminal cases clarified", "detection rate 90%", "19 criminal groups
dismantled, 106 offenders arrested, 131 drug cases with 331 violators, 120 people into
voluntary rehabilitation, 25 domestic and 31 foreign delegations and 97 events secured")."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from antq.areas.choices import AreaLevel
from antq.core.scoping import jurisdiction_paths
from antq.core.testing.factories import make_area
from antq.tallies.selectors import tally_totals, tally_totals_by_child
from antq.tallies.tests.helpers import raw_tally

JAN, MAR, OCT, NOV = date(2024, 1, 1), date(2024, 3, 1), date(2024, 10, 1), date(2024, 11, 1)

# commune A, every month from January to October 2024
A_MONTH = dict(
    criminal_cases_registered=300,
    criminal_cases_clarified=265,
    social_order_cases_occurred=60,
    social_order_cases_detected=54,
    criminal_groups_dismantled=1,
    offenders_arrested=5,
    drug_cases=7,
    drug_law_violators=17,
    persuaded_into_rehabilitation=6,
    domestic_delegations_secured=1,
    foreign_delegations_secured=2,
    events_secured=5,
)
# ward B, January to September …
B_MONTH = dict(
    criminal_cases_registered=54,
    criminal_cases_clarified=45,
    social_order_cases_occurred=60,
    social_order_cases_detected=54,
    criminal_groups_dismantled=1,
    offenders_arrested=5,
    drug_cases=6,
    drug_law_violators=16,
    persuaded_into_rehabilitation=6,
    domestic_delegations_secured=1,
    foreign_delegations_secured=1,
    events_secured=5,
)
# … and October
B_OCTOBER = B_MONTH | dict(
    criminal_cases_registered=55,
    criminal_cases_clarified=51,
    criminal_groups_dismantled=0,
    offenders_arrested=11,
    drug_cases=7,
    drug_law_violators=17,
    domestic_delegations_secured=6,
    foreign_delegations_secured=2,
    events_secured=2,
)

# By hand: A = 10 × A_MONTH; B = 9 × B_MONTH + B_OCTOBER; the province = A + B.
A_TOTAL = dict(
    criminal_cases_registered=3000,
    criminal_cases_clarified=2650,
    social_order_cases_occurred=600,
    social_order_cases_detected=540,
    criminal_groups_dismantled=10,
    offenders_arrested=50,
    drug_cases=70,
    drug_law_violators=170,
    persuaded_into_rehabilitation=60,
    domestic_delegations_secured=10,
    foreign_delegations_secured=20,
    events_secured=50,
)
B_TOTAL = dict(
    criminal_cases_registered=541,
    criminal_cases_clarified=456,
    social_order_cases_occurred=600,
    social_order_cases_detected=540,
    criminal_groups_dismantled=9,
    offenders_arrested=56,
    drug_cases=61,
    drug_law_violators=161,
    persuaded_into_rehabilitation=60,
    domestic_delegations_secured=15,
    foreign_delegations_secured=11,
    events_secured=47,
)
PROVINCE_TOTAL = dict(
    criminal_cases_registered=3541,
    criminal_cases_clarified=3106,
    social_order_cases_occurred=1200,
    social_order_cases_detected=1080,
    criminal_groups_dismantled=19,
    offenders_arrested=106,
    drug_cases=131,
    drug_law_violators=331,
    persuaded_into_rehabilitation=120,
    domestic_delegations_secured=25,
    foreign_delegations_secured=31,
    events_secured=97,
)


def _counts(figures):
    return {k: figures[k] for k in PROVINCE_TOTAL}


@pytest.fixture
def city(tree):
    """Jan–Oct 2024 for A and B (A's first six months approved), plus what must stay out of
    the province's Jan–Oct figures: A's November, and a commune of province Q."""
    for m in range(1, 11):
        month = date(2024, m, 1)
        raw_tally(tree.a, month, status="approved" if m <= 6 else "submitted", **A_MONTH)
        raw_tally(tree.b, month, **(B_OCTOBER if m == 10 else B_MONTH))
    raw_tally(tree.a, NOV, criminal_cases_registered=999, drug_cases=999)
    c = make_area(tree.q, name="Phường Thuận Hóa", code="20001")
    raw_tally(c, MAR, criminal_cases_registered=500, criminal_cases_clarified=400)
    return SimpleNamespace(c=c)


def test_the_province_sums_its_communes_for_the_period(tree, users, city):
    figures = tally_totals(users.p_approver, tree.p, date_from=JAN, date_to=OCT)
    assert _counts(figures) == PROVINCE_TOTAL
    assert (figures["tallies"], figures["approved"]) == (20, 6)
    assert figures["clarification_rate"] == Decimal("0.8772")  # 3,106 of 3,541
    assert figures["detection_rate"] == Decimal("0.9000")  # 90%
    assert _counts(tally_totals(users.p_approver, tree.a, date_from=JAN, date_to=OCT)) == A_TOTAL
    assert _counts(tally_totals(users.p_approver, tree.b, date_from=JAN, date_to=OCT)) == B_TOTAL


def test_the_commune_roll_up_is_what_the_province_sees(tree, users, city):
    """What the commune reports is exactly its share of the province's figures."""
    commune = tally_totals(users.a_viewer, date_from=JAN, date_to=OCT)
    ward = tally_totals(users.b_editor, date_from=JAN, date_to=OCT)
    province = tally_totals(users.p_approver, date_from=JAN, date_to=OCT)
    assert _counts(commune) == A_TOTAL and _counts(ward) == B_TOTAL
    assert {k: commune[k] + ward[k] for k in PROVINCE_TOTAL} == _counts(province)


def test_the_period_takes_months_whose_first_day_lies_in_it(tree, users, city):
    everything = tally_totals(users.p_approver, tree.p)
    assert everything["criminal_cases_registered"] == 3541 + 999
    after_mid_january = tally_totals(
        users.p_approver, tree.p, date_from=date(2024, 1, 15), date_to=date(2024, 10, 31)
    )
    assert after_mid_january["criminal_cases_registered"] == 3541 - 300 - 54
    march = tally_totals(users.p_approver, tree.p, date_from=MAR, date_to=MAR)
    assert march["criminal_cases_registered"] == 354 and march["tallies"] == 2
    since_november = tally_totals(users.p_approver, tree.p, date_from=NOV)
    assert since_november["drug_cases"] == 999


def test_approved_only(tree, users, city):
    figures = tally_totals(users.p_approver, tree.p, date_to=OCT, approved_only=True)
    assert figures["criminal_cases_registered"] == 6 * 300
    assert figures["criminal_cases_clarified"] == 6 * 265
    assert figures["tallies"] == figures["approved"] == 6


def test_rates_without_a_denominator_are_none(tree, users, city):
    figures = tally_totals(users.admin, city.c)
    assert figures["clarification_rate"] == Decimal("0.8000")
    assert figures["detection_rate"] is None
    nothing = tally_totals(users.nobody)
    assert nothing["tallies"] == 0 and nothing["criminal_cases_registered"] == 0
    assert nothing["clarification_rate"] is None


def test_by_child_equals_the_hand_sums(tree, users, city):
    rows = tally_totals_by_child(users.p_approver, tree.p, date_from=JAN, date_to=OCT)
    assert [(child.code, _counts(f)) for child, f in rows] == [
        ("10001", A_TOTAL),
        ("10002", B_TOTAL),
    ]
    a_figures = rows[0][1]
    assert a_figures["clarification_rate"] == Decimal("0.8833")  # 2,650 / 3,000
    assert a_figures["tallies"] == 10

    country = tally_totals_by_child(users.admin, tree.country, date_from=JAN, date_to=OCT)
    assert [(child.code, f["criminal_cases_registered"]) for child, f in country] == [
        ("44", 3541),
        ("46", 500),
    ]
    assert (
        sum(f["drug_law_violators"] for _c, f in country)
        == tally_totals(users.admin, tree.country, date_from=JAN, date_to=OCT)["drug_law_violators"]
    )


def test_by_child_is_scoped(tree, users, city):
    rows = tally_totals_by_child(users.a_viewer, tree.p, date_from=JAN, date_to=OCT)
    assert [(c.code, f["criminal_cases_registered"]) for c, f in rows] == [("10001", 3000)]


def test_one_query_for_the_totals_and_one_group_by_for_the_children(
    tree, users, city, django_assert_num_queries
):
    jurisdiction_paths(users.admin)  # the user's roles are read once per request
    with django_assert_num_queries(1):
        tally_totals(users.admin, tree.country, date_from=JAN, date_to=OCT)
    with django_assert_num_queries(2) as queries:  # the GROUP BY, and the children themselves
        tally_totals_by_child(users.admin, tree.country, date_from=JAN, date_to=OCT)
    group_by = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert len(group_by) == 1 and "SUBSTR" in group_by[0].upper()


def test_old_units_keep_their_figures_and_empty_ones_are_not_listed(tree, users, city):
    """A district abolished in 2025 still shows its 2024 figures; one gone before the period
    and without figures is not listed."""
    old = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Cũ", valid_to=date(2025, 6, 30))
    old_commune = make_area(old, level=AreaLevel.COMMUNE, name="Xã Cũ", valid_to=date(2025, 6, 30))
    make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Trống", valid_to=date(2019, 12, 31))
    raw_tally(old_commune, MAR, criminal_cases_registered=10)
    rows = tally_totals_by_child(users.p_approver, tree.p, date_from=JAN, date_to=OCT)
    assert [(c.name, f["criminal_cases_registered"]) for c, f in rows] == [
        ("Xã Hòa Bình", 3000),
        ("Phường Đông Hà", 541),
        ("Huyện Cũ", 10),
    ]
    assert tally_totals(users.p_approver, tree.p, date_to=OCT)["criminal_cases_registered"] == 3551
