"""A `document.Report` as PDF: the same administrative document as the DOCX (Decree 30/2020/NĐ-CP,
see `word`), laid out by WeasyPrint from an HTML template (`reports/report_print.html`) and print
CSS (`antq/report-print.css`: A4, the decree's margins, page numbers from page 2 by `@page`).
Fonts are the machine's: Times New Roman where it is installed, else its metric twin Liberation
Serif (Debian's fonts-liberation), with DejaVu for the scripts they lack (Arabic).

Speed: a province's year is some 50 pages of tables (15,000 cells for the demo province), and
WeasyPrint's cost grows with the cells. So the tables are laid out with `table-layout: fixed`,
their columns sized here by the DOCX's own computation (`word.column_widths`) into a stylesheet
of `#id` rules, rather than WeasyPrint measuring every cell's content twice (auto layout); and
the print CSS matches cells by element or one class, never by descendant selectors."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from antq.reports.word import TEXT_W, column_widths

STYLESHEET = "antq/report-print.css"
# the tables' font sizes in the print CSS (table.data, .dense, .denser), by their columns
TABLE_PT, DENSE_PT, DENSER_PT = 11, 9.5, 8


def _size(n_columns):
    return DENSER_PT if n_columns > 12 else DENSE_PT if n_columns > 7 else TABLE_PT


def _widths(prefix, header, rows, names=()):
    """`#<prefix>c<i> { width }` for each column of one table: the DOCX's widths (mm), except
    that in a crowded table the child units' `names` take the width of the longest one (up to
    two fifths, as there) as far as the figures' columns keep that of their longest figure (a
    long name of the unit's own row or of the total wraps instead): a name on two or three
    lines makes every row taller, and a figure wider than its column runs into the next."""
    size = _size(len(header))
    widths = column_widths(header, rows, TEXT_W, size)
    char_mm = size * 0.5 * 25.4 / 72  # as column_widths counts
    figures = sum(max((len(str(r[i])) for r in rows), default=0) * char_mm + 2.5
                  for i in range(1, len(header)))  # fmt: skip
    name = min(max(map(len, names), default=0) * char_mm + 2.5, TEXT_W * 0.4, TEXT_W - figures)
    if len(widths) > 1 and names and (widths[0] < name or sum(widths[1:]) < figures):
        rest = (TEXT_W - name) / sum(widths[1:])
        widths = [name, *(w * rest for w in widths[1:])]
    return [f"#{prefix}c{i}{{width:{w:.2f}mm}}" for i, w in enumerate(widths)]


def column_css(report) -> str:
    """The widths of the columns of every table of `report`, as the template names them."""
    rules = []
    for n, section in enumerate(report.sections, 1):
        table = section.table
        header = [report.unit_label, *(c.name for c in table.columns)]
        rows = [[r.name, *r.cells] for r in table.laid_out() if r.kind != "quiet"]
        names = [r.name for r in table.rows if r.kind == "child"]
        rules += _widths(f"s{n}", header, rows, names)
    for n, listing in enumerate(report.listings, 1):
        if listing.rows:
            rules += _widths(f"l{n}", listing.headers, listing.rows)
    return "\n".join(rules)


def to_html(report) -> str:
    return render_to_string("reports/report_print.html", {"report": report})


def to_pdf(report) -> bytes:
    from weasyprint import CSS, HTML  # a second to import: only when a PDF is asked for

    css = CSS(filename=finders.find(STYLESHEET))
    columns = CSS(string=column_css(report))
    return HTML(string=to_html(report)).write_pdf(stylesheets=[css, columns])
