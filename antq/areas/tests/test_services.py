from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.areas.choices import AreaLevel, AreaType, SuccessionKind
from antq.areas.models import Area, AreaSuccession
from antq.areas.services import area_create, area_update, succession_create, villages_import

pytestmark = pytest.mark.rollup


def _village(user, parent, code="T09", name="Thôn 9", **kw):
    return area_create(
        acting_user=user,
        parent=parent,
        level=AreaLevel.VILLAGE,
        code=code,
        name=name,
        area_type=kw.pop("area_type", AreaType.VILLAGE),
        **kw,
    )


def test_editor_adds_village_with_history(tree, users):
    v = _village(users.a_editor, tree.a)
    assert Area.objects.get_parent(v) == tree.a
    assert v.name_folded == "thon 9"
    record = v.history.get()
    assert record.history_type == "+" and record.history_user == users.a_editor


def test_viewer_may_not_add_village(tree, users):
    with pytest.raises(PermissionDenied):
        _village(users.a_viewer, tree.a)
    assert not Area.objects.filter(code="T09").exists()


def test_editor_of_other_commune_gets_field_error(tree, users):
    with pytest.raises(ValidationError) as exc:
        _village(users.b_editor, tree.a)
    assert "parent" in exc.value.message_dict


def test_duplicate_village_code_in_same_commune_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        _village(users.a_editor, tree.a, code="T01")
    assert "code" in exc.value.message_dict
    # the same code in another commune is fine
    _village(users.b_editor, tree.b, code="T09")


def test_village_cannot_hang_off_a_province(tree, users):
    with pytest.raises(ValidationError) as exc:
        _village(users.admin, tree.p)
    assert "parent" in exc.value.message_dict


def test_wrong_type_for_level_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        _village(users.a_editor, tree.a, area_type=AreaType.WARD)
    assert "area_type" in exc.value.message_dict


def test_administrator_adds_a_unit_that_no_longer_exists_and_its_successor(tree, users):
    old = area_create(
        acting_user=users.admin,
        parent=tree.p,
        level=AreaLevel.COMMUNE,
        code="09999",
        name="Xã Cũ",
        area_type=AreaType.COMMUNE,
        valid_from=date(2003, 1, 1),
        valid_to=date(2020, 1, 31),
    )
    assert not old.is_active_on(date(2021, 1, 1))
    assert old.is_active_on(date(2019, 6, 1))
    link = succession_create(
        acting_user=users.admin,
        predecessor=old,
        successor=tree.a,
        kind=SuccessionKind.MERGED,
        effective_on=date(2020, 2, 1),
    )
    assert list(tree.a.predecessions.all()) == [link]


def test_only_administrators_add_communes(tree, users):
    with pytest.raises(PermissionDenied):
        area_create(
            acting_user=users.p_approver,
            parent=tree.p,
            level=AreaLevel.COMMUNE,
            code="09998",
            name="Xã Mới",
            area_type=AreaType.COMMUNE,
        )


def test_end_before_start_is_refused(tree, users):
    with pytest.raises(ValidationError) as exc:
        area_create(
            acting_user=users.admin,
            parent=tree.p,
            level=AreaLevel.COMMUNE,
            code="09997",
            name="Xã",
            area_type=AreaType.COMMUNE,
            valid_from=date(2020, 1, 1),
            valid_to=date(2019, 1, 1),
        )
    assert "valid_to" in exc.value.message_dict


def test_update_records_what_changed(tree, users):
    area_update(acting_user=users.a_editor, area=tree.a1, name="Thôn Một", reason="renamed")
    latest = tree.a1.history.first()
    assert latest.history_change_reason == "renamed"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["name"]


def test_succession_to_itself_is_refused(tree, users):
    with pytest.raises(ValidationError):
        succession_create(
            acting_user=users.admin,
            predecessor=tree.a,
            successor=tree.a,
            kind=SuccessionKind.CONTINUED,
        )
    assert not AreaSuccession.objects.exists()


# --- CSV import -------------------------------------------------------------------------

GOOD = (
    "code,name,parent_code,type\n"
    "T10,Thôn 10,10001,thon\n"
    "T11,Thôn 11,10001,\n"
    "TDP2,Tổ 2,10002,to_dan_pho\n"
)


def test_import_good_file_lands_whole(tree, users):
    result = villages_import(acting_user=users.p_approver, data=GOOD.encode())
    assert result.ok, result.errors
    assert len(result.created) == 3
    assert Area.objects.get_children(tree.a).count() == 3  # T01 + two new
    tree.a.refresh_from_db()
    assert tree.a.numchild == 3
    assert Area.objects.filter(code="TDP2", level=AreaLevel.VILLAGE).get().area_type == "to_dan_pho"


def test_import_bad_file_writes_nothing_and_names_lines(tree, users):
    bad = (
        "code,name,parent_code,type\n"
        "T10,Thôn 10,10001,thon\n"  # line 2: fine
        "T11,,10001,thon\n"  # line 3: no name
        "T12,Thôn 12,99999,thon\n"  # line 4: no such commune
        "T10,Thôn 10 bis,10001,\n"  # line 5: duplicate of line 2
        "T01,Thôn 1,10001,\n"  # line 6: exists already
        "T13,Thôn 13,10001,castle\n"  # line 7: unknown type
    )
    before = Area.objects.count()
    result = villages_import(acting_user=users.a_editor, data=bad.encode())
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "name"),
        (4, "parent_code"),
        (5, "code"),
        (6, "code"),
        (7, "type"),
    ]
    assert Area.objects.count() == before


def test_import_outside_jurisdiction_is_an_error(tree, users):
    result = villages_import(acting_user=users.a_editor, data=GOOD.encode())
    assert [(e.line, e.column) for e in result.errors] == [(4, "parent_code")]
    assert not Area.objects.filter(code="T10").exists()


def test_import_missing_column(tree, users):
    result = villages_import(acting_user=users.a_editor, data=b"code,name\nT1,x\n")
    assert result.errors[0].line == 1 and "parent_code" in result.errors[0].column


def test_import_page_shows_errors(client, tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users.a_editor)
    f = SimpleUploadedFile("v.csv", b"code,name,parent_code\nT20,,10001\n", "text/csv")
    response = client.post("/areas/import/", {"file": f})
    assert response.status_code == 422
    assert b"import-errors" in response.content
    assert not Area.objects.filter(code="T20").exists()
