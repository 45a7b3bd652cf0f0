"""Bulk import of records from CSV or XLSX: validate the whole file first, then write all of it
in one transaction, or nothing. Each record type declares its columns in an ImportSpec.

Errors name the spreadsheet row (the header is row 1) and the column, in the user's language.
Progress is written to the cache (file-based by default, so every server process sees it).
"""

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from antq.core import spreadsheets
from antq.core.exports import SafeCsvWriter, append_row
from antq.core.scoping import Action, can
from antq.core.text import fold

MAX_ROWS = 200_000
BATCH = 2000


class CellError(ValueError):
    """A cell's value is wrong; the message says why, for a person. `column` names the column
    when a spec's build step raises it."""

    def __init__(self, message, column=""):
        super().__init__(message)
        self.column = column


# --- cell parsers -----------------------------------------------------------------------


def parse_text(max_length):
    def parse(value):
        text = "" if value is None else str(value).strip()
        if "\x00" in text:
            raise CellError(_("Null characters are not allowed."))
        if len(text) > max_length:
            raise CellError(_("Longer than {limit} characters.").format(limit=max_length))
        return text

    return parse


def parse_int(min_value=None, max_value=None):
    def parse(value):
        if isinstance(value, bool):
            raise CellError(_("Enter a whole number."))
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            text = str(value).strip().replace(" ", "")
            if not re.fullmatch(r"[+-]?\d+", text.replace(".", "").replace(",", "")):
                raise CellError(_("“{value}” is not a whole number.").format(value=value))
            number = int(text.replace(".", "").replace(",", ""))
        if min_value is not None and number < min_value:
            raise CellError(_("Must be at least {n}.").format(n=min_value))
        if max_value is not None and number > max_value:
            raise CellError(_("Must be at most {n}.").format(n=max_value))
        return number

    return parse


def parse_decimal(min_value=None, max_value=None):
    def parse(value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            try:
                number = Decimal(str(value).strip().replace(",", "."))
            except InvalidOperation as exc:
                raise CellError(_("“{value}” is not a number.").format(value=value)) from exc
        if not number.is_finite():
            raise CellError(_("“{value}” is not a number.").format(value=value))
        if min_value is not None and number < min_value:
            raise CellError(_("Must be at least {n}.").format(n=min_value))
        if max_value is not None and number > max_value:
            raise CellError(_("Must be at most {n}.").format(n=max_value))
        return number

    return parse


def parse_float(min_value, max_value):
    dec = parse_decimal(min_value, max_value)
    return lambda value: float(dec(value))


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value):
    """A date as a spreadsheet date, YYYY-MM-DD, or DD/MM/YYYY (the Vietnamese way)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = _YMD.fullmatch(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.fullmatch(text)
        if not m:
            raise CellError(
                _("“{value}” is not a date; write DD/MM/YYYY or YYYY-MM-DD.").format(value=text)
            )
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise CellError(_("“{value}” is not a real date.").format(value=text)) from exc


_TRUE = {"1", "x", "true", "yes", "y", "co", "dung", "نعم"}
_FALSE = {"0", "false", "no", "n", "khong", "sai", "لا"}


def parse_bool(value):
    if isinstance(value, bool):
        return value
    text = fold(str(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(_("“{value}” is not yes or no.").format(value=value))


def parse_choice(choices):
    """A code, or its label in any of the three languages."""

    memo = {}

    def lookup():
        # built once, on first use (the catalogues are loaded by then), for all three languages
        if not memo:
            for value, label in choices:
                memo[fold(str(value))] = value
                for lang in ("vi", "en", "ar"):
                    with translation.override(lang):
                        memo[fold(str(label))] = value
        return memo

    def parse(value):
        table = lookup()
        key = fold(str(value))
        if key not in table:
            raise CellError(
                _("Unknown value “{value}”; use one of: {choices}.").format(
                    value=value, choices=", ".join(str(v) for v, _l in choices)
                )
            )
        return table[key]

    return parse


# --- the spec ---------------------------------------------------------------------------


@dataclass
class Column:
    key: str
    label: object  # a lazy translated string
    parse: object = None  # callable(value) -> python value; raises CellError
    required: bool = False
    help: object = ""


AREA_COLUMNS = [
    Column("commune_code", gettext_lazy("commune code"), parse_text(20), required=True),
    Column("village_code", gettext_lazy("village code"), parse_text(20)),
]


@dataclass
class ImportSpec:
    """How one record type is imported: its columns (after the area columns), how a parsed
    row becomes a model instance, and the cross-row lookups it needs."""

    model: type
    columns: list
    build: object  # callable(row: dict, area, context) -> unsaved instance; raises CellError
    prepare: object = None  # callable(rows: list[dict], user) -> context (bulk lookups)
    basename: str = "records"
    # records placed by commune/village code; without them, `build` finds its parent (a team,
    # say) in the context and checks the user's right itself
    uses_area: bool = True

    @property
    def all_columns(self):
        return (AREA_COLUMNS if self.uses_area else []) + self.columns


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    created: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# --- reading ----------------------------------------------------------------------------


def _header_map(spec):
    """Folded header text → column key, for the keys and the labels in vi, en and ar."""
    mapping = {}
    for col in spec.all_columns:
        mapping[fold(col.key)] = col.key
        for lang in ("vi", "en", "ar"):
            with translation.override(lang):
                mapping[fold(str(col.label))] = col.key
    return mapping


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def progress_key(job_id):
    return f"antq:import:{job_id}"


def report_progress(job_id, phase, done, total):
    if job_id:
        cache.set(progress_key(job_id), {"phase": phase, "done": done, "total": total}, 3600)


def read_progress(job_id):
    return cache.get(progress_key(job_id))


def run_import(
    spec: ImportSpec,
    *,
    acting_user,
    filename: str,
    data: bytes | None = None,
    path=None,
    job_id=None,
    write=True,
    finish=None,
) -> ImportOutcome:
    """Validate every row; if all are good, write them all in one transaction.

    The file is `data` or the file at `path`, read row by row (core/spreadsheets.py) and
    refused at the first row, cell or size over a limit. `finish(created)` runs inside the
    writing transaction: if it raises, nothing is written.
    """
    if path is not None:
        with open(path, "rb") as stream:
            return _run_import(spec, acting_user, stream, filename, job_id, write, finish)
    return _run_import(spec, acting_user, io.BytesIO(data), filename, job_id, write, finish)


def read_rows(spec, stream, filename, job_id, outcome):
    """The reading path of an import (no database): the parsed body rows, or None when the file
    is refused (the errors are in `outcome`)."""
    labels = {c.key: str(c.label) for c in spec.all_columns}
    index = None
    parsed = []
    try:
        table = spreadsheets.open_table(stream, filename, max_rows=MAX_ROWS)
        for rownum, cells in table.rows:
            if index is None:
                # the header is row 1; a sheet that starts lower has none
                index = _header_index(spec, cells) if rownum == 1 else {}
                missing = [
                    RowError(1, labels[c.key], _("Required column missing from the header."))
                    for c in spec.all_columns
                    if c.required and c.key not in index
                ]
                if missing:
                    outcome.errors.extend(missing)
                    return None
                if rownum == 1:
                    continue
            if all(_blank(c) for c in cells):
                continue
            parsed.append(_parse_row(spec, index, labels, rownum, cells))
            if len(parsed) % 5000 == 0:
                report_progress(job_id, "checking", len(parsed), max(table.estimate, len(parsed)))
    except spreadsheets.TableError as exc:
        column = ""
        if exc.column is not None:
            by_index = {i: labels[k] for k, i in (index or {}).items()}
            column = by_index.get(exc.column) or get_column_letter(exc.column + 1)
        outcome.errors.append(RowError(exc.row, column, str(exc)))
        return None
    if not parsed:
        outcome.errors.append(RowError(1, "", _("The file has no rows.")))
        return None
    return parsed


def _header_index(spec, cells):
    headers = _header_map(spec)
    index = {}
    for i, cell in enumerate(cells):
        key = headers.get(fold(str(cell or "")))
        if key and key not in index:
            index[key] = i
    return index


def _parse_row(spec, index, labels, rownum, cells):
    row, errs = {}, []
    for col in spec.all_columns:
        raw = cells[index[col.key]] if col.key in index and index[col.key] < len(cells) else None
        if _blank(raw):
            if col.required:
                errs.append(RowError(rownum, labels[col.key], _("This field is required.")))
            row[col.key] = None
            continue
        try:
            row[col.key] = col.parse(raw) if col.parse else raw
        except CellError as exc:
            errs.append(RowError(rownum, labels[col.key], str(exc)))
            row[col.key] = None
    return rownum, row, errs


def _run_import(spec, acting_user, stream, filename, job_id, write, finish):
    from antq.areas.choices import AreaLevel
    from antq.areas.models import Area

    outcome = ImportOutcome()
    parsed = read_rows(spec, stream, filename, job_id, outcome)
    if parsed is None:
        return outcome
    labels = {c.key: str(c.label) for c in spec.all_columns}
    total = len(parsed)
    report_progress(job_id, "checking", total, total)

    # areas: one query for the communes, one for the villages
    today = date.today()
    codes = {r["commune_code"] for _n, r, _e in parsed if r.get("commune_code")}
    communes = {}
    for a in Area.objects.filter(level=AreaLevel.COMMUNE, code__in=codes).active_on(today):
        communes.setdefault(a.code, a)
    village_keys = {
        Area.make_key(AreaLevel.VILLAGE, r["village_code"], None, communes[r["commune_code"]].key)
        for _n, r, _e in parsed
        if r.get("village_code") and r.get("commune_code") in communes
    }
    villages = {a.key: a for a in Area.objects.filter(key__in=village_keys)}
    context = spec.prepare([r for _n, r, _e in parsed], acting_user) if spec.prepare else None

    relation_fields = [f.name for f in spec.model._meta.fields if f.is_relation]
    instances = []
    for done, (rownum, row, errs) in enumerate(parsed, start=1):
        area = None
        if not spec.uses_area:
            pass
        elif row.get("commune_code"):
            commune = communes.get(row["commune_code"])
            if commune is None:
                errs.append(
                    RowError(
                        rownum,
                        labels["commune_code"],
                        _("No commune in force has the code “{code}”.").format(
                            code=row["commune_code"]
                        ),
                    )
                )
            elif row.get("village_code"):
                area = villages.get(
                    Area.make_key(AreaLevel.VILLAGE, row["village_code"], None, commune.key)
                )
                if area is None:
                    errs.append(
                        RowError(
                            rownum,
                            labels["village_code"],
                            _("No village with the code “{code}” in this commune.").format(
                                code=row["village_code"]
                            ),
                        )
                    )
            else:
                area = commune
        if area is not None and not can(acting_user, Action.CHANGE, area):
            errs.append(
                RowError(
                    rownum,
                    labels["commune_code"],
                    _("You do not have the right to change records in this area."),
                )
            )
            area = None
        if not errs:
            try:
                instance = spec.build(row, area, context)
                # relations were resolved in bulk above; validating them again costs a query each
                instance.full_clean(
                    exclude=relation_fields, validate_unique=False, validate_constraints=False
                )
            except CellError as exc:
                column = getattr(exc, "column", "")
                errs.append(RowError(rownum, labels.get(column, column), str(exc)))
            except ValidationError as exc:
                for fname, msgs in exc.message_dict.items():
                    col = labels.get(fname, fname)
                    errs.extend(RowError(rownum, col, m) for m in msgs)
            else:
                instances.append(instance)
        outcome.errors.extend(errs)
        if done % 5000 == 0:
            report_progress(job_id, "checking", done, total)
    if outcome.errors or not write:
        return outcome

    from simple_history.utils import bulk_create_with_history

    with transaction.atomic():
        for start in range(0, len(instances), BATCH):
            batch = instances[start : start + BATCH]
            bulk_create_with_history(
                batch,
                spec.model,
                batch_size=BATCH,
                default_user=acting_user,
                default_change_reason=_("Imported from {name}").format(name=filename),
            )
            report_progress(job_id, "writing", start + len(batch), len(instances))
        if finish is not None:
            finish(len(instances))
    outcome.created = len(instances)
    return outcome


def write_template(spec: ImportSpec, fmt: str):
    """An empty file with the headers in the active language, and a sheet of allowed values."""
    headers = [str(c.label) for c in spec.all_columns]
    if fmt == "csv":
        out = io.StringIO()
        SafeCsvWriter(out).writerow(headers)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = spec.basename[:31]
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    notes = wb.create_sheet(_("Guide")[:31])
    append_row(notes, [_("Column"), _("Required"), _("What to write")])
    for c in spec.all_columns:
        append_row(notes, [c.label, _("yes") if c.required else "", c.help or ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
