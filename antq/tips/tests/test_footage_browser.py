"""A tip with cameras near it, in a real browser: the distance changes the list (htmx), an
officer drafts a footage request and records the owner's answer; the page is drawn in
Vietnamese and Arabic, on a desktop and on a phone, and left in ARTIFACTS to be looked at."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from antq.cameras.services import camerasite_create
from antq.core.testing.browser import ARTIFACTS
from antq.core.testing.factories import OrganisationFactory, make_tree, make_user
from antq.tips.tests.helpers import make_tip

LAT, LON = 16.8163, 107.1003
# where, on the page, the nearby cameras begin and the timeline ends
FEATURE_SPAN = """() => [document.getElementById("cameras").getBoundingClientRect().top + scrollY,
  document.getElementById("timeline").getBoundingClientRect().bottom + scrollY]"""
# the innermost elements of this feature's sections (and the timeline it writes to) that reach
# beyond the screen's edges, by section and tag
WIDER_THAN_THE_SCREEN = """() =>
  [...document.querySelectorAll("#cameras *, #footage *, #timeline *")]
  .filter(e => { const r = e.getBoundingClientRect();
                 return r.width && (r.left < -1 || r.right > window.innerWidth + 1); })
  .filter(e => ![...e.children].some(c => { const r = c.getBoundingClientRect();
                 return r.width && (r.left < -1 || r.right > window.innerWidth + 1); }))
  .filter(e => !e.closest(".table-responsive, .leaflet-container"))
  .map(e => ((e.closest("[id]") || {}).id || "") + ">" + e.tagName).slice(0, 8)"""


@pytest.mark.browser
def test_a_footage_request_from_a_tips_page(live_server, transactional_db, browser_page):
    tree = make_tree()
    editor = make_user(tree.a, "editor", username="officer")
    today = timezone.localdate()
    tip = make_tip(
        editor,
        tree.a,
        latitude=LAT,
        longitude=LON,
        occurred_on=today - timedelta(days=1),
        occurred_time=time(21, 30),
        occurred_place="Cổng chợ Hòa Bình",
    )
    shop = OrganisationFactory(area=tree.a, name="Cửa hàng Điện máy Xanh Hòa Bình")
    for north_m, fields in (
        (80, {"owner_type": "enterprise", "owner_organisation": shop, "address": "12 Lê Lợi"}),
        (350, {"owner_type": "household", "address": "Nhà ông Hải, thôn 1"}),
        (800, {"owner_type": "commune_system", "address": "Ngã tư chợ", "connected": True}),
    ):
        camerasite_create(
            acting_user=editor,
            area=tree.a,
            latitude=LAT + north_m / 111_195,
            longitude=LON,
            heads=2,
            retention_days=7,
            footage_consent=True,
            **fields,
        )
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    url = f"{live_server.url}{tip.get_absolute_url()}"
    page.goto(url)
    assert page.locator("#nearby-list [data-nearby]").get_attribute("data-nearby") == "2"
    page.select_option("#nearby-metres", "1000")  # htmx swaps the list in
    page.wait_for_selector("#nearby-list [data-nearby='3']")
    assert page.url == url  # the page stayed; only the list changed
    shop_site = page.locator("#id_footage-camera_site option", has_text="12 Lê Lợi")
    page.select_option("#id_footage-camera_site", shop_site.get_attribute("value"))
    assert page.input_value("#id_footage-window_start").endswith("T20:30")
    page.fill("#id_footage-reason", "Xác định xe máy rời cổng chợ khoảng 21h30.")
    page.click("#footage-form button[type=submit]")
    page.wait_for_selector("[data-footage][data-outcome='']")
    page.select_option("[data-answer] select", "agreed")
    page.fill("[data-answer] textarea", "Chủ cửa hàng đã sao chép 2 giờ ghi hình vào USB.")
    page.click("[data-answer] button[type=submit]")
    page.wait_for_selector("[data-footage][data-outcome='agreed']")
    assert page.locator("#timeline [data-event='footage_outcome']").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang in ("vi", "ar"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.click(f"#language-form button[data-lang={lang}]")
        page.wait_for_load_state()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{url}?m=1000#cameras")
            assert page.locator("html").get_attribute("lang") == lang
            wide = page.evaluate(WIDER_THAN_THE_SCREEN)
            assert not wide, f"{lang} at {width} px runs off the screen: {wide}"
            # the part of the page this feature draws: from the nearby cameras to the timeline
            top, bottom = page.evaluate(FEATURE_SPAN)
            page.screenshot(
                path=str(ARTIFACTS / f"tip-footage-{lang}-{width}.png"),
                full_page=True,
                clip={"x": 0, "y": top - 8, "width": width, "height": bottom - top + 16},
            )
