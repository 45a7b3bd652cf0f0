"""The approver's page in a real browser, 390 px wide, for a province of 78 communes, in
Vietnamese and in Arabic: those that have not reported first, nothing wider than the screen, and
nothing the content security policy refuses."""

import pytest

from antq.core.testing.browser import ARTIFACTS
from antq.core.testing.factories import make_area, make_user
from antq.reporting.tests.helpers import at, tally

COMMUNES = 78


@pytest.mark.browser
def test_seventy_eight_communes_on_a_phone(live_server, transactional_db, browser_page):
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    for n in range(COMMUNES):
        commune = make_area(province, name=f"Xã Phong Nha Kẻ Bàng số {n}", code=f"{10000 + n}")
        if n % 3 == 0:
            tally(commune, status="approved", submitted_at=at(2024, 4, 2, 9, 0))
        elif n % 3 == 1:
            tally(commune, submitted_at=at(2024, 4, 20, 9, 0))
    make_user(province, "approver", username="officer")
    page = browser_page
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    for lang in ("vi", "ar"):
        if lang == "ar":  # the language buttons are folded into the menu on a phone
            page.set_viewport_size({"width": 1280, "height": 900})
            page.click("#language-form button[data-lang=ar]")
            page.wait_for_load_state()
            page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/reporting/completeness/?month=2024-03")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        counts = {
            key: page.locator(f'[data-count="{key}"]').inner_text()
            for key in ("expected", "received", "on_time", "late", "missing")
        }
        assert counts == {
            "expected": "78",
            "received": "52",
            "on_time": "26",
            "late": "26",
            "missing": "26",
        }
        states = page.locator("#units li").evaluate_all("els => els.map(e => e.dataset.state)")
        assert states == ["missing"] * 26 + ["late"] * 26 + ["approved"] * 26
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"{lang}: the page is {wide} px wide"
        page.screenshot(path=str(ARTIFACTS / f"reporting-completeness-{lang}.png"))
    assert not violations
