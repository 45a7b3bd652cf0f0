"""Smoke test of the national benchmark's generator (bench/national.py) on a small tree: the
rows it writes are the ones it says, they pass the models' own checks, and the benchmark's
naive baseline (one query per area and indicator) equals compute() for a province."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from antq.areas.models import Area
from antq.core.testing.factories import make_area, make_user
from antq.indicators import rollup
from antq.indicators.compute import compute
from antq.indicators.registry import REGISTRY
from bench import bench_national, national

pytestmark = pytest.mark.rollup

SCALE = 0.002
RECORD_MODELS = [
    "registry.Organisation",
    "movement.MovementModel",
    "movement.Team",
    "movement.TeamMember",
    "cameras.CameraSite",
    "cameras.FirePoint",
    "tips.Tip",
    "tallies.MonthlyTally",
    "activities.Activity",
    "activities.SecuredEvent",
    "activities.CoordinationRegulation",
    "honours.EmulationAgreement",
    "honours.Commendation",
    "hotspots.Hotspot",
    "evaluations.Assessment",
    "evaluations.Classification",
    "evaluations.RuralAssessment",
]


@pytest.fixture
def small_country(db):
    """Two of today's provinces with three communes each, and a former province (with a
    district and three former communes) that ended on 30 June 2025."""
    country = make_area(name="Việt Nam", code="VN")
    today, former = [], []
    for p in range(2):
        province = make_area(country, code=f"P{p}", valid_from=date(2025, 7, 1))
        for c in range(3):
            kind = "phuong" if c == 2 else "xa"
            today.append(
                make_area(province, code=f"C{p}{c}", area_type=kind, valid_from=date(2025, 7, 1))
            )
    old = make_area(country, code="OP", valid_to=date(2025, 6, 30))
    district = make_area(old, level=2, code="OD", area_type="huyen", valid_to=date(2025, 6, 30))
    for c in range(3):
        former.append(make_area(district, level=3, code=f"O{c}", valid_to=date(2025, 6, 30)))
    return country, today, former


def test_generator_counts_and_validity(small_country):
    country, today, former = small_country
    counts = national.generate(scale=SCALE, seed=7, progress=lambda _line: None)
    rollup.rebuild()  # the generator writes rows directly, as the benchmark then does

    villages = Area.objects.filter(level=4)
    assert villages.count() == counts["villages"] == round(national.VILLAGES * SCALE)
    assert all(v.path.startswith(tuple(c.path for c in today)) for v in villages)
    for label in RECORD_MODELS:
        model = apps.get_model(label)
        assert model.objects.count() == counts[model._meta.db_table], label
    totals = national.PER_COMMUNE_TOTALS
    for label, key in (("tips.Tip", "tips"), ("activities.Activity", "activities")):
        assert counts[apps.get_model(label)._meta.db_table] == round(totals[key] * SCALE)
    assert counts["movement_teammember"] > counts["movement_team"] > counts["villages"]
    # former communes carry the tallies before the reform, today's communes those after it
    Tally = apps.get_model("tallies.MonthlyTally")
    assert Tally.objects.filter(area__in=former).exists()
    assert not Tally.objects.filter(area__in=former, month__gte=date(2025, 7, 1)).exists()
    assert not Tally.objects.filter(area__in=today, month__lt=date(2025, 7, 1)).exists()
    assert national.record_count(counts) == sum(
        counts[apps.get_model(label)._meta.db_table] for label in RECORD_MODELS
    )
    # the rows pass the models' own validation
    for label in [*RECORD_MODELS, "areas.Area"]:
        for obj in apps.get_model(label).objects.order_by("pk")[:40]:
            try:
                obj.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:  # pragma: no cover - the message is the point
                pytest.fail(f"{label} {obj.pk}: {exc.message_dict}")
    codes = list(apps.get_model("tips.Tip").objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)


def test_naive_baseline_equals_compute(small_country):
    country, today, _former = small_country
    national.generate(scale=SCALE, seed=7, progress=lambda _line: None)
    rollup.rebuild()  # the generator writes rows directly, as the benchmark then does
    user = make_user(country, "administrator", username="national")
    province = Area.objects.get(path=today[0].path[: 2 * Area.steplen])
    keys = list(REGISTRY)
    d0, d1 = date(2025, 1, 1), date(2025, 12, 31)
    expected = compute(keys, user=user, area=province, date_from=d0, date_to=d1, by_child=True)
    paths = bench_national.children_paths(province)
    assert len(paths) == 3
    _ms, _scaled, n = bench_national.naive(keys, user, paths, paths, d0, d1, expected)
    assert n == 3
    assert sum(expected[p].value("activities.total") for p in paths if p in expected) > 0


def test_completeness_case_equals_the_naive_per_unit_computation(small_country):
    country, today, _former = small_country
    national.generate(scale=SCALE, seed=7, progress=lambda _line: None)
    rollup.rebuild()  # the generator writes rows directly, as the benchmark then does
    user = make_user(country, "administrator", username="national")
    province = Area.objects.get(path=today[0].path[: 2 * Area.steplen])
    row = bench_national.completeness_case(user, province, 2025, repeat=2)
    # three communes from July: 18 reports; the generator sends some after the due day
    assert row["baseline_equal"] and row["totals"]["expected"] == 18
    assert 0 < row["totals"]["on_time"] < row["totals"]["received"]
