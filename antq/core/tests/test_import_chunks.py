"""Imports read, check and write a chunk of rows at a time (memory does not grow with the file),
and keep their promises across chunks: all or nothing, every error by row, duplicates within
the file caught, the rollup equal to the records (the autouse check), errors capped."""

import dataclasses

import pytest

from antq.cameras.imports import CAMERA_IMPORT
from antq.cameras.models import CameraSite
from antq.core import imports
from antq.core.imports import run_import
from antq.tallies.imports import TALLY_IMPORT
from antq.tallies.models import MonthlyTally

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

CAMERA_HEADER = ["commune code", "village code", "address", "latitude", "longitude", "owner type"]
TALLY_HEADER = [
    "commune code",
    "month",
    "criminal cases registered",
    "criminal cases clarified",
    "social-order cases occurred",
    "social-order cases detected",
    "drug cases",
    "drug-law violators",
    "notes",
]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)


def _csv(header, rows):
    lines = [",".join(header)] + [",".join(str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _site(i, latitude=None):
    return ["10001", "T01", f"Số {i} đường Lê Lợi", latitude or 16.8 + i / 1000, 107.1, "household"]


def _cameras(user, rows):
    data = _csv(CAMERA_HEADER, rows)
    return run_import(CAMERA_IMPORT, acting_user=user, data=data, filename="c.csv")


def _tally(commune, month):
    return [commune, month, 10, 5, 4, 4, 1, 1, ""]


def _tallies(user, rows):
    data = _csv(TALLY_HEADER, rows)
    return run_import(TALLY_IMPORT, acting_user=user, data=data, filename="t.csv")


def test_an_error_in_the_last_chunk_writes_nothing(tree, users):
    rows = [_site(i) for i in range(10)]
    rows[9] = _site(9, latitude=95)  # row 11, in the fourth chunk of three rows
    outcome = _cameras(users.a_editor, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [(11, "latitude")]
    assert outcome.created == 0
    assert not CameraSite.objects.exists()


def test_errors_in_two_chunks_are_both_reported(tree, users):
    rows = [_site(i) for i in range(10)]
    rows[1] = _site(1, latitude="north")  # row 3, first chunk
    rows[7] = _site(7, latitude=95)  # row 9, third chunk
    outcome = _cameras(users.a_editor, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "latitude"), (9, "latitude")]
    assert outcome.error_count == 2
    assert not CameraSite.objects.exists()


def test_a_valid_file_of_many_chunks_writes_every_row_once(tree, users):
    outcome = _cameras(users.a_editor, [_site(i) for i in range(11)])
    assert outcome.ok and outcome.created == 11
    addresses = list(CameraSite.objects.values_list("address", flat=True))
    assert sorted(addresses) == sorted(f"Số {i} đường Lê Lợi" for i in range(11))


def test_a_spec_prepares_one_chunk_at_a_time(tree, users, monkeypatch):
    sizes = []

    def prepare(rows, user):
        sizes.append(len(rows))
        return TALLY_IMPORT.prepare(rows, user)

    spec = dataclasses.replace(TALLY_IMPORT, prepare=prepare)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 4)
    rows = [_tally("10001", f"2023-{m:02d}") for m in range(1, 11)]
    data = _csv(TALLY_HEADER, rows)
    outcome = run_import(spec, acting_user=users.a_editor, data=data, filename="t.csv")
    assert outcome.created == 10
    assert sizes == [4, 4, 2]


def test_a_duplicate_across_chunks_is_caught(tree, users):
    rows = [_tally("10001", f"2023-{m:02d}") for m in range(1, 8)]
    rows.append(_tally("10001", "02/2023"))  # row 9, third chunk: the month of row 3
    outcome = _tallies(users.a_editor, rows)
    assert [(e.row, e.column) for e in outcome.errors] == [(9, "month")]
    assert "same commune and month" in outcome.errors[0].message
    assert not MonthlyTally.objects.exists()


def test_the_kept_errors_are_capped_but_all_are_counted(tree, users, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ERRORS", 4)
    outcome = _cameras(users.a_editor, [_site(i, latitude=95) for i in range(9)])
    assert [e.row for e in outcome.errors] == [2, 3, 4, 5]
    assert outcome.error_count == 9
    assert not CameraSite.objects.exists()
