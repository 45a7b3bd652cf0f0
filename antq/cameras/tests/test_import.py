"""Bulk import of camera sites: whole file checked, all or nothing, errors by row and column."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from antq.cameras.imports import CAMERA_IMPORT
from antq.cameras.models import CameraSite
from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

HEADER_EN = [
    "commune code",
    "village code",
    "address",
    "latitude",
    "longitude",
    "owner type",
    "camera heads",
    "connected to the commune system",
    "installed on",
    "status",
]


def _row(i, commune="10001", installed="01/03/2024"):
    return [
        commune,
        "",
        f"Số {i} đường Hùng Vương",
        16.8 + i / 10000,
        107.1,
        "household",
        2,
        "có",
        installed,
        "working",
    ]


def test_a_good_file_of_a_thousand_rows_lands_whole(tree, users):
    data = xlsx_bytes(HEADER_EN, [_row(i) for i in range(1000)])
    outcome = run_import(CAMERA_IMPORT, acting_user=users.a_editor, data=data, filename="c.xlsx")
    assert outcome.ok, outcome.errors[:3]
    assert outcome.created == 1000
    assert CameraSite.objects.filter(area=tree.a).count() == 1000
    site = CameraSite.objects.first()
    assert site.installed_on == date(2024, 3, 1) and site.connected and site.heads == 2
    assert site.reconfirm_due_on == date(2025, 3, 1)
    assert site.history.get().history_user == users.a_editor


@pytest.mark.usefixtures("english")
def test_the_broken_file_names_row_57_and_the_impossible_date(tree, users):
    rows = [_row(i) for i in range(100)]
    rows[55] = _row(55, commune="99999")  # spreadsheet row 57 (the header is row 1)
    rows[80] = _row(80, installed="31/02/2024")  # row 82
    outcome = run_import(
        CAMERA_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(HEADER_EN, rows),
        filename="broken.xlsx",
    )
    assert [(e.row, e.column) for e in outcome.errors] == [
        (57, "commune code"),
        (82, "installed on"),
    ]
    assert "99999" in outcome.errors[0].message and "31/02/2024" in outcome.errors[1].message
    assert CameraSite.objects.count() == 0


def test_headers_in_vietnamese_and_codes_or_labels(tree, users):
    from django.utils import translation

    with translation.override("vi"):
        header = [str(c.label) for c in CAMERA_IMPORT.all_columns]
    wb_rows = [
        [
            "10001",
            "T01",
            "Nhà văn hóa",
            None,
            None,
            "Trường học",
            4,
            "không",
            "2024-05-01",
            "Đang hoạt động",
            "",
            "",
            "",
            "",
            "",
        ]
    ]
    with translation.override("vi"):
        labels = dict(zip([c.key for c in CAMERA_IMPORT.all_columns], header, strict=True))
    order = [
        "commune_code",
        "village_code",
        "address",
        "latitude",
        "longitude",
        "owner_type",
        "heads",
        "connected",
        "installed_on",
        "status",
    ]
    data = xlsx_bytes([labels[k] for k in order], [r[:10] for r in wb_rows])
    with translation.override("vi"):
        outcome = run_import(
            CAMERA_IMPORT, acting_user=users.a_editor, data=data, filename="v.xlsx"
        )
    assert outcome.ok, outcome.errors
    site = CameraSite.objects.get()
    assert site.area == tree.a1 and site.owner_type == "school" and not site.connected


@pytest.mark.usefixtures("english")
def test_outside_jurisdiction_and_required_columns(tree, users):
    outcome = run_import(
        CAMERA_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(HEADER_EN, [_row(1, commune="10002")]),
        filename="x.xlsx",
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "commune code")]
    outcome = run_import(
        CAMERA_IMPORT, acting_user=users.a_editor, data=b"address\nx\n", filename="x.csv"
    )
    assert {e.column for e in outcome.errors} == {"commune code", "owner type"}
    assert CameraSite.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_csv_and_row_level_model_errors(tree, users):
    data = (
        b"commune code,owner type,camera heads,latitude\n"
        b"10001,household,0,\n"
        b"10001,household,abc,\n"
        b"10001,enterprise,3,16.8\n"
    )
    outcome = run_import(CAMERA_IMPORT, acting_user=users.a_editor, data=data, filename="c.csv")
    assert [(e.row, e.column) for e in outcome.errors] == [
        (2, "camera heads"),
        (3, "camera heads"),
        (4, "longitude"),
    ]


def test_template_has_translated_headers(client, users):
    client.force_login(users.a_editor)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    response = client.get("/cameras/sites/import/template.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert len(headers) == len(CAMERA_IMPORT.all_columns)
    assert all(h and not h.isascii() for h in headers)


@pytest.mark.usefixtures("tree")
def test_upload_page_reports_errors(client, users):
    client.force_login(users.a_editor)
    f = SimpleUploadedFile("bad.xlsx", xlsx_bytes(HEADER_EN, [_row(1, commune="99999")]))
    response = client.post("/cameras/sites/import/", {"file": f}, follow=True)
    body = response.content.decode()
    assert 'data-status="rejected"' in body and "99999" in body
    f = SimpleUploadedFile("good.xlsx", xlsx_bytes(HEADER_EN, [_row(1), _row(2)]))
    body = client.post("/cameras/sites/import/", {"file": f}, follow=True).content.decode()
    assert 'data-status="done"' in body
    assert CameraSite.objects.count() == 2
    f = SimpleUploadedFile("notes.txt", b"hello")
    assert client.post("/cameras/sites/import/", {"file": f}).status_code == 422


OWNER_HEADER = ["commune code", "village code", "owner type", "owner organisation (id or name)"]


@pytest.mark.usefixtures("english")
def test_the_owner_organisation_by_id_or_by_name_at_the_unit_or_above(tree, users):
    import unicodedata

    from antq.core.testing.factories import OrganisationFactory

    school = OrganisationFactory(area=tree.a1, name="Trường Tiểu học Hòa Bình")
    police = OrganisationFactory(area=tree.p, name="Công an tỉnh", org_type="agency")
    company = OrganisationFactory(area=tree.b, name="Công ty Điện lực", org_type="enterprise")
    rows = [
        ["10001", "", "school", unicodedata.normalize("NFD", school.name)],  # below the commune
        ["10001", "T01", "agency", "Công an tỉnh"],  # above the village
        ["10002", "", "enterprise", str(company.pk)],
        ["10002", "", "agency", ""],
    ]
    outcome = run_import(
        CAMERA_IMPORT,
        acting_user=users.p_approver,
        data=xlsx_bytes(OWNER_HEADER, rows),
        filename="owners.xlsx",
    )
    assert outcome.ok, outcome.errors
    owners = list(CameraSite.objects.order_by("pk").values_list("owner_organisation", flat=True))
    assert owners == [school.pk, police.pk, company.pk, None]


@pytest.mark.usefixtures("english")
def test_an_unknown_or_ambiguous_owner_is_a_row_error_naming_the_candidates(tree, users):
    from antq.core.testing.factories import OrganisationFactory

    twins = [OrganisationFactory(area=tree.a, name="Công ty Bình An") for _ in range(2)]
    elsewhere = OrganisationFactory(area=tree.b, name="Trường THCS Đông Hà")
    outside = OrganisationFactory(area=tree.q, name="Công an thành phố")
    shop = OrganisationFactory(area=tree.a, name="Cửa hàng Minh Anh", org_type="enterprise")
    rows = [
        ["10001", "", "enterprise", "Công ty Bình An"],
        ["10001", "", "school", "Trường THCS Đông Hà"],
        ["10001", "", "agency", "Công an thành phố"],
        ["10001", "", "agency", str(outside.pk)],
        ["10001", "", "household", shop.name],
    ]
    outcome = run_import(
        CAMERA_IMPORT,
        acting_user=users.p_approver,
        data=xlsx_bytes(OWNER_HEADER, rows),
        filename="owners.xlsx",
    )
    column = "owner organisation (id or name)"
    assert [(e.row, e.column) for e in outcome.errors] == [(r, column) for r in range(2, 7)]
    ambiguous, misplaced, unknown, unseen, household = (e.message for e in outcome.errors)
    assert all(f"id {t.pk}, Xã Hòa Bình" in ambiguous for t in twins)
    assert f"{elsewhere.name} (id {elsewhere.pk}, Phường Đông Hà)" in misplaced
    assert unknown == "No organisation “Công an thành phố” in your jurisdiction."
    assert unseen == f"No organisation {outside.pk} in your jurisdiction."
    assert household == "A household's site has no owner organisation."
    assert CameraSite.objects.count() == 0
