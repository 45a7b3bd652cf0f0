"""The maps in a real browser without tiles (the default), in Vietnamese and Arabic: the portal's
report form on a phone (the units around the view, labelled, and "use my location" with the
permission given and refused), and the staff's camera map (clusters, filters by kind)."""

import pytest

from antq.core.testing.browser import ARTIFACTS
from antq.core.testing.factories import make_area, make_user
from antq.tips.tests.helpers import category

HERE = {"latitude": 16.8105, "longitude": 107.1005}
VISIBLE = """() => {
  const m = document.querySelector('#map');
  const lone = m.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length;
  const inClusters = [...m.querySelectorAll('.marker-cluster span')]
    .reduce((n, s) => n + Number(s.textContent), 0);
  return lone + inClusters;
}"""


def _unit_names(page, selector):
    return page.locator(f"{selector} .map-unit span").all_text_contents()


@pytest.mark.browser
def test_portal_and_camera_maps_without_tiles(live_server, transactional_db, browser_page):
    from antq.cameras.models import CameraSite, FirePoint

    country = make_area(name="Việt Nam", code="VN")
    province = make_area(
        country, name="Tỉnh Quảng Trị", code="44", latitude=16.75, longitude=107.18
    )
    make_area(
        country,
        name="Thành phố Huế",
        code="46",
        area_type="thanh_pho_tw",
        latitude=16.46,
        longitude=107.59,
    )
    mine = make_area(province, name="Xã Hòa Bình", code="10001", latitude=16.81, longitude=107.1)
    make_area(
        province,
        name="Phường Đông Hà",
        code="10002",
        area_type="phuong",
        latitude=16.83,
        longitude=107.11,
    )
    for i in range(30):  # a street of household cameras: one cluster
        CameraSite.objects.create(
            area=mine,
            owner_type="household",
            latitude=16.8 + (i % 6) / 5000,
            longitude=107.1 + (i // 6) / 5000,
            address=f"Nhà {i}",
        )
    CameraSite.objects.create(
        area=mine,
        owner_type="agency",
        connected=True,
        latitude=16.812,
        longitude=107.108,
        address="UBND xã",
    )
    for n, (lat, lon) in enumerate([(16.806, 107.092), (16.814, 107.094)]):
        FirePoint.objects.create(area=mine, name=f"Điểm chữa cháy {n}", latitude=lat, longitude=lon)
    make_user(mine, "viewer", username="viewer")
    category()

    page = browser_page
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang in ("vi", "ar"):
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        # the citizen, on a phone, at the place: permission given
        page.context.grant_permissions(["geolocation"], origin=live_server.url)
        page.context.set_geolocation(HERE)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/report/")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        emergency = page.locator("#emergency").bounding_box()
        assert emergency["y"] < page.locator("h1").bounding_box()["y"]
        page.wait_for_selector("#point-map .map-unit-province", state="attached")
        assert _unit_names(page, "#point-map") == ["Tỉnh Quảng Trị", "Thành phố Huế"]
        page.wait_for_selector("#point-map[data-land]", state="attached")  # coasts and islands
        page.locator("#point-map").screenshot(
            path=str(ARTIFACTS / f"portal-map-country-{lang}.png")
        )
        page.click("#point-locate")
        page.wait_for_function("() => document.getElementById('id_latitude').value !== ''")
        assert page.input_value("#id_latitude") == "16.810500"
        assert page.input_value("#id_longitude") == "107.100500"
        assert page.locator("#point-map").get_attribute("data-marked") == "1"
        page.wait_for_selector("#point-map .map-unit-commune", state="attached")
        assert sorted(_unit_names(page, "#point-map")) == ["Phường Đông Hà", "Xã Hòa Bình"]
        assert page.locator("#point-locate-status").is_visible()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"{lang}: the portal is {wide} px wide"
        page.locator("#point").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"portal-map-{lang}.png"), full_page=True)
        # permission refused: a clear sentence, and the fields stay as they were
        page.context.clear_permissions()
        page.click("#point-clear")
        page.click("#point-locate")
        page.wait_for_function(
            "() => document.getElementById('point-locate-status').textContent.length > 30"
            " && !document.getElementById('point-locate-status').textContent.endsWith('…')"
        )
        refused = page.locator("#point-locate").get_attribute("data-refused")
        assert page.locator("#point-locate-status").inner_text() == refused
        assert page.input_value("#id_latitude") == ""

    # the staff's camera map, in Arabic then Vietnamese, at a desktop's width
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    for lang in ("ar", "vi"):
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/cameras/map/")
        page.wait_for_selector("#map[data-shown]")
        assert page.locator("#map").get_attribute("data-shown") == "33"
        page.wait_for_function(f"() => ({VISIBLE})() === 33")
        assert page.locator("#map .marker-cluster").count() >= 1  # the street is gathered
        page.wait_for_selector("#map .map-unit-commune", state="attached")
        page.wait_for_selector("#map[data-land]", state="attached")
        page.screenshot(path=str(ARTIFACTS / f"camera-map-{lang}.png"))
        page.uncheck("#filter-fire")
        page.wait_for_function(f"() => ({VISIBLE})() === 31")
        page.uncheck("#filter-camera-other")
        page.wait_for_function(f"() => ({VISIBLE})() === 1")
        assert page.locator("#map").get_attribute("data-shown") == "1"
        page.uncheck("#filter-units")
        assert page.locator("#map .map-unit").count() == 0
        page.check("#filter-units")
        page.check("#filter-camera-other")
        page.check("#filter-fire")
        page.wait_for_function(f"() => ({VISIBLE})() === 33")
        assert page.locator("#map .map-unit").count() > 0
    assert not violations
