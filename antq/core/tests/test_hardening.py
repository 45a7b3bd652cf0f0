"""Regression tests for problems a review found: leaks across jurisdictions, 500s on odd input,
spreadsheet injection, and keys that clashed between old and new units."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from openpyxl import load_workbook

from antq.admin import AdminSite
from antq.areas.choices import AreaLevel, AreaType, SuccessionKind
from antq.areas.models import Area, AreaSuccession
from antq.areas.services import area_create, area_update, villages_import
from antq.core.testing.factories import OrganisationFactory, make_area, make_user
from antq.registry.services import organisation_update


def test_successions_outside_jurisdiction_are_not_shown(client, api_client, tree, users):
    # a unit of province Q, still in force, that ceded ground to A: it stays Q's alone (a unit
    # that ended and became part of A would be A's: core.scoping)
    other = make_area(tree.q, name="Xã Bí Mật", code="77777")
    AreaSuccession.objects.create(predecessor=other, successor=tree.a, kind=SuccessionKind.DIVIDED)
    client.force_login(users.a_viewer)
    assert "Bí Mật" not in client.get(f"/areas/{tree.a.pk}/").content.decode()
    data = api_client.as_user(users.a_viewer).get(f"/api/v1/areas/{tree.a.pk}/successions").json()
    assert data == {"became": [], "came_from": []}
    data = api_client.as_user(users.admin).get(f"/api/v1/areas/{tree.a.pk}/successions").json()
    assert [s["predecessor"]["name"] for s in data["came_from"]] == ["Xã Bí Mật"]


def test_village_import_says_nothing_about_other_communes_villages(tree, users):
    taken = villages_import(
        acting_user=users.a_editor, data=b"code,name,parent_code\nT01,X,10002\n"
    )
    free = villages_import(acting_user=users.a_editor, data=b"code,name,parent_code\nT77,X,10002\n")
    assert [(e.column, e.message) for e in taken.errors] == [
        (e.column, e.message) for e in free.errors
    ]


def test_history_hides_areas_the_reader_cannot_see(client, tree, users):
    org = OrganisationFactory(area=tree.b, name="Moved school")
    organisation_update(acting_user=users.p_approver, instance=org, area=tree.a)
    client.force_login(users.a_viewer)
    body = client.get(f"/registry/organisations/{org.pk}/").content.decode()
    assert "Phường Đông Hà" not in body
    assert "Xã Hòa Bình" in body


def test_history_queries_do_not_grow_with_entries(
    client, tree, users, django_assert_max_num_queries
):
    org = OrganisationFactory(area=tree.a)
    for i in range(3):
        area = tree.a1 if i % 2 == 0 else tree.a
        organisation_update(acting_user=users.a_editor, instance=org, area=area)
    client.force_login(users.a_viewer)
    with django_assert_max_num_queries(30) as few:
        client.get(f"/registry/organisations/{org.pk}/")
    for i in range(20):
        area = tree.a1 if i % 2 == 0 else tree.a
        organisation_update(acting_user=users.a_editor, instance=org, area=area)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/registry/organisations/{org.pk}/")


def test_null_clears_optional_text_and_nul_is_refused(api_client, tree, users):
    org = OrganisationFactory(area=tree.a, address="Thôn 1")
    api = api_client.as_user(users.a_editor)
    response = api.patch(f"/api/v1/organisations/{org.pk}", {"address": None})
    assert response.status_code == 200 and response.json()["address"] == ""
    response = api.patch(f"/api/v1/organisations/{org.pk}", {"name": "A\u0000B"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


@pytest.mark.parametrize("level", [99, -1, "x"])
def test_unknown_level_is_422(api_client, tree, users, level):
    response = api_client.as_user(users.admin).post(
        "/api/v1/areas/", {"parent_id": tree.a.pk, "level": level, "code": "X", "name": "X"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"


def test_a_page_far_beyond_the_end_is_empty(api_client, tree, users):
    data = api_client.as_user(users.admin).get("/api/v1/areas/", page="100000000000000000000")
    assert data.status_code == 200 and data.json()["items"] == []


@pytest.mark.parametrize("q", ["a\u0000b", "\u0000", "²"])
def test_odd_characters_in_queries_are_not_500s(client, tree, users, q):
    client.force_login(users.a_editor)
    assert client.get("/areas/", {"q": q}).status_code == 200
    assert client.get("/areas/", {"q": q, "pick": "change"}).status_code == 200
    assert client.get("/registry/organisations/new/", {"area": q}).status_code == 200
    assert client.post(f"/areas/{tree.a.pk}/successions/", {"successor": q}).status_code in (
        403,
        422,
    )


def test_exports_neutralise_formulas_and_control_characters(client, tree, users):
    OrganisationFactory(area=tree.a, name='=HYPERLINK("http://x")', notes="bad\x01char")
    client.force_login(users.a_viewer)
    response = client.get("/registry/organisations/export.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = [c for c in ws[2]]
    name = next(c for c in row if "HYPERLINK" in str(c.value))
    assert name.data_type == "s" and name.value.startswith("'=")
    assert any(c.value == "badchar" for c in row)
    csv_body = b"".join(client.get("/registry/organisations/export.csv").streaming_content)
    assert b"'=HYPERLINK" in csv_body


@pytest.mark.parametrize(
    "value, cell",
    [
        (-5, -5),
        (-2.5, -2.5),
        (Decimal("-0.5"), Decimal("-0.5")),
        (0, 0),
        (None, None),
        ("-5", "'-5"),
        ("+1+cmd", "'+1+cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
    ],
)
def test_one_writer_neutralises_text_and_keeps_numbers(value, cell):
    from antq.core.exports import safe_cell

    assert safe_cell(value) == cell
    assert type(safe_cell(value)) is type(cell)


def test_unreadable_csv_is_a_clear_error(client, tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users.a_editor)
    huge = b'code,name,parent_code\n"' + b"x" * 140_000 + b'",y,10001\n'
    response = client.post("/areas/import/", {"file": SimpleUploadedFile("v.csv", huge)})
    assert response.status_code == 422
    assert not Area.objects.filter(name="y").exists()


def test_same_village_code_under_an_old_and_a_new_commune(tree, users):
    old = area_create(
        acting_user=users.admin,
        parent=tree.p,
        level=AreaLevel.COMMUNE,
        code="10001",
        name="Xã Hòa Bình (cũ)",
        area_type=AreaType.COMMUNE,
        valid_to=date(2025, 6, 30),
    )
    village = area_create(
        acting_user=users.admin,
        parent=old,
        level=AreaLevel.VILLAGE,
        code="T01",
        name="Thôn 1 (cũ)",
        area_type=AreaType.VILLAGE,
    )
    assert village.key != tree.a1.key


def test_changing_a_commune_code_rekeys_its_villages(tree, users):
    area_update(acting_user=users.admin, area=tree.a, code="10009")
    tree.a1.refresh_from_db()
    assert tree.a1.key == Area.make_key(AreaLevel.VILLAGE, "T01", None, "3:10009")
    result = villages_import(acting_user=users.admin, data=b"code,name,parent_code\nT01,X,10009\n")
    assert [e.column for e in result.errors] == ["code"]  # the village is found under its new key


def test_admin_is_for_superusers_only(client, tree):
    assert isinstance(admin.site, AdminSite)
    staff = make_user(tree.p, "administrator", username="staff", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    root = make_user(tree.p, "administrator", username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    root.is_active = False
    root.save()
    assert client.get("/admin/").status_code == 302
