"""The tip indicators equal the tips counted one by one, and the tally indicators the tallies
app's own figures (tally_totals)."""

from datetime import date

import pytest

from antq.indicators.compute import compute
from antq.tallies.choices import COUNT_FIELDS
from antq.tallies.selectors import tally_totals, tally_totals_by_child
from antq.tallies.tests.helpers import raw_tally
from antq.tips.choices import SETTLED
from antq.tips.models import Tip
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import make_tip, on

pytestmark = pytest.mark.rollup

TIP_KEYS = ("tips.received", "tips.settled", "tips.settled_on_time")
TALLY_KEYS = {
    "tallies.criminal_registered": "criminal_cases_registered",
    "tallies.criminal_clarified": "criminal_cases_clarified",
    "tallies.social_order_occurred": "social_order_cases_occurred",
    "tallies.social_order_detected": "social_order_cases_detected",
    "tallies.groups_dismantled": "criminal_groups_dismantled",
    "tallies.offenders_arrested": "offenders_arrested",
    "tallies.drug_cases": "drug_cases",
    "tallies.drug_violators": "drug_law_violators",
    "tallies.rehabilitation": "persuaded_into_rehabilitation",
    "tallies.domestic_delegations": "domestic_delegations_secured",
    "tallies.foreign_delegations": "foreign_delegations_secured",
    "tallies.events": "events_secured",
    "tallies.count": "tallies",
    "tallies.approved": "approved",
}


def test_every_tally_count_has_an_indicator():
    assert set(TALLY_KEYS.values()) >= set(COUNT_FIELDS)


@pytest.fixture
def tips(tree, users):
    a, b = users.a_editor, users.b_editor

    def verified(user, area, received):
        tip = make_tip(user, area, received_on=on(received))
        return workflow_services.tip_start_verifying(acting_user=user, tip=tip, on=on(received))

    # on time, late, closed on time, still open, and one received before the period
    workflow_services.tip_decide(
        acting_user=a, tip=verified(a, tree.a, "2025-01-05"), prosecute=True, on=on("2025-01-20")
    )
    workflow_services.tip_decide(
        acting_user=a, tip=verified(a, tree.a, "2025-01-10"), prosecute=False, on=on("2025-02-05")
    )
    workflow_services.tip_close_not_crime(
        acting_user=a,
        tip=make_tip(a, tree.a, received_on=on("2025-02-01")),
        reason="Tranh chấp dân sự",
        on=on("2025-02-03"),
    )
    verified(b, tree.b, "2025-02-10")
    workflow_services.tip_decide(
        acting_user=b, tip=verified(b, tree.b, "2024-12-31"), prosecute=True, on=on("2025-01-15")
    )


def tip_figures(user, area, date_from=None, date_to=None):
    """{indicator key: value} of the tips under `area` received in the period, counted one by
    one from the records the user may see."""
    tips = [
        t
        for t in Tip.objects.visible_to(user)
        if t.area.path.startswith(area.path)
        and (date_from is None or t.received_on >= date_from)
        and (date_to is None or t.received_on <= date_to)
    ]
    settled = [t for t in tips if t.status in SETTLED]
    on_time = [t for t in settled if t.settled_due_on and t.settled_on <= t.settled_due_on]
    return {
        "tips.received": len(tips),
        "tips.settled": len(settled),
        "tips.settled_on_time": len(on_time),
    }


@pytest.mark.parametrize(
    "date_from, date_to",
    [(date(2025, 1, 1), date(2025, 12, 31)), (date(2024, 1, 1), date(2025, 1, 31)), (None, None)],
)
def test_tip_indicators_equal_tip_figures(tree, users, tips, date_from, date_to):
    user = users.p_approver
    period = {"date_from": date_from, "date_to": date_to}
    total = compute(TIP_KEYS, user=user, area=tree.p, **period)[tree.p.path]
    expected = tip_figures(user, tree.p, **period)
    assert {k: total.value(k) for k in TIP_KEYS} == expected
    assert float(total.rate("tips.settled")) == pytest.approx(
        expected["tips.settled"] / expected["tips.received"]
    )
    by_child = compute(TIP_KEYS, user=user, area=tree.p, by_child=True, **period)
    for child in (tree.a, tree.b):
        figures = tip_figures(user, child, **period)
        result = by_child.get(child.path)
        assert {k: result.value(k) if result else 0 for k in TIP_KEYS} == figures


def test_tip_indicators_are_scoped(tree, users, tips):
    user = users.a_viewer  # sees commune A only
    total = compute(TIP_KEYS, user=user, area=tree.p)[tree.p.path]
    assert total.value("tips.received") == tip_figures(user, tree.p)["tips.received"] == 3


@pytest.fixture
def tallies(tree):
    counts = dict.fromkeys(COUNT_FIELDS, 0)
    for i, (area, month, status) in enumerate(
        [
            (tree.a, date(2024, 12, 1), "approved"),
            (tree.a, date(2025, 1, 1), "approved"),
            (tree.a, date(2025, 2, 1), "submitted"),
            (tree.b, date(2025, 1, 1), "draft"),
            (tree.b, date(2025, 3, 1), "approved"),
        ]
    ):
        values = {name: (i + 1) * (j + 2) for j, name in enumerate(COUNT_FIELDS)} | {
            "criminal_cases_clarified": i + 1,
            "social_order_cases_detected": i,
        }
        raw_tally(area, month, status, **(counts | values))


@pytest.mark.parametrize(
    "date_from, date_to",
    [(date(2025, 1, 1), date(2025, 12, 31)), (date(2024, 12, 1), date(2025, 1, 31)), (None, None)],
)
def test_tally_indicators_equal_tally_totals(tree, users, tallies, date_from, date_to):
    user = users.p_approver
    period = {"date_from": date_from, "date_to": date_to}
    total = compute(TALLY_KEYS, user=user, area=tree.p, **period)[tree.p.path]
    expected = tally_totals(user, tree.p, **period)
    assert {k: total.value(k) for k in TALLY_KEYS} == {
        k: expected[v] for k, v in TALLY_KEYS.items()
    }
    assert float(total.rate("tallies.criminal_clarified")) == pytest.approx(
        float(expected["clarification_rate"]), abs=1e-4
    )
    assert (total.rate("tallies.social_order_detected") is None) == (
        expected["detection_rate"] is None
    )
    by_child = compute(TALLY_KEYS, user=user, area=tree.p, by_child=True, **period)
    for child, figures in tally_totals_by_child(user, tree.p, **period):
        result = by_child.get(child.path)
        assert {k: result.value(k) if result else 0 for k in TALLY_KEYS} == {
            k: figures[v] for k, v in TALLY_KEYS.items()
        }
