"""The rollup's set-based paths on PostgreSQL (rollup/pending.py `_fold_in_sql`,
contributions.py `append_contributions`, core/copying.py `copy_with_history`): each gives what
the per-record path gives, on records of every shape the rollup keeps (flows, stocks with an
end, distinct-area counts, deletions that bring cells back to zero)."""

from datetime import date

import pytest
from django.db import connection, transaction

from antq.activities.models import Activity
from antq.cameras.models import CameraSite
from antq.core import copying
from antq.core.testing.factories import make_user
from antq.indicators import rollup
from antq.indicators.models import Cell, OwnCell, PendingDelta
from antq.indicators.rollup import pending
from antq.indicators.rollup.contributions import RAW, append_contributions, own_contributions
from antq.indicators.rollup.plans import plans
from antq.indicators.rollup.state import supported_keys
from antq.movement.models import ModelCategory, MovementModel

pytestmark = [pytest.mark.pg, pytest.mark.rollup]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the set-based paths are PostgreSQL's")


def _records(tree):
    """Records of each shape, some of them deleted or changed after their creation (negative
    deltas; a village whose models all go)."""
    category = ModelCategory.objects.get_or_create(code="sets", defaults={"name": "Mô hình"})[0]
    models = [
        MovementModel.objects.create(
            area=area,
            name=f"M{i}",
            category=category,
            status="active",
            started_on=start,
            ended_on=end,
        )
        for i, (area, start, end) in enumerate(
            [
                (tree.a1, date(2023, 1, 5), None),
                (tree.a1, date(2023, 3, 1), date(2024, 2, 10)),
                (tree.b1, date(2024, 6, 1), date(2024, 6, 20)),
                (tree.b1, date(2022, 11, 1), None),
            ]
        )
    ]
    sites = [
        CameraSite.objects.create(area=area, owner_type="household", heads=h)
        for area, h in [(tree.a1, 3), (tree.b1, 5), (tree.a, 2)]
    ]
    acts = [
        Activity.objects.create(area=area, kind=kind, title="T", held_on=day, participants=n)
        for area, kind, day, n in [
            (tree.a, "outreach", date(2023, 4, 2), 40),
            (tree.a1, "dialogue", date(2023, 4, 20), 0),
            (tree.b, "training", date(2024, 1, 9), 12),
            (tree.b1, "outreach", date(2019, 12, 31), 7),
        ]
    ]
    models[3].delete()
    sites[1].delete()
    acts[2].delete()
    return models, sites, acts


def _cells():
    own = set(OwnCell.objects.values_list("path", "key", "bucket", "value"))
    cells = set(Cell.objects.values_list("path", "parent", "key", "grain", "bucket", "value"))
    return own, cells


def test_the_fold_in_sql_equals_the_fold_in_python(tree):
    rollup.fold()
    _records(tree)
    assert PendingDelta.objects.exists()
    with transaction.atomic():
        sid = transaction.savepoint()
        taken, deltas = pending._take(10**9, set())
        pending._fold(deltas)
        by_python = _cells()
        transaction.savepoint_rollback(sid)
        assert pending._fold_in_sql(10**9, set()) == taken
        assert _cells() == by_python
        assert not PendingDelta.objects.exists()
    # the zeros a deletion leaves are dropped, as in Python
    assert not OwnCell.objects.filter(value=0).exists()
    assert not Cell.objects.filter(value=0).exists()
    assert rollup.check() == []


def test_the_fold_in_sql_takes_the_rows_a_batch_at_a_time(tree):
    _records(tree)
    n = PendingDelta.objects.count()
    assert n > 3
    assert rollup.fold(batch=3) == n
    assert not PendingDelta.objects.exists()
    assert rollup.check() == []


def test_set_based_deltas_equal_the_records_contributions(tree):
    """A write batch's deltas appended by INSERT … SELECT over the records' ids (ranges and
    single ids) equal what own_contributions reads back for them."""
    _records(tree)
    rollup.fold()
    for model in (MovementModel, CameraSite, Activity):
        plan = plans()[model]
        keys = supported_keys() & set(plan.keys)
        pks = set(model.objects.values_list("pk", flat=True))
        want = own_contributions(plan, keys, pks)
        assert want
        with transaction.atomic():
            sid = transaction.savepoint()
            append_contributions(plan, keys, pks, pending.table(PendingDelta))
            assert pending.pending_deltas(keys | {k + RAW for k in keys}) == want
            transaction.savepoint_rollback(sid)


def test_history_rows_copied_in_the_database_equal_those_sent_from_python(tree):
    """copy_with_history's INSERT … SELECT writes the history rows the COPY from Python does."""
    user = make_user(tree.country, "administrator")

    def batch(marked):
        records = [
            Activity(
                area=tree.a,
                kind="outreach",
                title=f"H{i}",
                held_on=date(2023, 5, i + 1),
                participants=i,
            )
            for i in range(5)
        ]
        if marked:  # a record's own history user sends every row from Python
            records[0]._history_user = user
        copying.copy_with_history(Activity, records, user=user, reason="Imported from h.csv")
        rollup.records_created(Activity, records)
        fields = ["title", "held_on", "participants", "area_id", "kind", "history_type"]
        fields += ["history_user_id", "history_change_reason"]
        rows = Activity.history.filter(id__in=[r.pk for r in records]).order_by("id")
        return [tuple(row[1:]) for row in rows.values_list("id", *fields)], records

    in_db, records = batch(False)
    from_python, _ = batch(True)
    assert in_db == from_python
    assert len(in_db) == 5 and all(r.pk for r in records)
    assert rollup.check() == []
