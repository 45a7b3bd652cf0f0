"""A tip's optional point on the map: the place of the incident, inside Vietnam, picked on the
public form (Leaflet served locally, tiles only when configured) and shown to staff."""

import re

import pytest
from django.utils import timezone

from antq.tips.models import Tip, point_errors
from antq.tips.tests.helpers import (
    category,
    make_tip,
    portal_sandbox,  # noqa: F401 - autouse fixture
)

EN = {"accept-language": "en"}
STORY = "Có người giả danh công an gọi điện yêu cầu chuyển tiền vào một tài khoản lạ."


@pytest.mark.parametrize(
    "lat, lon",
    [
        (16.8163, 107.1003),  # Đông Hà
        (21.0285, 105.8542),  # Hà Nội
        (10.2899, 103.9840),  # Phú Quốc
        (23.3633, 105.3160),  # Lũng Cú, the north end
        (8.68, 106.61),  # Côn Đảo
        (16.83, 112.33),  # Hoàng Sa
        (8.64, 111.92),  # Trường Sa
        (None, None),  # no point at all
    ],
)
def test_points_in_vietnam_are_accepted(lat, lon):
    assert point_errors(lat, lon) == {}


@pytest.mark.parametrize(
    "lat, lon, field",
    [
        (107.1003, 16.8163, "latitude"),  # swapped
        (13.7563, 100.5018, "latitude"),  # Bangkok
        (39.9042, 116.4074, "latitude"),  # Beijing
        (-16.8, 107.1, "latitude"),  # the southern hemisphere
        (16.8, None, "longitude"),
        (None, 107.1, "latitude"),
        (float("nan"), 107.1, "latitude"),
    ],
)
def test_points_outside_or_incomplete_are_refused(lat, lon, field, english):
    errors = point_errors(lat, lon)
    assert set(errors) == {field}


def _form(tree, **changes):
    return {
        "category": category().pk,
        "area": tree.a.pk,
        "occurred_on": timezone.localdate().isoformat(),
        "occurred_place": "Chợ Hòa Bình",
        "summary": STORY,
    } | changes


def test_the_public_form_offers_an_optional_map_of_the_place_served_locally(client, tree):
    body = client.get("/report/", headers=EN).content.decode()
    assert 'id="point-map"' in body and "data-point-map" in body
    assert "not where you are now" in body
    assert 'name="latitude"' in body and 'name="longitude"' in body
    assert "/static/vendor/leaflet/leaflet.js" in body and "/static/portal/point-map.js" in body
    assert 'data-tiles=""' in body  # no tiles without ANTQ_TILE_URL
    # every script and stylesheet is served by antq itself
    assert not re.search(r'(src|href)="https?://', body)


def test_tiles_come_from_the_configured_url_only(client, tree, settings):
    settings.ANTQ_TILE_URL = "https://tiles.example.gov.vn/{z}/{x}/{y}.png"
    body = client.get("/report/").content.decode()
    assert 'data-tiles="https://tiles.example.gov.vn/{z}/{x}/{y}.png"' in body


def test_the_point_asks_for_the_reporters_location_only_when_they_press_the_button():
    """A reporter who is afraid to be identified is never located unasked: the browser is asked
    once, from the "use my location" button's click, never on load and never continuously."""
    from pathlib import Path

    script = (Path(__file__).parents[2] / "portal/static/portal/point-map.js").read_text()
    assert "watchPosition" not in script and "locate(" not in script
    assert script.count("getCurrentPosition") == 1
    handler = script.index('locate.addEventListener("click"')
    assert handler < script.index("getCurrentPosition")


def test_a_report_with_a_point_stores_it(client, tree):
    response = client.post("/report/", _form(tree, latitude="16.8163", longitude="107.1003"))
    assert response.status_code == 200
    tip = Tip.objects.get()
    assert (tip.latitude, tip.longitude) == (16.8163, 107.1003)


def test_a_report_without_a_point_is_fine(client, tree):
    assert client.post("/report/", _form(tree, latitude="", longitude="")).status_code == 200
    assert Tip.objects.get().latitude is None


@pytest.mark.parametrize(
    "lat, lon, message",
    [
        ("48.85", "2.35", "This point is outside Vietnam"),
        ("107.1", "16.8", "check that the two are not swapped"),
        ("16.8", "", "Give both latitude and longitude, or neither."),
        ("abc", "107.1", "Enter a number."),
    ],
)
def test_a_bad_point_is_refused_with_a_clear_error(client, tree, lat, lon, message):
    response = client.post("/report/", _form(tree, latitude=lat, longitude=lon), headers=EN)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Tip.objects.exists()


def test_the_area_search_tells_the_map_where_the_commune_is(client, tree):
    tree.a.latitude, tree.a.longitude = 16.75, 107.05
    tree.a.save(update_fields=["latitude", "longitude"])
    body = client.get("/report/areas/", {"q": "hoa binh"}).content.decode()
    assert 'data-lat="16.75" data-lon="107.05"' in body


def test_staff_see_the_point_on_the_tip_page(client, tree, users):
    tip = make_tip(users.a_editor, tree.a, latitude=16.8163, longitude=107.1003)
    client.force_login(users.a_viewer)
    body = client.get(tip.get_absolute_url(), headers=EN).content.decode()
    assert 'id="place"' in body and 'data-point="16.8163,107.1003"' in body
    assert 'data-lat="16.8163" data-lon="107.1003"' in body
    assert "/static/vendor/leaflet/leaflet.js" in body
    without = make_tip(users.a_editor, tree.a)
    assert 'id="place"' not in client.get(without.get_absolute_url()).content.decode()


def test_the_point_in_vietnamese_is_not_written_with_a_decimal_comma(client, tree, users):
    tip = make_tip(users.a_editor, tree.a, latitude=16.8163, longitude=107.1003)
    client.force_login(users.a_viewer)
    body = client.get(tip.get_absolute_url(), headers={"accept-language": "vi"}).content.decode()
    assert 'data-lat="16.8163" data-lon="107.1003"' in body


def test_staff_enter_and_correct_the_point(client, api_client, tree, users):
    client.force_login(users.a_editor)
    form = {
        "area": tree.a.pk,
        "legal_kind": "denunciation",
        "channel": "phone",
        "category": category().pk,
        "received_on": timezone.localdate().isoformat(),
        "summary": "Trộm xe máy",
        "latitude": "16.80",
        "longitude": "180",
    }
    refused = client.post("/tips/new/", form, headers=EN)
    assert refused.status_code == 422
    assert "This point is outside Vietnam" in refused.content.decode()
    assert 'id="point-map"' in refused.content.decode()
    created = client.post("/tips/new/", form | {"longitude": "107.10"})
    assert created.status_code == 302
    tip = Tip.objects.get()
    assert (tip.latitude, tip.longitude) == (16.80, 107.10)
    api = api_client.as_user(users.a_editor)
    detail = api.get(f"/api/v1/tips/{tip.pk}").json()
    assert (detail["latitude"], detail["longitude"]) == (16.80, 107.10)
    bad = api.patch(f"/api/v1/tips/{tip.pk}", {"latitude": 40.0})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "latitude"
    fixed = api.patch(f"/api/v1/tips/{tip.pk}", {"latitude": 16.9, "longitude": 107.2})
    assert fixed.status_code == 200 and fixed.json()["latitude"] == 16.9
