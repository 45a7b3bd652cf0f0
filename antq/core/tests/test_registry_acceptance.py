"""Issue 3, "done means": an editor at a commune registers a model, a team with members and ten
camera sites by hand and a thousand more from an XLSX file, sees them on the map and in the
counts, and a user of another commune sees none of them."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from antq.cameras.selectors import camera_counts
from antq.cameras.services import camerasite_create
from antq.core.testing.sheets import xlsx_bytes
from antq.movement.models import ModelCategory
from antq.movement.selectors import model_counts, team_counts
from antq.movement.services import movementmodel_create, team_create, team_member_create

HEADER = [
    "commune code",
    "village code",
    "latitude",
    "longitude",
    "owner type",
    "camera heads",
    "connected to the commune system",
    "installed on",
]


def test_a_commune_registers_its_movement_and_another_commune_sees_none(
    client, tree, users, settings, english
):
    editor = users.a_editor
    model = movementmodel_create(
        acting_user=editor,
        area=tree.a1,
        name="Camera an ninh thôn 1",
        category=ModelCategory.objects.get(code="security_cameras"),
        started_on=date(2024, 5, 1),
    )
    team = team_create(
        acting_user=editor,
        area=tree.a1,
        name="Tổ tự quản thôn 1",
        kind="security_self_governing",
        movement_model=model,
    )
    for name, role in (("Nguyễn Văn An", "leader"), ("Trần Thị Bình", "member")):
        team_member_create(
            acting_user=editor, team=team, full_name=name, role_in_team=role, phone="0912 345 678"
        )
    for i in range(10):
        camerasite_create(
            acting_user=editor,
            area=tree.a1,
            owner_type="household",
            heads=2,
            latitude=16.80 + i / 1000,
            longitude=107.10,
            address=f"Nhà {i}",
        )

    client.force_login(editor)
    rows = [
        ["10001", "T01", 16.81 + i / 100000, 107.11, "household", 1, "yes", "15/06/2024"]
        for i in range(1000)
    ]
    page = client.post(
        "/cameras/sites/import/",
        {"file": SimpleUploadedFile("cams.xlsx", xlsx_bytes(HEADER, rows))},
        follow=True,
    )
    assert 'data-status="done"' in page.content.decode()

    # on the map and in the counts
    points = client.get("/cameras/map/points.json", {"area": tree.a.pk}).json()
    assert len(points["cameras"]) == 1010
    assert camera_counts(editor) == {
        "sites": 1010,
        "heads": 1020,
        "connected_heads": 1000,
        "working_sites": 1010,
    }
    assert model_counts(editor)["total"] == 1
    assert team_counts(editor)["members"] == 2
    home = client.get("/").content.decode()
    assert 'data-count="camera-sites">1.010<' in home  # Vietnamese grouping

    # the other commune sees none of it
    other = users.b_editor
    assert camera_counts(other)["sites"] == 0
    assert model_counts(other)["total"] == 0
    assert team_counts(other)["teams"] == 0
    client.force_login(other)
    assert client.get("/cameras/map/points.json").json()["cameras"] == []
    assert client.get(f"/movement/teams/{team.pk}/").status_code == 404
    assert client.get(f"/movement/models/{model.pk}/").status_code == 404
    assert "Nhà 1" not in client.get("/cameras/sites/").content.decode()
