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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A value as a spreadsheet may safely hold it: no control characters (XLSX refuses them),
    and text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        if value.startswith(_FORMULA_START):
            return "'" + value
        return value
    if not isinstance(value, int | float | Decimal):
        return str(value)
    return value


def _rows(queryset, columns):
    for obj in queryset.iterator(chunk_size=2000):
        yield [_cell(getter(obj)) for _header, getter in columns]


def export_response(queryset, columns, fmt, basename):
    """columns: [(header, getter(obj))]. Streams CSV; writes XLSX in write-only mode."""
    headers = [str(h) for h, _g in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())

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
        ws.append(headers)
        for row in _rows(queryset, columns):
            ws.append(row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{basename}.xlsx"'
        wb.save(response)
        return response
    raise ValueError(_("Unknown export format."))
