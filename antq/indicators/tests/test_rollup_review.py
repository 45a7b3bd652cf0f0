"""Review of the rollup: write paths and date edges where the rollup must still equal the
records and compute() must equal compute_direct()."""

from datetime import date

import pytest

from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.indicators import rollup
from antq.indicators.compute import compute, compute_direct
from antq.indicators.registry import REGISTRY
from antq.movement.models import ModelCategory, MovementModel

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

KEYS = sorted(k for k, ind in REGISTRY.items() if rollup.supported(ind))


def _same(user, area, date_from, date_to):
    for by_child in (False, True):
        args = {"user": user, "area": area, "date_from": date_from, "date_to": date_to}
        kept = compute(KEYS, by_child=by_child, **args)
        direct = compute_direct(KEYS, by_child=by_child, **args)
        got = {b: {k: v for k, v in r.values.items() if v} for b, r in kept.items()}
        want = {b: {k: v for k, v in r.values.items() if v} for b, r in direct.items()}
        assert {b: v for b, v in got.items() if v} == {b: v for b, v in want.items() if v}


def _category():
    return ModelCategory.objects.get_or_create(code="review", defaults={"name": "Mô hình"})[0]


def _model(area, **fields):
    return MovementModel.objects.create(
        area=area, name="M", category=_category(), status="active", **fields
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


def test_a_model_and_its_replica_deleted_together_are_counted_off_once(tree, users):
    """Both pre_delete signals read before the shared batch delete (the replica reached twice:
    as itself and through replicated_from); its difference is applied once, after it."""
    for deleting in (lambda qs: qs.delete(), rollup.delete):
        original = _model(tree.a1, started_on=date(2024, 1, 1))
        replica = _model(tree.a1, started_on=date(2024, 2, 1), replicated_from=original)
        other = _model(tree.b1, started_on=date(2024, 3, 1), replicated_from=original)
        deleting(MovementModel.objects.filter(pk__in=[original.pk, replica.pk]))
        assert rollup.check() == []
        _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))
        other.delete()
        assert rollup.check() == []


def test_a_village_counts_once_while_it_has_a_model(tree, users):
    """Distinct villages are not a sum over records: the leaf's raw count of models decides."""
    first = _model(tree.a1, started_on=date(2024, 1, 1), ended_on=date(2024, 6, 30))
    second = _model(tree.a1, started_on=date(2024, 3, 1))
    for write in (
        lambda: setattr(second, "started_on", date(2024, 8, 1)) or second.save(),
        first.delete,
        lambda: setattr(second, "area", tree.b1) or second.save(),
        second.delete,
    ):
        write()
        assert rollup.check() == []
        _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))
        _same(users.admin, tree.p, None, date(2024, 5, 31))


def test_leap_days_and_month_ends(tree, users):
    _model(tree.a1, started_on=date(2024, 2, 29), ended_on=date(2024, 2, 29))
    _model(tree.a1, started_on=date(2024, 2, 1), ended_on=date(2024, 2, 28))
    _model(tree.a1, started_on=date(2024, 3, 1), ended_on=date(2024, 2, 29))  # ends before
    b1 = Area.objects.filter(pk=tree.b1.pk)
    with rollup.bulk_change(b1, {"valid_to"}):
        b1.update(valid_to=date(2024, 1, 31))  # no start, an end
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
    a1 = Area.objects.filter(pk=tree.a1.pk)
    with rollup.bulk_change(a1, {"valid_to"}):
        a1.update(valid_to=date(2024, 5, 31))
    assert rollup.check() == []
    _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))


def _tip(area, **fields):
    from antq.tips.models import Tip, TipCategory

    return Tip.objects.create(
        area=area,
        received_by_area=area,
        legal_kind="denunciation",
        channel="phone",
        category=TipCategory.objects.get_or_create(code="fraud", defaults={"name": "Lừa đảo"})[0],
        summary="S",
        received_on=date(2025, 3, 3),
        **fields,
    )


def test_two_units_recording_tips_at_once_do_not_deadlock(transactional_db, tree):
    """Commune A records a tip about commune B (place_area = B) while B records one of its
    own. A's foreign key to B is checked at commit (FOR KEY SHARE on B's row); B holds its own
    row locked for the rollup and waits for the country's cells that A has bumped. A lock on
    the leaf that conflicts with FOR KEY SHARE (FOR UPDATE) makes that a deadlock."""
    import threading
    import time

    import pytest
    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    _tip(tree.a1)  # the category exists before the writers start
    a_bumped, errors = threading.Event(), []

    def unit_a():
        try:
            with transaction.atomic():
                _tip(tree.a, place_area=tree.b)
                a_bumped.set()
                time.sleep(1.5)  # B locks its row and queues behind A's cells
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            a_bumped.set()
            connections.close_all()

    def unit_b():
        try:
            a_bumped.wait(10)
            with transaction.atomic():
                _tip(tree.b)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=unit_a), threading.Thread(target=unit_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert rollup.check() == []


def test_concurrent_writers_in_one_leaf_and_in_siblings_lose_nothing(transactional_db, tree):
    import threading

    import pytest
    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    _tip(tree.a1)  # the category exists before the writers start
    start, errors = threading.Barrier(4), []

    def writer(area):
        try:
            start.wait(10)
            for _ in range(3):
                with transaction.atomic():
                    _tip(area)
                    CameraSite.objects.create(area=area, owner_type="household", heads=2)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(a,)) for a in (tree.a, tree.a, tree.b, tree.b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert rollup.check() == []
    from antq.core.testing.factories import make_user

    _same(make_user(tree.country, "administrator"), tree.country, None, date(2025, 12, 31))


def test_two_moves_of_one_record_at_once_leave_no_leaf_behind(transactional_db, tree):
    """T1 reads the record's area (L1) to know which leaves to refresh; T2 moves the record to
    L2 and commits; T1 then moves it to L3. L2 must be refreshed too: the record left it."""
    import threading

    import pytest
    from django.db import connection, connections, transaction
    from django.db.models import signals

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    site = CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    t1_read, t2_done, errors = threading.Event(), threading.Event(), []
    me = {}

    def after_rollup_pre_save(sender, instance, **kwargs):  # runs after the rollup's receiver
        if me.get(threading.get_ident()) == "t1":
            t1_read.set()
            t2_done.wait(2)  # T2 may go (it waits for no lock of ours, unless we hold one)

    signals.pre_save.connect(after_rollup_pre_save, sender=CameraSite, weak=False)

    def t1():
        me[threading.get_ident()] = "t1"
        try:
            with transaction.atomic():
                record = CameraSite.objects.get(pk=site.pk)
                record.area = tree.b  # L3
                record.save()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def t2():
        try:
            t1_read.wait(5)
            with transaction.atomic():
                record = CameraSite.objects.get(pk=site.pk)
                record.area = tree.b1  # L2
                record.save()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            t2_done.set()
            connections.close_all()

    try:
        threads = [threading.Thread(target=t1), threading.Thread(target=t2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        signals.pre_save.disconnect(after_rollup_pre_save, sender=CameraSite)
    assert errors == []
    assert rollup.check() == []


def test_a_record_created_while_its_area_changes_reads_the_change(transactional_db, tree):
    """T1 changes a village's level (its models count as villages with a model only while it
    is a village) and reads the models it holds; T2 creates a model there meanwhile. T2's
    figures must follow the level T1 commits: T1's write leaves T2's model out."""
    import threading
    import time

    import pytest
    from django.db import connection, connections, transaction

    from antq.areas.choices import AreaLevel

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    _model(tree.a1, started_on=date(2024, 1, 1))
    category = _category()
    t1_read, errors = threading.Event(), []

    def t1():
        try:
            with transaction.atomic():
                villages = Area.objects.filter(pk=tree.a1.pk)
                with rollup.bulk_change(villages, ["level"]):
                    t1_read.set()
                    time.sleep(0.5)  # T2 creates its model now, or waits for us
                    villages.update(level=AreaLevel.COMMUNE)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def t2():
        try:
            t1_read.wait(5)
            with transaction.atomic():
                MovementModel.objects.create(
                    area_id=tree.a1.pk,
                    name="M2",
                    category=category,
                    status="active",
                    started_on=date(2024, 2, 1),
                )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=t1), threading.Thread(target=t2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert rollup.check() == []


def test_deleting_many_records_of_one_leaf_refreshes_the_leaf_once(tree, users):
    """A queryset delete sends a signal per record: refreshing the leaf on each is quadratic
    in the leaf's records (each refresh re-reads them all); rollup.delete() refreshes once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sites = CameraSite.objects.bulk_create(
        CameraSite(area=tree.a1, owner_type="household", heads=1, installed_on=date(2024, 1, 1))
        for _ in range(30)
    )
    rollup.records_created(CameraSite, sites)
    CameraSite.objects.create(area=tree.b1, owner_type="household", heads=5)
    with CaptureQueriesContext(connection) as queries:
        rollup.delete(CameraSite.objects.filter(area__path__startswith=tree.p.path, heads=1))
    regroupings = [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert len(regroupings) <= 2
    assert rollup.check() == []
    _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))
    # and a team with its members, cascading, and a model with its replicas (SET_NULL)
    from antq.movement.models import Team, TeamMember

    team = Team.objects.create(area=tree.a1, name="T", kind="security_self_governing")
    members = TeamMember.objects.bulk_create(
        TeamMember(team=team, full_name=f"N{i}") for i in range(5)
    )
    rollup.records_created(TeamMember, members)
    original = _model(tree.a1, started_on=date(2024, 1, 1))
    _model(tree.b1, started_on=date(2024, 2, 1), replicated_from=original)
    rollup.delete(Team.objects.filter(pk=team.pk))
    rollup.delete(MovementModel.objects.filter(pk=original.pk))
    assert rollup.check() == []
    _same(users.admin, tree.country, date(2024, 1, 1), date(2024, 12, 31))


def test_services_tips_transfer_and_tallies_approval(tree, users):
    from antq.tallies.services import tally_approve, tally_create, tally_submit
    from antq.tips.services.workflow import tip_close_not_crime, tip_transfer
    from antq.tips.tests.helpers import make_tip

    year = (date(2025, 1, 1), date(2025, 12, 31))
    tip = make_tip(users.admin, tree.a, received_on=date(2025, 3, 31), place_area=tree.b)
    other = make_tip(users.admin, tree.a, received_on=date(2025, 2, 28))
    tip_transfer(acting_user=users.admin, tip=tip, to_area=tree.b, reason="đúng thẩm quyền")
    tip_transfer(acting_user=users.admin, tip=tip, to_area=tree.p, reason="lên tỉnh")
    tip_close_not_crime(acting_user=users.admin, tip=other, reason="không phải tội phạm")
    tally = tally_create(acting_user=users.admin, area=tree.a, month=date(2025, 4, 1), drug_cases=3)
    tally_submit(acting_user=users.admin, instance=tally)
    tally_approve(acting_user=users.p_approver, instance=tally)
    assert rollup.check() == []
    for area in (tree.country, tree.p, tree.a, tree.b):
        _same(users.admin, area, *year)
        _same(users.admin, area, None, date(2025, 3, 31))


def test_services_areas_added_closed_and_deleted(tree, users):
    from antq.areas.choices import AreaLevel
    from antq.areas.services import area_create, area_update

    village = area_create(
        acting_user=users.admin,
        parent=tree.a,
        level=AreaLevel.VILLAGE,
        code="T02",
        name="Thôn 2",
        area_type="thon",
        valid_from=date(2024, 7, 1),
    )
    area_update(acting_user=users.admin, area=village, valid_to=date(2025, 2, 28), reason="nhập")
    area_update(acting_user=users.admin, area=tree.a1, valid_from=date(2024, 2, 29))
    assert rollup.check() == []
    for first, last in ((None, date(2025, 2, 28)), (date(2024, 1, 1), date(2025, 3, 31))):
        _same(users.admin, tree.country, first, last)
    Area.objects.get(pk=village.pk).delete()
    assert rollup.check() == []
    _same(users.admin, tree.country, None, date(2025, 12, 31))


def test_every_record_type_keeps_its_own_dependency_on_a_shared_relation_name():
    """Two record types reaching the Area through a field of the same name ("area") each keep
    their dependency: none overwrites another's."""
    from antq.areas.models import Area
    from antq.indicators import rollup

    via_area = {
        dep.plan.model._meta.label for dep in rollup.dependencies()[Area] if dep.rel == "area"
    }
    assert {"movement.MovementModel", "movement.Team", "cameras.CameraSite", "tips.Tip"} <= via_area


def test_a_queryset_deletion_reads_the_leaves_a_few_statements_per_record_type(tree, users):
    """rollup.delete() of a queryset reads the leaves of everything it deletes once per record type
    and relation, not a dozen statements a record: deleting 40 teams with their members costs
    about what deleting 4 does, but for the history kept of each record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.movement.models import Team, TeamMember

    counts = {}
    for area, n in ((tree.a1, 4), (tree.b1, 40)):
        teams = [
            Team.objects.create(area=area, name=f"T{i}", kind="security_self_governing")
            for i in range(n)
        ]
        for team in teams:
            TeamMember.objects.create(team=team, full_name="Nguyễn Văn A")
            TeamMember.objects.create(team=team, full_name="Trần Thị B")
        assert rollup.check() == []
        with CaptureQueriesContext(connection) as queries:
            rollup.delete(Team.objects.filter(area=area))
        counts[n] = len(queries.captured_queries)
        assert rollup.check() == []
        _same(users.admin, tree.country, date(2024, 1, 1), date(2026, 12, 31))
    # three history rows a team (its own and its two members'); ten statements more before
    assert counts[40] - counts[4] <= 36 * 3, counts
