"""A foreign key sent to the API (`<field>_id`) is loaded through the user's jurisdiction: a
record of another commune cannot be attached by its id, on create or on patch."""

import pytest

from antq.cameras.models import CameraSite
from antq.core.testing.factories import OrganisationFactory
from antq.movement.models import Team
from antq.movement.tests.helpers import make_model, make_team


def _camera(tree, **fields):
    return {"area_id": tree.a.pk, "owner_type": "agency", "heads": 2} | fields


def _team(tree, **fields):
    return {"area_id": tree.a.pk, "name": "Tổ tự quản", "kind": "security_self_governing"} | fields


@pytest.mark.parametrize(
    "url, body, field, model",
    [
        ("/api/v1/camera-sites/", _camera, "owner_organisation_id", CameraSite),
        ("/api/v1/teams/", _team, "host_organisation_id", Team),
        ("/api/v1/teams/", _team, "movement_model_id", Team),
    ],
)
def test_create_cannot_attach_a_record_of_another_commune(
    api_client, tree, users, url, body, field, model
):
    others = {
        "owner_organisation_id": lambda: OrganisationFactory(area=tree.b).pk,
        "host_organisation_id": lambda: OrganisationFactory(area=tree.b).pk,
        "movement_model_id": lambda: make_model(users.b_editor, tree.b).pk,
    }
    before = model.objects.count()
    response = api_client.as_user(users.a_editor).post(url, body(tree, **{field: others[field]()}))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert model.objects.count() == before


def test_create_attaches_a_record_of_its_own_commune(api_client, tree, users):
    own = OrganisationFactory(area=tree.a)
    response = api_client.as_user(users.a_editor).post(
        "/api/v1/camera-sites/", _camera(tree, owner_organisation_id=own.pk)
    )
    assert response.status_code == 201, response.content
    assert CameraSite.objects.get().owner_organisation == own


def test_patch_cannot_attach_a_record_of_another_commune(api_client, tree, users):
    team = make_team(users.a_editor, tree.a)
    other_model = make_model(users.b_editor, tree.b)
    response = api_client.as_user(users.a_editor).patch(
        f"/api/v1/teams/{team.pk}", {"movement_model_id": other_model.pk}
    )
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["movement_model_id"]
    team.refresh_from_db()
    assert team.movement_model is None
