"""A list on a phone, in a real browser: the filters fold behind a button and the rows become
cards, so that nothing runs off a 390 px screen, in Vietnamese and in Arabic."""

from datetime import date, timedelta

import pytest

from antq.cameras.models import CameraSite
from antq.core.testing.browser import ARTIFACTS
from antq.core.testing.factories import make_tree, make_user
from antq.tips.tests.helpers import make_tip

PHONE = {"width": 390, "height": 844}


def _no_horizontal_scroll(page):
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]"
    )
    assert max(sizes[0], sizes[2]) <= sizes[1], f"{page.url}: {sizes} (scroll width, viewport)"


@pytest.mark.browser
def test_tips_and_camera_lists_fit_a_phone_in_vietnamese_and_arabic(
    live_server, transactional_db, browser_page
):
    tree = make_tree()
    editor = make_user(tree.a, "editor", username="xa_editor", unit=tree.a)
    long_ago = date.today() - timedelta(days=60)
    make_tip(editor, tree.a, received_on=long_ago)  # overdue
    make_tip(editor, tree.a, channel="letter")
    for i in range(3):
        CameraSite.objects.create(
            area=tree.a1,
            address=f"Nhà văn hóa thôn 1, số {i}",
            owner_type="household",
            heads=4,
            connected=i % 2 == 0,
            reconfirm_due_on=long_ago if i == 0 else date.today() + timedelta(days=90),
        )

    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tips/")
    page.fill("#id_username", "xa_editor")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/tips/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for language in ("vi", "ar"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for name, path in (("tips", "/tips/"), ("cameras", "/cameras/sites/")):
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == language
            # the filters are folded; the button opens them
            assert not page.locator("#list-filters").is_visible()
            _no_horizontal_scroll(page)
            # a row is a card of labelled lines: the column names are off, the labels on
            assert not page.locator(".record-cards thead").is_visible()
            assert page.locator(".record-cards tbody tr").count() == (2 if name == "tips" else 3)
            assert page.locator(".date-overdue").count() == 1
            page.screenshot(path=str(ARTIFACTS / f"list-phone-{name}-{language}.png"))
            page.click("#filters-toggle")
            page.wait_for_selector("#list-filters.show")
            _no_horizontal_scroll(page)
        page.screenshot(
            path=str(ARTIFACTS / f"list-phone-cameras-filters-{language}.png"), full_page=True
        )

    # on a desktop: the page's box selects every row, and the bulk re-confirmation runs
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    page.goto(f"{live_server.url}/cameras/sites/")
    page.check("[data-select-all]")
    assert page.locator("input[name=selected]:checked").count() == 3
    page.screenshot(path=str(ARTIFACTS / "list-desktop-cameras-vi.png"))
    page.select_option("#bulk-action", "reconfirm")
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector("#bulk-confirm")
    assert "Đã chọn 3 bản ghi" in page.locator("#bulk-summary").inner_text()
    page.screenshot(path=str(ARTIFACTS / "list-bulk-confirm-vi.png"))
    page.click("#bulk-confirm button[type=submit]")
    page.wait_for_url("**/cameras/sites/")
    assert "Đã thay đổi 3 bản ghi." in page.locator("main").inner_text()
    assert page.locator(".date-overdue").count() == 0
    assert CameraSite.objects.filter(verified_on=date.today()).count() == 3
