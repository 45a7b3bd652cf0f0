"""Former units in bulk: the units import, villages under former communes, the crosswalk they
grow, and the succession API."""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from antq.accounts.models import RoleAssignment
from antq.areas.choices import AreaLevel, SuccessionKind
from antq.areas.models import Area, AreaSuccession
from antq.areas.services import units_import, villages_import
from antq.core.scoping import forget_jurisdiction
from antq.core.testing.factories import make_user
from antq.indicators import crosswalk, rollup

pytestmark = pytest.mark.rollup

REFORM = date(2025, 7, 1)

# Three generations under a former district of province 44: 20001 and a former commune that
# used the code 10001 (today's Xã Hòa Bình reuses it) merged into 20002 in 2020, which became
# today's 10001 in 2025. Successors are listed before the units they name.
HEADER = (
    "code,name,level,type,parent_code,parent_valid_on,valid_from,valid_to,"
    "successor_codes,succession_kind,main_successor,effective_on\n"
)
GENERATIONS = HEADER + (
    "20002,Xã Hai,commune,xa,450,,2020-01-01,2025-06-30,10001,,,\n"
    "20001,Xã Cũ Một,commune,xa,450,,2003-01-01,2019-12-31,20002,merged,,\n"
    "10001,Xã Hòa Bình Cũ,Commune,,450,,01/01/2003,31/12/2019,20002,,,\n"
    "450,Huyện Cũ,district,huyen,44,,2003-01-01,2025-06-30,,,,\n"
)


def _import(user, text, filename="units.csv"):
    with translation.override("en"):
        return units_import(acting_user=user, data=text.encode(), filename=filename)


def _errors(result):
    return [(e.row, e.column) for e in result.errors]


@pytest.fixture(scope="module")
def _past(_shared_tree, _shared_users, django_db_blocker):
    """Today's Xã Hòa Bình began with the 2025 reform; the three generations are imported once."""
    with django_db_blocker.unblock():
        a = Area.objects.filter(pk=_shared_tree.a.pk)
        with rollup.bulk_change(a, {"valid_from"}):
            a.update(valid_from=REFORM)
        result = _import(_shared_users.admin, GENERATIONS)
        assert result.ok, result.errors
        return result


@pytest.fixture
def past(_past, tree, users):
    by_name = {a.name: a for a in Area.objects.filter(source="import")}
    return SimpleNamespace(result=_past, **{k: by_name[v] for k, v in _NAMES.items()})


_NAMES = {"d": "Huyện Cũ", "g1": "Xã Cũ Một", "g1b": "Xã Hòa Bình Cũ", "g2": "Xã Hai"}


def test_three_generations_land_with_their_successions(past, tree):
    assert len(past.result.created) == 4 and past.result.successions_created == 3
    assert Area.objects.get_parent(past.g1) == past.d
    assert Area.objects.get_parent(past.d) == tree.p
    assert past.g1b.key == "3:10001@2019-12-31" and past.g1b.valid_from == date(2003, 1, 1)
    links = {
        (s.predecessor.name, s.successor.name, s.kind, s.is_default, s.effective_on)
        for s in AreaSuccession.objects.select_related("predecessor", "successor")
    }
    assert links == {
        ("Xã Cũ Một", "Xã Hai", SuccessionKind.MERGED, True, date(2020, 1, 1)),
        ("Xã Hòa Bình Cũ", "Xã Hai", SuccessionKind.MERGED, True, date(2020, 1, 1)),
        ("Xã Hai", "Xã Hòa Bình", SuccessionKind.MERGED, True, REFORM),
    }
    assert past.g2.history.get().history_user.username == "root_admin"


def test_the_crosswalk_follows_the_new_chain_to_todays_unit(past, tree, users):
    fold = crosswalk.crosswalk(users.admin, tree.p, date(2026, 1, 1))
    assert fold.former == {p.path: tree.a.path for p in (past.g1, past.g1b, past.g2)}


def test_the_same_file_again_changes_nothing(past, users):
    before = (Area.objects.count(), AreaSuccession.objects.count())
    result = _import(users.admin, GENERATIONS)
    assert result.ok and not result.created and result.unchanged == 4
    assert result.successions_created == 0
    assert (Area.objects.count(), AreaSuccession.objects.count()) == before


def test_bad_rows_are_named_and_nothing_is_written(past, users):
    bad = HEADER + (
        "30001,Xã Ba,commune,xa,450,,2003-01-01,2019-12-31,99999,,,\n"  # unknown successor
        "30002,Xã Bốn,commune,xa,450,,2010-01-01,2009-12-31,,,,\n"  # ends before it begins
        "30003,Xã Năm,commune,xa,450,,1990-01-01,2001-12-31,,,,\n"  # the district not yet there
        "30004,Xã Sáu,commune,phuong_xyz,450,,,2019-12-31,,,,\n"  # unknown type
        "30005,Xã Bảy,commune,xa,450,,,,20002,,,\n"  # successors without an end
        "20002,Xã Hai khác,commune,xa,450,,2020-01-01,2025-06-30,,,,\n"  # another name
        "30006,Xã Tám,commune,xa,450,,,,,,,2020-01-01\n"  # a date for no successor
    )
    before = Area.objects.count()
    result = _import(users.admin, bad)
    assert _errors(result) == [
        (2, "successor codes"),
        (3, "valid to"),
        (4, "parent code"),
        (5, "type"),
        (6, "valid to"),
        (7, "code"),
        (8, "effective on"),
    ]
    by_row = {e.row: e.message for e in result.errors}
    assert by_row[2] == "No unit has the code “99999”."
    # the candidates: code, name, level and validity
    assert "450 “Huyện Cũ” (District, 2003-01-01 – 2025-06-30)" in by_row[4]
    assert "2001-12-31" in by_row[4]
    assert "name" in by_row[7]
    assert Area.objects.count() == before


def test_a_reused_code_is_resolved_by_date(past, tree, users):
    """10001 was a commune until 2019 and is today's Xã Hòa Bình: the day decides, and a day on
    which neither was in force is refused with both named."""
    rows = HEADER + (
        "40001,Xã Xưa,commune,xa,450,,2003-01-01,2018-12-31,10001,,,\n"  # → the former 10001
        "40002,Xã Kia,commune,xa,450,,2003-01-01,2025-06-30,10001,,,\n"  # → today's 10001
        "40003,Xã Nọ,commune,xa,450,,2003-01-01,2021-12-31,10001,,,\n"  # → none in 2022
    )
    result = _import(users.admin, rows)
    assert _errors(result) == [(4, "successor codes")]
    message = result.errors[0].message
    assert "Xã Hòa Bình Cũ” (Commune, 2003-01-01 – 2019-12-31)" in message
    assert "Xã Hòa Bình” (Commune, 2025-07-01 – today)" in message
    result = _import(users.admin, rows.rsplit("\n", 2)[0] + "\n")
    assert result.ok, result.errors
    became = {
        s.predecessor.code: s.successor for s in AreaSuccession.objects.filter(source="import")
    }
    assert became["40001"] == past.g1b and became["40002"] == tree.a


def test_an_ambiguous_code_names_its_candidates(past, users):
    """Two units with one code in force on the same day: the row is refused, never guessed."""
    rows = HEADER + (
        "80001,Xã Một,commune,xa,450,,2005-01-01,2015-12-31,,,,\n"
        "80001,Xã Một B,commune,phuong,450,,2008-01-01,2019-12-31,,,,\n"
        "80002,Xã Hai,commune,xa,450,,2005-01-01,2012-12-31,80001,,,\n"
    )
    result = _import(users.admin, rows)
    assert _errors(result) == [(4, "successor codes")]
    message = result.errors[0].message
    assert message.startswith("Several units with the code “80001” were in force on 2013-01-01")
    assert "“Xã Một” (Commune, 2005-01-01 – 2015-12-31)" in message
    assert "“Xã Một B” (Commune, 2008-01-01 – 2019-12-31)" in message


def test_xlsx_with_vietnamese_headers(past, users):
    wb = Workbook()
    with translation.override("vi"):
        from antq.areas.imports import COLUMNS

        wb.active.append([str(c.label) for c in COLUMNS])
    wb.active.append(
        ["50001", "Xã Sáu", "Cấp xã", "", "450", "", date(2004, 1, 1), date(2008, 5, 31)]
    )
    wb.active.append(
        ["50002", "Xã Bảy", "commune", "", "450", "", date(2004, 1, 1), date(2008, 5, 31)]
    )
    buf = io.BytesIO()
    wb.save(buf)
    with translation.override("vi"):
        result = units_import(acting_user=users.admin, data=buf.getvalue(), filename="u.xlsx")
    assert result.ok, result.errors
    assert {a.valid_to for a in result.created} == {date(2008, 5, 31)}


def test_only_administrators_of_the_parent_import(past, tree, users):
    with pytest.raises(PermissionDenied):
        _import(users.p_approver, GENERATIONS)
    a_admin = make_user(tree.a, "administrator", username="a_admin")
    q_admin = make_user(tree.q, "administrator", username="q_admin")
    district = HEADER + "460,Huyện Khác,district,huyen,44,,2003-01-01,2019-12-31,,,,\n"
    for user in (a_admin, q_admin):  # the province is not theirs: not even named
        result = _import(user, district)
        assert [(e.row, e.column, e.message) for e in result.errors] == [
            (2, "parent code", "No unit has the code “44”.")
        ]
    RoleAssignment.objects.create(user=a_admin, area=tree.p, role="viewer")
    forget_jurisdiction(a_admin)
    result = _import(a_admin, district)  # seen, but not theirs to administer
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "parent code", "You do not have the right to administer units here.")
    ]
    # naming another province's unit as successor is refused too
    other = make_user(past.d, "administrator", username="d_admin")
    result = _import(other, HEADER + "60001,Xã,commune,xa,450,,,2019-12-31,10001,,,\n")
    assert _errors(result) == [(2, "successor codes")]
    assert not Area.objects.filter(code__in=["460", "60001"]).exists()


def test_villages_under_former_communes(past, tree, users):
    text = (
        "code,name,parent_code,type,valid_from,valid_to,valid_on\n"
        "V1,Thôn Cũ 1,10001,thon,,2019-12-31,\n"  # under the former 10001, by its end
        "V2,Thôn Cũ 2,20001,thon,2005-01-01,,\n"  # ends with its commune
        "V3,Thôn Mới,10001,thon,,,\n"  # no date: today's 10001
        "V4,Thôn Kia,10001,thon,,,2019-06-01\n"  # valid on: the former 10001
    )
    result = villages_import(acting_user=users.admin, data=text.encode())
    assert result.ok, result.errors
    parents = {v.code: Area.objects.get_parent(v) for v in result.created}
    assert parents == {"V1": past.g1b, "V2": past.g1, "V3": tree.a, "V4": past.g1b}
    ends = {v.code: v.valid_to for v in result.created}
    assert ends == {
        "V1": date(2019, 12, 31),
        "V2": date(2019, 12, 31),
        "V3": None,
        "V4": date(2019, 12, 31),
    }


def test_village_rows_outside_their_communes_life(past, tree, users):
    text = (
        "code,name,parent_code,type,valid_from,valid_to,valid_on\n"
        "V1,Thôn,10001,thon,,2022-12-31,\n"  # neither 10001 in force then
        "V2,Thôn,20001,thon,,2021-12-31,2019-01-01\n"  # outlives its commune
        "V3,Thôn,20001,thon,1999-01-01,,\n"  # none in force in 1999
        "V4,Thôn,20001,thon,2010-01-01,2009-01-01,\n"  # ends before it begins
        "V5,Thôn,10001,thon,,,2019-99-01\n"  # not a date
    )
    a_editor_result = villages_import(acting_user=users.a_editor, data=text.encode())
    b_editor_result = villages_import(acting_user=users.b_editor, data=text.encode())
    result = villages_import(acting_user=users.admin, data=text.encode())
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "parent_code"),
        (3, "valid_to"),
        (4, "parent_code"),
        (5, "valid_to"),
        (6, "valid_on"),
    ]
    assert "Xã Hòa Bình Cũ" in result.errors[0].message
    # the former communes became part of commune A: its editor is refused only what the
    # administrator is; commune B's editor may not file villages under them
    assert [(e.line, e.column) for e in a_editor_result.errors] == [
        (e.line, e.column) for e in result.errors
    ]
    assert (3, "parent_code") in [(e.line, e.column) for e in b_editor_result.errors]
    assert not Area.objects.filter(code__in=["V1", "V2", "V3"]).exists()


def test_the_command(past, users, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(GENERATIONS.replace("Xã Hai,", "Xã Hai (sửa),"), encoding="utf-8")
    with pytest.raises(Exception, match="nothing was imported"):
        call_command("import_units", str(path), user=users.admin.username)
    assert "row 2" in capsys.readouterr().err
    path.write_text(GENERATIONS, encoding="utf-8")
    call_command("import_units", str(path), user=users.admin.username)
    assert "0 units imported, 4 already there" in capsys.readouterr().out


def test_the_page(client, past, users):
    client.force_login(users.p_approver)
    assert client.get("/areas/import/units/").status_code == 403
    client.force_login(users.admin)
    page = client.get("/areas/import/units/", headers={"Accept-Language": "ar"})
    assert page.status_code == 200 and "رموز الوحدات الخلف" in page.content.decode()
    assert client.get("/areas/import/units/template.xlsx").status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("u.csv", (HEADER + "70001,Xã,commune,xa,999,,,,,,,\n").encode())
    response = client.post("/areas/import/units/", {"file": bad})
    assert response.status_code == 422 and b"import-errors" in response.content
    good = SimpleUploadedFile(
        "u.csv", (HEADER + "70001,Xã,commune,xa,450,,,2010-01-01,,,,\n").encode()
    )
    assert client.post("/areas/import/units/", {"file": good}).status_code == 302
    assert Area.objects.filter(code="70001", level=AreaLevel.COMMUNE).exists()


# --- the API -------------------------------------------------------------------------------


def test_api_imports_units(client, api_client, past, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    headers = {**api_client.as_user(users.admin)._headers(), "Accept-Language": "en"}
    bad = SimpleUploadedFile("u.csv", (HEADER + "90001,Xã,commune,xa,999,,,,,,,\n").encode())
    response = client.post("/api/v1/areas/import-units", {"file": bad}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "parent code", "reason": "Row 2: No unit has the code “999”."}
    ]
    good = SimpleUploadedFile("u.csv", GENERATIONS.encode())
    response = client.post("/api/v1/areas/import-units", {"file": good}, headers=headers)
    assert response.json() == {"created": 0, "unchanged": 4, "successions_created": 0}
    headers = api_client.as_user(users.p_approver)._headers()
    good.seek(0)
    response = client.post("/api/v1/areas/import-units", {"file": good}, headers=headers)
    assert response.status_code == 403


def test_api_creates_lists_and_deletes_a_succession(api_client, past, tree, users):
    api = api_client.as_user(users.admin)
    link = AreaSuccession.objects.get(predecessor=past.g2)
    response = api.delete(f"/api/v1/areas/successions/{link.pk}")
    assert response.status_code == 204
    response = api.post(
        "/api/v1/areas/successions",
        {
            "predecessor_code": "20002",
            "predecessor_on": "2024-01-01",
            "successor_code": "10001",
            "kind": "continued",
            "effective_on": "2025-07-01",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["predecessor"]["id"] == past.g2.pk and created["successor"]["id"] == tree.a.pk
    listed = api.get(f"/api/v1/areas/{tree.a.pk}/successions").json()
    assert [s["id"] for s in listed["came_from"]] == [created["id"]]
    assert listed["came_from"][0]["kind"] == "continued"
    record = AreaSuccession.history.filter(id=created["id"]).get()
    assert record.history_user == users.admin


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "merged", "successor_id": 0}, "predecessor_id"),
        ({"predecessor_code": "10001", "kind": "merged"}, "predecessor_on"),
        (
            {"predecessor_code": "10001", "predecessor_on": "2022-01-01", "kind": "merged"},
            "predecessor_code",
        ),
        ({"predecessor_code": "20001", "predecessor_on": "2010-01-01", "kind": "x"}, "kind"),
        (
            {
                "predecessor_code": "20001",
                "predecessor_on": "2010-01-01",
                "kind": "merged",
                "successor_id": 999999,
            },
            "successor_id",
        ),
        (
            {
                "predecessor_code": "20001",
                "predecessor_on": "2010-01-01",
                "kind": "merged",
                "successor_code": "20002",
            },
            "successor_code",
        ),
    ],
)
def test_api_422_names_the_field(api_client, past, users, body, field):
    response = api_client.as_user(users.admin).post("/api/v1/areas/successions", body)
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}


def test_api_outside_the_jurisdiction(api_client, past, tree, users):
    link = AreaSuccession.objects.get(predecessor=past.g2)
    # both units are in commune A's jurisdiction (one is its past): its viewer sees the link
    # but may not delete it; commune B's editor does not see it at all
    url = f"/api/v1/areas/successions/{link.pk}"
    assert api_client.as_user(users.a_viewer).delete(url).status_code == 403
    assert api_client.as_user(users.b_editor).delete(url).status_code == 404
    q_admin = make_user(tree.q, "administrator", username="q_admin")
    api = api_client.as_user(q_admin)
    assert api.delete(f"/api/v1/areas/successions/{link.pk}").status_code == 404
    assert api.get(f"/api/v1/areas/{tree.a.pk}/successions").status_code == 404
    response = api.post(
        "/api/v1/areas/successions",
        {"predecessor_id": past.g1.pk, "successor_id": tree.a.pk, "kind": "merged"},
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"predecessor_id"}
    assert AreaSuccession.objects.filter(pk=link.pk).exists()


def test_the_area_page_deletes_a_link(client, past, tree, users):
    link = AreaSuccession.objects.get(predecessor=past.g2)
    client.force_login(users.a_viewer)
    assert client.post(f"/areas/successions/{link.pk}/delete/").status_code == 403
    client.force_login(users.b_editor)
    assert client.post(f"/areas/successions/{link.pk}/delete/").status_code == 404
    client.force_login(users.admin)
    body = client.get(f"/areas/{tree.a.pk}/").content.decode()
    assert f"/areas/successions/{link.pk}/delete/" in body
    response = client.post(f"/areas/successions/{link.pk}/delete/", {"area": tree.a.pk})
    assert response.status_code == 302 and response.url == f"/areas/{tree.a.pk}/"
    assert not AreaSuccession.objects.filter(pk=link.pk).exists()
