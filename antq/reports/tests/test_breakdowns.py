"""The breakdowns the five-year reviews print, in vi/en/ar, on the dashboard and in the period
report: teams and members by kind, camera sites by owner (the commune's own system apart), models
by the level of their unit, tips by channel; and a figure nobody reported read as "not reported",
never as zero.

The records are made once for the module (in its transaction) and seen in two periods: 2025,
with a monthly tally from commune A only, and 2024, with no tally at all and dialogues whose
participants were not recorded."""

import csv
import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import load_workbook

from antq.activities.tests.helpers import make_activity
from antq.cameras.models import CameraSite
from antq.indicators.selectors import dashboard
from antq.movement.models import MovementModel
from antq.movement.services import team_member_create
from antq.movement.tests.helpers import category, make_model, make_team
from antq.reports.figures import Figures, collect_figures
from antq.reports.renderers import render
from antq.reports.writing import build_report, write_report
from antq.tallies.tests.helpers import raw_tally
from antq.tips.tests.helpers import make_tip

pytestmark = pytest.mark.rollup

Y2025 = (date(2025, 1, 1), date(2025, 12, 31))
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture(scope="module")
def records(_shared_tree, _shared_users, django_db_blocker):
    tree, users = _shared_tree, _shared_users
    with django_db_blocker.unblock():
        # teams: 2 self-governing security teams with 5 members, 1 digital team with 1 member
        for members in (3, 2):
            team = make_team(users.a_editor, tree.a1)
            for n in range(members):
                team_member_create(acting_user=users.a_editor, team=team, full_name=f"Người {n}")
        digital = make_team(users.b_editor, tree.b, name="Tổ CNS", kind="digital_technology")
        team_member_create(acting_user=users.b_editor, team=digital, full_name="Người 9")
        # models: 1 at province level, 2 in commune A, one in each village
        MovementModel.objects.create(
            area=tree.p, name="Mô hình cấp tỉnh", category=category(), started_on=date(2020, 1, 1)
        )
        make_model(users.a_editor, tree.a)
        make_model(users.a_editor, tree.a, name="Đường tự quản")
        make_model(users.a_editor, tree.a1, name="Thắp sáng đường quê")
        make_model(users.b_editor, tree.b1, name="Cổng trường an toàn")
        # cameras: 2 sites of agencies and enterprises, 3 of households (one more removed), the
        # commune's own system with 32 heads
        for area, owner in ((tree.a, "agency"), (tree.b, "enterprise")):
            CameraSite.objects.create(area=area, owner_type=owner, heads=4)
        for _n in range(3):
            CameraSite.objects.create(area=tree.a1, owner_type="household", heads=2)
        CameraSite.objects.create(area=tree.a1, owner_type="household", status="removed")
        CameraSite.objects.create(
            area=tree.a, owner_type="commune_system", heads=32, connected=True
        )
        # tips of 2025: 3 from citizens, 1 from a mass organisation, 1 from another agency
        for channel in ("phone", "in_person", "information_source", "mass_organisation"):
            make_tip(users.a_editor, tree.a, channel=channel, received_on=date(2025, 3, 1))
        make_tip(
            users.b_editor, tree.b, channel="agency_transfer", legal_kind="prosecution_request",
            received_on=date(2025, 4, 1),
        )  # fmt: skip
        # a tally from commune A only in 2025, none in 2024
        raw_tally(
            tree.a, date(2025, 1, 1), "approved", criminal_cases_registered=5,
            criminal_cases_clarified=4,
        )  # fmt: skip
        # dialogues: in 2025 one with its participants and one without; in 2024 none with them
        dialogue = {"kind": "dialogue", "with_workers": True}
        make_activity(users.a_editor, tree.a, participants=30, **dialogue)
        make_activity(users.a_editor, tree.a, participants=0, **dialogue)
        for _n in range(2):
            make_activity(
                users.a_editor, tree.a, participants=0, held_on=date(2024, 6, 1), **dialogue
            )


def _section(report, group):
    return " ".join(next(s for s in report.sections if s.group == group).paragraphs)


def _report(tree, users, lang, period=Y2025):
    return build_report(users.p_approver, tree.p, *period, lang)


def test_breakdowns_read_like_a_review_in_english(tree, users, records):
    report = _report(tree, users, "en")
    assert _section(report, "teams") == (
        "3 teams are in place with 6 members. By kind: 2 self-governing security teams with "
        "5 members; 1 community digital technology team with 1 member."
    )
    assert (
        "By the level of the unit they stand at: 1 in 1 province; 2 in 1 commune or ward; "
        "2 in 2 villages and residential groups." in _section(report, "models")
    )
    assert _section(report, "models").startswith("2/2 villages and residential groups (100%)")
    assert "5 movement models are in place" in _section(report, "models")
    # "100 models, 87 of them in its 15 communes": A (2 of its own, 1 in its village) and B (1
    # in its village), each counted once
    assert (
        "4 of them stand in 2 communes and wards, at the commune itself or in their villages."
        in _section(report, "models")
    )
    cameras = _section(report, "cameras")
    assert cameras.startswith(
        "Cameras are installed at 2 sites of agencies, enterprises and schools; 3 households. "
        "The commune's own camera system has 32 camera heads. In all, 46 camera heads; 32 of "
        "them (69.6%) are connected to the commune system."
    )
    assert "camera site" not in cameras.replace("camera system", "")  # the system is no site
    assert _section(report, "tips").endswith(
        "By where they came from: 3 from citizens; 1 from mass organisations and their members; "
        "1 from other agencies."
    )


@pytest.mark.parametrize(
    "lang, phrases",
    [
        (
            "vi",
            [
                "Theo loại: 2 tổ tự quản an ninh, trật tự với 5 thành viên; 1 tổ công nghệ số "
                "cộng đồng với 1 thành viên.",
                "Theo cấp của đơn vị nơi có mô hình: 1 mô hình tại 1 tỉnh; 2 mô hình tại 1 xã, "
                "phường; 2 mô hình tại 2 thôn, tổ dân phố.",
                "Trong đó 4 mô hình nằm tại 2 xã, phường (ở xã hoặc tại thôn, tổ dân phố của xã).",
                "Camera an ninh được lắp đặt tại 2 điểm của cơ quan, doanh nghiệp, trường học; "
                "3 hộ gia đình.",
                "Có 1 hệ thống camera của xã với 32 mắt camera.",
                "Theo nguồn tiếp nhận: 3 tin của người dân; 1 tin của tổ chức đoàn thể và hội "
                "viên, đoàn viên; 1 tin do cơ quan khác chuyển đến.",
                "2 buổi đối thoại với ít nhất 30 lượt người tham gia",
            ],
        ),
        (
            "ar",
            [
                "حسب النوع: فريقان للإدارة الذاتية للأمن والنظام (5 أعضاء)؛ فريق واحد "
                "للتكنولوجيا الرقمية المجتمعية (عضو واحد).",
                "حسب مستوى الوحدة التي تقع فيها: نموذج واحد في مقاطعة واحدة؛ نموذجان في بلدية أو "
                "حي واحد؛ نموذجان في قريتان أو مجموعتان سكنيتان.",
                "منها 4 نماذج في بلديتان أو حيّان (في البلدية نفسها أو في قراها).",
                "رُكِّبت الكاميرات في موقعَين لجهات ومؤسسات ومدارس؛ 3 أسر.",
                "يضم نظام كاميرات البلدية 32 كاميرا.",
                "حسب مصدرها: 3 من المواطنين؛ 1 من المنظمات الجماهيرية وأعضائها؛ 1 من جهات أخرى.",
                "وحواران بحضور 30 مشاركًا على الأقل",
            ],
        ),
    ],
)
def test_breakdowns_in_vietnamese_and_arabic(tree, users, records, lang, phrases):
    report = _report(tree, users, lang)
    text = " ".join(p for s in report.sections for p in s.paragraphs)
    for phrase in phrases:
        assert phrase in text


@pytest.mark.parametrize(
    "lang, not_reported, never",
    [
        (
            "en",
            ["were not reported for the period: no monthly case tally was received.",
             "2 dialogues (participants not reported)"],
            ["No criminal case was registered", "dialogues with 0 participants",
             "0 criminal groups"],
        ),
        (
            "vi",
            ["không được báo cáo cho kỳ này", "2 buổi đối thoại (không báo cáo số người tham gia)"],
            ["buổi đối thoại với 0"],
        ),
        (
            "ar",
            ["لم يُبلَّغ عن أرقام القضايا", "وحواران (لم يُبلَّغ عن عدد المشاركين)"],
            ["وحواران بحضور 0"],
        ),
    ],
)  # fmt: skip
def test_a_period_without_tallies_or_participants_says_not_reported(
    tree, users, records, lang, not_reported, never
):
    report = _report(tree, users, lang, Y2024)
    text = _section(report, "tallies") + " " + _section(report, "activities")
    for phrase in not_reported:
        assert phrase in text
    for phrase in never:
        assert phrase not in text
    tallies = next(s for s in report.sections if s.group == "tallies").table
    registered = [c.key for c in tallies.columns].index("tallies.criminal_registered")
    assert {row.cells[registered] for row in tallies.rows} == {"–"}
    rows = list(csv.DictReader(io.StringIO(render(report, "csv")[0])))
    assert {r["value"] for r in rows if r["indicator"] == "tallies.criminal_registered"} == {""}
    assert {r["value"] for r in rows if r["indicator"] == "tallies.count"} == {"0"}
    sheet = load_workbook(io.BytesIO(render(report, "xlsx")[0])).worksheets[
        1 + [s.group for s in report.sections].index("tallies")
    ]
    column = [c.value for c in sheet[1]].index(tallies.columns[registered].name)
    assert [row[column].value for row in sheet.iter_rows(min_row=2)] == [None, None, None]


def test_a_unit_without_a_tally_is_not_reported_beside_one_that_reported(tree, users, records):
    report = _report(tree, users, "en")
    text = _section(report, "tallies")
    assert "4 of 5 criminal cases (80%) were clarified." in text
    assert "These case figures come from 1 monthly tally, 1 of them approved." in text
    table = next(s for s in report.sections if s.group == "tallies").table
    registered = [c.key for c in table.columns].index("tallies.criminal_registered")
    cells = {row.name: row.cells[registered] for row in table.rows}
    assert cells == {"Xã Hòa Bình": "5", "Phường Đông Hà": "–", "Total": "5"}


def _figures(groups, group):
    return [(f.key, f.value) for f in next(g for g in groups if g.key == group).figures]


def test_the_dashboard_shows_the_breakdowns_in_order(tree, users, records):
    with translation.override("en"):
        groups = dashboard(users.p_approver, tree.p, *Y2025)
    assert _figures(groups, "teams") == [
        ("teams.total", 3), ("teams.members", 6),
        ("teams.security", 2), ("teams.security_members", 5),
        ("teams.fire_safety", 0), ("teams.fire_safety_members", 0),
        ("teams.digital", 1), ("teams.digital_members", 1),
        ("teams.protection", 0), ("teams.protection_members", 0),
        ("teams.youth", 0), ("teams.youth_members", 0),
        ("teams.other", 0), ("teams.other_members", 0),
    ]  # fmt: skip
    models = dict(_figures(groups, "models"))
    assert [models[f"models.at_{level}"] for level in ("province", "district", "commune")] == [
        1, 0, 2
    ]  # fmt: skip
    assert (models["models.at_commune_units"], models["models.at_village_units"]) == (1, 2)
    assert models["models.in_communes"] == 4
    # the communes with a model (A at the commune and in A1, B in B1), kept by the rollup: the
    # dashboard lists them beside the models in communes
    assert models["models.communes_with_model"] == 2
    cameras = _figures(groups, "cameras")
    assert cameras[1:7] == [
        ("cameras.sites", 5), ("cameras.sites_organisations", 2),
        ("cameras.sites_households", 3), ("cameras.sites_other", 0),
        ("cameras.commune_systems", 1), ("cameras.commune_system_heads", 32),
    ]  # fmt: skip
    assert _figures(groups, "tips")[3:8] == [
        ("tips.from_citizens", 3), ("tips.from_mass_organisations", 1),
        ("tips.from_portal", 0), ("tips.from_press", 0), ("tips.from_agencies", 1),
    ]  # fmt: skip


def test_the_dashboard_says_not_reported(client, tree, users, records):
    with translation.override("en"):
        groups = dashboard(users.p_approver, tree.p, *Y2024)
    tallies = dict(_figures(groups, "tallies"))
    assert tallies["tallies.criminal_registered"] is None and tallies["tallies.count"] == 0
    assert dict(_figures(groups, "activities"))["activities.dialogue_participants"] is None
    client.force_login(users.p_approver)
    body = client.get(
        "/dashboard/", {"date_from": "2024-01-01", "date_to": "2024-12-31"}
    ).content.decode()
    registered = body.split('data-indicator="tallies.criminal_registered"')[1].split("</li>")[0]
    assert "data-not-reported" in registered and "data-value>–<" in registered


def test_figures_signed_off_before_the_counts_of_reporting_read_as_kept(tree, users, records):
    """Figures kept without the counts of the records that report a figure (signed off before
    they were kept) read every figure as reported: never "not reported" for want of a count."""
    data = collect_figures(users.p_approver, tree.p, *Y2025).to_json()
    del data["tells_unreported"]
    for values in [data["total"], *(c["values"] for c in data["children"])]:
        for key in [k for k in values if k.endswith("with_participants")]:
            del values[key]
    text = _section(write_report(Figures.from_json(data), "en"), "activities")
    assert "2 dialogues with 30 participants" in text and "not reported" not in text


def test_units_that_did_not_report_are_ranked_last_and_say_so(client, tree, users, records):
    client.force_login(users.p_approver)
    body = client.get(
        "/dashboard/",
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "rank": "tallies.criminal_registered"},
    ).content.decode()
    rows = body.split('id="ranked-children"')[1].split("</tbody>")[0].split("<tr>")[2:]
    assert "Xã Hòa Bình" in rows[0] and ">5<" in rows[0]
    assert "Phường Đông Hà" in rows[1] and "– <span" in rows[1]
