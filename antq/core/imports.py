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
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from antq.core import batches, clock, locks, spreadsheets
from antq.core.import_cells import (  # noqa: F401 — the API of imports, re-exported
    CellError,
    Column,
    RowError,
    choices_help,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_float,
    parse_int,
    parse_level,
    parse_text,
    parse_time,
)
from antq.core.import_checks import full_clean_fields
from antq.core.import_places import Places
from antq.core.import_spec import ImportSpec, write_template  # noqa: F401
from antq.core.models import unit_not_in_force
from antq.core.scoping import Action, can
from antq.core.text import fold

MAX_ROWS = 200_000
# rows are checked and written this many at a time, so that an import's memory does not grow
# with its file
CHUNK_ROWS = 5000
MAX_ERRORS = 1000


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
                plan = _row_plan(spec, index, labels)
                if rownum == 1:
                    continue
            if all(spreadsheets.blank(c) for c in cells):
                continue
            count += 1
            yield _parse_row(plan, rownum, cells)
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


def _row_plan(spec, index, labels):
    """Each column's reading, once for the file: (key, its cell's index or None when the header
    has no such column, parser, required, label)."""
    return [
        (col.key, index.get(col.key), col.parse, col.required, labels[col.key])
        for col in spec.all_columns
    ]


def _parse_row(plan, rownum, cells):
    row, errs = {}, []
    width = len(cells)
    for key, i, parse, required, label in plan:
        raw = cells[i] if i is not None and i < width else None
        # spreadsheets.blank, inline: nothing, or only white space
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                errs.append(RowError(rownum, label, _("This field is required.")))
            row[key] = None
            continue
        try:
            row[key] = parse(raw) if parse else raw
        except CellError as exc:
            errs.append(RowError(rownum, label, str(exc)))
            row[key] = None
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
    row's place, `Places.of`, the user's right there, and its record, `_build`), then
    the record type's bulk service (`spec.write`)."""
    outcome = ImportOutcome()
    rows = parsed_rows(spec, stream, filename, outcome)
    labels = {c.key: str(c.label) for c in spec.all_columns}
    relation_fields = frozenset(f.name for f in spec.model._meta.fields if f.is_relation)
    reason = _("Imported from {name}").format(name=filename)
    context, checked, created = None, 0, 0
    # the bulk services' follow-up work (the rollup's deltas) once for the file, at its end
    with transaction.atomic(), batches.write_batch() as batch:
        for chunk in _chunks(rows, CHUNK_ROWS):
            # the rows' "not in the future" rules read today's date once for the chunk
            with clock.one_day():
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
    rows = [r for _n, r, _e in chunk]
    if spec.prepare_sees_carried:
        context = spec.prepare(rows, acting_user, previous)
    else:
        context = spec.prepare(rows, acting_user)
    if previous is not None:
        for key in spec.carry:
            context[key] = _carry(previous[key], context[key])
    return context


def _check_chunk(spec, acting_user, chunk, context, labels, relation_fields):
    """The chunk's model instances; each row's errors are added to its own list in `chunk`."""
    places = Places.of(spec, chunk, labels) if spec.uses_area else {}
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


def _build(spec, rownum, row, area, context, errs, labels, relation_fields):
    """The row's unsaved record, validated; None, with the row's errors, if it is not valid."""
    try:
        instance = spec.build(row, area, context)
        # relations were resolved in bulk above; validating them again costs a query each
        full_clean_fields(instance, relation_fields)
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
