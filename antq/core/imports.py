"""Bulk import of records from CSV or XLSX: all of the file is written, in one transaction, or
nothing. Rows are read, checked and written a chunk at a time (CHUNK_ROWS), so that memory does
not grow with the file; an error anywhere rolls everything back, and the rest of the file is
still checked so that every error is reported. Each record type declares its columns in an
ImportSpec (in `<app>/imports.py`) and writes each chunk through its bulk service (`write`).

Errors name the spreadsheet row (the header is row 1) and the column, in the user's language.
Progress is written to the cache (file-based by default, so every server process sees it).
"""

import gc
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length, Substr
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.areas.resolution import describe, pick
from antq.core import batches, locks, spreadsheets
from antq.core.exports import SafeCsvWriter, append_row
from antq.core.models import unit_not_in_force
from antq.core.scoping import Action, can
from antq.core.text import fold

MAX_ROWS = 200_000
# rows are checked and written this many at a time, so that an import's memory does not grow
# with its file
CHUNK_ROWS = 2000
MAX_ERRORS = 1000


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


_HM = re.compile(r"(\d{1,2})\s*[:hHgG]\s*(\d{2})?(?:\s*:\s*(\d{2}))?")


def parse_time(value):
    """A time of day as a spreadsheet time, HH:MM (or HH:MM:SS), or the Vietnamese 14h30."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip()
    m = _HM.fullmatch(text)
    if not m:
        raise CellError(_("“{value}” is not a time; write HH:MM, e.g. 14:30.").format(value=text))
    try:
        return time(int(m.group(1)), int(m.group(2) or 0))
    except ValueError as exc:
        raise CellError(_("“{value}” is not a real time.").format(value=text)) from exc


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


def _choices_text(choices):
    return ", ".join(
        _("{code} ({label})").format(code=value, label=label) for value, label in choices
    )


def choices_help(choices):
    """The codes a column takes, each with its label in the reader's language ("active
    (Đang hoạt động), …"): the import guide's help of a choice column."""
    return lazy(_choices_text, str)(choices)


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
                    value=value, choices=_choices_text(choices)
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
    aliases: tuple = ()  # more headers (lazy translated strings) read as this column


def parse_level(levels):
    """A level of `levels`: its number, or its name in any of the three languages."""

    memo = {}

    def parse(value):
        if not memo:
            for level in levels:
                memo[str(int(level))] = level
                memo[fold(level.name)] = level
                for lang in ("vi", "en", "ar"):
                    with translation.override(lang):
                        memo[fold(str(level.label))] = level
        key = fold(str(value))
        if key not in memo:
            raise CellError(
                _("Unknown level “{value}”; use one of: {choices}.").format(
                    value=value, choices=_level_names(levels)
                )
            )
        return memo[key]

    return parse


def _level_names(levels):
    return ", ".join(str(level.label) for level in levels)


_UNIT_CODE = gettext_lazy("commune code")
_VALID_ON = gettext_lazy("valid on")


def _area_columns(spec):
    """The columns that place a row: the unit's code and its village (where villages hold
    records of the type); then the optional unit level and day by which the code is read."""
    unit_levels = spec.unit_levels
    if spec.date_column:
        day = {c.key: c.label for c in spec.columns}[spec.date_column]
        code_help = format_lazy(
            gettext_lazy(
                "the official code of the unit in force on the date in “{column}” (or on "
                "“{valid_on}”, when filled)"
            ),
            column=day,
            valid_on=_VALID_ON,
        )
        valid_on_help = format_lazy(
            gettext_lazy(
                "optional, DD/MM/YYYY: the unit code is read as of this day instead of the "
                "date in “{column}”"
            ),
            column=day,
        )
    else:
        code_help = format_lazy(
            gettext_lazy(
                "the official code of the unit in force today (or on “{valid_on}”, when filled)"
            ),
            valid_on=_VALID_ON,
        )
        valid_on_help = gettext_lazy(
            "optional, DD/MM/YYYY: the unit code is read as of this day instead of today"
        )
    if unit_levels == (AreaLevel.COMMUNE,):
        code = Column("commune_code", _UNIT_CODE, parse_text(20), required=True, help=code_help)
    else:
        code = Column(
            "commune_code",
            gettext_lazy("unit code"),
            parse_text(20),
            required=True,
            help=code_help,
            aliases=(_UNIT_CODE,),
        )
    village = Column("village_code", gettext_lazy("village code"), parse_text(20))
    level_help = format_lazy(
        gettext_lazy("optional: {levels}; only where the code names units at two levels"),
        levels=lazy(_level_names, str)(unit_levels),
    )
    place = [code, village] if AreaLevel.VILLAGE in spec.levels else [code]
    choice = [
        Column("unit_level", gettext_lazy("unit level"), parse_level(unit_levels), help=level_help),
        Column("valid_on", _VALID_ON, parse_date, help=valid_on_help),
    ]
    return place, choice


@dataclass
class ImportSpec:
    """How one record type is imported: its columns (after the unit's code and village, and
    before the optional unit level and valid-on day), how a parsed row becomes a model
    instance, and the cross-row lookups it needs.

    A row's unit code is read as the unit with that code in force on the record's date: the
    value of `date_column` (a date, or a year, read as its last day), today where the spec has
    none or the cell is empty, or the row's "valid on" date when it is filled."""

    model: type
    columns: list
    build: object  # callable(row: dict, area, context) -> unsaved instance; raises CellError
    # the record type's bulk service, callable(records=, acting_user=, reason=): the rules of a
    # create that are not the row's own (defaults, first status rows, links, locks) live there
    write: object
    prepare: object = None  # callable(rows: list[dict], user) -> context (bulk lookups)
    basename: str = "records"
    # records placed by commune/village code; without them, `build` finds its parent (a team,
    # say) in the context and checks the user's right itself
    uses_area: bool = True
    # rows are checked a chunk at a time and `prepare` runs once per chunk: these keys of its
    # context (sets, dicts or single values) hold what earlier chunks saw, such as the keys
    # already met in the file, and are carried from chunk to chunk
    carry: tuple = ()
    # callable(header cells) -> [(header text, message)]: headers that refuse the whole file
    # before any row is read (a column the record type must never receive)
    refuse_header: object = None
    # the key of the column that holds the record's date (or year), by which its unit is chosen
    date_column: str | None = None
    # the levels a row's unit may be at; VILLAGE adds the village code column (a village of
    # the unit the code names)
    levels: tuple = (AreaLevel.COMMUNE, AreaLevel.VILLAGE)

    def __post_init__(self):
        # the optional columns that choose among units with the same code come last
        place, choice = _area_columns(self) if self.uses_area else ([], [])
        self.all_columns = place + self.columns + choice

    @property
    def unit_levels(self):
        """The levels the unit code may name, from the top down."""
        return tuple(sorted(level for level in self.levels if level != AreaLevel.VILLAGE))


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    """`errors` keeps the first MAX_ERRORS errors, so that a file wrong on every row cannot fill
    the memory; `error_count` counts them all."""

    created: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    rows_expected: int = 0  # the reader's estimate, for progress

    @property
    def ok(self):
        return not self.errors

    def add(self, errors):
        self.error_count += len(errors)
        room = MAX_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])


# --- reading ----------------------------------------------------------------------------


def _header_map(spec):
    """Folded header text → column key, for the keys and the labels in vi, en and ar."""
    mapping = {}
    for col in spec.all_columns:
        mapping[fold(col.key)] = col.key
        for lang in ("vi", "en", "ar"):
            with translation.override(lang):
                for label in (col.label, *col.aliases):
                    mapping[fold(str(label))] = col.key
    return mapping


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
    """Check every row; if all are good, all are written (in one transaction), else none.

    The file is `data` or the file at `path`, read row by row (core/spreadsheets.py) and
    refused at the first row, cell or size over a limit. `finish(created)` runs inside the
    writing transaction: if it raises, nothing is written.
    """
    # Each chunk's rows and records live long enough to reach the collector's oldest
    # generation, and each full collection they set off would scan every long-lived object of
    # the process (Django's, antq's): a fifth of a large import's time. Those are set aside
    # from the collector meanwhile; another import's unfreeze only costs this one that saving.
    gc.freeze()
    try:
        if path is not None:
            with open(path, "rb") as stream:
                return _run_import(spec, acting_user, stream, filename, job_id, write, finish)
        return _run_import(spec, acting_user, io.BytesIO(data), filename, job_id, write, finish)
    finally:
        gc.unfreeze()


def parsed_rows(spec, stream, filename, outcome):
    """Yield (row number, parsed row, its errors) one row at a time. A refused file (a missing
    column, a row, cell or size over a limit, no rows at all) adds its error to `outcome` and
    ends the rows there."""
    labels = {c.key: str(c.label) for c in spec.all_columns}
    index = None
    count = 0
    try:
        table = spreadsheets.open_table(stream, filename, max_rows=MAX_ROWS)
        outcome.rows_expected = table.estimate
        for rownum, cells in table.rows:
            if index is None:
                # the header is row 1; a sheet that starts lower has none
                index = _header_index(spec, cells) if rownum == 1 else {}
                refused = spec.refuse_header(cells) if rownum == 1 and spec.refuse_header else []
                if refused:
                    outcome.add([RowError(1, str(text), str(msg)) for text, msg in refused])
                    return
                missing = [
                    RowError(1, labels[c.key], _("Required column missing from the header."))
                    for c in spec.all_columns
                    if c.required and c.key not in index
                ]
                if missing:
                    outcome.add(missing)
                    return
                if rownum == 1:
                    continue
            if all(spreadsheets.blank(c) for c in cells):
                continue
            count += 1
            yield _parse_row(spec, index, labels, rownum, cells)
    except spreadsheets.TableError as exc:
        column = ""
        if exc.column is not None:
            by_index = {i: labels[k] for k, i in (index or {}).items()}
            column = by_index.get(exc.column) or get_column_letter(exc.column + 1)
        outcome.add([RowError(exc.row, column, str(exc))])
        return
    if not count:
        outcome.add([RowError(1, "", _("The file has no rows."))])


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
        if spreadsheets.blank(raw):
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


def _chunks(rows, size):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _carry(old, new):
    """Cross-row state of a spec's context (`ImportSpec.carry`) from the earlier chunks, with
    what the new chunk's `prepare` found added: earlier entries win."""
    if isinstance(old, dict):
        for key, value in new.items():
            old.setdefault(key, value)
        return old
    if isinstance(old, set):
        old |= new
    return old


def _run_import(spec, acting_user, stream, filename, job_id, write, finish):
    """Chunk by chunk, in one transaction: check the chunk's rows, write them while no error
    has been met, and after an error keep checking (without writing) to report every error.
    Any error rolls the whole transaction back.

    The steps of a chunk: `_chunk_context` (the spec's bulk lookups), `_check_chunk` (each
    row's place, `_Places.of`, the user's right there, and its record, `_build`), then
    the record type's bulk service (`spec.write`)."""
    outcome = ImportOutcome()
    rows = parsed_rows(spec, stream, filename, outcome)
    labels = {c.key: str(c.label) for c in spec.all_columns}
    relation_fields = [f.name for f in spec.model._meta.fields if f.is_relation]
    reason = _("Imported from {name}").format(name=filename)
    context, checked, created = None, 0, 0
    # the bulk services' follow-up work (the rollup's deltas) once for the file, at its end
    with transaction.atomic(), batches.write_batch() as batch:
        for chunk in _chunks(rows, CHUNK_ROWS):
            context = _chunk_context(spec, acting_user, chunk, context)
            instances = _check_chunk(spec, acting_user, chunk, context, labels, relation_fields)
            checked += len(chunk)
            for _n, _r, errs in chunk:
                if errs:
                    outcome.add(errs)
            total = max(outcome.rows_expected, checked)
            report_progress(job_id, "checking", checked, total)
            if outcome.errors or not write:
                continue
            spec.write(records=instances, acting_user=acting_user, reason=reason)
            created += len(instances)
            report_progress(job_id, "writing", checked, total)
        if outcome.errors or not write:
            batch.discard()
            transaction.set_rollback(True)
            return outcome
        batch.flush()
        if finish is not None:
            finish(created)
    outcome.created = created
    return outcome


def _chunk_context(spec, acting_user, chunk, previous):
    """The spec's bulk lookups for this chunk's rows, with what the earlier chunks carried."""
    if not spec.prepare:
        return None
    context = spec.prepare([r for _n, r, _e in chunk], acting_user)
    if previous is not None:
        for key in spec.carry:
            context[key] = _carry(previous[key], context[key])
    return context


def _check_chunk(spec, acting_user, chunk, context, labels, relation_fields):
    """The chunk's model instances; each row's errors are added to its own list in `chunk`."""
    places = _Places.of(spec, chunk, labels) if spec.uses_area else {}
    instances = []
    for rownum, row, errs in chunk:
        area = places.get(rownum)
        if area is not None and not can(acting_user, Action.CHANGE, area):
            errs.append(
                RowError(
                    rownum,
                    labels["commune_code"],
                    _("You do not have the right to change records in this area."),
                )
            )
            area = None
        if errs:
            continue
        instance = _build(spec, rownum, row, area, context, errs, labels, relation_fields)
        if instance is not None:
            instances.append((rownum, errs, instance))
    # rows dated in a closed period: an error on their date column (one check for the chunk)
    refused, _after = locks.refusals([i for _n, _e, i in instances], acting_user=acting_user)
    for index, (fname, message) in refused.items():
        rownum, errs, _instance = instances[index]
        errs.append(RowError(rownum, labels.get(fname, fname), message))
    return [i for index, (_n, _e, i) in enumerate(instances) if index not in refused]


class _Places:
    """Each row's unit: the one with its code in force on its day (`_Places.day`), at the
    spec's levels, and its village there. At most three queries a chunk, whatever its size:
    every unit with the chunk's codes, then the villages named under the units found; the
    rows then choose among them. A code that names no unit in force on the row's day, or
    several, is the row's error, naming every unit with that code: never a guess."""

    def __init__(self, spec, labels):
        self.spec, self.labels = spec, labels
        # a row whose date could not be read has no day to choose its unit by
        self.day_columns = {labels["valid_on"]}
        if spec.date_column:
            self.day_columns.add(labels[spec.date_column])

    @classmethod
    def of(cls, spec, chunk, labels):
        """{row number: its area} for the chunk's rows that name one; the others' errors are
        added to their lists."""
        places = cls(spec, labels)
        codes = {r["commune_code"] for _n, r, _e in chunk if r.get("commune_code")}
        units = {}
        for area in Area.objects.filter(code__in=codes, level__in=spec.unit_levels):
            units.setdefault(area.code, []).append(area)
        found = {}
        for rownum, row, errs in chunk:
            if row.get("commune_code") and not any(e.column in places.day_columns for e in errs):
                unit = places.unit_of(rownum, row, errs, units.get(row["commune_code"], []))
                if unit is not None:
                    found[rownum] = unit
        villages = places.villages_of(chunk, found)
        for rownum, row, errs in chunk:
            if rownum in found and row.get("village_code"):
                found[rownum] = places.village_of(rownum, row, errs, found[rownum], villages)
                if found[rownum] is None:
                    del found[rownum]
        return found

    def day(self, row):
        """The day the row's codes are read on: its "valid on", else its record's date (a year
        counts as its last day), else today."""
        if row.get("valid_on"):
            return row["valid_on"]
        value = row.get(self.spec.date_column) if self.spec.date_column else None
        if isinstance(value, int):
            return date(value, 12, 31)
        return value or date.today()

    def _error(self, rownum, errs, column, reason):
        errs.append(RowError(rownum, self.labels[column], reason))

    def unit_of(self, rownum, row, errs, units):
        code, level = row["commune_code"], row.get("unit_level")
        unit, reason = pick(units, code, self.day(row), level=level)
        if unit is None:
            self._error(rownum, errs, "commune_code", reason)
        return unit

    def villages_of(self, chunk, found):
        """{(unit path, village code): [villages]} for the villages the rows name under their
        units. By key first (one indexed query): a village's key is its commune's and its
        code, with its end date once it ended, mostly its commune's. Then, for the rows that
        found none in force on their day, every village with the code that ended there."""
        wanted = [
            (row, found[n], row["village_code"])
            for n, row, _e in chunk
            if n in found and row.get("village_code")
        ]
        keys = set()
        for _row, unit, code in wanted:
            keys.add(Area.make_key(AreaLevel.VILLAGE, code, None, unit.key))
            if unit.valid_to:
                keys.add(Area.make_key(AreaLevel.VILLAGE, code, unit.valid_to, unit.key))
        villages = {}
        for area in Area.objects.filter(key__in=keys) if keys else ():
            villages.setdefault((area.path[: -Area.steplen], area.code), []).append(area)
        missing = [
            (unit, code)
            for row, unit, code in wanted
            if not any(v.is_active_on(self.day(row)) for v in villages.get((unit.path, code), []))
        ]
        if missing:
            for area in (
                Area.objects.filter(
                    level=AreaLevel.VILLAGE,
                    valid_to__isnull=False,
                    code__in={code for _unit, code in missing},
                )
                .exclude(key__in=keys)
                .annotate(parent_path=Substr("path", 1, Length("path") - Area.steplen))
                .filter(parent_path__in={unit.path for unit, _code in missing})
            ):
                villages.setdefault((area.parent_path, area.code), []).append(area)
        return villages

    def village_of(self, rownum, row, errs, unit, villages):
        """The row's village under `unit`; None, with the row's error, if none was in force on
        the row's day there, or several were."""
        code = row["village_code"]
        found = villages.get((unit.path, code), [])
        if not found:
            self._error(
                rownum,
                errs,
                "village_code",
                _("No village with the code “{code}” in {unit}.").format(
                    code=code, unit=describe(unit)
                ),
            )
            return None
        village, reason = pick(found, code, self.day(row))
        if village is None:
            self._error(rownum, errs, "village_code", reason)
        return village


def _build(spec, rownum, row, area, context, errs, labels, relation_fields):
    """The row's unsaved record, validated; None, with the row's errors, if it is not valid."""
    try:
        instance = spec.build(row, area, context)
        # relations were resolved in bulk above; validating them again costs a query each
        instance.full_clean(
            exclude=relation_fields, validate_unique=False, validate_constraints=False
        )
    except CellError as exc:
        column = getattr(exc, "column", "")
        errs.append(RowError(rownum, labels.get(column, column), str(exc)))
        return None
    except ValidationError as exc:
        for fname, msgs in exc.message_dict.items():
            col = labels.get(fname, fname)
            errs.extend(RowError(rownum, col, m) for m in msgs)
        return None
    # the unit was read on the record's date, unless a "valid on" day named another: then the
    # unit (and a village's commune) must still have been in force on the record's date
    reason = unit_not_in_force(instance) if spec.uses_area and row.get("valid_on") else None
    if reason:
        errs.append(RowError(rownum, labels["valid_on"], reason))
        return None
    return instance


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
