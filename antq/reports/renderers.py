"""A `document.Report` as Markdown, DOCX, PDF, XLSX or CSV.

Every text is already in the report's language (`writing.write_report` translated and formatted it);
the renderers only lay it out. The DOCX and the PDF are administrative documents (`word`, `pdf`);
Arabic reports are
laid out right to left there and as `rightToLeft` XLSX sheets. Markdown and DOCX collapse the child
units without any figure into one line; XLSX and CSV keep every row.

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
    "pdf": "application/pdf",
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
    out += [f"**{issuer}**  ", _md(report.number), ""]
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
        for row in table.laid_out():
            if row.kind == "quiet":
                cells = [f"*{_md(row.name)}*", *([""] * len(table.columns))]
            else:
                name = f"**{_md(row.name)}**" if row.kind == "total" else _md(row.name)
                cells = [name, *(_md(c) for c in row.cells)]
            out.append("| " + " | ".join(cells) + " |")
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
    out += [f"**{_md(report.signer_position)}**", "", f"**{_md(report.signer_name)}**", ""]
    out += [f"***{_md(report.recipients_label)}***  "]
    out += [_md(line) + "  " for line in report.recipients[:-1]]
    out += [_md(report.recipients[-1]), ""]
    return "\n".join(out)


# --- DOCX ----------------------------------------------------------------------------------


def to_docx(report) -> bytes:
    from antq.reports.word import to_docx as word

    return word(report)


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
            report.number,
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


def to_pdf(report) -> bytes:
    from antq.reports.pdf import to_pdf as pdf

    return pdf(report)


def render(report, fmt: str):
    """(content, content type): str for md and csv, bytes for docx, pdf and xlsx."""
    renderers = {"md": to_markdown, "docx": to_docx, "pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv}
    content = renderers[fmt](report)
    return content, CONTENT_TYPES[fmt]
