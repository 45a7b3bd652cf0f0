"""The evaluation page in a real browser, in Arabic: right to left, pre-filled choices, and the
reason asked for only when the answer differs from what the records say."""

import pytest

from antq.core.testing.browser import ARTIFACTS


@pytest.mark.browser
def test_the_evaluation_page_in_arabic(live_server, transactional_db, browser_page):
    from datetime import date

    from antq.core.testing.factories import make_area, make_user
    from antq.evaluations import catalogue
    from antq.evaluations.tests.helpers import register, start

    catalogue.load()  # a transactional test may follow one that emptied the tables
    country = make_area(name="Việt Nam", code="VN")
    province = make_area(country, name="Tỉnh Quảng Trị", code="44")
    commune = make_area(province, name="Xã Hòa Bình", code="10001")
    village = make_area(commune, name="Thôn 1", code="T01")
    editor = make_user(commune, "editor", username="officer")
    register(editor, village, on=date(2025, 2, 1))
    assessment = start(editor, village)

    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.click("#language-form button[data-lang=ar]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    card = page.locator("#criterion-registered")
    assert card.locator("input[value=yes]").is_checked()  # pre-filled: registered on time
    reason = card.locator(".override-reason")
    assert reason.is_hidden()
    card.locator("input[value=no]").check()
    assert reason.is_visible()
    card.locator("input[value=yes]").check()
    assert reason.is_hidden()
    manual = page.locator("#criterion-households_registered")
    assert not manual.locator("input[value=yes]").is_checked()
    assert manual.locator(".override-reason").is_hidden()  # no suggestion to differ from

    page.click("#complete")
    page.wait_for_load_state()
    assert page.locator("#form-errors").is_visible()
    assert page.locator('[data-error="households_registered__met"]').count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "evaluation-ar.png"), full_page=True)
