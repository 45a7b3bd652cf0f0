"""Export of any filtered, scoped list to CSV or XLSX. Headers in the user's language."""

import csv
import re
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

EXPORT_FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value):
        return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# what a spreadsheet reads as the start of a formula (OWASP's CSV injection list)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet may safely hold it: numbers stay numbers (a negative one too),
    text loses control characters (XLSX refuses them) and text that a spreadsheet would run as
    a formula is quoted. Every CSV and XLSX that antq writes goes through this. Yes and no are
    written in the reader's language (and read back by the imports), not True and False."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    value = _CONTROL.sub("", str(value))
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unit_valid_on(area):
    """The "valid on" cell of a record with no date of its own: the last day of its unit when
    the unit has ended (today's units reuse some old codes, so an import reads a code on that
    day, not today), else empty (today)."""
    return area.valid_to


def safe_row(values):
    return [safe_cell(v) for v in values]


class SafeCsvWriter:
    """csv.writer whose every cell goes through `safe_cell`."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, values):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows):
        for values in rows:
            self._writer.writerow(safe_row(values))


def append_row(sheet, values):
    """openpyxl's `sheet.append`, each cell through `safe_cell`."""
    sheet.append(safe_row(values))


def _rows(queryset, columns):
    for obj in queryset.iterator(chunk_size=2000):
        yield [getter(obj) for _header, getter in columns]


def export_response(queryset, columns, fmt, basename):
    """columns: [(header, getter(obj))]. Streams CSV; writes XLSX in write-only mode."""
    headers = [str(h) for h, _g in columns]
    if fmt == "csv":
        writer = SafeCsvWriter(_Echo())

        def stream():
            yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
            yield writer.writerow(headers)
            for row in _rows(queryset, columns):
                yield writer.writerow(row)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{basename}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title=basename[:31])
        append_row(ws, headers)
        for row in _rows(queryset, columns):
            append_row(ws, row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{basename}.xlsx"'
        wb.save(response)
        return response
    raise ValueError(_("Unknown export format."))
