"""The narrative of every indicator group, the list of commendations, in vi/en/ar: each figure
equals the records behind it."""

from datetime import date

import pytest
from django.utils.translation import trans_real

from antq.activities.tests.helpers import make_activity, make_event, make_festival, make_regulation
from antq.evaluations.tests.test_indicators import results  # noqa: F401 - a fixture
from antq.honours.tests.helpers import approve, individual, make_agreement, nominate
from antq.hotspots.tests.test_indicators import hotspots  # noqa: F401 - a fixture
from antq.indicators import rollup
from antq.reports.renderers import render
from antq.reports.writing import build_report

pytestmark = pytest.mark.rollup

START, END = date(2025, 1, 1), date(2025, 12, 31)


def _section(report, group):
    return " ".join(next(s for s in report.sections if s.group == group).paragraphs)


@pytest.fixture
def work(tree, users):
    """Activities, secured events, a regulation, agreements and commendations in 2025."""
    for n in range(3):
        make_activity(users.a_editor, tree.a, participants=1000 + n)  # 3,003 participants
    make_activity(users.b_editor, tree.b, participants=40)
    make_activity(users.a_editor, tree.a, kind="outreach", held_on=date(2024, 5, 1))  # not 2025
    make_activity(
        users.a_editor, tree.a, kind="dialogue", participants=30, with_leaders=True,
        with_workers=True,
    )  # fmt: skip
    make_activity(users.a_editor, tree.a, kind="training", participants=12)
    make_festival(users.a_editor, tree.a)
    make_event(users.a_editor, tree.a)
    make_event(users.a_editor, tree.a, kind="foreign_delegation", name="Đoàn Lào")
    make_event(
        users.b_editor,
        tree.b,
        kind="event",
        name="Lễ hội",
        incidents_occurred=True,
        incident_description="Ẩu đả nhỏ",
    )
    make_regulation(users.a_editor, tree.a)
    make_agreement(users.a_editor, tree.a, party_areas=[tree.a1, tree.a])
    approve(users.p_approver, nominate(users.a_editor, tree.a), number="45/QĐ-UBND")
    approve(
        users.p_approver,
        individual(users.a_editor, tree.a, award_form="certificate_of_commendation"),
        number="46/QĐ-UBND",
        day=date(2025, 9, 2),
    )
    nominate(users.b_editor, tree.b)  # nominated only: not in the report


def test_activities_events_regulations_and_honours_read_like_a_report(tree, users, work):
    report = build_report(users.p_approver, tree.p, START, END, "en")
    assert _section(report, "activities") == (
        "In the period, 4 outreach sessions were held with 3,043 participants; 1 dialogue with "
        "30 participants. The movement also held 1 training (12 participants), 0 preliminary "
        "reviews, 0 final reviews and 1 movement festival day (420 participants); emulation "
        "agreements were signed at 0 signing ceremonies. In all, 7 activities of the movement "
        "were held with 3,505 participants."
    )
    assert _section(report, "events") == (
        "Security was kept for 3 delegations and events: 1 domestic delegation, 1 foreign "
        "delegation and 1 cultural or political event. Incidents occurred at 1 of them."
    )
    assert _section(report, "regulations").startswith("1 coordination regulation between")
    assert "is in force" in _section(report, "regulations")
    assert _section(report, "honours") == (
        "1 emulation agreement was signed in the period. 2 commendations were approved: "
        "1 certificate of merit, 1 certificate of commendation and 0 commemorative medals; "
        "1 to a collective and 1 to an individual."
    )


def test_vietnamese_narrative_of_activities(tree, users, work):
    text = _section(build_report(users.p_approver, tree.p, START, END, "vi"), "activities")
    assert "4 buổi tuyên truyền" in text and "3.043" in text and "3.505" in text


def test_hotspots_evaluations_classification_and_rural(tree, users, hotspots, results):  # noqa: F811
    report = build_report(users.p_approver, tree.p, START, END, "en")
    assert _section(report, "hotspots") == (
        "2 hotspots arose in the period. 2 hotspots were settled. 1 hotspot was still open at "
        "the end of the period."
    )
    evaluations = _section(report, "evaluations")
    assert "2 of 3 residential areas (66.7%) met the “safe for security and order” standard; " \
        "1 recognised." in evaluations  # fmt: skip
    assert "0 of 1 commune or ward (0%) met" in evaluations
    assert "1 of 1 school (100%) met" in evaluations
    assert "1 of 1 agency or enterprise (100%) met" in evaluations
    assert _section(report, "classification").startswith("The movement of 3 units was classified:")
    assert "1 weak (33.3%)" in _section(report, "classification")
    assert _section(report, "rural") == (
        "1 of 1 commune assessed (100%) meets the new-rural criterion on defence and security."
    )


def test_empty_groups_say_so(tree, users):
    report = build_report(users.p_approver, tree.p, START, END, "en")
    assert (
        _section(report, "activities") == "No activity of the movement was recorded in the period."
    )
    assert "No commendation was approved" in _section(report, "honours")
    assert report.commendations.rows == []


def test_commendations_listed_after_the_tables_in_every_format(tree, users, work):
    report = build_report(users.p_approver, tree.p, START, END, "en")
    rows = report.commendations.rows
    assert [r[1] for r in rows] == ["Xã Hòa Bình", "Nguyễn Văn An"]
    assert rows[1][2] == "Trưởng thôn 1"
    assert rows[1][3].startswith("Certificate of commendation")
    assert rows[0][5] == "45/QĐ-UBND, 15 August 2025"
    assert "Chủ tịch UBND tỉnh Quảng Trị" in rows[0][4]
    md = render(report, "md")[0]
    assert md.index("List of commendations") > md.index("Total")
    assert "| 2 | Nguyễn Văn An | Trưởng thôn 1 |" in md
    csv_text = render(report, "csv")[0]
    assert "46/QĐ-UBND, 2 September 2025" in csv_text
    import io

    from docx import Document
    from openpyxl import load_workbook

    doc = Document(io.BytesIO(render(report, "docx")[0]))
    assert any(c.text == "Nguyễn Văn An" for t in doc.tables for r in t.rows for c in r.cells)
    wb = load_workbook(io.BytesIO(render(report, "xlsx")[0]))
    assert wb.sheetnames[-1] == "List of commendations"
    assert wb.worksheets[-1]["B3"].value == "Nguyễn Văn An"


def test_commendations_are_scoped(tree, users, work):
    approve(users.p_approver, nominate(users.b_editor, tree.b), number="9/QĐ")
    report = build_report(users.a_viewer, tree.a, START, END, "en")
    assert [r[1] for r in report.commendations.rows] == ["Xã Hòa Bình", "Nguyễn Văn An"]
    assert len(build_report(users.p_approver, tree.p, START, END, "en").commendations.rows) == 3


def test_commendations_on_the_report_page(client, tree, users, work):
    client.force_login(users.p_approver)
    params = {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31", "lang": "en"}
    body = client.get("/dashboard/report/", params).content.decode()
    assert 'id="report-commendations"' in body and "Nguyễn Văn An" in body
    assert "45/QĐ-UBND, 15 August 2025" in body


SESSIONS = "{n} outreach session"


@pytest.fixture
def arabic_session_forms():
    catalog = trans_real.translation("ar")._catalog
    saved = {i: catalog.get((SESSIONS, i)) for i in range(6)}
    for i in range(6):
        catalog[(SESSIONS, i)] = f"{{n}} جلسة-{i}"
    yield
    for i in range(6):
        for cat in catalog._catalogs:
            cat.pop((SESSIONS, i), None)
        if saved[i] is not None:
            catalog[(SESSIONS, i)] = saved[i]


@pytest.mark.parametrize("n, form", [(1, 1), (2, 2), (3, 3), (11, 4), (100, 5)])
def test_arabic_activity_counts_take_their_plural_forms(tree, users, arabic_session_forms, n, form):
    from antq.activities.models import Activity

    created = Activity.objects.bulk_create(
        Activity(area=tree.a, kind="outreach", title="x", held_on=date(2025, 3, 1), participants=1)
        for _ in range(n)
    )
    rollup.records_created(Activity, created)
    text = _section(build_report(users.p_approver, tree.p, START, END, "ar"), "activities")
    assert f"{n} جلسة-{form}" in text


@pytest.mark.parametrize(
    "n, singular",
    [(1, True), (2, False)],
)
def test_english_and_vietnamese_plurals(tree, users, n, singular):
    from antq.activities.models import Activity

    created = Activity.objects.bulk_create(
        Activity(area=tree.a, kind="outreach", title="x", held_on=date(2025, 3, 1), participants=1)
        for _ in range(n)
    )
    rollup.records_created(Activity, created)
    en = _section(build_report(users.p_approver, tree.p, START, END, "en"), "activities")
    phrase = (
        "1 outreach session was held with 1 participant"
        if singular
        else ("2 outreach sessions were held with 2 participants")
    )
    assert phrase in en
    vi = _section(build_report(users.p_approver, tree.p, START, END, "vi"), "activities")
    assert f"{n} buổi tuyên truyền" in vi
