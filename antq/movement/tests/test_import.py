"""Bulk import of models and teams: all or nothing, errors by row and column."""

from datetime import date

import pytest

from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes
from antq.movement.imports import MODEL_IMPORT, TEAM_IMPORT
from antq.movement.models import ModelStatusChange, MovementModel, Team
from antq.movement.tests.helpers import make_model

pytestmark = [pytest.mark.pg, pytest.mark.rollup]

HEADER = [
    "commune code",
    "village code",
    "name",
    "category",
    "started on",
    "status",
    "recognised at",
    "recognised on",
]


def _row(i, category="security_cameras", started="01/03/2024", **kw):
    row = {
        "commune": "10001",
        "village": "T01" if i % 2 else "",
        "name": f"Mô hình số {i}",
        "category": category,
        "started": started,
        "status": "active",
        "level": "",
        "recognised": "",
    } | kw
    return list(row.values())


def test_a_good_file_lands_whole_with_status_history(tree, users):
    rows = [_row(i) for i in range(40)]
    rows.append(_row(40, category="Thắp sáng đường quê", status="Effective"))
    rows.append(_row(41, level="province", recognised="19/08/2024"))
    outcome = run_import(
        MODEL_IMPORT,
        acting_user=users.a_editor,
        data=xlsx_bytes(HEADER, rows),
        filename="models.xlsx",
    )
    assert outcome.ok, outcome.errors[:3]
    assert outcome.created == 42
    assert MovementModel.objects.filter(area=tree.a1).count() == 21
    lights = MovementModel.objects.get(name="Mô hình số 40")
    assert lights.category.code == "rural_road_lighting" and lights.status == "effective"
    recognised = MovementModel.objects.get(name="Mô hình số 41")
    assert recognised.recognised_on == date(2024, 8, 19)
    assert ModelStatusChange.objects.count() == 42
    first = lights.status_changes.get()
    assert (first.from_status, first.to_status, first.changed_by) == (
        "",
        "effective",
        users.a_editor,
    )
    assert lights.history.get().history_user == users.a_editor


@pytest.mark.usefixtures("english")
def test_a_bad_file_names_row_and_column_and_writes_nothing(tree, users):
    rows = [_row(i) for i in range(30)]
    rows[4] = _row(4, category="karaoke")  # row 6 (the header is row 1)
    rows[9] = _row(9, started="31/02/2024")  # row 11
    rows[14] = _row(14, level="ministry")  # row 16: recognised without a date
    rows[19] = _row(19, commune="10002")  # row 21: another commune
    outcome = run_import(
        MODEL_IMPORT, acting_user=users.a_editor, data=xlsx_bytes(HEADER, rows), filename="bad.xlsx"
    )
    assert [(e.row, e.column) for e in outcome.errors] == [
        (6, "category"),
        (11, "started on"),
        (16, "recognised on"),
        (21, "unit code"),
    ]
    assert "karaoke" in outcome.errors[0].message
    assert not MovementModel.objects.exists()
    assert not ModelStatusChange.objects.exists()


@pytest.mark.usefixtures("english")
def test_related_ids_must_be_visible(tree, users):
    other = make_model(users.b_editor, tree.b)
    mine = make_model(users.a_editor, tree.a)
    data = (
        "commune code,name,category,started on,replication of (id)\n"
        f"10001,Nhân rộng 1,security_cameras,2024-05-01,{mine.pk}\n"
        f"10001,Nhân rộng 2,security_cameras,2024-05-01,{other.pk}\n"
    ).encode()
    outcome = run_import(MODEL_IMPORT, acting_user=users.a_editor, data=data, filename="r.csv")
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "replication of (id)")]
    outcome = run_import(MODEL_IMPORT, acting_user=users.p_approver, data=data, filename="r.csv")
    assert outcome.ok and mine.replications.count() == 1 and other.replications.count() == 1


@pytest.mark.usefixtures("english")
def test_teams_import(tree, users):
    model = make_model(users.a_editor, tree.a)
    data = (
        "commune code,village code,name,kind,model (id),established on\n"
        f"10001,T01,Tổ liên gia 1,fire_safety_inter_family,{model.pk},01/01/2024\n"
        "10001,,Tổ CNS xã,Community digital technology team,,\n"
    ).encode()
    outcome = run_import(TEAM_IMPORT, acting_user=users.a_editor, data=data, filename="t.csv")
    assert outcome.ok, outcome.errors
    assert Team.objects.get(area=tree.a1).movement_model == model
    assert Team.objects.get(area=tree.a).kind == "digital_technology"
    bad = b"commune code,name,kind\n10001,X,choir\n"
    outcome = run_import(TEAM_IMPORT, acting_user=users.a_editor, data=bad, filename="t.csv")
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "kind")]
    assert Team.objects.count() == 2


def test_upload_page_and_template(client, tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users.a_editor)
    assert client.get("/movement/models/import/template.xlsx").status_code == 200
    f = SimpleUploadedFile("good.xlsx", xlsx_bytes(HEADER, [_row(1), _row(2)]))
    body = client.post("/movement/models/import/", {"file": f}, follow=True).content.decode()
    assert 'data-status="done"' in body
    assert MovementModel.objects.count() == 2 and ModelStatusChange.objects.count() == 2


@pytest.mark.usefixtures("english")
def test_members_import_by_team_id_within_the_jurisdiction(tree, users):
    from antq.core.imports import run_import
    from antq.movement.imports import MEMBER_IMPORT
    from antq.movement.models import Team, TeamMember

    mine = Team.objects.create(area=tree.a1, name="Tổ 1", kind="security_self_governing")
    theirs = Team.objects.create(area=tree.b, name="Tổ B", kind="security_self_governing")
    data = (
        f"team id,full name,role in the team,phone,joined on\n"
        f"{mine.pk},Nguyễn Văn An,leader,0912 345 678,01/02/2024\n"
        f"{mine.pk},Lê Thị Hoa,,,\n"
    ).encode()
    outcome = run_import(MEMBER_IMPORT, acting_user=users.a_editor, data=data, filename="m.csv")
    assert outcome.ok, outcome.errors
    assert TeamMember.objects.filter(team=mine).count() == 2
    data = (f"team id,full name,phone\n{theirs.pk},X,\n{mine.pk},Y,abc\n{mine.pk},,\n").encode()
    outcome = run_import(MEMBER_IMPORT, acting_user=users.a_editor, data=data, filename="m.csv")
    assert [(e.row, e.column) for e in outcome.errors] == [
        (2, "team id"),
        (3, "phone"),
        (4, "full name"),
    ]
    assert TeamMember.objects.count() == 2


def test_members_import_page(client, tree, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from antq.movement.models import Team, TeamMember

    team = Team.objects.create(area=tree.a1, name="Tổ 1", kind="security_self_governing")
    client.force_login(users.a_editor)
    assert "/movement/teams/members/import/" in client.get("/movement/teams/").content.decode()
    f = SimpleUploadedFile("m.csv", f"team id,full name\n{team.pk},Trần Văn Bình\n".encode())
    body = client.post("/movement/teams/members/import/", {"file": f}, follow=True)
    assert 'data-status="done"' in body.content.decode()
    assert TeamMember.objects.get().full_name == "Trần Văn Bình"
