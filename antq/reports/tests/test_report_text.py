"""The whole text of a report, in vi/en/ar, as Markdown and CSV, and the order of the dashboard's
groups and figures, equal the files kept in report_text/: a change of wording or order shows
here as a diff. After an intended change, rewrite the files with ANTQ_REPORT_TEXT=write."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone, translation

from antq.activities.tests.helpers import make_activity
from antq.cameras.models import CameraSite, FirePoint
from antq.evaluations.tests.test_indicators import results  # noqa: F401 - a fixture
from antq.hotspots.tests.test_indicators import hotspots  # noqa: F401 - a fixture
from antq.indicators.selectors import dashboard
from antq.movement.models import MovementModel, Team
from antq.movement.services import team_member_create
from antq.movement.tests.helpers import category, make_model, make_team
from antq.registry.models import Organisation
from antq.reports.renderers import render
from antq.reports.tests.test_report_sections import work  # noqa: F401 - a fixture
from antq.reports.tests.test_reports import book  # noqa: F401 - a fixture
from antq.reports.writing import build_report
from antq.tips.tests.helpers import make_tip

START, END = date(2025, 1, 1), date(2025, 12, 31)
KEPT = Path(__file__).parent / "report_text"


@pytest.fixture
def everything(system_load, tree, users, book, work, hotspots, results, monkeypatch):  # noqa: F811
    """Records behind every group's sentences, and a fixed day of writing."""
    CameraSite.objects.create(
        area=tree.a1, owner_type="household", heads=3, connected=True, installed_on=START,
        funding_source="socialised", funding_amount=12_500_000,
    )  # fmt: skip
    CameraSite.objects.create(area=tree.b, owner_type="household", heads=2, installed_on=START)
    FirePoint.objects.create(area=tree.a, name="Điểm 1")
    Organisation.objects.create(area=tree.b, org_type="school", name="Trường 1")
    make_tip(users.a_editor, tree.a, received_on=date(2025, 3, 1))
    # the breakdowns: models by level, teams and members by kind, the commune's camera system
    # and an organisation's site, tips by channel, a dialogue without its participants
    make_model(users.a_editor, tree.a)
    make_model(users.a_editor, tree.a1, name="Đường tự quản")
    MovementModel.objects.create(
        area=tree.p, name="Mô hình cấp tỉnh", category=category(), started_on=START
    )
    digital = make_team(users.a_editor, tree.a, name="Tổ công nghệ số", kind="digital_technology")
    security = Team.objects.get(area=tree.a1, kind="security_self_governing")
    for n, team in enumerate([digital, digital, digital, security, security]):
        team_member_create(acting_user=users.a_editor, team=team, full_name=f"Thành viên {n}")
    CameraSite.objects.create(
        area=tree.a, owner_type="commune_system", heads=32, connected=True, installed_on=START
    )
    CameraSite.objects.create(area=tree.b, owner_type="school", heads=4, installed_on=START)
    make_tip(users.b_editor, tree.b, channel="press", received_on=date(2025, 4, 1))
    make_tip(users.b_editor, tree.b, channel="online_portal", received_on=date(2025, 5, 1))
    make_activity(users.b_editor, tree.b, kind="dialogue", participants=0, with_workers=True)
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 1, 15))


def _same(name, text):
    path = KEPT / name
    if os.environ.get("ANTQ_REPORT_TEXT") == "write":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
@pytest.mark.parametrize("boundaries", ["filed", "today"])
def test_report_text_is_unchanged(tree, users, everything, lang, boundaries):
    report = build_report(users.p_approver, tree.p, START, END, lang, boundaries)
    _same(f"{boundaries}-{lang}.md", render(report, "md")[0])
    _same(f"{boundaries}-{lang}.csv", render(report, "csv")[0])


def test_dashboard_order_is_unchanged(tree, users, everything):
    with translation.override("en"):
        groups = dashboard(users.p_approver, tree.p, START, END)
    text = "".join(
        f"{g.key}: {g.name}\n" + "".join(f"  {f.key} {f.name} {f.value}\n" for f in g.figures)
        for g in groups
    )
    _same("dashboard-en.txt", text)
