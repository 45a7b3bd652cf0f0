"""Bounded reading of uploaded tables: bombs are refused before the work (and the memory) they
would cost, with the row/column report of every other error."""

import io
import os
import tracemalloc
import zipfile

import pytest

from antq.cameras.imports import CAMERA_IMPORT
from antq.cameras.models import CameraSite
from antq.core import imports, spreadsheets
from antq.core.imports import run_import
from antq.core.testing.sheets import raw_xlsx, sheet_row

HEADER = ["commune code", "village code", "address", "latitude", "longitude", "owner type"]
GOOD = ["10001", "T01", "Nhà 1", "16.8", "107.1", "household"]


def _peak_of(func):
    """Peak bytes Python allocated while `func` ran."""
    tracemalloc.start()
    try:
        result = func()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _import(data, filename, user):
    return run_import(CAMERA_IMPORT, acting_user=user, data=data, filename=filename)


def _shared_string_bomb(size):
    """One shared string of `size` characters, used by one cell: a few KB once packed."""

    def chunks():
        yield "<si><t>"
        for _ in range(size // 1_000_000):
            yield "a" * 1_000_000
        yield "</t></si>"

    rows = [sheet_row(1, HEADER), '<row r="2"><c r="C2" t="s"><v>0</v></c></row>']
    return raw_xlsx(io.BytesIO(), rows, shared_strings=chunks()).getvalue()


@pytest.mark.usefixtures("english")
def test_a_shared_string_bomb_is_refused_before_it_is_unpacked(tree, users):
    data = _shared_string_bomb(200_000_000)
    assert len(data) < 200_000
    outcome, peak = _peak_of(lambda: _import(data, "bomb.xlsx", users.a_editor))
    assert [(e.row, e.column) for e in outcome.errors] == [(0, "")]
    assert "compressed more than 100 times" in outcome.errors[0].message
    assert peak < 5_000_000, peak


@pytest.mark.usefixtures("english")
def test_shared_strings_are_limited_once_unpacked(tree, users, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_RATIO", 10**6)
    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS_BYTES", 2_000_000)
    outcome = _import(_shared_string_bomb(3_000_000), "bomb.xlsx", users.a_editor)
    assert outcome.errors[0].message == "The file's shared text is larger than 1 MB once unpacked."


@pytest.mark.usefixtures("english")
def test_a_zip_bomb_sheet_is_refused_by_its_compression_ratio(tree, users):
    rows = [sheet_row(1, HEADER), sheet_row(2, GOOD), " " * 5_000_000]
    data = raw_xlsx(io.BytesIO(), rows).getvalue()
    outcome, peak = _peak_of(lambda: _import(data, "bomb.xlsx", users.a_editor))
    assert "compressed more than 100 times" in outcome.errors[0].message
    assert peak < 2_000_000, peak


@pytest.mark.usefixtures("english")
def test_a_text_too_long_for_the_parser_is_a_cell_too_long(tree, users):
    """Random text packs too little for the ratio limit; lxml itself stops at 10 MB of text."""
    text = os.urandom(6 * 1024 * 1024).hex()
    rows = [sheet_row(1, HEADER), sheet_row(2, [*GOOD[:2], text])]
    data = raw_xlsx(io.BytesIO(), rows, level=1).getvalue()
    outcome, peak = _peak_of(lambda: _import(data, "long.xlsx", users.a_editor))
    assert [(e.row, e.message) for e in outcome.errors] == [(2, "Longer than 32767 characters.")]
    assert peak < 8_000_000, peak  # the text alone is 12 MB


@pytest.mark.usefixtures("english")
def test_the_unpacked_size_limit(tree, users, settings):
    settings.ANTQ_IMPORT_MAX_UNZIPPED_MB = 1
    rows = [sheet_row(1, HEADER)] + [sheet_row(n, GOOD) for n in range(2, 5000)]
    outcome = _import(raw_xlsx(io.BytesIO(), rows).getvalue(), "big.xlsx", users.a_editor)
    assert outcome.errors[0].message == "The file is larger than 1 MB once unpacked."


@pytest.mark.usefixtures("english")
def test_too_many_rows_are_refused_before_any_row_is_parsed(tree, users, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 100)

    def never(*args, **kwargs):
        raise AssertionError("a row was parsed")

    monkeypatch.setattr(spreadsheets, "_row_cells", never)
    rows = [sheet_row(1, HEADER)] + [sheet_row(n, GOOD) for n in range(2, 103)]
    outcome = _import(raw_xlsx(io.BytesIO(), rows).getvalue(), "rows.xlsx", users.a_editor)
    assert [(e.row, e.message) for e in outcome.errors] == [(1, "At most 100 rows per file.")]


@pytest.mark.usefixtures("english")
def test_the_row_limit_holds_for_csv_while_reading(tree, users, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 10)
    lines = [",".join(HEADER)] + [",".join(GOOD)] * 11
    outcome = _import("\n".join(lines).encode(), "rows.csv", users.a_editor)
    assert [(e.row, e.message) for e in outcome.errors] == [(1, "At most 10 rows per file.")]


@pytest.mark.usefixtures("english")
def test_an_overlong_cell_is_reported_at_its_row_and_column(tree, users):
    long_text = "x" * (spreadsheets.MAX_CELL_CHARS + 1)
    rows = [sheet_row(1, HEADER), sheet_row(2, GOOD), sheet_row(3, [*GOOD[:2], long_text])]
    outcome = _import(raw_xlsx(io.BytesIO(), rows).getvalue(), "long.xlsx", users.a_editor)
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (3, "address", "Longer than 32767 characters.")
    ]
    csv_data = "\n".join([",".join(HEADER), ",".join([*GOOD[:2], long_text])]).encode()
    outcome = _import(csv_data, "long.csv", users.a_editor)
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "address")]
    assert CameraSite.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_a_huge_csv_line_is_refused_with_bounded_memory(tree, users):
    data = (",".join(HEADER) + "\n" + "1" * 8_000_000 + "\n").encode()
    outcome, peak = _peak_of(lambda: _import(data, "huge.csv", users.a_editor))
    assert [(e.row, e.message) for e in outcome.errors] == [
        (2, "Line 2 is too long (more than 1 MB).")
    ]
    assert peak < 4_000_000, peak


@pytest.mark.usefixtures("english")
def test_a_zip_named_csv_is_called_what_it_is(tree, users):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    outcome = _import(buf.getvalue(), "sites.csv", users.a_editor)
    assert "This is an XLSX (zip) file, not CSV" in outcome.errors[0].message


def test_the_zip_message_is_in_the_users_language(tree, users):
    from django.utils import translation

    with translation.override("vi"):
        outcome = _import(b"PK\x03\x04 not really", "sites.csv", users.a_editor)
        message = outcome.errors[0].message
    assert "CSV" in message and "XLSX" in message and "not CSV" not in message


@pytest.mark.usefixtures("english")
def test_a_streamed_sheet_lands_whole(tree, users):
    rows = [sheet_row(1, HEADER)] + [
        sheet_row(n, ["10001", "T01", f"Nhà {n}", "16.8", "107.1", "household"])
        for n in range(2, 52)
    ]
    # a sheet that skips a row keeps the spreadsheet's numbering in errors
    rows.append(sheet_row(60, ["10001", "T01", "Nhà 60", "16.8", "999", "household"]))
    outcome = _import(raw_xlsx(io.BytesIO(), rows).getvalue(), "ok.xlsx", users.a_editor)
    assert [(e.row, e.column) for e in outcome.errors] == [(60, "longitude")]
    outcome = _import(raw_xlsx(io.BytesIO(), rows[:-1]).getvalue(), "ok.xlsx", users.a_editor)
    assert outcome.ok and outcome.created == 50
