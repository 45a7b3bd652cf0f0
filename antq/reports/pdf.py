"""A `document.Report` as PDF: the same administrative document as the DOCX (Decree 30/2020/NĐ-CP,
see `word`), laid out by WeasyPrint from an HTML template (`reports/report_print.html`) and print
CSS (`antq/report-print.css`: A4, the decree's margins, page numbers from page 2 by `@page`).
Fonts are the machine's: Times New Roman where it is installed, else its metric twin Liberation
Serif (Debian's fonts-liberation), with DejaVu for the scripts they lack (Arabic)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "antq/report-print.css"


def to_html(report) -> str:
    return render_to_string("reports/report_print.html", {"report": report})


def to_pdf(report) -> bytes:
    from weasyprint import CSS, HTML  # a second to import: only when a PDF is asked for

    css = CSS(filename=finders.find(STYLESHEET))
    return HTML(string=to_html(report)).write_pdf(stylesheets=[css])
