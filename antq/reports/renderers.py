"""A `document.Report` as Markdown, DOCX, XLSX or CSV.

Every text is already in the report's language (`writing.write_report` translated and formatted it);
the renderers only lay it out. Arabic reports are laid out right to left: `w:bidi` on DOCX
paragraphs and `w:bidiVisual` on tables, `rightToLeft` on XLSX sheets.

CSV is long: one row per (row of a table, indicator) — a child area, the area's own records
when there are any, and the total — with machine-readable headers and plain numbers (a dot
for decimals, rates as fractions), so that it loads into any tool whatever the language.
"""

import html
import io
import re

from django.utils import translation
from django.utils.translation import gettext as _

from antq.core.exports import SafeCsvWriter, append_row
from antq.indicators.registry import REGISTRY

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- Markdown ------------------------------------------------------------------------------


_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]{}#|~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s|$)")


def _md(text):
    """Text from the records (a unit's name, a position) as Markdown shows it literally: HTML
    escaped (a Markdown viewer renders raw HTML) and Markdown's own marks backslash-escaped, on
    one line."""
    text = html.escape(str(text), quote=False).replace("\r", " ").replace("\n", " ")
    return _MD_LINE_START.sub(r"\1\\\2", _MD_PUNCTUATION.sub(r"\\\1", text))


def to_markdown(report) -> str:
    out = []
    issuer = " · ".join(_md(line) for line in report.issuer if line)
    out += [f"**{issuer}**", ""]
    out += [f"**{_md(report.national[0])}**  ", f"*{_md(report.national[1])}*", ""]
    out += [f"*{_md(report.place_date)}*", ""]
    out += [f"# {_md(report.title)}", "", f"**{_md(report.subtitle)}**", ""]
    out += [_md(report.boundaries), ""]
    if report.signature:
        out += [f"**{_md(report.signature)}**", ""]
    for paragraph in report.introduction:
        out += [_md(paragraph), ""]
    for number, section in enumerate(report.sections, 1):
        out += [f"## {number}. {_md(section.heading)}", ""]
        for paragraph in section.paragraphs:
            out += [_md(paragraph), ""]
        table = section.table
        header = [report.unit_label, *(c.name for c in table.columns)]
        out.append("| " + " | ".join(_md(h) for h in header) + " |")
        out.append("|" + "|".join([" --- "] + [" ---: "] * len(table.columns)) + "|")
        for row in table.rows:
            name = f"**{_md(row.name)}**" if row.kind == "total" else _md(row.name)
            out.append("| " + " | ".join([name, *(_md(c) for c in row.cells)]) + " |")
        out.append("")
    for number, listing in enumerate(report.listings, len(report.sections) + 1):
        out += [f"## {number}. {_md(listing.heading)}", ""]
        if listing.rows:
            out.append("| " + " | ".join(_md(h) for h in listing.headers) + " |")
            out.append("|" + "|".join([" --- "] * len(listing.headers)) + "|")
            for row in listing.rows:
                out.append("| " + " | ".join(_md(c) for c in row) + " |")
            out.append("")
        for note in listing.notes:
            out += [_md(note), ""]
    return "\n".join(out)


# --- DOCX ----------------------------------------------------------------------------------


def _docx_rtl(paragraph):
    """Right to left: the paragraph (w:bidi) and each of its runs (w:rtl)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    bidi.set(qn("w:val"), "1")
    ppr.insert(0, bidi)
    for run in paragraph.runs:
        rtl = OxmlElement("w:rtl")
        rtl.set(qn("w:val"), "1")
        run._r.get_or_add_rPr().append(rtl)


def _docx_table_rtl(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    bidi = OxmlElement("w:bidiVisual")
    bidi.set(qn("w:val"), "1")
    table._tbl.tblPr.append(bidi)


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _docx_add_rows(table, rows, *, rtl=False):
    """Append `rows` ((texts, bold) pairs) to a python-docx `table` as one parsed XML fragment,
    each cell as wide as its grid column: the same XML as `table.add_row()` with a run per
    cell, but python-docx's calls cost a search of the element's children each (add_row, the
    width, cell.text, add_run, bold): 8 s for a province's report of 78 communes, against a
    few milliseconds for the fragment. `rtl` marks paragraphs and runs right to left as
    `_docx_rtl` does."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    widths = [gc.get(qn("w:w")) for gc in table._tbl.tblGrid.gridCol_lst]
    ppr = '<w:pPr><w:bidi w:val="1"/></w:pPr>' if rtl else ""
    rtl_mark = '<w:rtl w:val="1"/>' if rtl else ""
    out = []
    for texts, bold in rows:
        rpr = "<w:b/>" if bold else ""
        rpr = f"<w:rPr>{rpr}{rtl_mark}</w:rPr>" if rpr or rtl_mark else ""
        out.append("<w:tr>")
        for width, text in zip(widths, texts, strict=True):
            tcpr = f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>' if width else ""
            text = _XML_UNSAFE.sub("", str(text)).replace("\t", " ").replace("\n", " ")
            run = (
                f'<w:r>{rpr}<w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'
                if text
                else ""
            )
            out.append(f"<w:tc>{tcpr}<w:p>{ppr}{run}</w:p></w:tc>")
        out.append("</w:tr>")
    fragment = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(out)}</w:tbl>")
    table._tbl.extend(list(fragment))


def to_docx(report) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    center = WD_ALIGN_PARAGRAPH.CENTER

    # header block: the issuing unit on one side, the national title and motto on the other
    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    for i, line in enumerate(line for line in report.issuer if line):
        p = left.paragraphs[0] if i == 0 else left.add_paragraph()
        p.alignment = center
        p.add_run(line).bold = i > 0
    p = right.paragraphs[0]
    p.alignment = center
    p.add_run(report.national[0]).bold = True
    p = right.add_paragraph()
    p.alignment = center
    p.add_run(report.national[1]).bold = True
    p = right.add_paragraph()
    p.alignment = center
    p.add_run(report.place_date).italic = True

    p = doc.add_paragraph()
    p.alignment = center
    run = p.add_run(report.title)
    run.bold = True
    run.font.size = Pt(15)
    p = doc.add_paragraph()
    p.alignment = center
    p.add_run(report.subtitle).bold = True
    p = doc.add_paragraph()
    p.alignment = center
    p.add_run(report.boundaries).italic = True
    if report.signature:
        p = doc.add_paragraph()
        p.alignment = center
        p.add_run(report.signature).bold = True

    for paragraph in report.introduction:
        doc.add_paragraph(paragraph)
    for number, section in enumerate(report.sections, 1):
        doc.add_heading(f"{number}. {section.heading}", level=2)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        columns = section.table.columns
        table = doc.add_table(rows=1, cols=len(columns) + 1)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, [report.unit_label, *(c.name for c in columns)], strict=True
        ):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        _docx_add_rows(
            table,
            [([row.name, *row.cells], row.kind == "total") for row in section.table.rows],
            rtl=report.bidi,
        )
        if report.bidi:
            _docx_table_rtl(table)
    for number, listing in enumerate(report.listings, len(report.sections) + 1):
        doc.add_heading(f"{number}. {listing.heading}", level=2)
        if listing.rows:
            table = doc.add_table(rows=1, cols=len(listing.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, listing.headers, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            _docx_add_rows(table, [(row, False) for row in listing.rows], rtl=report.bidi)
            if report.bidi:
                _docx_table_rtl(table)
        for note in listing.notes:
            doc.add_paragraph(note)
    if report.bidi:
        _docx_table_rtl(header)
        # every paragraph, those in table cells included, but the rows `_docx_add_rows` laid
        # out right to left already: found in one XPath (python-docx's cells cost a search each)
        for p in doc.element.body.xpath(".//w:p[not(w:pPr/w:bidi)]"):
            _docx_rtl(Paragraph(p, doc))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- XLSX ----------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name, taken):
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip()[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def to_xlsx(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    taken = set()
    with translation.override(report.lang):
        ws = wb.active
        ws.title = _sheet_title(_("Report"), taken)
        lines = [
            *report.national,
            " · ".join(line for line in report.issuer if line),
            report.place_date,
            "",
            report.title,
            report.subtitle,
            report.boundaries,
            *([report.signature] if report.signature else []),
            "",
            *report.introduction,
        ]
        for number, section in enumerate(report.sections, 1):
            lines += ["", f"{number}. {section.heading}", *section.paragraphs]
        for line in lines:
            append_row(ws, [line])
        ws.column_dimensions["A"].width = 110
        for (cell,) in ws.iter_rows():
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=lines.index(report.title) + 1, column=1).font = Font(bold=True, size=14)
        sheets = [ws]
        for section in report.sections:
            ws = wb.create_sheet(_sheet_title(section.heading, taken))
            columns = section.table.columns
            append_row(ws, [_("Code"), report.unit_label, *(c.name for c in columns)])
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for row in section.table.rows:
                values = [
                    (
                        float(row.values[c.key + "%"])
                        if row.values.get(c.key + "%") is not None
                        else None
                    )
                    if c.is_rate
                    else row.values.get(c.key, 0)
                    for c in columns
                ]
                append_row(ws, [row.code, row.name, *values])
                if row.kind == "total":
                    for cell in ws[ws.max_row]:
                        cell.font = Font(bold=True)
            for i, column in enumerate(columns, start=3):
                if column.is_rate:
                    for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = "0.0%"
            ws.column_dimensions["B"].width = 40
            ws.freeze_panes = "C2"
            sheets.append(ws)
        for listing in report.listings:
            ws = wb.create_sheet(_sheet_title(listing.heading, taken))
            append_row(ws, listing.headers)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in listing.rows:
                append_row(ws, row)
            for note in listing.notes:
                append_row(ws, [note])
            ws.column_dimensions["B"].width = 40
            sheets.append(ws)
        if report.bidi:
            for sheet in sheets:
                sheet.sheet_view.rightToLeft = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- CSV -----------------------------------------------------------------------------------

CSV_HEADER = (
    "area_code",
    "area_name",
    "row",
    "group",
    "indicator",
    "indicator_name",
    "value",
    "denominator",
    "rate",
)


def to_csv(report) -> str:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for section in report.sections:
        value_columns = [c for c in section.table.columns if not c.is_rate]
        for row in section.table.rows:
            for column in value_columns:
                ind = REGISTRY[column.key]
                rate = row.values.get(column.key + "%")
                writer.writerow(
                    [
                        row.code,
                        row.name,
                        row.kind,
                        section.group,
                        column.key,
                        column.name,
                        row.values.get(column.key, 0),
                        row.values.get(ind.denominator, "") if ind.denominator else "",
                        "" if rate is None else f"{rate:.4f}",
                    ]
                )
    # after the figures, each list (commendations, former communes) after a blank line under its
    # own header, its cells as in the other formats: the lists are for reading
    for listing in report.listings:
        if listing.rows:
            buffer.write("\n")
            writer.writerow(listing.columns)
            writer.writerows(listing.rows)
    return buffer.getvalue()


def render(report, fmt: str):
    """(content, content type): str for md and csv, bytes for docx and xlsx."""
    content = {"md": to_markdown, "docx": to_docx, "xlsx": to_xlsx, "csv": to_csv}[fmt](report)
    return content, CONTENT_TYPES[fmt]
