"""Bulk import of activities, secured events and regulations: all or nothing, errors by row and
column, organisations checked against the jurisdiction."""

import io
from datetime import date, datetime

import pytest

from antq.activities.imports import ACTIVITY_IMPORT, REGULATION_IMPORT, SECURED_EVENT_IMPORT
from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.core.imports import run_import
from antq.core.testing.factories import OrganisationFactory
from antq.core.testing.sheets import xlsx_bytes

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]

HEADER = [
    "commune code",
    "village code",
    "kind",
    "title",
    "held on",
    "participants",
    "organising organisations (ids)",
    "employers",
    "workers",
    "ceremony part held",
    "festival part held",
]


def test_a_good_file_lands_whole_with_its_organisers(tree, users):
    front = OrganisationFactory(area=tree.a)
    union = OrganisationFactory(area=tree.a1)
    rows = [
        [
            "10001",
            "",
            "outreach",
            "Tuyên truyền Luật Cư trú",
            datetime(2025, 3, 1),
            54,
            f"{front.pk}; {union.pk}",
            "",
            "",
            "",
            "",
        ],
        [
            "10001",
            "T01",
            "Dialogue",
            "Đối thoại với công nhân",
            "15/04/2025",
            80,
            front.pk,
            "yes",
            "yes",
            "",
            "",
        ],
        [
            "10001",
            "",
            "Movement festival day",
            "Ngày hội 2025",
            "2025-08-19",
            400,
            "",
            "",
            "",
            "x",
            "x",
        ],
    ]
    outcome = run_import(
        ACTIVITY_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(HEADER, rows),
        filename="a.xlsx",
    )
    assert outcome.ok, outcome.errors
    assert outcome.created == 3
    outreach = Activity.objects.get(kind="outreach")
    assert set(outreach.organisers.all()) == {front, union}
    dialogue = Activity.objects.get(kind="dialogue")
    assert (
        dialogue.area == tree.a1
        and dialogue.with_workers
        and list(dialogue.organisers.all()) == [front]
    )
    festival = Activity.objects.get(kind="festival_day")
    assert festival.ceremony_held and festival.festival_held and not festival.organisers.exists()
    assert outreach.history.get().history_user == users.a_editor


def test_a_bad_file_names_rows_and_columns_and_writes_nothing(tree, users):
    other = OrganisationFactory(area=tree.b)
    good = ["10001", "", "outreach", "Tuyên truyền", "2025-03-01", 10, "", "", "", "", ""]
    rows = [good] * 6
    rows[1] = ["10001", "", "outreach", "Tuyên truyền", "2025-03-01", -3, "", "", "", "", ""]
    rows[2] = ["10001", "", "outreach", "Tuyên truyền", "2025-03-01", 10, other.pk, "", "", "", ""]
    rows[3] = ["10001", "", "outreach", "Tuyên truyền", "2025-03-01", 10, "", "yes", "", "", ""]
    rows[4] = ["10002", "", "outreach", "Tuyên truyền", "2025-03-01", 10, "", "", "", "", ""]
    rows[5] = ["10001", "", "dialogue", "Đối thoại", "2999-01-01", 10, "", "", "", "", ""]
    outcome = run_import(
        ACTIVITY_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(HEADER, rows),
        filename="a.xlsx",
    )
    assert [(e.row, e.column) for e in outcome.errors] == [
        (3, "participants"),
        (4, "organising organisations (ids)"),
        (5, "employers"),
        (6, "commune code"),
        (7, "held on"),
        (7, "leaders (party committee, authorities)"),
    ]
    assert outcome.errors[0].message == "Must be at least 0."
    assert outcome.errors[1].message == f"No record {other.pk} in your jurisdiction."
    assert not Activity.objects.exists()


def test_secured_events_import(tree, users):
    header = [
        "commune code",
        "date",
        "kind",
        "name",
        "scale (people)",
        "incidents occurred",
        "incidents",
    ]
    rows = [
        ["10001", "02/09/2025", "event", "Lễ Quốc khánh", 3000, "no", ""],
        [
            "10001",
            "10/10/2025",
            "Foreign delegation",
            "Đoàn Lào",
            12,
            "yes",
            "Một xe hỏng giữa đường",
        ],
        ["10001", "10/10/2025", "foreign_delegation", "Đoàn Thái Lan", "", "yes", ""],
    ]
    outcome = run_import(
        SECURED_EVENT_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(header, rows),
        filename="e.xlsx",
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(4, "incidents")]
    assert not SecuredEvent.objects.exists()
    outcome = run_import(
        SECURED_EVENT_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(header, rows[:2]),
        filename="e.xlsx",
    )
    assert outcome.created == 2
    assert SecuredEvent.objects.get(kind="foreign_delegation").incidents_occurred


def test_regulations_import_needs_parties(tree, users):
    front = OrganisationFactory(area=tree.a)
    header = [
        "commune code",
        "document number",
        "title",
        "parties (ids)",
        "signed on",
        "review date",
    ]
    rows = [
        ["10001", "01/QC", "Quy chế phối hợp", front.pk, "15/01/2024", "15/01/2025"],
        ["10001", "02/QC", "Quy chế phối hợp", ";", "15/01/2024", ""],
        ["10001", "03/QC", "Quy chế phối hợp", front.pk, "15/01/2024", "01/01/2020"],
    ]
    outcome = run_import(
        REGULATION_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(header, rows),
        filename="r.xlsx",
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "parties (ids)"), (4, "review date")]
    assert not CoordinationRegulation.objects.exists()
    outcome = run_import(
        REGULATION_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(header, rows[:1]),
        filename="r.xlsx",
    )
    assert outcome.ok and list(CoordinationRegulation.objects.get().parties.all()) == [front]
    assert CoordinationRegulation.objects.get().signed_on == date(2024, 1, 15)


def test_the_import_page(client, tree, users):
    client.force_login(users.a_editor)
    template = client.get("/activities/import/template.xlsx")
    assert template.status_code == 200
    upload = io.BytesIO(
        xlsx_bytes(
            HEADER, [["10001", "", "training", "Tập huấn", "2025-06-01", 30, "", "", "", "", ""]]
        )
    )
    upload.name = "activities.xlsx"
    page = client.post("/activities/import/", {"file": upload}, follow=True)
    assert page.status_code == 200
    assert Activity.objects.get().kind == "training"
