"""Loads the real package data once per database (a few seconds) and checks its shape."""

from datetime import date

import pytest
from django.db.models import Count
from django.test import override_settings

from antq.areas.choices import AreaLevel, SuccessionKind
from antq.areas.models import Area, AreaSuccession
from antq.areas.services import areas_load_from_package
from antq.indicators import rollup


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first = areas_load_from_package()
        second = areas_load_from_package()
        yield first, second
        # cleaning up, not a user's deletion: no history of it is kept (24,810 rows, one
        # statement each, were most of this teardown's minute and a half on PostgreSQL)
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            AreaSuccession.objects.all().delete()
            rollup.delete(Area.objects.all())  # the rollup read once, not per unit
        Area.history.all().delete()
        AreaSuccession.history.all().delete()


def _counts(day):
    rows = Area.objects.active_on(day).values("level").annotate(n=Count("id")).order_by()
    return {AreaLevel(r["level"]).name: r["n"] for r in rows}


@pytest.mark.django_db
def test_today_has_34_provinces_and_3321_communes(loaded):
    assert _counts(date(2026, 1, 1)) == {"COUNTRY": 1, "PROVINCE": 34, "COMMUNE": 3321}


@pytest.mark.django_db
def test_before_the_reform_63_provinces_696_districts_10035_communes(loaded):
    assert _counts(date(2024, 12, 31)) == {
        "COUNTRY": 1,
        "PROVINCE": 63,
        "DISTRICT": 696,
        "COMMUNE": 10035,
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing(loaded):
    first, second = loaded
    assert first.created == 14150
    assert second.created == second.updated == second.successions_created == 0
    assert second.unchanged == 14150


@pytest.mark.django_db
def test_tree_is_consistent(loaded):
    # every commune of today hangs directly off a province of today
    today = Area.objects.filter(level=AreaLevel.COMMUNE, valid_to__isnull=True)
    assert not today.exclude(depth=3).exists()
    # numchild matches the real number of children for a sample of parents
    for parent in Area.objects.filter(level__lte=AreaLevel.DISTRICT)[:40]:
        assert parent.numchild == Area.objects.get_children(parent).count()


@pytest.mark.django_db
def test_crosswalk_old_commune_to_new(loaded):
    # Phường Phúc Xá (Ba Đình, Hà Nội; code 00001) was merged into today's Phường Hồng Hà
    old = Area.objects.get(code="00001", level=AreaLevel.COMMUNE, valid_to=date(2025, 6, 30))
    successors = [s.successor for s in AreaSuccession.objects.filter(predecessor=old)]
    assert [s.name for s in successors] == ["Phường Hồng Hà"]
    assert successors[0].valid_to is None
    assert AreaSuccession.objects.filter(kind=SuccessionKind.DIVIDED).exists()
    # every divided old commune names exactly one main successor
    divided = (
        AreaSuccession.objects.filter(kind=SuccessionKind.DIVIDED, is_default=True)
        .values("predecessor")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not divided.exists()


@pytest.mark.django_db
def test_old_provinces_map_to_new(loaded):
    quang_nam = Area.objects.get(level=AreaLevel.PROVINCE, name="Tỉnh Quảng Nam")
    assert [s.successor.name for s in quang_nam.successions.all()] == ["Thành phố Đà Nẵng"]
