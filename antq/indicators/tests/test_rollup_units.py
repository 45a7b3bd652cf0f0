"""Distinct units by their path (`Indicator.unit_path`), as the communes with a model: the rollup
keeps each commune's count of models (at the commune or in one of its villages) at the commune,
and every area above it counts the commune once: 1 added when its first model comes, taken away
when its last goes, before the fold (the reads add what is pending) and after it."""

from datetime import date

import pytest

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.core.testing.factories import make_area
from antq.indicators import rollup
from antq.indicators.compute import compute, compute_direct
from antq.indicators.models import Cell, OwnCell
from antq.indicators.rollup.contributions import MONTH, raw_key
from antq.movement.models import MovementModel
from antq.movement.tests.helpers import category, make_model

pytestmark = pytest.mark.pg

KEY = "models.communes_with_model"
YEAR = {"date_from": date(2023, 1, 1), "date_to": date(2023, 12, 31)}


def _read(user, area, by_child=False, **period):
    """{bucket: n} read (from the rollup), after checking that a recomputation gives the same."""
    period = period or YEAR
    kept = compute([KEY], user=user, area=area, by_child=by_child, **period)
    direct = compute_direct([KEY], user=user, area=area, by_child=by_child, **period)
    got = {b: r.value(KEY) for b, r in kept.items() if r.value(KEY)}
    assert got == {b: r.value(KEY) for b, r in direct.items() if r.value(KEY)}
    return got


def _both(user, tree, want):
    """The figures of the country, the province and each commune, before the fold and after."""
    for folded in (False, True):
        if folded:
            rollup.fold()
        got = {
            name: _read(user, getattr(tree, name)).get(getattr(tree, name).path, 0)
            for name in ("country", "p", "a", "b", "a1")
        }
        assert got == want, (folded, got)
        assert rollup.check([KEY]) == []


def _cell(path):
    """The commune count kept in the cells of `path` (its monthly deltas added up)."""
    return sum(Cell.objects.filter(path=path, key=KEY, grain=MONTH).values_list("value", flat=True))


def test_a_commune_counts_once_from_its_first_model_to_its_last(tree, users):
    assert KEY in rollup.fresh_keys()  # read from the rollup, not from the records
    in_village = make_model(users.a_editor, tree.a1)
    # a village's model counts its commune, not the village (which holds no commune)
    _both(users.admin, tree, {"country": 1, "p": 1, "a": 1, "b": 0, "a1": 0})
    at_commune = make_model(users.a_editor, tree.a, name="Đường tự quản")
    _both(users.admin, tree, {"country": 1, "p": 1, "a": 1, "b": 0, "a1": 0})
    # the commune's raw count is 2, its presence stays 1
    assert OwnCell.objects.get(path=tree.a.path, key=raw_key(KEY), bucket=202303).value == 2
    assert (_cell(tree.p.path), _cell(tree.country.path)) == (1, 1)
    make_model(users.b_editor, tree.b1, name="Cổng trường an toàn")
    _both(users.admin, tree, {"country": 2, "p": 2, "a": 1, "b": 1, "a1": 0})
    assert _read(users.admin, tree.p, by_child=True) == {tree.a.path: 1, tree.b.path: 1}
    # inside a commune, the commune itself holds the count: not its villages
    assert _read(users.admin, tree.a, by_child=True) == {tree.a.path: 1}
    in_village.delete()  # A still has a model of its own
    _both(users.admin, tree, {"country": 2, "p": 2, "a": 1, "b": 1, "a1": 0})
    at_commune.delete()  # A's last: it leaves every ancestor's count
    _both(users.admin, tree, {"country": 1, "p": 1, "a": 0, "b": 1, "a1": 0})
    assert (_cell(tree.p.path), _cell(tree.a.path)) == (1, 0)
    assert not OwnCell.objects.filter(path=tree.a.path, key__startswith=KEY).exists()


def test_a_model_moved_or_ended_moves_its_commune_count(tree, users):
    model = make_model(users.a_editor, tree.a1)
    _both(users.admin, tree, {"country": 1, "p": 1, "a": 1, "b": 0, "a1": 0})
    model.area = tree.b1
    model.save()
    _both(users.admin, tree, {"country": 1, "p": 1, "a": 0, "b": 1, "a1": 0})
    # ended on 30 June 2023: counted at the end of May, no longer at the end of the year
    model = MovementModel.objects.get(pk=model.pk)
    model.ended_on = date(2023, 6, 30)
    model.save()
    _both(users.admin, tree, {"country": 0, "p": 0, "a": 0, "b": 0, "a1": 0})
    may = {"date_from": date(2023, 1, 1), "date_to": date(2023, 5, 31)}
    assert _read(users.admin, tree.p, **may) == {tree.p.path: 1}


def test_former_communes_count_under_their_former_district_and_are_rebuilt(tree, users):
    """A district and its commune ended on 30 June 2025: a model of 2023 in the former
    commune's village counts the former commune, under the former district and the province;
    a rebuild gives the cells that the writes kept."""
    ended = date(2025, 6, 30)
    district = make_area(
        tree.p, level=AreaLevel.DISTRICT, name="Huyện Cũ", code="490", area_type="huyen",
        valid_to=ended,
    )  # fmt: skip
    former = make_area(district, name="Xã Cũ", code="19999", valid_to=ended)
    village = make_area(former, name="Thôn Cũ", code="T01", valid_to=ended)
    district, former, village = (Area.objects.get(pk=a.pk) for a in (district, former, village))
    MovementModel.objects.create(
        area=village, name="Mô hình cũ", category=category(),
        started_on=date(2023, 2, 1),
    )  # fmt: skip
    make_model(users.a_editor, tree.a1)
    rollup.fold()
    assert _read(users.admin, district) == {district.path: 1}
    assert _read(users.admin, tree.p) == {tree.p.path: 2}
    assert _read(users.admin, tree.p, by_child=True) == {tree.a.path: 1, district.path: 1}
    assert _read(users.admin, district, by_child=True) == {former.path: 1}
    before = sorted(Cell.objects.filter(key=KEY).values_list("path", "grain", "bucket", "value"))
    assert rollup.rebuild([KEY]) == 1
    after = sorted(Cell.objects.filter(key=KEY).values_list("path", "grain", "bucket", "value"))
    assert after == before and rollup.check([KEY]) == []
    # the province's approver reads the former district of their province from the rollup
    assert _read(users.p_approver, district) == {district.path: 1}
