"""Bulk import of tallies: all or nothing, errors by row and column, one tally per commune and
month."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from antq.core.imports import run_import
from antq.core.testing.factories import make_area
from antq.core.testing.sheets import xlsx_bytes
from antq.tallies.imports import TALLY_IMPORT
from antq.tallies.models import MonthlyTally
from antq.tallies.tests.helpers import make_tally

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]
EN = {"Accept-Language": "en"}

HEADER = [
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


def _csv(rows, header=HEADER):
    lines = [",".join(header)] + [",".join(str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _import(user, data, filename="tallies.xlsx"):
    return run_import(TALLY_IMPORT, acting_user=user, data=data, filename=filename)


def test_a_good_file_lands_whole(tree, users):
    rows = [
        ["10001", datetime(2024, 1, 1), 30, 26, 10, 9, 2, 5, ""],  # a spreadsheet date cell
        ["10001", "2024-02", 31, 27, 10, 9, 3, 6, "Tuần tra Tết"],
        ["10001", "03/2024", 29, 29, 0, 0, "", "", ""],  # empty counts are 0
        ["10002", "2024-03-15", 12, 10, 4, 4, 1, 1, ""],  # a date in the month
    ]
    outcome = _import(users.p_approver, xlsx_bytes(HEADER, rows))
    assert outcome.ok, outcome.errors
    assert outcome.created == 4
    feb = MonthlyTally.objects.get(area=tree.a, month=date(2024, 2, 1))
    assert (feb.criminal_cases_registered, feb.drug_law_violators, feb.notes) == (
        31,
        6,
        "Tuần tra Tết",
    )
    march = MonthlyTally.objects.get(area=tree.a, month=date(2024, 3, 1))
    assert (march.drug_cases, march.events_secured) == (0, 0)
    assert MonthlyTally.objects.get(area=tree.b).month == date(2024, 3, 1)
    assert set(MonthlyTally.objects.values_list("status", flat=True)) == {"draft"}
    assert feb.history.get().history_user == users.p_approver


def test_a_csv_lands_too(tree, users):
    outcome = _import(users.a_editor, _csv([["10001", "2024-05", 3, 1, 2, 2, 0, 0, ""]]), "t.csv")
    assert outcome.ok and MonthlyTally.objects.get().criminal_cases_clarified == 1


def test_a_bad_file_names_row_and_column_and_writes_nothing(tree, users):
    rows = [["10001", f"2023-{m:02d}", 10, 5, 4, 4, 1, 1, ""] for m in range(1, 13)]
    rows[2] = ["10001", "2023-03", 10, 11, 4, 4, 1, 1, ""]  # row 4: clarified > registered
    rows[4] = ["10001", "2023-05", 10, 5, 4, 5, 1, 1, ""]  # row 6: detected > occurred
    rows[6] = ["10001", "2023-07", -3, 0, 4, 4, 1, 1, ""]  # row 8: negative
    rows[8] = ["10001", "2023-13", 10, 5, 4, 4, 1, 1, ""]  # row 10: no such month
    rows[10] = ["10002", "2023-11", 10, 5, 4, 4, 1, 1, ""]  # row 12: another commune
    outcome = _import(users.a_editor, xlsx_bytes(HEADER, rows))
    assert [(e.row, e.column) for e in outcome.errors] == [
        (4, "criminal cases clarified"),
        (6, "social-order cases detected"),
        (8, "criminal cases registered"),
        (10, "month"),
        (12, "unit code"),
    ]
    assert outcome.errors[0].message == "More cases clarified than registered: at most 10."
    assert "2023-13" in outcome.errors[3].message
    assert not MonthlyTally.objects.exists()


def test_a_month_that_already_has_a_tally_is_refused(tree, users):
    make_tally(users.a_editor, tree.a, month=date(2024, 3, 1))
    rows = [
        ["10001", "2024-02", 1, 1, 0, 0, 0, 0, ""],
        ["10001", "2024-03", 1, 1, 0, 0, 0, 0, ""],  # row 3: already entered
        ["10001", "2024-04", 1, 1, 0, 0, 0, 0, ""],
        ["10001", "04/2024", 2, 2, 0, 0, 0, 0, ""],  # row 5: the same month twice in the file
    ]
    outcome = _import(users.a_editor, xlsx_bytes(HEADER, rows))
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "month"), (5, "month")]
    assert outcome.errors[0].message == "Xã Hòa Bình already has a tally for 2024-03."
    assert "same commune and month" in outcome.errors[1].message
    assert MonthlyTally.objects.count() == 1


def test_the_same_month_in_two_communes_is_fine(tree, users):
    rows = [["10001", "2024-03", 1, 1, 0, 0, 0, 0, ""], ["10002", "2024-03", 1, 1, 0, 0, 0, 0, ""]]
    assert _import(users.p_approver, xlsx_bytes(HEADER, rows)).created == 2


def test_future_months_missing_columns_and_unknown_communes(tree, users):
    outcome = _import(
        users.a_editor, xlsx_bytes(HEADER, [["10001", "2999-01", 1, 0, 0, 0, 0, 0, ""]])
    )
    assert [(e.row, e.column, e.message) for e in outcome.errors] == [
        (2, "month", "This month has not begun yet.")
    ]
    outcome = _import(users.a_editor, xlsx_bytes(["commune code", "drug cases"], [["10001", 1]]))
    assert [(e.row, e.column) for e in outcome.errors] == [(1, "month")]
    outcome = _import(users.admin, xlsx_bytes(HEADER, [["99999", "2024-01", 1, 0, 0, 0, 0, 0, ""]]))
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "unit code")]
    assert not MonthlyTally.objects.exists()


def test_a_commune_is_named_by_its_code_and_villages_play_no_part(tree, users):
    assert "village_code" not in [c.key for c in TALLY_IMPORT.all_columns]
    make_area(tree.p, name="Xã Cũ", code="10001", valid_to=date(2025, 6, 30))  # an old namesake
    outcome = _import(users.a_editor, _csv([["10001", "2025-07", 2, 1, 0, 0, 0, 0, ""]]), "t.csv")
    assert outcome.ok and MonthlyTally.objects.get().area == tree.a


def test_an_export_imports_again(client, tree, users):
    make_tally(users.a_editor, tree.a, month=date(2024, 3, 1), drug_cases=4, drug_law_violators=9)
    client.force_login(users.a_editor)
    exported = client.get("/tallies/export.xlsx", headers=EN).content
    header = [c.value for c in load_workbook(io.BytesIO(exported)).worksheets[0][1]]
    assert header[:7] == [
        "id",
        "unit code",  # a district an obligation adds files one too; "commune code" still reads
        "unit level",
        "valid on",
        "commune",
        "area",
        "month",
    ]
    MonthlyTally.objects.all().delete()
    outcome = _import(users.a_editor, exported)
    assert outcome.ok, outcome.errors
    tally = MonthlyTally.objects.get()
    assert (tally.month, tally.drug_cases, tally.drug_law_violators) == (date(2024, 3, 1), 4, 9)


def test_template_and_upload_page(client, tree, users):
    client.force_login(users.a_editor)
    template = client.get("/tallies/import/template.csv", headers=EN).content.decode("utf-8-sig")
    assert template.startswith("unit code,month,criminal cases registered")
    assert "village" not in template
    good = SimpleUploadedFile("t.csv", _csv([["10001", "2024-07", 5, 4, 0, 0, 0, 0, ""]]))
    client.post("/tallies/import/", {"file": good}, follow=True)
    assert MonthlyTally.objects.filter(month=date(2024, 7, 1)).exists()
    bad = SimpleUploadedFile("t.csv", _csv([["10001", "2024-08", 5, 6, 0, 0, 0, 0, ""]]))
    body = client.post("/tallies/import/", {"file": bad}, follow=True, headers=EN).content.decode()
    assert "criminal cases clarified" in body
    assert not MonthlyTally.objects.filter(month=date(2024, 8, 1)).exists()
