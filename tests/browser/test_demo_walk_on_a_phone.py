"""The demo walked on a phone (second walk): every demo sign-in, on a synthetic authority made by the
demo's own generator, lands on its first page and opens every page of its menu at 390 px, and none is
wider than the screen; axe finds nothing serious on each first page."""

import re

import pytest

from opencsc.synth.generator import DEMO_PASSWORD, DEMO_USERS, AuthorityGenerator, create_demo_users
from tests.browser.conftest import sign_out

pytestmark = pytest.mark.django_db(transaction=True)


# What pushes a page wider than the screen: the innermost elements whose right edge is past it.
WIDEST = """Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 391
  && !Array.from(e.children).some(c => c.getBoundingClientRect().right > 391)).slice(0, 3)
  .map(e => e.tagName.toLowerCase() + '.' + (e.className || '') + ' ' + (e.textContent || '').trim().slice(0, 40))"""


@pytest.fixture
def demo():
    AuthorityGenerator(30, seed=11).run()
    create_demo_users()


def test_every_demo_roles_first_page_and_menu_fit_a_phone(page, live_server, demo, axe_check):
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide, walked = [], []
    for username, *_ in DEMO_USERS:
        sign_out(page)
        response = page.goto(f"{live_server.url}/sign-in/")
        # Said in full if it ever fails (CI once found no Username field here and said nothing more).
        seen = f"{username}: /sign-in/ answered {response.status} at {page.url}: {page.inner_text('body')[:300]!r}"
        assert response.ok and page.get_by_label("Username").count() == 1, seen
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/(\?.*)?$"))
        axe_check(page, f"{username}'s first page at 390 px")
        menu = [link.get_attribute("href") for link in page.locator(".govuk-service-navigation__link").all()]
        for where in ["/", *menu]:
            response = page.goto(f"{live_server.url}{where}")
            assert response.status < 400, f"{username}: {where} answered {response.status}"
            width = page.evaluate("document.documentElement.scrollWidth")
            walked.append((username, where))
            if width > 390:
                too_wide.append(f"{username} {where}: {width} px, from {page.evaluate(WIDEST)}")
    assert len({u for u, _ in walked}) == len(DEMO_USERS) and len(walked) > 2 * len(DEMO_USERS)
    assert not too_wide, too_wide
