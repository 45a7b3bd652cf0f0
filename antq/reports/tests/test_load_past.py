"""A province's 2019–2023, loaded from files only, as a province that adopts antq would load
its past: former units that no package lists (`antq import-units`), villages under them
(`antq import-villages`), then every record type through its import (the ImportSpec's generic
path, team ids read from the teams export), and the period report on the units the records were
filed under and on today's units, in vi, en and ar.

Today's units are the test tree's (the package's): province 44 with communes 10001 and 10002,
in force from the 2025 reform. Under a former district 450 of the same province stood a former
commune 10001 (its code reused by today's Xã Hòa Bình, which it became), 20002 (merged into it in
2021) and 20003 (divided in 2025, mostly into 10002)."""

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import Client

from antq.activities.imports import ACTIVITY_IMPORT
from antq.areas.models import Area
from antq.cameras.imports import CAMERA_IMPORT
from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes
from antq.indicators import rollup
from antq.movement.imports import MEMBER_IMPORT, MODEL_IMPORT, TEAM_IMPORT
from antq.registry.imports import ORGANISATION_IMPORT
from antq.reports.figures import collect_figures
from antq.tallies.imports import TALLY_IMPORT
from antq.tips.imports import TIP_IMPORT

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

START, END = "2019-01-01", "2023-12-31"

UNITS = [
    ["code", "name", "level", "type", "parent code", "valid from", "valid to", "successor codes"]
    + ["kind of change", "main successor"],
    ["450", "Huyện Cũ", "district", "huyen", "44", "2003-01-01", "2025-06-30", "", "", ""],
    ["10001", "Xã Hòa Bình Cũ", "commune", "xa", "450", "2003-01-01", "2025-06-30", "10001"]
    + ["", ""],
    ["20002", "Xã Hai", "commune", "xa", "450", "2003-01-01", "2020-12-31", "10001", "", ""],
    ["20003", "Xã Ba", "commune", "xa", "450", "2003-01-01", "2025-06-30", "10002;10001"]
    + ["divided", "10002"],
]

VILLAGES = (
    "code,name,parent_code,type,valid_from,valid_to,valid_on\n"
    "T05,Thôn Năm,10001,,2003-01-01,2025-06-30,\n"
    "T06,Thôn Sáu,20003,,2003-01-01,2025-06-30,\n"
)

ORGANISATIONS = [
    ["unit code", "unit level", "valid on", "name", "type"],
    ["10001", "", "2023-12-31", "Trường THCS Hòa Bình", "school"],
    ["450", "district", "2023-12-31", "Huyện đoàn", "agency"],
]

MODELS = [
    ["unit code", "unit level", "village code", "name", "category", "started on", "status"],
    ["10001", "", "", "Camera an ninh xã", "security_cameras", "2019-03-01", "effective"],
    ["10001", "", "T05", "Đường tự quản", "rural_road_lighting", "2020-05-01", ""],
    ["20002", "", "", "Thắp sáng đường quê", "rural_road_lighting", "2019-06-01", ""],
    ["20003", "", "", "Camera Xã Ba", "security_cameras", "2021-01-01", "effective"],
    ["450", "district", "", "Mô hình huyện", "other", "2022-01-01", ""],
]

TEAMS = [
    ["unit code", "village code", "name", "kind", "established on"],
    ["10001", "T05", "Tổ tự quản Thôn Năm", "security_self_governing", "2019-01-10"],
    ["20003", "", "Tổ công nghệ số Xã Ba", "digital_technology", "2022-02-01"],
]

CAMERAS = [
    ["commune code", "village code", "owner type", "owner organisation (id or name)"]
    + ["camera heads", "connected to the commune system", "installed on"],
    ["10001", "T05", "household", "", "2", "no", "2020-01-01"],
    ["10001", "", "household", "", "1", "no", "2021-01-01"],
    ["10001", "", "school", "Trường THCS Hòa Bình", "4", "yes", "2022-08-01"],
    ["20003", "", "commune_system", "", "32", "yes", "2022-06-01"],
]

ACTIVITIES = [
    ["commune code", "kind", "title", "held on", "participants", "workers"],
    ["20002", "outreach", "Tuyên truyền pháp luật", "2019-04-10", "120", ""],
    ["10001", "outreach", "Tuyên truyền phòng chống ma túy", "2022-09-01", "80", ""],
    ["20003", "dialogue", "Đối thoại với công nhân", "2023-03-01", "", "yes"],
]

TIPS = [
    ["commune code", "received on", "legal kind", "channel", "category code", "summary"]
    + ["outcome", "outcome date"],
    ["10001", "2022-03-01", "denunciation", "in_person", "theft", "Mất trộm xe máy"]
    + ["decided_prosecute", "2022-03-15"],
    ["20003", "2023-05-02", "crime_report", "press", "drugs", "Tụ tập sử dụng ma túy"]
    + ["decided_not_prosecute", "2023-05-12"],
    ["10001", "2023-06-01", "denunciation", "in_person", "fraud", "Lừa đảo qua mạng", "", ""],
]

TALLIES = [
    ["commune code", "month", "criminal_cases_registered", "criminal_cases_clarified"]
    + ["tips_received", "tips_settled", "tips_settled_on_time"],
    ["20002", "2019-05", "3", "2", "10", "9", "8"],
    ["10001", "2021-02", "5", "4", "", "", ""],
    ["20003", "2023-01", "1", "1", "4", "4", "3"],
]


def _load(spec, user, rows, name):
    outcome = run_import(spec, acting_user=user, data=xlsx_bytes(rows[0], rows[1:]), filename=name)
    assert outcome.ok, outcome.errors
    return outcome.created


def _team_ids(user):
    """{team name: id} from the teams export, as a person filling in the members' file reads it."""
    client = Client()
    client.force_login(user)
    response = client.get("/movement/teams/export.csv", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    return {row["name"]: row["id"] for row in rows}


@pytest.fixture(scope="module")
def _loaded(_shared_tree, _shared_users, django_db_blocker, tmp_path_factory):
    t, u = _shared_tree, _shared_users
    folder = tmp_path_factory.mktemp("past")
    with django_db_blocker.unblock():
        # the package's today: communes in force from the 2025 reform
        today = Area.objects.filter(pk__in=[t.a.pk, t.b.pk])
        with rollup.bulk_change(today, {"valid_from"}):
            today.update(valid_from=date(2025, 7, 1))
        units = folder / "units.xlsx"
        units.write_bytes(xlsx_bytes(UNITS[0], UNITS[1:]))
        out = io.StringIO()
        call_command("import_units", str(units), "--user", u.admin.username, stdout=out)
        villages = folder / "villages.csv"
        villages.write_text(VILLAGES, encoding="utf-8")
        call_command("import_villages", str(villages), "--user", u.admin.username, stdout=out)
        created = {
            "organisations": _load(ORGANISATION_IMPORT, u.p_approver, ORGANISATIONS, "o.xlsx"),
            "models": _load(MODEL_IMPORT, u.p_approver, MODELS, "m.xlsx"),
            "teams": _load(TEAM_IMPORT, u.p_approver, TEAMS, "t.xlsx"),
        }
        teams = _team_ids(u.p_approver)
        security, digital = teams["Tổ tự quản Thôn Năm"], teams["Tổ công nghệ số Xã Ba"]
        members = [["team id", "full name"]] + [
            [team, f"Thành viên {n}"] for n, team in enumerate([security] * 3 + [digital] * 2)
        ]
        created |= {
            "members": _load(MEMBER_IMPORT, u.p_approver, members, "tv.xlsx"),
            "cameras": _load(CAMERA_IMPORT, u.p_approver, CAMERAS, "c.xlsx"),
            "activities": _load(ACTIVITY_IMPORT, u.p_approver, ACTIVITIES, "a.xlsx"),
            "tips": _load(TIP_IMPORT, u.p_approver, TIPS, "tips.xlsx"),
            "tallies": _load(TALLY_IMPORT, u.p_approver, TALLIES, "tallies.xlsx"),
        }
    return SimpleNamespace(log=out.getvalue(), created=created)


@pytest.fixture
def loaded(_loaded, tree, users):
    return _loaded


def _report(lang, boundaries):
    out = io.StringIO()
    call_command(
        "report",
        *("--area", "44", "--from", START, "--to", END, "--user", "p_approver"),
        *("--lang", lang, "--boundaries", boundaries),
        stdout=out,
    )
    return out.getvalue()


def test_every_file_landed(loaded):
    assert "4 units imported, 0 already there; 4 successions recorded." in loaded.log
    assert "2 units imported." in loaded.log
    assert loaded.created == {
        "organisations": 2,
        "models": 5,
        "teams": 2,
        "members": 5,
        "cameras": 4,
        "activities": 3,
        "tips": 3,
        "tallies": 3,
    }


def _values(figures, code):
    return next(c for c in figures.children if c["code"] == code)["values"]


KEYS = {
    "models.total": "models",
    "teams.total": "teams",
    "teams.members": "members",
    "cameras.sites": "camera sites",
    "cameras.heads": "camera heads",
    "organisations.total": "organisations",
    "activities.total": "activities",
    "tips.received": "tips",
    "tips.tallied_received": "tips counted by tallies",
    "tallies.criminal_registered": "criminal cases",
}


def _picked(values):
    return {name: values.get(key, 0) for key, name in KEYS.items()}


EVERYTHING = {
    "models": 5,
    "teams": 2,
    "members": 5,
    "camera sites": 3,  # the commune's own system is counted apart
    "camera heads": 39,
    "organisations": 2,
    "activities": 3,
    "tips": 3,
    "tips counted by tallies": 14,
    "criminal cases": 9,
}


def test_filed_boundaries_show_the_former_district(loaded, tree, users):
    figures = collect_figures(users.p_approver, tree.p, date(2019, 1, 1), date(2023, 12, 31))
    assert [c["code"] for c in figures.children] == ["450"]
    assert _picked(figures.total) == EVERYTHING
    assert _picked(_values(figures, "450")) == EVERYTHING


def test_today_boundaries_fold_the_former_units_onto_today_units(loaded, tree, users):
    figures = collect_figures(
        users.p_approver, tree.p, date(2019, 1, 1), date(2023, 12, 31), "today"
    )
    assert _picked(figures.total) == EVERYTHING
    # the former 10001 and 20002 (merged into it in 2021) became today's 10001
    assert _picked(_values(figures, "10001")) == {
        "models": 3,
        "teams": 1,
        "members": 3,
        "camera sites": 3,
        "camera heads": 7,
        "organisations": 1,
        "activities": 2,
        "tips": 2,
        "tips counted by tallies": 10,
        "criminal cases": 8,
    }
    # 20003 was divided, mostly into 10002: its main successor
    assert _picked(_values(figures, "10002")) == {
        "models": 1,
        "teams": 1,
        "members": 2,
        "camera sites": 0,
        "camera heads": 32,
        "organisations": 0,
        "activities": 1,
        "tips": 1,
        "tips counted by tallies": 4,
        "criminal cases": 1,
    }
    # the former district's own model and organisation: at today's province's own level
    assert _picked(figures.own) == {name: 0 for name in KEYS.values()} | {
        "models": 1,
        "organisations": 1,
    }


# the breakdowns the reviews print, and a dialogue whose participants were not recorded: the same
# on both boundaries (the province's totals)
SENTENCES = {
    "en": [
        "5 movement models are in place: 2 effective (40%), 0 ineffective; 0 recognised by the "
        "Ministry and 0 by the province; 0 replicated from another model.",
        "By the level of the unit they stand at: 1 in 1 district; 3 in 3 communes and wards; 1 "
        "in 1 village or residential group.",
        "2 teams are in place with 5 members.",
        "By kind: 1 self-governing security team with 3 members; 1 community digital technology "
        "team with 2 members.",
        "Cameras are installed at 1 site of an agency, enterprise or school; 2 households.",
        "The commune's own camera system has 32 camera heads.",
        "In all, 39 camera heads; 36 of them (92.3%) are connected to the commune system.",
        "2 agencies, enterprises, schools and organisations are registered in the movement.",
        "17 crime reports and tips were received; 15 of them (88.2%) have been settled, 13 "
        "within the legal time limit.",
        "By where they came from: 2 from citizens; 1 from the press.",
        "Of those received, 14 come from monthly tallies kept before the register of tips was "
        "used, and 3 from the register.",
        "7 of 9 criminal cases (77.8%) were clarified.",
        "In the period, 2 outreach sessions were held with 200 participants; 1 dialogue "
        "(participants not reported).",
    ],
    "vi": [
        "Toàn địa bàn có 5 mô hình phong trào đang hoạt động, trong đó 2 mô hình hoạt động hiệu "
        "quả (đạt 40%), 0 mô hình hoạt động không hiệu quả; 0 mô hình được Bộ Công an công nhận, "
        "0 mô hình được cấp tỉnh công nhận; 0 mô hình được nhân rộng từ mô hình khác.",
        "Toàn địa bàn có 2 tổ, đội đang hoạt động với 5 thành viên.",
        "Theo loại: 1 tổ tự quản an ninh, trật tự với 3 thành viên; 1 tổ công nghệ số cộng đồng "
        "với 2 thành viên.",
        "Camera an ninh được lắp đặt tại 1 điểm của cơ quan, doanh nghiệp, trường học; 2 hộ gia "
        "đình.",
        "Có 1 hệ thống camera của xã với 32 mắt camera.",
        "Tiếp nhận 17 tin báo, tố giác về tội phạm; đã giải quyết 15 tin (đạt 88,2%), trong đó "
        "13 tin được giải quyết trong thời hạn luật định.",
        "Theo nguồn tiếp nhận: 2 tin của người dân; 1 tin từ báo chí.",
        "Trong số đã tiếp nhận, 14 lấy từ biểu thống kê tháng lập trước khi dùng sổ tiếp nhận "
        "tin báo, tố giác, và 3 từ sổ tiếp nhận.",
        "Điều tra làm rõ 7/9 vụ phạm pháp hình sự (đạt 77,8%).",
        "Trong kỳ, đã tổ chức 2 buổi tuyên truyền với 200 lượt người tham gia; 1 buổi đối thoại "
        "(không báo cáo số người tham gia).",
    ],
    "ar": [
        "توجد 5 نماذج للحركة: الفعّالة منها 2 (40%)، وغير الفعّالة 0؛ والمعترف بها من الوزارة "
        "0، ومن المقاطعة 0؛ والمعمَّمة من نموذج آخر 0.",
        "حسب مستوى الوحدة التي تقع فيها: نموذج واحد في مديرية واحدة؛ 3 نماذج في 3 بلديات أو "
        "أحياء؛ نموذج واحد في قرية أو مجموعة سكنية واحدة.",
        "يوجد فريقان يضمان 5 أعضاء.",
        "حسب النوع: فريق واحد للإدارة الذاتية للأمن والنظام (3 أعضاء)؛ فريق واحد للتكنولوجيا "
        "الرقمية المجتمعية (عضوان).",
        "رُكِّبت الكاميرات في موقع واحد لجهة أو مؤسسة أو مدرسة؛ أسرتَين.",
        "يضم نظام كاميرات البلدية 32 كاميرا.",
        "اُستلم 17 بلاغًا وإخطارًا عن الجرائم؛ وتمت تسوية 15 منها (88.2%)، 13 منها ضمن المهلة "
        "القانونية.",
        "حسب مصدرها: 2 من المواطنين؛ 1 من الصحافة.",
        "من المستلَمة، 14 بلاغًا مصدرها الإحصاءات الشهرية المعدّة قبل استخدام سجل البلاغات، "
        "و3 من السجل.",
        "كُشفت ملابسات 7 من أصل 9 قضايا جنائية (77.8%).",
        "خلال الفترة، عُقدت جلستا توعية بحضور 200 مشارك؛ وحوار واحد (لم يُبلَّغ عن عدد المشاركين).",
    ],
}

HELD_HERE = {
    "en": "Tỉnh Quảng Trị (held at this level)",
    "vi": "Tỉnh Quảng Trị (số liệu tại cấp này)",
    "ar": "Tỉnh Quảng Trị (السجلات المحفوظة على هذا المستوى)",
}


def _rows(text, unit):
    """The cells after the unit's name of its row in each table, in order."""
    start = f"| {unit} | "
    rows = [line[len(start) :] for line in text.splitlines() if line.startswith(start)]
    return [row.removesuffix(" |").split(" | ")[0] for row in rows]


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
def test_the_report_on_the_units_filed_under(loaded, lang):
    text = _report(lang, "filed")
    lines = text.splitlines()
    for sentence in SENTENCES[lang]:
        assert sentence in lines
    # the tables have one row, the former district (areas, models, teams, cameras, …)
    assert _rows(text, "Huyện Cũ")[:8] == ["2", "5", "2", "0", "2", "3", "9", "3"]
    assert not _rows(text, "Xã Hòa Bình") and not _rows(text, HELD_HERE[lang])


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
def test_the_report_on_today_units(loaded, lang):
    text = _report(lang, "today")
    lines = text.splitlines()
    for sentence in SENTENCES[lang]:
        assert sentence in lines
    # first cells of the tables of areas, models, teams, cameras, organisations, tips,
    # tallies, activities
    assert _rows(text, "Xã Hòa Bình")[:8] == ["2", "3", "1", "0", "1", "2", "8", "2"]
    assert _rows(text, "Phường Đông Hà")[:8] == ["2", "1", "1", "0", "0", "1", "1", "1"]
    assert _rows(text, HELD_HERE[lang]) == ["1", "1"]  # the district's model and organisation
    assert not _rows(text, "Huyện Cũ")
    folded = [line for line in lines if line.startswith("| 1000")]
    assert folded[-2:] == [
        "| 10001 | Xã Hòa Bình | 2 | Xã Hòa Bình Cũ, Xã Hai |",
        "| 10002 | Phường Đông Hà | 1 | Xã Ba ({}) |".format(
            {"en": "divided", "vi": "bị chia tách", "ar": "مقسَّمة"}[lang]
        ),
    ]
