from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq.areas.models import Area
from antq.indicators import rollup


def test_filters_level_parent_and_active_on(api_client, users, tree):
    api = api_client.as_user(users.admin)
    data = api.get("/api/v1/areas/", level=1).json()
    assert {a["name"] for a in data["items"]} == {"Tỉnh Quảng Trị", "Thành phố Huế"}
    data = api.get("/api/v1/areas/", parent=tree.p.pk).json()
    assert [a["name"] for a in data["items"]] == ["Xã Hòa Bình", "Phường Đông Hà"]
    b = Area.objects.filter(pk=tree.b.pk)
    with rollup.bulk_change(b, {"valid_to"}):
        b.update(valid_to=date(2025, 6, 30))
    data = api.get("/api/v1/areas/", parent=tree.p.pk, active_on="2025-07-01").json()
    assert [a["name"] for a in data["items"]] == ["Xã Hòa Bình"]


def test_children_subtree_ancestors(api_client, users, tree):
    api = api_client.as_user(users.a_viewer)
    assert [a["name"] for a in api.get(f"/api/v1/areas/{tree.a.pk}/children").json()["items"]] == [
        "Thôn 1"
    ]
    sub = api.get(f"/api/v1/areas/{tree.a.pk}/subtree").json()
    assert [a["name"] for a in sub["items"]] == ["Xã Hòa Bình", "Thôn 1"]
    anc = api.get(f"/api/v1/areas/{tree.a1.pk}/ancestors").json()
    assert [a["name"] for a in anc] == ["Việt Nam", "Tỉnh Quảng Trị", "Xã Hòa Bình"]


def test_paging(api_client, users, tree):
    data = api_client.as_user(users.admin).get("/api/v1/areas/", page_size=2, page=2).json()
    assert data["count"] == 7 and data["page"] == 2 and len(data["items"]) == 2


def test_401_without_or_with_bad_token(client, tree):
    assert client.get("/api/v1/areas/").status_code == 401
    response = client.get("/api/v1/areas/", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_403_viewer_may_not_add_a_village(api_client, users, tree):
    response = api_client.as_user(users.a_viewer).post(
        "/api/v1/areas/", {"parent_id": tree.a.pk, "code": "T05", "name": "Thôn 5"}
    )
    assert response.status_code == 403
    assert not Area.objects.filter(code="T05").exists()


def test_201_editor_adds_a_village(api_client, users, tree):
    response = api_client.as_user(users.a_editor).post(
        "/api/v1/areas/", {"parent_id": tree.a.pk, "code": "T05", "name": "Thôn 5"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["level"] == 4


def test_404_for_missing_and_for_out_of_jurisdiction(api_client, users, tree):
    api = api_client.as_user(users.a_viewer)
    assert api.get("/api/v1/areas/999999").status_code == 404
    assert api.get(f"/api/v1/areas/{tree.b.pk}").status_code == 404
    assert api.get(f"/api/v1/areas/{tree.b.pk}/children").status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"level": "9"}, "level"),
        ({"level": "province"}, "level"),
        ({"active_on": "2024-02-31"}, "active_on"),
        ({"parent": "abc"}, "parent"),
        ({"page": "0"}, "page"),
        ({"page_size": "100000"}, "page_size"),
    ],
)
def test_422_for_bad_filters_names_the_field(api_client, users, tree, params, field):
    response = api_client.as_user(users.admin).get("/api/v1/areas/", **params)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"parent_id": "x", "code": "A", "name": "B"}, "parent_id"),
        ({"parent_id": 1}, "code"),
        ({"code": "A", "name": "B"}, "parent_id"),
        ({"parent_id": 999999, "code": "A", "name": "B"}, "parent_id"),
        ({"parent_id": "{a}", "code": "A" * 21, "name": "B"}, "code"),
        ({"parent_id": "{a}", "code": "A", "name": "B", "area_type": "castle"}, "area_type"),
        ({"parent_id": "{a}", "code": "A", "name": "B", "valid_from": "2024-13-01"}, "valid_from"),
        ({"parent_id": "{a}", "code": "A", "name": "B", "latitude": 200}, "latitude"),
    ],
)
def test_422_for_bad_bodies_names_the_field(api_client, users, tree, body, field):
    body = {k: (tree.a.pk if v == "{a}" else v) for k, v in body.items()}
    before = Area.objects.count()
    response = api_client.as_user(users.a_editor).post("/api/v1/areas/", body)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert Area.objects.count() == before


def test_422_for_a_body_that_is_not_json(client, users, tree):  # noqa: ARG001
    from django.test import RequestFactory

    from antq.accounts.services import token_issue

    token = token_issue(
        request=RequestFactory().post("/api/v1/auth/token"),
        username="a_editor",
        password="pass-word-123",
    )
    response = client.post(
        "/api/v1/areas/",
        "nope",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_errors_speak_the_users_language(api_client, users, tree):
    api = api_client.as_user(users.admin)
    from django.test import Client

    c = Client(headers={"Authorization": f"Bearer {api.token}", "Accept-Language": "ar"})
    reason = c.get("/api/v1/areas/", {"page": "x"}).json()["errors"][0]["reason"]
    assert reason and reason != "Enter a whole number of at least 1."


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/auth/token",
        "/api/v1/areas/",
        "/api/v1/areas/{area_id}/ancestors",
        "/api/v1/organisations/",
    } <= set(spec["paths"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(
        ["q", "level", "parent", "active_on", "area_type", "area", "page", "page_size"]
    ),
    value=st.text(max_size=30),
)
def test_no_query_string_is_a_500(api_client, users, tree, key, value):
    status = api_client.as_user(users.admin).get("/api/v1/areas/", **{key: value}).status_code
    assert status in (200, 404, 422)
