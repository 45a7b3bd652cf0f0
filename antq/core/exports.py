"""Export of any filtered, scoped list to CSV or XLSX. Headers in the user's language."""

import csv
import re
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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


def _unit(area):
    """The unit an import places a record by: the area itself, or a village's commune."""
    from antq.areas.choices import AreaLevel

    return area.level == AreaLevel.VILLAGE


def place_columns(spec, field="area"):
    """The export columns that place a record as its import (`spec`, an ImportSpec) reads it
    back, under the import's own headers: the unit's code (a village-level record's commune),
    the village's code, the unit's level and the day its code is read on; then, for people,
    the commune's and the area's names ("Thôn 6" alone is ambiguous above its commune). The
    commune comes from `with_commune` (antq.areas.selectors), which `export_response` applies."""
    labels = {c.key: c.label for c in spec.all_columns}

    def area(obj):
        return getattr(obj, field)

    def is_village(obj):
        return _unit(area(obj))

    def commune(obj, column):
        """The village's commune's `column`, from the annotation; read by itself for a record
        that did not come through `export_response`."""
        if not is_village(obj):
            return None
        name = f"{field}_commune_{column}"
        if hasattr(obj, name):
            return getattr(obj, name)
        from antq.areas.models import Area

        path = area(obj).path[: -Area.steplen]
        return Area.objects.filter(path=path).values_list(column, flat=True).first()

    def unit_code(obj):
        return commune(obj, "code") if is_village(obj) else area(obj).code

    def unit_level(obj):
        from antq.areas.choices import AreaLevel

        return AreaLevel.COMMUNE.label if is_village(obj) else area(obj).get_level_display()

    columns = [(labels["commune_code"], unit_code)]
    if "village_code" in labels:
        columns.append((labels["village_code"], lambda o: area(o).code if is_village(o) else ""))
    return [
        *columns,
        (labels["unit_level"], unit_level),
        (labels["valid_on"], lambda o: unit_valid_on(area(o))),
        (_lazy("commune"), lambda o: commune(o, "name") or ""),
        (_lazy("area"), lambda o: area(o).name),
    ]


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


def _with_commune(queryset):
    """A record list whose records hang off an area, with each village's commune (for
    `place_columns`) read in the same query."""
    from antq.areas.models import Area
    from antq.areas.selectors import with_commune

    try:
        related = queryset.model._meta.get_field("area").related_model
    except FieldDoesNotExist:  # a model with no area of its own (a team's members)
        return queryset
    return with_commune(queryset) if related is Area else queryset


def export_response(queryset, columns, fmt, basename):
    """columns: [(header, getter(obj))]. Streams CSV; writes XLSX in write-only mode."""
    headers = [str(h) for h, _g in columns]
    queryset = _with_commune(queryset)
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
