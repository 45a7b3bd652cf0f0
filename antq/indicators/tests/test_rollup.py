"""The rollup equals a recomputation from the records after any sequence of writes, and reads
from it equal compute_direct() for any whole-month period, area and breakdown."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from antq.activities.models import Activity
from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.core.testing.factories import make_area, make_user
from antq.indicators import rollup
from antq.indicators.compute import compute, compute_direct
from antq.indicators.registry import REGISTRY
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

START = date(2023, 1, 1)
KEYS = sorted(k for k, ind in REGISTRY.items() if rollup.supported(ind))


def _day(n):
    """Day n of a coarse calendar: three days a month (the 1st, the 15th and the last), so that
    records often start and end on the days where month boundaries matter."""
    month, which = divmod(n % 150, 3)
    first = date(START.year + month // 12, month % 12 + 1, 1)
    if which == 0:
        return first
    if which == 1:
        return first.replace(day=15)
    return _month_end(first.year, first.month)


def _month_end(year, month):
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _build_tree(shape):
    country = make_area(name="VN", code="VN")
    areas = []
    for p in range(2):
        prov = make_area(country, name=f"P{p}")
        areas.append(prov)
        for c, n_villages in enumerate(shape):
            commune = make_area(prov, name=f"C{p}{c}")
            areas.append(commune)
            for v in range(n_villages):
                areas.append(
                    make_area(commune, name=f"V{p}{c}{v}", valid_to=_day(400) if v == 2 else None)
                )
    country.refresh_from_db()
    return country, [Area.objects.get(pk=a.pk) for a in areas]


day = st.integers(0, 72)  # two years of the coarse calendar
write = st.one_of(
    st.tuples(
        st.just("camera"),
        st.integers(0, 40),
        st.integers(1, 9),
        st.booleans(),
        st.sampled_from(["working", "removed"]),
        day,
    ),
    st.tuples(
        st.just("model"),
        st.integers(0, 40),
        st.sampled_from(["active", "effective"]),
        day,
        st.one_of(st.none(), st.integers(-3, 30)),
    ),
    st.tuples(
        st.just("team"),
        st.integers(0, 40),
        day,
        st.one_of(st.none(), st.integers(0, 30)),
        st.integers(0, 4),
    ),
    st.tuples(st.just("activity"), st.integers(0, 40), st.integers(0, 300), day),
    st.tuples(st.just("dissolve"), st.integers(0, 40), day),
    st.tuples(st.just("move"), st.integers(0, 40), st.integers(0, 40)),
    st.tuples(st.just("delete"), st.integers(0, 40)),
    st.tuples(st.just("bulk"), st.integers(0, 40), st.integers(1, 5), day),
    st.tuples(st.just("update"), st.integers(0, 40), st.booleans()),
    st.tuples(st.just("fold"), st.integers(0, 40)),  # the worker's fold, between writes
)


def _apply(op, areas, category):
    kind, i, *rest = op
    area = areas[i % len(areas)]
    if kind == "fold":
        rollup.fold()
    elif kind == "camera":
        heads, connected, status, days = rest
        CameraSite.objects.create(
            area=area,
            owner_type="household",
            heads=heads,
            connected=connected,
            status=status,
            installed_on=_day(days),
        )
    elif kind == "model":
        status, began, ended = rest
        MovementModel.objects.create(
            area=area,
            name="M",
            category=category,
            status=status,
            started_on=_day(began),
            ended_on=None if ended is None else _day(began + ended),
        )
    elif kind == "team":
        began, ended, members = rest
        team = Team.objects.create(
            area=area,
            name="T",
            kind="security_self_governing",
            established_on=_day(began),
            dissolved_on=None if ended is None else _day(began + ended),
        )
        for m in range(members):
            TeamMember.objects.create(
                team=team,
                full_name=f"N{m}",
                joined_on=_day(began + 2 * m),
                left_on=_day(began + 7) if m == 1 else None,
            )
    elif kind == "activity":
        participants, days = rest
        Activity.objects.create(
            area=area, kind="outreach", title="A", held_on=_day(days), participants=participants
        )
    elif kind == "dissolve":
        team = Team.objects.order_by("pk")[i % max(Team.objects.count(), 1) :].first()
        if team:
            team.dissolved_on = None if team.dissolved_on else _day(rest[0])
            team.save()
    elif kind == "move":  # a record changes area: both leaves move
        target = areas[rest[0] % len(areas)]
        for model in (CameraSite, Team, MovementModel):
            record = model.objects.order_by("pk")[i % max(model.objects.count(), 1) :].first()
            if record:
                record.area = target
                record.save()
    elif kind == "delete":
        for model in (Team, CameraSite, Activity):
            record = model.objects.order_by("-pk")[i % max(model.objects.count(), 1) :].first()
            if record:
                record.delete()
    elif kind == "bulk":
        n, days = rest
        created = CameraSite.objects.bulk_create(
            CameraSite(area=area, owner_type="household", heads=k + 1, installed_on=_day(days + k))
            for k in range(n)
        )
        rollup.records_created(CameraSite, created)
    elif kind == "update":  # queryset updates, as bulk_update and imports do
        connected = rest[0]
        sites = CameraSite.objects.filter(area=area)
        with rollup.bulk_change(sites, {"connected", "heads"}):
            sites.update(connected=connected, heads=3)
        teams = Team.objects.filter(area=area)
        with rollup.bulk_change(teams, {"area"}):
            teams.update(area=areas[(i + 1) % len(areas)])


periods = st.tuples(st.integers(2022, 2025), st.integers(1, 12), st.integers(0, 30))


# as many examples as the Hypothesis profile says (antq/core/testing/hypothesis_profiles.py)
@given(
    writes=st.lists(write, min_size=2, max_size=14),
    shape=st.lists(st.integers(0, 3), min_size=1, max_size=3),
    chosen=st.lists(st.tuples(periods, st.booleans()), min_size=1, max_size=3),
)
def test_the_rollup_equals_the_records_after_any_writes(db, writes, shape, chosen):
    for model in (TeamMember, Team, CameraSite, MovementModel, Activity):
        rollup.delete(model.objects.all())
    from antq.accounts.models import RoleAssignment

    RoleAssignment.objects.all().delete()
    rollup.delete(Area.objects.all())
    country, areas = _build_tree(shape)
    admin = make_user(country, "administrator")
    category = ModelCategory.objects.first()
    for op in writes:
        _apply(op, areas, category)
    assert rollup.check() == []
    for (year, month, length), since_start in chosen:
        date_from = None if since_start else date(year, month, 1)
        end_month = month - 1 + length
        date_to = _month_end(year + end_month // 12, end_month % 12 + 1)
        assert rollup.whole_months(date_from, date_to)
        _compare(admin, [country, *areas[:3]], date_from, date_to)
    # and at the end of the months where records start or end, where the rules bite
    for day in _record_months()[:: max(1, len(_record_months()) // 4)]:
        _compare(
            admin, [country, *areas[:2]], date(day.year, 1, 1), _month_end(day.year, day.month)
        )


def _record_months():
    days = set()
    for model, fields in (
        (CameraSite, ["installed_on"]),
        (MovementModel, ["started_on", "ended_on"]),
        (Team, ["established_on", "dissolved_on"]),
        (TeamMember, ["joined_on", "left_on"]),
        (Activity, ["held_on"]),
    ):
        for row in model.objects.values_list(*fields):
            days.update(d.replace(day=1) for d in row if d)
    return sorted(days)


def _compare(admin, areas, date_from, date_to):
    for area in areas:
        for by_child in (False, True):
            kept = compute(
                KEYS, user=admin, area=area, date_from=date_from, date_to=date_to, by_child=by_child
            )
            direct = compute_direct(
                KEYS, user=admin, area=area, date_from=date_from, date_to=date_to, by_child=by_child
            )
            got = {b: {k: v for k, v in r.values.items() if v} for b, r in kept.items()}
            want = {b: {k: v for k, v in r.values.items() if v} for b, r in direct.items()}
            assert {b: v for b, v in got.items() if v} == {b: v for b, v in want.items() if v}


def test_compute_reads_the_rollup_for_whole_months_only(tree, users, django_assert_max_num_queries):
    CameraSite.objects.create(
        area=tree.a1, owner_type="household", heads=4, installed_on=date(2024, 3, 5)
    )
    whole = compute(
        ["cameras.heads"],
        user=users.admin,
        area=tree.country,
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
    )
    assert whole[tree.country.path].value("cameras.heads") == 4
    assert rollup.whole_months(date(2024, 1, 2), date(2024, 12, 31)) is None
    assert rollup.whole_months(date(2024, 1, 1), date(2024, 12, 30)) is None
    assert rollup.whole_months(date(2024, 3, 1), date(2024, 2, 29)) is None
    assert rollup.whole_months(None, date(2024, 2, 29)) == (1, 202402)
    # a mid-month period is computed from the records, with the same rule
    mid = compute(
        ["cameras.heads"],
        user=users.admin,
        area=tree.country,
        date_from=date(2024, 1, 1),
        date_to=date(2024, 3, 4),
    )
    assert tree.country.path not in mid or not mid[tree.country.path].value("cameras.heads")


def test_a_commune_user_reads_its_commune_from_the_rollup_and_the_rest_is_scoped(tree, users):
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=4)
    CameraSite.objects.create(area=tree.b1, owner_type="household", heads=7)
    year = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
    mine = compute(["cameras.heads"], user=users.a_viewer, area=tree.a, **year)
    assert mine[tree.a.path].value("cameras.heads") == 4
    # the province is not theirs: computed from what they may see, not from the rollup
    province = compute(["cameras.heads"], user=users.a_viewer, area=tree.p, **year)
    assert province[tree.p.path].value("cameras.heads") == 4


def test_a_record_shows_in_the_national_figures_on_the_next_read(tree, users):
    year = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31), "by_child": True}
    before = compute(["cameras.sites"], user=users.admin, area=tree.country, **year)
    assert tree.p.path not in before
    site = CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    after = compute(["cameras.sites"], user=users.admin, area=tree.country, **year)
    assert after[tree.p.path].value("cameras.sites") == 1
    site.status = "removed"
    site.save()
    again = compute(["cameras.sites"], user=users.admin, area=tree.country, **year)
    assert tree.p.path not in again or not again[tree.p.path].value("cameras.sites")


def test_a_member_follows_the_team_it_belongs_to(tree, users):
    team = Team.objects.create(area=tree.a1, name="T", kind="security_self_governing")
    TeamMember.objects.create(team=team, full_name="A")
    TeamMember.objects.create(team=team, full_name="B")
    year = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
    key = "teams.members"

    def members(area):
        got = compute([key], user=users.admin, area=area, **year)
        return got[area.path].value(key) if area.path in got else 0

    assert members(tree.a) == 2
    team.area = tree.b1
    team.save()
    assert (members(tree.a), members(tree.b)) == (0, 2)
    with rollup.bulk_change(Team.objects.filter(pk=team.pk), {"dissolved_on"}):
        Team.objects.filter(pk=team.pk).update(dissolved_on=date(2025, 2, 1))
    assert members(tree.b) == 0
    assert rollup.check() == []


def test_rebuild_and_check_commands(tree, users, capsys):
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=4)
    call_command("rollup", "--check")
    assert "equals" in capsys.readouterr().out
    from antq.indicators.models import Cell, PendingDelta

    assert PendingDelta.objects.exists()  # the write touched no cell: its deltas are pending
    call_command("rollup", "--fold", "--check")
    assert "folded" in capsys.readouterr().out
    assert not PendingDelta.objects.exists()
    Cell.objects.filter(path=tree.p.path).update(value=99)
    with pytest.raises(Exception, match="differs"):
        call_command("rollup", "--check")
    call_command("rollup", "--rebuild")
    assert rollup.check() == []
    call_command("rollup")
    assert "up to date" in capsys.readouterr().out


def test_a_changed_declaration_is_computed_from_the_records_until_rebuilt(tree, users):
    from antq.indicators.models import RollupState

    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=4)
    RollupState.objects.filter(key="cameras.heads").update(fingerprint="old")
    rollup.forget_fresh()
    assert "cameras.heads" in rollup.stale_keys()
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=5)
    year = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
    got = compute(["cameras.heads"], user=users.admin, area=tree.country, **year)
    assert got[tree.country.path].value("cameras.heads") == 9
    rollup.rebuild(["cameras.heads"])
    assert rollup.stale_keys() == set()
    got = compute(["cameras.heads"], user=users.admin, area=tree.country, **year)
    assert got[tree.country.path].value("cameras.heads") == 9
