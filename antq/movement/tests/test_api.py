from datetime import date

import pytest

from antq.core.testing.factories import OrganisationFactory
from antq.movement.models import ModelStatusChange, MovementModel, TeamMember
from antq.movement.tests.helpers import category, make_model, make_team


def _body(tree, **fields):
    return {
        "area_id": tree.a.pk,
        "name": "Đường tự quản thôn 1",
        "category_id": category("self_managed_road").pk,
        "started_on": "2024-03-26",
    } | fields


def test_create_patch_and_read(api_client, tree, users):
    users.a_editor.full_name, users.a_editor.rank = "Trần Thị Bình", "Thượng úy"
    users.a_editor.position = "Phó Trưởng Công an xã"
    users.a_editor.save()
    named = "Thượng úy Trần Thị Bình, Phó Trưởng Công an xã"
    api = api_client.as_user(users.a_editor)
    created = api.post("/api/v1/models/", _body(tree))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["category_code"] == "self_managed_road" and data["status"] == "active"
    pk = data["id"]
    patched = api.patch(
        f"/api/v1/models/{pk}",
        {"recognition_level": "commune", "recognised_on": "2024-08-19", "reason": "Sơ kết"},
    )
    assert patched.status_code == 200 and patched.json()["recognition_level"] == "commune"
    history = api.get(f"/api/v1/models/{pk}/history").json()[0]
    assert (history["reason"], history["who"], history["who_name"]) == ("Sơ kết", "a_editor", named)
    changes = api.get(f"/api/v1/models/{pk}/status-changes").json()
    assert [
        (c["from_status"], c["to_status"], c["changed_by"], c["changed_by_name"]) for c in changes
    ] == [("", "active", "a_editor", named)]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"area_id": "<country>"}, "area_id"),
        ({"category_id": 999999}, "category_id"),
        ({"recognition_level": "province"}, "recognised_on"),
        ({"started_on": "2024-02-31"}, "started_on"),
        ({"ended_on": "2024-01-01"}, "ended_on"),
        ({"name": "x" * 300}, "name"),
        ({"host_organisation_id": "<org_b>"}, "host_organisation_id"),
        ({"replicated_from_id": 999999}, "replicated_from_id"),
    ],
)
def test_create_names_bad_fields_and_writes_nothing(api_client, tree, users, fields, field):
    values = {"<country>": tree.country.pk, "<org_b>": OrganisationFactory(area=tree.b).pk}
    fields = {k: values.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    response = api_client.as_user(users.admin if "area_id" in fields else users.a_editor).post(
        "/api/v1/models/", _body(tree, **fields)
    )
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not MovementModel.objects.exists() and not ModelStatusChange.objects.exists()


def test_patch_refuses_status_and_names_bad_fields(api_client, tree, users):
    model = make_model(users.a_editor, tree.a)
    api = api_client.as_user(users.a_editor)
    for body, field in (
        ({"status": "effective"}, "status"),
        ({"recognised_on": "2024-01-01"}, "recognised_on"),
        ({"replicated_from_id": model.pk}, "replicated_from_id"),
        ({"area_id": tree.b.pk}, "area_id"),
        ({"area_id": tree.p.pk}, "area_id"),
    ):
        response = api.patch(f"/api/v1/models/{model.pk}", body)
        assert response.status_code == 422, body
        assert [e["field"] for e in response.json()["errors"]] == [field], body
    model.refresh_from_db()
    assert model.status == "active" and model.area == tree.a


def test_status_endpoint(api_client, tree, users):
    model = make_model(users.a_editor, tree.a)
    api = api_client.as_user(users.a_editor)
    url = f"/api/v1/models/{model.pk}/status"
    ok = api.post(url, {"status": "effective", "on": "2024-06-01", "reason": "Tổng kết"})
    assert ok.status_code == 200 and ok.json()["status"] == "effective"
    bad = api.post(url, {"status": "active"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"
    bad = api.post(url, {"status": "terminated"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    bad = api.post(url, {"status": "ineffective", "on": "2024-13-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "on"
    assert (
        api_client.as_user(users.a_viewer).post(url, {"status": "ineffective"}).status_code == 403
    )
    assert (
        api_client.as_user(users.b_editor).post(url, {"status": "ineffective"}).status_code == 404
    )
    assert model.status_changes.count() == 2


def test_replications_endpoint_counts_what_the_user_may_see(api_client, tree, users):
    source = make_model(users.a_editor, tree.a, name="Gốc")
    make_model(users.a_editor, tree.a1, name="Nhân rộng A", replicated_from=source)
    make_model(users.p_approver, tree.b, name="Nhân rộng B", replicated_from=source)
    url = f"/api/v1/models/{source.pk}/replications"
    mine = api_client.as_user(users.a_viewer).get(url).json()
    assert mine["count"] == 1 and [m["name"] for m in mine["items"]] == ["Nhân rộng A"]
    assert api_client.as_user(users.p_approver).get(url).json()["count"] == 2
    assert api_client.as_user(users.b_editor).get(url).status_code == 404


def test_list_filters(api_client, tree, users):
    make_model(users.a_editor, tree.a, name="Đèn", category=category("rural_road_lighting"))
    make_model(
        users.a_editor,
        tree.a1,
        name="Camera",
        recognition_level="province",
        recognised_on=date(2024, 5, 5),
        started_on=date(2022, 1, 1),
    )
    make_model(users.b_editor, tree.b, name="Camera B")
    api = api_client.as_user(users.p_approver)

    def names(**params):
        response = api.get("/api/v1/models/", **params)
        assert response.status_code == 200, response.content
        return sorted(m["name"] for m in response.json()["items"])

    assert names(area=tree.a.pk) == ["Camera", "Đèn"]
    assert names(category="rural_road_lighting") == ["Đèn"]
    assert names(recognition_level="province") == ["Camera"]
    assert names(started_before="2022-12-31") == ["Camera"]
    assert names(status="active", area=tree.b.pk) == ["Camera B"]
    assert api.get("/api/v1/models/", category="nope").status_code == 422
    assert api.get("/api/v1/models/", area=tree.q.pk).status_code == 404


def test_team_and_member_api(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    created = api.post(
        "/api/v1/teams/",
        {"area_id": tree.a1.pk, "name": "Tổ liên gia 3", "kind": "fire_safety_inter_family"},
    )
    assert created.status_code == 201, created.content
    team = created.json()["id"]
    member = api.post(
        f"/api/v1/teams/{team}/members",
        {"full_name": "Phạm Văn D", "role_in_team": "leader", "phone": "+84 905 111 222"},
    )
    assert member.status_code == 201, member.content
    mid = member.json()["id"]
    bad = api.post(f"/api/v1/teams/{team}/members", {"full_name": "E", "phone": "090-111"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "phone"
    bad = api.patch(
        f"/api/v1/team-members/{mid}", {"joined_on": "2024-05-01", "left_on": "2024-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "left_on"
    assert api.patch(f"/api/v1/team-members/{mid}", {"left_on": "2024-06-01"}).status_code == 200
    assert api.get(f"/api/v1/teams/{team}").json()["current_members"] == 0
    listed = api.get(f"/api/v1/teams/{team}/members").json()
    assert listed["count"] == 1 and listed["items"][0]["phone"] == "+84 905 111 222"
    assert api.delete(f"/api/v1/team-members/{mid}").status_code == 204
    assert not TeamMember.objects.exists()


def test_team_refuses_models_outside_the_jurisdiction(api_client, tree, users):
    model_b = make_model(users.b_editor, tree.b)
    team = make_team(users.a_editor, tree.a)
    api = api_client.as_user(users.a_editor)
    response = api.patch(f"/api/v1/teams/{team.pk}", {"movement_model_id": model_b.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "movement_model_id"
