"""A person's path through the UI, in a real browser: Debian's Chromium driven by Playwright."""

import pytest

from antq.core.testing.browser import ARTIFACTS
from antq.core.testing.factories import make_area, make_user
from antq.core.testing.second_factor import otp_code


@pytest.mark.browser
def test_sign_in_drill_down_and_switch_to_arabic(live_server, transactional_db, browser_page):
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    ward = make_area(province, name="Phường Đông Hà", code="19498", area_type="phuong")
    make_area(ward, name="Tổ dân phố 1", code="T01", area_type="to_dan_pho")
    officer = make_user(country, "administrator", username="officer")
    code = otp_code(officer)

    page = browser_page
    page.goto(f"{live_server.url}/")  # the portal, with a discreet way to the staff's sign-in
    page.click("#staff-sign-in")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/**")  # an administrator: the second factor
    page.fill("#id_code", code)
    page.click("#otp-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "vi"

    page.click(".card-title >> text=Việt Nam")  # the jurisdiction, below the inbox
    page.click("#children >> text=Tỉnh Quảng Trị")
    page.click("#children >> text=Phường Đông Hà")
    assert page.locator("#area-name").inner_text() == "Phường Đông Hà"
    assert page.locator(".breadcrumb").inner_text().count("Tỉnh Quảng Trị") == 1
    assert page.locator("#children").inner_text().count("Tổ dân phố 1") == 1

    page.click("#language-form button[data-lang=ar]")
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert page.locator("#area-name").inner_text() == "Phường Đông Hà"
    assert "bootstrap.rtl.min.css" in page.content()
    # the layout is mirrored: the brand sits at the right edge in Arabic
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 640

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "commune-ar.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_editor_registers_an_organisation_with_the_area_picker(
    live_server, transactional_db, browser_page
):
    from antq.registry.models import Organisation

    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    commune = make_area(province, name="Xã Hòa Bình", code="10001")
    make_area(province, name="Xã Hòa Lợi", code="10002")
    make_user(commune, "editor", username="editor")

    page = browser_page
    page.goto(f"{live_server.url}/registry/organisations/new/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/registry/organisations/new/")
    page.fill("#id_name", "Trường Tiểu học Hòa Bình")
    page.select_option("#id_org_type", "school")
    page.fill("#area-pick-area", "hoa")
    page.wait_for_selector("[data-pick-area]")
    # the picker offers only areas where this editor may add records
    assert "Xã Hòa Lợi" not in page.locator("#area-pick-results-area").inner_text()
    page.click("[data-pick-area] >> text=Xã Hòa Bình")
    assert page.locator("#area-picked-area").inner_text().startswith("Xã Hòa Bình")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/registry/organisations/*/")
    assert page.locator("h1").inner_text() == "Trường Tiểu học Hòa Bình"
    org = Organisation.objects.get()
    assert org.area == commune


@pytest.mark.browser
def test_map_shows_the_jurisdictions_points_without_tiles(
    live_server, transactional_db, browser_page
):
    from antq.cameras.models import CameraSite, FirePoint

    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    mine = make_area(province, name="Xã Hòa Bình", code="10001", latitude=16.8, longitude=107.1)
    other = make_area(province, name="Xã Khác", code="10002", latitude=16.7, longitude=107.0)
    for i in range(3):
        CameraSite.objects.create(
            area=mine,
            owner_type="household",
            latitude=16.8 + i / 1000,
            longitude=107.1,
            address=f"Nhà {i}",
        )
    FirePoint.objects.create(area=mine, name="Điểm 1", latitude=16.801, longitude=107.101)
    CameraSite.objects.create(area=other, owner_type="household", latitude=16.7, longitude=107.0)
    make_user(mine, "viewer", username="viewer")

    page = browser_page
    page.goto(f"{live_server.url}/cameras/map/")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#map[data-rendered]")
    assert page.locator("#map").get_attribute("data-rendered") == "4"
    assert page.locator("#map").get_attribute("data-shown") == "4"
    # each point drawn alone or counted in a cluster (map.js gathers dense points)
    page.wait_for_function(
        """() => document.querySelectorAll('#map .leaflet-overlay-pane path').length
        + [...document.querySelectorAll('#map .marker-cluster span')]
            .reduce((n, s) => n + Number(s.textContent), 0) === 4"""
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-vi.png"))
