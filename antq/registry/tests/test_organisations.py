import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.core.testing.factories import OrganisationFactory
from antq.registry.models import Organisation
from antq.registry.services import organisation_create, organisation_delete, organisation_update

pytestmark = pytest.mark.rollup


def test_create_change_delete_are_kept_in_history(tree, users):
    org = organisation_create(
        acting_user=users.a_editor, area=tree.a, name="Trường THCS Hòa Bình", org_type="school"
    )
    organisation_update(
        acting_user=users.a_editor, instance=org, phone="0233 123 456", reason="new phone"
    )
    pk = org.pk
    organisation_delete(acting_user=users.a_editor, instance=org, reason="closed")
    history = list(Organisation.history.filter(id=pk).order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {users.a_editor}
    assert [h.history_change_reason for h in history] == [None, "new phone", "closed"]


def test_history_is_shown_on_the_record_page(client, tree, users):
    org = organisation_create(
        acting_user=users.a_editor, area=tree.a, name="Công ty A", org_type="enterprise"
    )
    organisation_update(acting_user=users.a_editor, instance=org, address="Thôn 1")
    client.force_login(users.a_viewer)
    body = client.get(f"/registry/organisations/{org.pk}/").content.decode()
    assert 'id="history"' in body
    assert "a_editor" in body and "Thôn 1" in body


def test_viewer_may_not_change(tree, users):
    org = OrganisationFactory(area=tree.a)
    with pytest.raises(PermissionDenied):
        organisation_update(acting_user=users.a_viewer, instance=org, name="X")
    with pytest.raises(PermissionDenied):
        organisation_create(acting_user=users.a_viewer, area=tree.a, name="X", org_type="school")


def test_moving_to_an_area_outside_jurisdiction_is_refused(tree, users):
    org = OrganisationFactory(area=tree.a)
    with pytest.raises(ValidationError) as exc:
        organisation_update(acting_user=users.a_editor, instance=org, area=tree.b)
    assert "area" in exc.value.message_dict
    org.refresh_from_db()
    assert org.area == tree.a


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "", "org_type": "school"}, "name"),
        ({"name": "X", "org_type": "castle"}, "org_type"),
        ({"name": "X", "org_type": "school", "email": "not-an-email"}, "email"),
        ({"name": "X" * 300, "org_type": "school"}, "name"),
        ({"org_type": "school"}, "name"),
    ],
)
def test_api_rejects_bad_input_and_writes_nothing(api_client, tree, users, body, field):
    response = api_client.as_user(users.a_editor).post(
        "/api/v1/organisations/", {"area_id": tree.a.pk, **body}
    )
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Organisation.objects.exists()


def test_api_crud(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    created = api.post(
        "/api/v1/organisations/",
        {"area_id": tree.a1.pk, "name": "Hội Phụ nữ", "org_type": "womens_union"},
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api.patch(f"/api/v1/organisations/{pk}", {"phone": "0912"}).json()["phone"] == "0912"
    history = api.get(f"/api/v1/organisations/{pk}/history").json()
    [change] = history[0]["changes"]
    assert (change["old"], change["new"]) == ("", "0912")
    assert api.patch(f"/api/v1/organisations/{pk}", {"area_id": tree.b.pk}).status_code == 422
    assert api.delete(f"/api/v1/organisations/{pk}").status_code == 204
    assert api.get(f"/api/v1/organisations/{pk}").status_code == 404


def test_ui_form_creates_and_shows_errors(client, tree, users):
    client.force_login(users.a_editor)
    bad = client.post(
        "/registry/organisations/new/", {"name": "", "org_type": "school", "area": tree.b.pk}
    )
    assert bad.status_code == 422
    assert not Organisation.objects.exists()
    good = client.post(
        "/registry/organisations/new/",
        {"name": "Trường Tiểu học", "org_type": "school", "area": tree.a.pk},
    )
    assert good.status_code == 302
    assert Organisation.objects.get().area == tree.a


def test_filters_by_type_and_subtree(api_client, tree, users):
    OrganisationFactory(area=tree.a1, org_type="school", name="S1")
    OrganisationFactory(area=tree.b, org_type="enterprise", name="E1")
    api = api_client.as_user(users.p_approver)

    def names(**params):
        return sorted(
            o["name"] for o in api.get("/api/v1/organisations/", **params).json()["items"]
        )

    assert names(area=tree.a.pk) == ["S1"]
    assert names(org_type="enterprise") == ["E1"]
    assert names() == ["E1", "S1"]
    assert api.get("/api/v1/organisations/", area=tree.q.pk).status_code == 404
