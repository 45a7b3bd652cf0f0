"""The set-based computation equals a naive recomputation, on random trees and records."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.core.testing.factories import make_area, make_user
from antq.indicators import rollup
from antq.indicators.compute import compute
from antq.indicators.registry import REGISTRY
from antq.movement.models import ModelCategory, MovementModel

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

KEYS = [
    "cameras.sites",
    "cameras.heads",
    "cameras.connected_heads",
    "models.total",
    "models.effective",
    "models.villages_with_model",
    "areas.villages",
]


def _naive(key, area, date_to):
    """What an indicator means, written the slow, obvious way: a Python loop over records."""

    def under(a):
        return a.path.startswith(area.path)

    if key.startswith("cameras."):
        sites = [
            s
            for s in CameraSite.objects.select_related("area")
            if under(s.area)
            and s.status != "removed"
            and (s.installed_on is None or s.installed_on <= date_to)
        ]
        if key == "cameras.sites":  # the commune's own system is not one more site
            return sum(1 for s in sites if s.owner_type != "commune_system")
        if key == "cameras.heads":
            return sum(s.heads for s in sites)
        return sum(s.heads for s in sites if s.connected)
    if key == "areas.villages":
        return sum(
            1
            for a in Area.objects.filter(level=4)
            if under(a)
            and (a.valid_from is None or a.valid_from <= date_to)
            and (a.valid_to is None or a.valid_to >= date_to)
        )
    models = [
        m
        for m in MovementModel.objects.select_related("area")
        if under(m.area)
        and m.started_on <= date_to
        and (m.ended_on is None or m.ended_on >= date_to)
    ]
    if key == "models.total":
        return len(models)
    if key == "models.effective":
        return sum(1 for m in models if m.status == "effective")
    return len(
        {m.area_id for m in models if m.area.level == 4 and m.status in ("active", "effective")}
    )


record = st.tuples(
    st.integers(0, 30),  # which area
    st.integers(1, 9),  # heads
    st.booleans(),  # connected
    st.sampled_from(["working", "broken", "removed"]),
    st.integers(0, 900),  # days after 2023-01-01
)
model = st.tuples(
    st.integers(0, 30),
    st.sampled_from(["active", "effective", "ineffective"]),
    st.integers(0, 900),
    st.one_of(st.none(), st.integers(0, 900)),
)


# as many examples as the Hypothesis profile says (antq/core/testing/hypothesis_profiles.py)
@given(
    cams=st.lists(record, max_size=25),
    models=st.lists(model, max_size=15),
    shape=st.lists(st.integers(0, 3), min_size=2, max_size=4),
    day=st.integers(0, 900),
)
def test_compute_equals_naive(db, django_db_blocker, cams, models, shape, day):
    from antq.accounts.models import RoleAssignment

    rollup.delete(CameraSite.objects.all())
    rollup.delete(MovementModel.objects.all())
    RoleAssignment.objects.all().delete()
    rollup.delete(Area.objects.all())
    start = date(2023, 1, 1)
    country = make_area(name="VN", code="VN")
    areas = []
    for p in range(2):
        prov = make_area(country, name=f"P{p}")
        for c, n_villages in enumerate(shape):
            commune = make_area(prov, name=f"C{p}{c}")
            areas.append(commune)
            for v in range(n_villages):
                areas.append(
                    make_area(
                        commune,
                        name=f"V{p}{c}{v}",
                        valid_to=start + timedelta(days=400) if v == 2 else None,
                    )
                )
    country.refresh_from_db()
    admin = make_user(country, "administrator")
    for i, heads, connected, status, days in cams:
        CameraSite.objects.create(
            area=areas[i % len(areas)],
            owner_type="household",
            heads=heads,
            connected=connected,
            status=status,
            installed_on=start + timedelta(days=days),
        )
    category = ModelCategory.objects.first()
    for i, status, began, ended in models:
        MovementModel.objects.create(
            area=areas[i % len(areas)],
            name="M",
            category=category,
            status=status,
            started_on=start + timedelta(days=began),
            ended_on=None if ended is None else start + timedelta(days=max(began, ended)),
        )
    date_to = start + timedelta(days=day)
    whole = compute(KEYS, user=admin, area=country, date_to=date_to)
    children = compute(KEYS, user=admin, area=country, date_to=date_to, by_child=True)
    for key in KEYS:
        assert whole.get(country.path, None) is None or whole[country.path].value(key) == _naive(
            key, country, date_to
        ), key
        if country.path not in whole:
            assert _naive(key, country, date_to) == 0
        for prov in Area.objects.get_children(country):
            got = children[prov.path].value(key) if prov.path in children else 0
            assert got == _naive(key, prov, date_to), (key, prov.name)


def test_a_stock_counts_records_alive_on_the_last_day(tree, users):
    category = ModelCategory.objects.first()
    day = date(2025, 6, 30)
    for ended in (day, day - timedelta(days=1), None):
        MovementModel.objects.create(
            area=tree.a1, name="M", category=category, started_on=date(2024, 1, 1), ended_on=ended
        )
    MovementModel.objects.create(
        area=tree.a1, name="later", category=category, started_on=day + timedelta(days=1)
    )
    got = compute(["models.total"], user=users.admin, area=tree.a, date_to=day)
    assert got[tree.a.path].value("models.total") == 2  # ended on the day, and still running


def test_rates_and_buckets_of_records_at_the_area_itself(tree, users):
    CameraSite.objects.create(area=tree.a, owner_type="commune_system", heads=32, connected=True)
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=8)
    by_child = compute(["cameras.connected_heads"], user=users.admin, area=tree.a, by_child=True)
    assert by_child[tree.a.path].value("cameras.heads") == 32  # at the commune itself
    assert by_child[tree.a1.path].value("cameras.heads") == 8
    whole = compute(["cameras.connected_heads"], user=users.admin, area=tree.a)[tree.a.path]
    assert float(whole.rate("cameras.connected_heads")) == 0.8
    assert REGISTRY["cameras.connected_heads"].is_rate
