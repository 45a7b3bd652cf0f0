"""Period reports as administrative documents (Decree 30/2020/NĐ-CP): the DOCX's page, header
blocks, number, place and date, recipients and signature, its tables (sized to their content, the
units without figures on one line), right to left in Arabic; the letterhead on the form, the
signed report and the command."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from antq.core.testing.factories import make_area
from antq.indicators.wording import Formatter
from antq.reports.letterhead import Letterhead, initials, place_name
from antq.reports.models import FrozenReport, ReportJob
from antq.reports.renderers import render
from antq.reports.tests.test_reports import END, START, book  # noqa: F401 - a fixture
from antq.reports.writing import build_report, document_date

pytestmark = pytest.mark.rollup

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def quiet(tree, book, monkeypatch):  # noqa: F811
    """Three more communes of the province with no record at all, a signer with a rank and a
    position, and a fixed day of writing (6 December 2026)."""
    for n in range(3):
        make_area(tree.p, name=f"Xã Trống {n}", code=f"1090{n}")
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 6))


@pytest.fixture
def signer(users):
    user = users.p_approver
    user.full_name, user.rank, user.position = "Nguyễn Văn An", "Đại tá", "Giám đốc"
    user.save()
    return user


def _docx(user, tree, lang, letterhead=None):
    report = build_report(user, tree.p, START, END, lang, letterhead=letterhead)
    return Document(io.BytesIO(render(report, "docx")[0])), report


def _texts(element):
    """Each paragraph's text under `element`, in document order."""
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p")]


def test_place_date_number_and_body_names_follow_the_decree():
    assert place_name("Tỉnh Quảng Trị") == "Quảng Trị"
    assert place_name("Thành Phố Đồng Hới") == "Đồng Hới"  # a capitalised type word
    assert place_name("Phường 1") == "Phường 1"  # named by a number: the full name
    assert place_name("Việt Nam") == "Việt Nam"
    assert initials("CÔNG AN TỈNH QUẢNG TRỊ") == "CATQT"
    fmt = Formatter()
    with translation.override("vi"):
        assert document_date(date(2026, 12, 6), fmt) == "ngày 06 tháng 12 năm 2026"
        assert document_date(date(2026, 2, 3), fmt) == "ngày 03 tháng 02 năm 2026"
        assert document_date(date(2026, 3, 15), fmt) == "ngày 15 tháng 3 năm 2026"
    with translation.override("en"):
        assert document_date(date(2026, 3, 5), fmt) == "5 March 2026"


def test_docx_is_an_administrative_document(tree, users, quiet, signer):
    doc, report = _docx(signer, tree, "vi")
    section = doc.sections[0]
    mm = [round(x.mm, 1) for x in (section.page_width, section.page_height)]
    assert mm == [210, 297]  # A4, portrait
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(x.mm, 1) for x in margins] == [20, 20, 30, 15]
    assert all(w.font.name == "Times New Roman" for w in [doc.styles["Normal"]])
    # page numbers centred at the top from page 2: a PAGE field, and a first page of its own
    assert section.different_first_page_header_footer
    assert " PAGE " in [t.text for t in section.header._element.iter(f"{W}instrText")]
    assert not "".join(_texts(section.first_page_header._element))
    left, right = doc.tables[0].rows[0].cells
    assert [t for t in _texts(left._tc) if t] == [
        "BỘ CÔNG AN",
        "CÔNG AN TỈNH QUẢNG TRỊ",
        "Số: …/BC-CATQT",
    ]
    assert [t for t in _texts(right._tc) if t] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Trị, ngày 06 tháng 12 năm 2026",
    ]
    # the motto and the issuing body are underlined by a drawn line, not by underlining
    assert len(left._tc.xpath(".//w:pBdr")) == 1 and len(right._tc.xpath(".//w:pBdr")) == 1
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["BÁO CÁO", report.subtitle]
    recipients, signature = doc.tables[-1].rows[0].cells
    assert [t for t in _texts(recipients._tc) if t] == [
        "Nơi nhận:",
        "- Bộ Công an (để báo cáo);",
        "- Lưu: VT.",
    ]
    assert [t for t in _texts(signature._tc) if t] == ["GIÁM ĐỐC", "Đại tá Nguyễn Văn An"]


def test_docx_tables_fit_their_content_and_fold_units_without_figures(tree, users, quiet):
    doc, report = _docx(users.p_approver, tree, "vi")
    tallies = next(s for s in report.sections if s.group == "tallies")
    assert [r.name for r in tallies.table.quiet] == ["Xã Trống 0", "Xã Trống 1", "Xã Trống 2"]
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == tallies.table.columns[0].name)
    names = [row.cells[0].text for row in table.rows]
    assert "3 đơn vị khác: không có số liệu" in names
    assert not [n for n in names if n.startswith("Xã Trống")]
    assert names[-1] == "Tổng cộng"
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(set(widths)) > 2  # sized to what they hold, not equal
    assert sum(widths) == pytest.approx(Mm(165).twips, abs=len(widths))
    # the data keep every unit
    csv = render(report, "csv")[0]
    assert "Xã Trống 2" in csv


def test_arabic_docx_runs_right_to_left_with_the_same_blocks(tree, users, quiet, signer):
    doc, report = _docx(signer, tree, "ar")
    body = doc.element.body
    paragraphs = body.findall(f".//{W}p")
    assert paragraphs and all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    assert all(r.find(f"{W}rPr/{W}rtl") is not None for r in body.iter(f"{W}r"))
    left, right = doc.tables[0].rows[0].cells
    assert "شرطة Tỉnh Quảng Trị".upper() in _texts(left._tc)
    assert "رقم: \u2066…/BC-CATQT\u2069" in _texts(
        left._tc
    )  # the symbol is the registry's, in Latin
    assert "جمهورية فيتنام الاشتراكية" in _texts(right._tc)
    recipients, _signature = doc.tables[-1].rows[0].cells
    assert "جهات الاستلام:" in _texts(recipients._tc)
    assert "3 وحدات أخرى: لا توجد أرقام" in [c.text for t in doc.tables for c in t.columns[0].cells]


def test_the_letterhead_given_replaces_the_defaults(tree, users, quiet):
    given = Letterhead(
        superior="UBND tỉnh Quảng Trị",
        issuer="Ban Chỉ đạo phong trào",
        number="7",
        signer_name="Trần Thị Bình",
        signer_position="Trưởng ban",
        recipients="Bộ Công an;\nUBND tỉnh\n",
    )
    doc, _report = _docx(users.p_approver, tree, "vi", given)
    left, _right = doc.tables[0].rows[0].cells
    assert [t for t in _texts(left._tc) if t] == [
        "UBND TỈNH QUẢNG TRỊ",
        "BAN CHỈ ĐẠO PHONG TRÀO",
        "Số: 07/BC-BCĐPT",  # a leading zero below 10
    ]
    recipients, signature = doc.tables[-1].rows[0].cells
    assert [t for t in _texts(recipients._tc) if t][1:] == [
        "- Bộ Công an;",
        "- UBND tỉnh;",
        "- Lưu: VT.",
    ]
    assert [t for t in _texts(signature._tc) if t] == ["TRƯỞNG BAN", "Trần Thị Bình"]


def test_report_page_takes_the_letterhead_and_signs_it_off(client, tree, users, quiet, signer):
    client.force_login(signer)
    params = {"area": tree.p.pk, "date_from": "2025-01-01", "date_to": "2025-12-31"}
    body = client.get("/dashboard/report/", params).content.decode()
    assert 'placeholder="CÔNG AN TỈNH QUẢNG TRỊ"' in body  # the default, shown
    assert "Số: …/BC-CATQT" in body and "Nơi nhận:" in body
    given = {"issuer": "Công an tỉnh Quảng Trị", "number": "12/BC-CAT-PV01", "lang": "vi"}
    # a province's DOCX is made in the background (reports/jobs.py), with the letterhead given
    docx = client.get("/dashboard/report/", params | given | {"format": "docx"})
    assert docx.status_code == 302
    job = ReportJob.objects.get()
    assert (job.letterhead["issuer"], job.letterhead["number"]) == (
        "Công an tỉnh Quảng Trị",
        "12/BC-CAT-PV01",
    )
    assert "&amp;number=12/BC-CAT-PV01" in client.get(
        "/dashboard/report/", params | given
    ).content.decode().replace("%2F", "/")
    too_many = "\n".join(f"Nơi {n}" for n in range(21))
    refused = client.get("/dashboard/report/", params | {"recipients": too_many})
    assert refused.status_code == 422 and "Tối đa 20 nơi nhận." in refused.content.decode()
    response = client.post("/dashboard/report/sign/", params | given, follow=True)
    assert response.status_code == 200
    frozen = FrozenReport.objects.get()
    assert (frozen.issuer, frozen.number) == ("Công an tỉnh Quảng Trị", "12/BC-CAT-PV01")
    assert (frozen.signatory_name, frozen.signatory_position) == (
        "Đại tá Nguyễn Văn An",
        "Giám đốc",
    )
    # a signed province's DOCX is made in the background too, from what was kept
    signed = client.get(frozen.get_absolute_url(), {"format": "docx", "lang": "en"})
    assert signed.status_code == 302 and ReportJob.objects.get(frozen=frozen)
    signed = client.get(signed["Location"] + "file/")
    content = b"".join(signed.streaming_content)
    left, right = Document(io.BytesIO(content)).tables[0].rows[0].cells
    assert "CÔNG AN TỈNH QUẢNG TRỊ" in _texts(left._tc)  # as kept, in any language
    assert "No.: 12/BC-CAT-PV01" in _texts(left._tc)


def test_command_takes_the_letterhead(tree, users, quiet, tmp_path):
    target = tmp_path / "r.docx"
    call_command(
        "report", "--area", "44", "--from", "2025-01-01", "--to", "2025-12-31",
        "--user", "p_approver", "--format", "docx", "--output", str(target),
        "--number", "3", "--signer-name", "Lê Văn Cường", "--signer-position", "Phó Giám đốc",
        "--recipient", "Bộ Công an", "--recipient", "UBND tỉnh",
    )  # fmt: skip
    doc = Document(str(target))
    left = doc.tables[0].rows[0].cells[0]
    assert "Số: 03/BC-CATQT" in _texts(left._tc)
    recipients, signature = doc.tables[-1].rows[0].cells
    assert "- UBND tỉnh;" in _texts(recipients._tc)
    assert [t for t in _texts(signature._tc) if t] == ["PHÓ GIÁM ĐỐC", "Lê Văn Cường"]
    with pytest.raises(CommandError, match="20"):
        call_command(
            "report", "--area", "44", "--from", "2025-01-01", "--to", "2025-12-31",
            "--user", "p_approver", *[x for n in range(21) for x in ("--recipient", str(n))],
        )  # fmt: skip
