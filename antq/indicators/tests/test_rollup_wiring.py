"""How the rollup is wired in: the models each app connects are exactly those the indicators
depend on, and a write's rollup work is a handful of statements."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.core.testing.factories import make_area
from antq.indicators import rollup
from antq.indicators.rollup import receivers
from antq.movement.models import Team
from antq.reports.models import FrozenReport


def test_every_model_the_indicators_depend_on_is_connected_and_no_other():
    assert receivers.connected_check() == []
    assert receivers.CONNECTED == set(rollup.plans()) | set(rollup.dependencies())


def test_the_check_names_a_model_left_unconnected_and_one_connected_for_nothing(monkeypatch):
    monkeypatch.setattr(receivers, "CONNECTED", (receivers.CONNECTED - {Team}) | {FrozenReport})
    errors = receivers.connected_check()
    assert [(e.id, e.msg.split(":")[0]) for e in errors] == [
        ("antq.E101", "movement.Team"),
        ("antq.E102", "reports.FrozenReport"),
    ]


def test_a_camera_created_costs_a_handful_of_statements(tree, users):
    """The record's insert and its history row; then the rollup: its area's path read (and
    locked FOR KEY SHARE on PostgreSQL: a change of the area under way is read once committed),
    the record's contributions evaluated from the instance (rollup/memory.py), appended as
    pending deltas in one insert: no cell, own or ancestor, is touched (the fold adds them
    later)."""
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    with CaptureQueriesContext(connection) as queries:
        CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    assert len(queries.captured_queries) == 4, [q["sql"] for q in queries]
    assert not any("indicators_cell" in q["sql"] for q in queries.captured_queries)
    assert rollup.check() == []
    assert rollup.fold() > 0
    assert rollup.check() == []


def test_deleting_a_unit_through_the_rollup_deletes_its_subtree_and_keeps_the_figures(tree):
    """rollup.delete() runs the queryset's own delete(): the tree's removes the unit's
    descendants and counts the parent's children again; those it adds are kept one by one."""
    children = Area.objects.get(pk=tree.p.pk).numchild
    unit = make_area(tree.p)
    village = make_area(unit)
    rollup.delete(Area.objects.filter(pk=unit.pk))
    assert not Area.objects.filter(pk__in=[unit.pk, village.pk]).exists()
    assert Area.objects.get(pk=tree.p.pk).numchild == children
    assert rollup.check() == []
