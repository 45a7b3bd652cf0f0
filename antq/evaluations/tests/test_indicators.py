"""The evaluation indicators (evaluations/indicators.py) equal the app's own figures for a
year, by area."""

from datetime import date
from decimal import Decimal

import pytest

from antq.core.testing.factories import make_area
from antq.evaluations.selectors import class_counts, results_by_kind, rural_counts
from antq.evaluations.services import classification as classification_services
from antq.evaluations.services import rural as rural_services
from antq.evaluations.services import standard as standard_services
from antq.evaluations.tests.helpers import answer_all, org, register, start
from antq.evaluations.tests.test_classification import scores
from antq.indicators.compute import compute
from antq.indicators.registry import REGISTRY

KINDS = ("residential", "commune", "agency", "school")
CLASSES = ("excellent", "good", "average", "weak")


@pytest.fixture
def results(tree, users):
    a2 = make_area(tree.a, name="Thôn 2", code="T02")
    subjects = [
        (tree.a1, None, True),
        (a2, None, False),
        (tree.b1, None, True),
        (tree.a, None, False),
        (None, org(tree.a, "school"), True),
        (None, org(tree.b, "enterprise"), True),
    ]
    for area, organisation, meets in subjects:
        user = (
            users.b_editor
            if (area or organisation.area).path.startswith(tree.b.path)
            else users.a_editor
        )
        register(user, area, organisation)
        a = answer_all(
            user,
            start(user, area, organisation),
            overrides={} if meets else {"no_security_violations": False},
        )
        if meets and area != tree.b1:
            standard_services.assessment_recognise(
                acting_user=users.p_approver,
                instance=a,
                decision_number="5/QĐ-UBND",
                decision_date=date(2025, 11, 30),
            )
    for area, share in ((tree.a1, 0.3), (a2, 0.95), (tree.b1, 0.75)):
        classification_services.classification_save(
            acting_user=users.p_approver, area=area, year=2025, scores=scores(share)
        )
    rural_services.rural_save(
        acting_user=users.a_editor,
        area=tree.a,
        year=2025,
        assessed_on=date(2025, 12, 1),
        answers={"militia": {"met": True}, "security_order": {"met": True}},
    )


@pytest.mark.parametrize("area_name", ["p", "a", "b"])
def test_the_indicators_equal_the_apps_figures(tree, users, results, area_name):
    area = getattr(tree, area_name)
    keys = [k for k in REGISTRY if k.startswith("evaluations.")]
    value = compute(
        keys,
        user=users.p_approver,
        area=area,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 12, 31),
    ).get(area.path)

    def got(key):
        return value.value(key) if value else 0

    by_kind = {r.kind: r for r in results_by_kind(users.p_approver, area, 2025)}
    for kind in KINDS:
        r = by_kind[kind]
        assert (
            got(f"evaluations.{kind}_assessed"),
            got(f"evaluations.{kind}_met"),
            got(f"evaluations.{kind}_recognised"),
        ) == (r.assessed, r.met, r.recognised), kind
        if r.assessed:
            assert value.rate(f"evaluations.{kind}_met") == pytest.approx(
                r.share, abs=Decimal("0.0001")
            )
    classes = class_counts(users.p_approver, area, 2025)
    assert {c: got(f"evaluations.class_{c}") for c in CLASSES} == classes
    assert got("evaluations.classified") == sum(classes.values())
    rural = rural_counts(users.p_approver, area, 2025)
    assert (got("evaluations.rural_assessed"), got("evaluations.rural_met")) == (
        rural["assessed"],
        rural["met"],
    )


def test_a_years_results_fall_in_that_year_only(tree, users, results):
    keys = ["evaluations.residential_assessed", "evaluations.commune_assessed"]
    for start_, end in (
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31)),
    ):
        value = compute(keys, user=users.p_approver, area=tree.p, date_from=start_, date_to=end)
        assert not value or all(v.value(k) == 0 for v in value.values() for k in keys)
    # the residential window closes on 31 October, the communes' on 15 November
    only_oct = compute(
        keys,
        user=users.p_approver,
        area=tree.p,
        date_from=date(2025, 1, 1),
        date_to=date(2025, 10, 31),
    )[tree.p.path]
    assert (only_oct.value(keys[0]), only_oct.value(keys[1])) == (3, 0)
    mine = compute(keys, user=users.a_viewer, area=tree.p)[tree.p.path]
    assert mine.value(keys[0]) == 2  # commune A's villages only
