"""Pending deltas, the fold and the shadow rebuild (indicators/rollup/pending.py, build.py):
writes touch no cell, reads add what is pending, a rebuild never makes a writer wait, and
`migrate` queues a long rebuild instead of running it."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.db.models import signals

from antq.cameras.models import CameraSite
from antq.core.testing.factories import make_user
from antq.indicators import rollup
from antq.indicators.compute import compute, compute_direct
from antq.indicators.models import Cell, PendingDelta, RollupState
from antq.indicators.registry import REGISTRY
from antq.movement.models import ModelCategory, MovementModel

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

KEYS = sorted(k for k, ind in REGISTRY.items() if rollup.supported(ind))
YEAR = {"date_from": date(2024, 1, 1), "date_to": date(2025, 12, 31)}


def _same(user, area):
    for by_child in (False, True):
        kept = compute(KEYS, user=user, area=area, by_child=by_child, **YEAR)
        direct = compute_direct(KEYS, user=user, area=area, by_child=by_child, **YEAR)
        got = {b: {k: v for k, v in r.values.items() if v} for b, r in kept.items()}
        want = {b: {k: v for k, v in r.values.items() if v} for b, r in direct.items()}
        assert {b: v for b, v in got.items() if v} == {b: v for b, v in want.items() if v}


def _model(area, **fields):
    category = ModelCategory.objects.get_or_create(code="pending", defaults={"name": "Mô hình"})[0]
    return MovementModel.objects.create(
        area=area, name="M", category=category, status="active", **fields
    )


def test_reads_see_pending_writes_and_the_fold_changes_no_figure(tree, users):
    """Before and after the fold, every read equals the records: villages with a model (a
    distinct-area count, pending as raw counts) included."""
    first = _model(tree.a1, started_on=date(2024, 1, 1), ended_on=date(2024, 6, 30))
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=3)
    for area in (tree.country, tree.p, tree.a):
        _same(users.admin, area)
    assert rollup.fold() > 0
    assert not PendingDelta.objects.exists()
    for write in (
        lambda: _model(tree.a1, started_on=date(2024, 3, 1)),  # the village has one already
        first.delete,
        lambda: _model(tree.b1, started_on=date(2025, 2, 1)),
    ):
        write()
        assert rollup.check() == []
        for area in (tree.country, tree.p, tree.a, tree.b):
            _same(users.admin, area)
    rollup.fold()
    assert rollup.check() == []
    _same(users.admin, tree.country)


def test_a_write_failed_in_a_rolled_back_savepoint_leaves_no_capture_behind(tree, users):
    """A save that fails between its pre_save and post_save (the rollup read the record before
    it) inside a savepoint the caller rolls back: the next write of that record in the same
    transaction reads it again and is counted."""
    site = CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)

    class Refused(Exception):
        pass

    def refuse(sender, instance, **kwargs):  # connected after the rollup's receiver
        if instance.heads == 99:
            raise Refused

    signals.pre_save.connect(refuse, sender=CameraSite, weak=False)
    try:
        with transaction.atomic():
            site.heads = 99
            with pytest.raises(Refused), transaction.atomic():
                site.save()
            site.heads = 5
            site.area = tree.b1
            site.save()
            assert rollup.check() == []
    finally:
        signals.pre_save.disconnect(refuse, sender=CameraSite)
    assert rollup.check() == []


def test_the_fold_leaves_the_deltas_of_an_indicator_being_rebuilt(tree):
    """While a rebuild runs (on PostgreSQL: its session holds the rebuild lock), the fold leaves
    its keys' deltas pending; the mark of a rebuild that died (its session gone) is cleared."""
    from antq.indicators.rollup.pending import REBUILD_LOCK

    other = None
    if connection.vendor == "postgresql":  # the rebuild's session, elsewhere
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=3)
    RollupState.objects.filter(key="cameras.heads").update(rebuilding=True)
    rollup.fold()
    assert set(PendingDelta.objects.values_list("key", flat=True)) == {"cameras.heads"}
    assert rollup.check() == []
    if other:  # the rebuild died: its session's lock is gone
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])
        other.close()
    else:
        RollupState.objects.filter(key="cameras.heads").update(rebuilding=False)
    rollup.fold()
    assert not PendingDelta.objects.exists()
    assert not RollupState.objects.filter(rebuilding=True).exists()
    assert rollup.check() == []


def test_migrate_queues_the_rebuild_when_there_are_records(tree, users, capsys, settings):
    """A changed declaration with records to read: migrate queues the rebuild and returns; the
    indicator is computed from the records until the worker has built it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from antq.indicators.apps import _build_stale
    from antq.indicators.tasks import rebuild_stale

    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=4)
    RollupState.objects.filter(key="cameras.heads").update(fingerprint="old")
    queued = DBTaskResult.objects.count()
    _build_stale()
    assert "queued" in capsys.readouterr().out
    assert DBTaskResult.objects.count() == queued + 1
    assert rollup.stale_keys() == {"cameras.heads"}
    got = compute(["cameras.heads"], user=users.admin, area=tree.country, **YEAR)
    assert got[tree.country.path].value("cameras.heads") == 4
    rebuild_stale.call()  # what the worker runs
    assert rollup.stale_keys() == set()
    assert rollup.check() == []
    _same(users.admin, tree.country)


def test_writers_never_wait_for_a_rebuild(transactional_db, tree):
    """While `rebuild` holds its snapshot open, another connection creates camera sites: each
    commits while the rebuild is still under way (the rebuild waits for them, up to 60 s, and
    fails the test if they were held). The sites written after the snapshot stay pending and
    are counted once the rebuild is swapped in; the figures equal the records."""
    if connection.vendor != "postgresql":
        pytest.skip("a rebuild beside writers: PostgreSQL")
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    rollup.fold()
    CameraSite.objects.create(area=tree.b1, owner_type="household", heads=3)  # seen, pending
    in_snapshot, written, errors, took = threading.Event(), threading.Event(), [], []

    def writer():
        try:
            in_snapshot.wait(60)
            for i in range(5):
                started = time.monotonic()
                with transaction.atomic():
                    CameraSite.objects.create(
                        area=tree.a1 if i % 2 else tree.b1, owner_type="household", heads=i + 1
                    )
                took.append(time.monotonic() - started)
            rollup.fold()  # the worker's fold meanwhile: leaves the keys being rebuilt alone
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            written.set()
            connections.close_all()

    def progress(message):
        if message.startswith("cameras.CameraSite"):  # inside the snapshot's transaction
            in_snapshot.set()
            assert written.wait(60), "the writers waited for the rebuild"

    thread = threading.Thread(target=writer)
    thread.start()
    rollup.rebuild(["cameras.sites", "cameras.heads"], progress=progress)
    thread.join(60)
    assert errors == [] and len(took) == 5
    assert rollup.check() == []
    assert rollup.fold() > 0
    assert rollup.check() == []
    assert not RollupState.objects.filter(rebuilding=True).exists()
    assert Cell.objects.get(path=tree.country.path, key="cameras.heads", grain=0).value == 20
    _same(make_user(tree.country, "administrator"), tree.country)


def test_the_fold_takes_every_row_batch_after_batch(tree):
    """Rows of one cell are summed when folded: a batch counts the rows taken, not the cells."""
    for _ in range(3):
        CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    pending = PendingDelta.objects.count()
    assert rollup.fold(batch=2) == pending
    assert not PendingDelta.objects.exists()
    assert rollup.check() == []


def test_an_import_chunk_of_deltas_is_appended_whole(db):
    """Thousands of deltas at once (an import's chunk) go in by COPY on PostgreSQL: every one
    is pending, with its value."""
    from antq.indicators.rollup import pending

    deltas = {
        (f"0001{i % 97:04d}{i:04d}", key, 202400 + 1 + i % 12): (i % 5) - 2 or 7
        for i in range(pending.COPY_FROM * 3)
        for key in ("cameras.sites", "cameras.heads")
    }
    pending.append(deltas)
    assert pending.pending_deltas({"cameras.sites", "cameras.heads"}) == deltas
    PendingDelta.objects.all().delete()  # they stand for no record (the after-test check)
