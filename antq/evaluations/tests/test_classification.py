"""Movement classification: which scheme applies (the most specific, in its period), the cut-offs,
points and class derived; improvement plans of weak units and the weak-units selector; the
new-rural criterion met when every sub-criterion is."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.core.testing.factories import make_area
from antq.evaluations import selectors
from antq.evaluations.models import ClassificationScheme, SchemeCriterion
from antq.evaluations.selectors import class_counts, weak_units
from antq.evaluations.services import classification as classification_services
from antq.evaluations.services import rural as rural_services

pytestmark = pytest.mark.rollup

NATIONAL = {
    "leadership": 15,
    "outreach": 15,
    "models": 20,
    "crime_prevention": 20,
    "forces": 15,
    "reviews": 15,
}


@pytest.fixture(autouse=True)
def _english(english):
    pass


def scores(total_share):
    return {code: round(points * total_share) for code, points in NATIONAL.items()}


def province_scheme(area, unit_kind="residential", valid_from=date(2024, 1, 1), **cut_offs):
    scheme = ClassificationScheme.objects.create(
        code=f"{area.code}-{unit_kind}-{valid_from.year}",
        name=f"Thang điểm {area.name}",
        area=area,
        unit_kind=unit_kind,
        valid_from=valid_from,
        **({"excellent_min": 85, "good_min": 65, "average_min": 45} | cut_offs),
    )
    SchemeCriterion.objects.create(scheme=scheme, code="all", name="Tổng hợp", max_points=100)
    return scheme


def test_the_country_default_applies_without_a_province_scheme(tree):
    scheme = selectors.scheme_for(tree.a1, 2025)
    assert scheme.code == "vn-2022-residential" and scheme.area is None
    assert selectors.scheme_for(tree.a, 2025).code == "vn-2022-commune"
    assert [scheme.class_for(p) for p in (90, 89, 70, 69, 50, 49, 0)] == [
        "excellent",
        "good",
        "good",
        "average",
        "average",
        "weak",
        "weak",
    ]
    with pytest.raises(ValidationError):
        selectors.scheme_for(tree.p, 2025)  # a province is not a classified unit


def test_the_most_specific_scheme_in_force_applies(tree):
    province = province_scheme(tree.p)
    assert selectors.scheme_for(tree.a1, 2025) == province
    assert selectors.scheme_for(tree.a1, 2023).area is None  # before the province's period
    assert selectors.scheme_for(tree.a, 2025).area is None  # the province's is for villages
    assert selectors.scheme_for(make_area(make_area(tree.q), name="Tổ 1"), 2025).area is None
    commune = province_scheme(tree.a, valid_from=date(2025, 1, 1), excellent_min=95)
    assert selectors.scheme_for(tree.a1, 2025) == commune
    assert selectors.scheme_for(tree.b1, 2025) == province
    newer = province_scheme(tree.p, valid_from=date(2025, 6, 1))
    assert selectors.scheme_for(tree.b1, 2025) == newer
    province.valid_to = date(2025, 5, 31)
    province.save()
    assert selectors.scheme_for(tree.b1, 2024) == province


def test_cut_offs_go_down(tree):
    scheme = ClassificationScheme(
        code="x", name="x", unit_kind="commune", excellent_min=70, good_min=70, average_min=50
    )
    with pytest.raises(ValidationError):
        scheme.full_clean()


def test_points_and_class_are_derived_and_cut_offs_differ_by_province(tree, users):
    village = classification_services.classification_save(
        acting_user=users.a_editor, area=tree.a1, year=2025, scores=scores(0.87)
    )
    assert (village.points, village.movement_class, village.unit_kind) == (
        86,  # 13 + 13 + 17 + 17 + 13 + 13
        "good",
        "residential",
    )
    assert village.period_end == date(2025, 10, 31)
    province_scheme(tree.p)
    again = classification_services.classification_save(
        acting_user=users.a_editor, area=tree.a1, year=2025, scores={"all": 87}
    )
    assert again.pk == village.pk
    assert (again.points, again.movement_class) == (87, "excellent")  # the province's 85
    assert again.scores.count() == 1
    commune = classification_services.classification_save(
        acting_user=users.p_approver, area=tree.a, year=2025, scores=scores(0.4)
    )
    assert (commune.movement_class, commune.period_end) == ("weak", date(2025, 11, 15))


def test_scores_are_checked_and_the_level_above_classifies(tree, users):
    with pytest.raises(PermissionDenied):
        classification_services.classification_save(
            acting_user=users.a_editor, area=tree.a, year=2025, scores=scores(1)
        )
    with pytest.raises(ValidationError) as exc:
        classification_services.classification_save(
            acting_user=users.a_editor, area=tree.b1, year=2025, scores=scores(1)
        )
    assert "area" in exc.value.message_dict
    bad = scores(1) | {"models": 21, "reviews": None, "extra": 3}
    with pytest.raises(ValidationError) as exc:
        classification_services.classification_save(
            acting_user=users.a_editor, area=tree.a1, year=2025, scores=bad
        )
    assert exc.value.message_dict["scores.models"] == ["From 0 to 20 points."]
    assert exc.value.message_dict["scores.reviews"] == ["Give the points."]
    assert "scores" in exc.value.message_dict


def test_weak_units_and_their_plans(tree, users):
    weak = classification_services.classification_save(
        acting_user=users.a_editor, area=tree.a1, year=2025, scores=scores(0.3)
    )
    classification_services.classification_save(
        acting_user=users.p_approver, area=tree.b1, year=2025, scores=scores(0.3)
    )
    good = classification_services.classification_save(
        acting_user=users.a_editor, area=make_area(tree.a), year=2025, scores=scores(0.8)
    )
    plan_fields = {
        "measures": "Củng cố tổ tự quản",
        "responsible": "Công an xã",
        "due_on": date(2026, 6, 30),
    }
    with pytest.raises(ValidationError) as exc:
        classification_services.plan_create(
            acting_user=users.a_editor, classification=good, **plan_fields
        )
    assert "classification" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        classification_services.plan_create(
            acting_user=users.a_editor,
            classification=weak,
            **(plan_fields | {"due_on": date(2025, 1, 1)}),
        )
    assert "due_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        classification_services.plan_create(
            acting_user=users.a_editor, classification=weak, **(plan_fields | {"status": "done"})
        )
    assert "done_on" in exc.value.message_dict
    plan = classification_services.plan_create(
        acting_user=users.a_editor, classification=weak, **plan_fields
    )
    assert plan.area == tree.a1
    classification_services.plan_update(
        acting_user=users.a_editor,
        instance=plan,
        status="done",
        done_on=date(2026, 1, 10) if date.today() >= date(2026, 1, 10) else date.today(),
    )
    listed = list(weak_units(users.a_viewer, tree.a, 2025))
    assert [c.area for c in listed] == [tree.a1]
    assert [p.measures for p in listed[0].plans.all()] == ["Củng cố tổ tự quản"]
    assert {c.area for c in weak_units(users.p_approver, None, 2025)} == {tree.a1, tree.b1}
    assert list(weak_units(users.p_approver, tree.p, 2024)) == []
    counts = class_counts(users.p_approver, tree.p, 2025)
    assert (counts["weak"], counts["good"], counts["excellent"]) == (2, 1, 0)


# --- the new-rural criterion -----------------------------------------------------------------


def test_a_commune_meets_the_rural_criterion_when_every_sub_criterion_is_met(tree, users):
    answers = {"militia": {"met": True}, "security_order": {"met": True, "evidence": "Không"}}
    r = rural_services.rural_save(
        acting_user=users.a_editor,
        area=tree.a,
        year=2025,
        assessed_on=date(2025, 12, 10),
        answers=answers,
    )
    assert (r.meets, r.period_end, r.answers.count()) == (True, date(2025, 12, 31), 2)
    r = rural_services.rural_save(
        acting_user=users.a_editor,
        area=tree.a,
        year=2025,
        assessed_on=date(2025, 12, 10),
        answers=answers | {"militia": {"met": False}},
    )
    assert r.meets is False and r.answers.get(sub_criterion__code="militia").met is False


def test_the_rural_criterion_refuses_wards_gaps_and_dates(tree, users):
    with pytest.raises(ValidationError) as exc:
        rural_services.rural_save(
            acting_user=users.b_editor,
            area=tree.b,
            year=2025,
            assessed_on=date(2025, 12, 1),
            answers={},
        )
    assert "area" in exc.value.message_dict  # a ward
    with pytest.raises(ValidationError) as exc:
        rural_services.rural_save(
            acting_user=users.a_editor,
            area=tree.a,
            year=2025,
            assessed_on=date(2024, 12, 1),
            answers={"militia": {"met": True}},
        )
    assert set(exc.value.message_dict) == {"assessed_on", "answers.security_order.met"}
    with pytest.raises(PermissionDenied):
        rural_services.rural_save(
            acting_user=users.a_viewer,
            area=tree.a,
            year=2025,
            assessed_on=date(2025, 12, 1),
            answers={},
        )
