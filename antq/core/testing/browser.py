"""The browser the UI tests drive: Debian's Chromium through Playwright (RECIPES.md). The
`browser_page` fixture is registered for the whole suite in antq/conftest.py; a test that fails
leaves a screenshot of the page, and what the page's scripts reported, in ARTIFACTS."""

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


@pytest.fixture
def browser_page(request, monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/ensure_system.sh --browser (make test does)."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM work here is synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        said = []
        page.on("console", lambda m: said.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: said.append(f"page error: {e}"))
        yield page
        report = getattr(request.node, "antq_call_report", None)
        if report is not None and report.failed:
            _leave_evidence(request.node.name, page, said)
        browser.close()


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
