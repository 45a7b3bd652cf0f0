from io import StringIO

import pytest
from django.core.management import call_command

from antq.accounts.models import RoleAssignment, User
from antq.areas.models import Area
from antq.cli import main
from antq.registry.models import Organisation


def test_cli_accepts_dashed_command_names(capsys):
    with pytest.raises(SystemExit):
        main(["antq", "load-areas", "--help"])
    assert "crosswalk" in capsys.readouterr().out


def test_demo_is_deterministic_and_idempotent(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_DEMO_PASSWORD", "demo-pass-1")
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "admin-pass-1")
    out = StringIO()
    call_command("createadmin", stdout=out)
    call_command("demo", stdout=out)
    counts = (
        Area.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    assert Organisation.objects.filter(is_demo=True).count() == 8
    call_command("demo", stdout=out)
    assert counts == (
        Area.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    xa_a = User.objects.get(username="xa_a")
    assert xa_a.check_password("demo-pass-1")
    assert xa_a.roles.get().area == tree.a
    # screenshots show people, not user names
    assert xa_a.person_label == "Đại úy Nguyễn Văn An, Trưởng Công an xã"
    assert xa_a.unit == tree.a
    admin = User.objects.get(username="admin")
    assert admin.full_name and admin.rank and admin.position


def test_demo_creates_tallies_and_tips_once_and_coherent(tree, monkeypatch):
    from datetime import date

    from antq.indicators.compute import compute
    from antq.tallies.choices import TallyStatus
    from antq.tallies.models import MonthlyTally, TallyStatusChange
    from antq.tallies.selectors import tally_totals
    from antq.tips import deadlines
    from antq.tips.choices import SETTLED
    from antq.tips.models import Tip, TipEvent

    monkeypatch.setenv("ANTQ_DEMO_PASSWORD", "demo-pass-1")
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "admin-pass-1")
    call_command("createadmin", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    admin = User.objects.get(username="admin")

    # a tally for each of the two communes and each month from January 2024 to last month
    today = date.today()
    months = (today.year - 2024) * 12 + today.month - 1
    assert MonthlyTally.objects.filter(area__in=(tree.a, tree.b)).count() == 2 * months
    assert MonthlyTally.objects.filter(status=TallyStatus.SUBMITTED).count() == 2 * 2
    assert not MonthlyTally.objects.filter(status=TallyStatus.APPROVED, approved_at=None).exists()
    steps = TallyStatusChange.objects.values_list("step", "level")
    assert sorted(set(steps)) == [("approve", 1), ("submit", None)]
    assert len(steps) == 2 * months + 2 * (months - 2)  # each submitted, the older approved
    for tally in MonthlyTally.objects.all():
        assert tally.criminal_cases_clarified <= tally.criminal_cases_registered
        assert tally.social_order_cases_detected <= tally.social_order_cases_occurred
    totals = tally_totals(admin, tree.p)
    assert totals["tallies"] == 2 * months and totals["approved"] == 2 * (months - 2)
    assert totals["criminal_cases_clarified"] <= totals["criminal_cases_registered"]
    assert 0 < totals["clarification_rate"] <= 1 and 0 < totals["detection_rate"] <= 1

    # 3–8 tips a commune, anonymous, each one's stored clock that of its events
    tips = list(Tip.objects.prefetch_related("events"))
    assert 6 <= len(tips) <= 16
    for tip in tips:
        assert not tip.has_identity
        assert tip.received_by_area in (tree.a, tree.b)
        clock = deadlines.clock(list(tip.events.all()))
        assert tip.due_on == clock.due
        if tip.status in SETTLED:
            assert tip.settled_on == clock.stopped_on and tip.due_on is None
    keys = ["tips.received", "tips.settled", "tips.settled_on_time"]
    figures = compute(keys, user=admin, area=tree.p)[tree.p.path]
    assert figures.value("tips.received") == len(tips)
    assert (
        figures.value("tips.settled_on_time")
        <= figures.value("tips.settled")
        <= figures.value("tips.received")
    )

    counts = (MonthlyTally.objects.count(), Tip.objects.count(), TipEvent.objects.count())
    call_command("demo", stdout=StringIO())
    assert counts == (MonthlyTally.objects.count(), Tip.objects.count(), TipEvent.objects.count())


def test_createadmin_from_environment_and_keeps_password(tree, monkeypatch):
    monkeypatch.setenv("ANTQ_ADMIN_PASSWORD", "first-pass-1")
    call_command("createadmin", stdout=StringIO())
    monkeypatch.delenv("ANTQ_ADMIN_PASSWORD")
    out = StringIO()
    call_command("createadmin", stdout=out)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("first-pass-1")
    assert "unchanged" in out.getvalue()


def test_createadmin_generates_and_prints_a_password(tree, monkeypatch):
    monkeypatch.delenv("ANTQ_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("createadmin", stdout=out)
    password = out.getvalue().strip().rsplit(" ", 1)[-1]
    assert User.objects.get(username="admin").check_password(password)


def test_home_shows_registry_counts_of_the_jurisdiction(client, tree, users):
    from antq.cameras.models import CameraSite, FirePoint

    CameraSite.objects.create(area=tree.a, owner_type="commune_system", heads=32, connected=True)
    CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
    CameraSite.objects.create(area=tree.b, owner_type="household", heads=5, connected=True)
    FirePoint.objects.create(area=tree.a1, name="Điểm 1")
    client.force_login(users.a_viewer)
    body = client.get("/").content.decode()
    assert 'data-count="camera-sites">1<' in body  # the commune's own system is not a site
    assert 'data-count="camera-heads">34<' in body
    assert 'data-count="connected-heads">32<' in body
    assert 'data-count="fire-points">1<' in body


def test_home_counts_models_by_status_and_teams_with_members(client, tree, users):
    from datetime import date

    from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember

    cat = ModelCategory.objects.first()
    for status in ("active", "effective", "effective"):
        MovementModel.objects.create(
            area=tree.a1, name="M", category=cat, status=status, started_on=date(2024, 1, 1)
        )
    MovementModel.objects.create(
        area=tree.b, name="M", category=cat, status="effective", started_on=date(2024, 1, 1)
    )
    team = Team.objects.create(area=tree.a1, name="Tổ", kind="security_self_governing")
    TeamMember.objects.create(team=team, full_name="A", role_in_team="leader")
    TeamMember.objects.create(team=team, full_name="B", role_in_team="member")
    TeamMember.objects.create(
        team=team, full_name="C", role_in_team="member", left_on=date(2025, 1, 1)
    )
    client.force_login(users.a_viewer)
    body = client.get("/").content.decode()
    assert 'data-count="models">3<' in body
    assert 'data-count="models-effective">2<' in body
    assert 'data-count="teams">1<' in body and 'data-count="members">2<' in body
