"""The browser the UI tests drive: Debian's Chromium through Playwright (RECIPES.md), launched
once per session; each test gets a new context and page, so no cookie or storage crosses tests.
The `browser_page` fixture is registered for the whole suite in antq/conftest.py; a test that
fails leaves a screenshot of the page, and what the page's scripts reported, in ARTIFACTS.

Playwright's sync API keeps an event loop running in this thread from the launch to the end of
the session, and Django refuses ORM calls while one runs: so the browser tests are ordered
last (antq/conftest.py), and from the launch on the session allows them (the ORM work in these
tests is synchronous)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("ANTQ_ARTIFACTS_DIR", settings.VAR_DIR / "artifacts"))


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/ensure_system.sh --browser (make test does)."
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp, sync_playwright() as p:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(request, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    said = []
    page.on("console", lambda m: said.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: said.append(f"page error: {e}"))
    yield page
    report = getattr(request.node, "antq_call_report", None)
    if report is not None and report.failed:
        _leave_evidence(request.node.name, page, said)
    context.close()


def _leave_evidence(name, page, said):
    """What a failed browser test saw: the page as drawn, and the scripts' messages (printed,
    so that a CI log holds them when the machine's files are gone)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"failed-{name}.png"
    try:
        page.screenshot(path=str(shot), full_page=True)
    except Exception as exc:  # noqa: BLE001 - the test has failed already; say why there is none
        shot = f"none ({exc.__class__.__name__})"
    print(f"\nbrowser at failure: {page.url}, {page.viewport_size}; screenshot: {shot}")
    for line in said[-30:]:
        print("  " + line)
