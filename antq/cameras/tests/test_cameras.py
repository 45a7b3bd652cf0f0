from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from antq.cameras.models import CameraSite
from antq.cameras.selectors import camera_counts, reconfirmation_overdue, within_km
from antq.cameras.services import camerasite_create, camerasite_reconfirm, camerasite_update

pytestmark = pytest.mark.rollup


def _site(user, area, **kw):
    fields = {"owner_type": "household", "heads": 2, "address": "1 đường Lê Lợi"} | kw
    return camerasite_create(acting_user=user, area=area, **fields)


def test_create_sets_the_annual_reconfirmation(tree, users):
    site = _site(users.a_editor, tree.a, installed_on=date(2026, 3, 1))
    assert site.reconfirm_due_on == date(2027, 3, 1)
    assert site.history.get().history_user == users.a_editor


def test_household_contact_is_not_kept_in_history(tree, users):
    site = _site(users.a_editor, tree.a, household_contact="Nguyễn Văn A 0912 345 678")
    camerasite_update(acting_user=users.a_editor, instance=site, household_contact="Trần Thị B")
    assert not hasattr(site.history.first(), "household_contact")


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"heads": 0}, "heads"),
        ({"latitude": 16.8}, "longitude"),
        ({"latitude": 95, "longitude": 107}, "latitude"),
        ({"owner_type": "castle"}, "owner_type"),
        ({"funding_amount": 1000}, "funding_source"),
        ({"installed_on": date.today() + timedelta(days=3)}, "installed_on"),
        ({"retention_days": 99999}, "retention_days"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(tree, users, fields, field):
    with pytest.raises(ValidationError) as exc:
        _site(users.a_editor, tree.a, **fields)
    assert field in exc.value.message_dict
    assert not CameraSite.objects.exists()


def test_counts_sites_heads_connected_heads(tree, users):
    _site(users.a_editor, tree.a, heads=32, connected=True, owner_type="commune_system")
    _site(users.a_editor, tree.a1, heads=4)
    _site(users.a_editor, tree.a, heads=8, status="removed")
    _site(users.b_editor, tree.b, heads=3, connected=True)
    assert camera_counts(users.a_viewer) == {
        "sites": 2,
        "heads": 36,
        "connected_heads": 32,
        "working_sites": 2,
    }
    assert camera_counts(users.p_approver)["connected_heads"] == 35
    assert camera_counts(users.p_approver, tree.b)["sites"] == 1


def test_overdue_reconfirmations_and_reconfirming(tree, users):
    old = _site(users.a_editor, tree.a, reconfirm_due_on=date.today() - timedelta(days=1))
    _site(users.a_editor, tree.a, reconfirm_due_on=date.today())
    _site(users.a_editor, tree.a, reconfirm_due_on=date(2020, 1, 1), status="removed")
    assert list(reconfirmation_overdue(users.a_viewer)) == [old]
    camerasite_reconfirm(acting_user=users.a_editor, instance=old)
    assert old.verified_by == users.a_editor
    assert old.reconfirm_due_on == date.today() + timedelta(days=365)
    assert not reconfirmation_overdue(users.a_viewer).exists()


def test_distance_search(tree, users):
    # Đông Hà centre ~ (16.8163, 107.1003)
    near = _site(users.a_editor, tree.a, latitude=16.8170, longitude=107.1010)
    mid = _site(users.a_editor, tree.a, latitude=16.8400, longitude=107.1003)  # ~2.6 km north
    _site(users.a_editor, tree.a, latitude=16.4637, longitude=107.5909)  # Huế, ~65 km
    found = list(within_km(CameraSite.objects.all(), 16.8163, 107.1003, 3))
    assert found == [near, mid]
    assert found[0].distance_km < 0.2 and 2.4 < found[1].distance_km < 2.8


def test_api_near_filter_and_errors(api_client, tree, users):
    _site(users.a_editor, tree.a, latitude=16.8170, longitude=107.1010)
    api = api_client.as_user(users.a_viewer)
    data = api.get("/api/v1/camera-sites/", lat=16.8163, lon=107.1003, km=1).json()
    assert data["count"] == 1 and data["items"][0]["distance_km"] < 0.2
    assert api.get("/api/v1/camera-sites/", lat=16.8).status_code == 422
    assert api.get("/api/v1/camera-sites/", lat=16.8, lon=107, km=9999).status_code == 422


def test_api_create_names_bad_fields(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    ok = api.post(
        "/api/v1/camera-sites/",
        {"area_id": tree.a.pk, "owner_type": "school", "heads": 6, "connected": True},
    )
    assert ok.status_code == 201, ok.content
    bad = api.post("/api/v1/camera-sites/", {"area_id": tree.b.pk, "owner_type": "school"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "area_id"
    bad = api.post(
        "/api/v1/camera-sites/",
        {"area_id": tree.a.pk, "owner_type": "school", "owner_organisation_id": 99999},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "owner_organisation_id"
    assert CameraSite.objects.count() == 1


def test_map_page_renders_counts(client, tree, users):
    _site(users.a_editor, tree.a, heads=32, connected=True, latitude=16.8, longitude=107.1)
    client.force_login(users.a_viewer)
    body = client.get("/cameras/map/").content.decode()
    assert "leaflet.js" in body and 'id="map"' in body
    assert "32" in body
