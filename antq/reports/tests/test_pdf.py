"""The period report as PDF (WeasyPrint): A4 pages in the decree's layout, in Vietnamese and
Arabic. Page 1 is drawn as an image with poppler's pdftoppm, checked, and kept in the artifacts
folder (var/artifacts/report-page1-{vi,ar}.png) for a person to look at."""

import shutil
import subprocess
from datetime import date

import pytest
from django.utils import timezone
from PIL import Image

from antq.core.testing.browser import ARTIFACTS
from antq.core.testing.factories import make_area
from antq.reports.renderers import render
from antq.reports.tests.test_reports import END, START, book  # noqa: F401 F811 - a fixture
from antq.reports.writing import build_report

pytestmark = [
    pytest.mark.rollup,
    pytest.mark.skipif(
        not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm): scripts/ensure_system.sh"
    ),
]


def _text(pdf, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def _page_one(pdf, tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "60", "-png", "-singlefile", str(path),
         str(tmp_path / name)],
        check=True, timeout=60,
    )  # fmt: skip
    png = tmp_path / f"{name}.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, ARTIFACTS / f"{name}.png")
    return Image.open(png).convert("L")


@pytest.mark.parametrize("lang", ["vi", "ar"])
def test_pdf_page_one_is_an_a4_administrative_document(
    tree,
    users,
    book,  # noqa: F811
    lang,
    tmp_path,
    monkeypatch,
):
    for n in range(3):
        make_area(tree.p, name=f"Xã Trống {n}", code=f"1090{n}")
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 12, 6))
    pdf, content_type = render(build_report(users.p_approver, tree.p, START, END, lang), "pdf")
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF-")
    image = _page_one(pdf, tmp_path, f"report-page1-{lang}")
    width, height = image.size
    assert height / width == pytest.approx(297 / 210, rel=0.01)  # A4, portrait
    dark = sum(1 for v in image.get_flattened_data() if v < 128)
    assert 0.005 < dark / (width * height) < 0.5  # ink on the page, not a blank or black page
    # the left margin (30 mm) is wider than the right (15 mm), in either direction of writing
    columns = [x for x in range(width) if any(image.getpixel((x, y)) < 128 for y in range(height))]
    left, right = columns[0] / width * 210, (width - columns[-1]) / width * 210
    assert left >= 29 and 14 <= right < left
    text = _text(pdf, tmp_path)
    if lang == "vi":
        for line in (
            "BỘ CÔNG AN",
            "CÔNG AN TỈNH QUẢNG TRỊ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: …/BC-CATQT",
            "Quảng Trị, ngày 06 tháng 12 năm 2026",
            "3 đơn vị khác: không có số liệu",
            "Nơi nhận:",
            "- Lưu: VT.",
        ):
            assert line in text, line
        # the page number from page 2 only, centred at the top
        pages = text.split("\f")
        assert len(pages) > 2 and pages[1].strip().startswith("2")
        assert not pages[0].strip().startswith("1")
    else:  # pdftotext writes Arabic in its own order, between directional marks
        assert "جهات" in text and "فيتنام" in text and "CATQT" in text


def test_every_table_has_fixed_column_widths_that_fill_the_text_width(tree, users, book):  # noqa: F811
    """WeasyPrint lays the tables out by fixed widths (reports/pdf.py), the DOCX's: one rule per
    column of each table, naming a column the template has, the widths adding up to 165 mm."""
    import re

    from antq.reports.pdf import column_css, to_html

    report = build_report(users.p_approver, tree.p, START, END, "vi")
    rules = re.findall(r"#([sl]\d+)c(\d+)\{width:([\d.]+)mm\}", column_css(report))
    tables = {}
    for table, _column, width in rules:
        tables.setdefault(table, []).append(float(width))
    assert len(tables) == len(report.sections) + sum(1 for x in report.listings if x.rows)
    for widths in tables.values():
        assert sum(widths) == pytest.approx(165, abs=0.05) and min(widths) > 0
    cols = set(re.findall(r'<col id="([sl]\d+c\d+)">', to_html(report)))
    assert cols == {f"{t}c{c}" for t, c, _w in rules}
    # the units' names keep their width in a table of many columns
    first = report.sections[0].table.rows[0].name
    assert tables["s1"][0] >= len(first) * 11 * 0.5 * 25.4 / 72 or tables["s1"][0] >= 165 * 0.4
