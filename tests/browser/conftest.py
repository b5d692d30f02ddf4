"""Real-browser tests: Playwright driving Debian's Chromium against the live test server.

Playwright cannot download its own browser here, so these tests use /usr/bin/chromium and fail
(never skip) when it is missing: CI installs it.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("OPENCSC_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: install it with 'apt-get install chromium'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, where):
        results = _axe_once_settled(axe, page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, f"{where}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]} {v['nodes'][0].get('failureSummary', '')[:200]}"
            for v in serious)
        return results

    return check


def _axe_once_settled(axe, page, tries=3):
    """Run axe after the page has loaded. A click that submits a form may still be navigating when
    the test moves on; axe then meets a document being replaced, so wait for the load and try again."""
    from playwright.sync_api import Error

    for attempt in range(tries):
        page.wait_for_load_state("load")
        try:
            return axe.run(page)
        except Error as navigating:
            if attempt == tries - 1 or not re.search(r"documentElement|context was destroyed|navigat", str(navigating)):
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def sign_out(page):
    """End the session as closing the browser would. Leave the page first: a request it still has in
    flight (a poll, a save-as-you-type) could otherwise answer after the cookies are cleared and set
    the old session again, so the next sign-in page would redirect to the old user's first page."""
    page.goto("about:blank")
    page.context.clear_cookies()
    assert not page.context.cookies(), page.context.cookies()


def sign_in(page, live_server, username):
    """Sign in through the sign-in page, as a person would (two-factor is off outside its own tests)."""
    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def both_widths(page, axe_check, where):
    """Axe at 1280 px and at a phone's 390 px, where the page must be no wider than the screen."""
    axe_check(page, f"{where} at 1280 px")
    page.set_viewport_size({"width": 390, "height": 844})
    axe_check(page, f"{where} at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{where} overflows a phone"
    page.set_viewport_size({"width": 1280, "height": 900})
