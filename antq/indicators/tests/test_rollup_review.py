"""Review of the rollup: write paths and date edges where the rollup must still equal the
records and compute() must equal compute_direct()."""

from datetime import date

from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.indicators import rollup
from antq.indicators.base import REGISTRY, compute, compute_direct
from antq.movement.models import ModelCategory, MovementModel

KEYS = sorted(k for k, ind in REGISTRY.items() if rollup.supported(ind))


def _same(user, area, date_from, date_to):
    for by_child in (False, True):
        args = {"user": user, "area": area, "date_from": date_from, "date_to": date_to}
        kept = compute(KEYS, by_child=by_child, **args)
        direct = compute_direct(KEYS, by_child=by_child, **args)
        got = {b: {k: v for k, v in r.values.items() if v} for b, r in kept.items()}
        want = {b: {k: v for k, v in r.values.items() if v} for b, r in direct.items()}
        assert {b: v for b, v in got.items() if v} == {b: v for b, v in want.items() if v}


def _model(area, **fields):
    return MovementModel.objects.create(
        area=area, name="M", category=ModelCategory.objects.first(), status="active", **fields
    )


def test_a_record_open_until_the_last_representable_day(tree, users):
    _model(tree.a1, started_on=date(2024, 1, 1), ended_on=date(9999, 12, 31))
    assert rollup.check() == []
    _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))


def test_a_period_up_to_the_last_representable_day(tree, users):
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    _same(users.admin, tree.country, None, date(9999, 12, 31))
    _same(users.admin, tree.country, date(2024, 1, 1), date(9999, 12, 31))


def test_deleting_a_replicated_model_nulls_its_replicas(tree, users):
    original = _model(tree.a1, started_on=date(2024, 1, 1))
    _model(tree.b1, started_on=date(2024, 2, 1), replicated_from=original)
    original.delete()
    assert rollup.check() == []
    _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))


def test_leap_days_and_month_ends(tree, users):
    _model(tree.a1, started_on=date(2024, 2, 29), ended_on=date(2024, 2, 29))
    _model(tree.a1, started_on=date(2024, 2, 1), ended_on=date(2024, 2, 28))
    _model(tree.a1, started_on=date(2024, 3, 1), ended_on=date(2024, 2, 29))  # ends before
    Area.objects.filter(pk=tree.b1.pk).update(valid_to=date(2024, 1, 31))  # no start, an end
    assert rollup.check() == []
    for first, last in (
        (date(2024, 2, 1), date(2024, 2, 29)),
        (None, date(2024, 1, 31)),
        (None, date(2024, 2, 29)),
        (date(2000, 1, 1), date(2030, 12, 31)),
        (date(2024, 3, 1), date(2024, 2, 29)),  # end before start
    ):
        _same(users.admin, tree.country, first, last)


def test_area_validity_changed_by_a_queryset_update(tree, users):
    Area.objects.filter(pk=tree.a1.pk).update(valid_to=date(2024, 5, 31))
    assert rollup.check() == []
    _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))
