"""The inbox on a phone, in a real browser: the badge arrives in the navigation, the page fits
the screen, and an item opens the tip where the work is done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from antq.core.testing.factories import make_tree, make_user
from antq.inbox import selectors
from antq.tips.tests.helpers import make_tip


@pytest.mark.browser
def test_the_inbox_on_a_phone(live_server, transactional_db, browser_page):
    tree = make_tree()
    editor = make_user(tree.a, "editor", username="officer")
    tip = make_tip(editor, tree.a, received_on=timezone.localdate() - timedelta(days=30))
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "pass-word-123")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#inbox-summary").inner_text().count(tip.code) == 1
    page.click(".navbar-toggler")
    total = str(selectors.total(editor))  # the tip, and the commune's tally of last month
    assert page.locator("#nav-inbox [data-inbox-badge]").inner_text().startswith(total)
    page.click("#nav-inbox")
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click(f"[data-inbox-kind=tips-overdue] >> text={tip.code}")
    page.wait_for_url(f"{live_server.url}{tip.get_absolute_url()}")
