"""On a phone-sized screen (390 px): Find a child, My work and the child's record are no wider than the
screen, have no serious axe violation, and every asset the pages ask for loads."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.recording.services import add_case_note
from tests.conftest import PASSWORD, allocate_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def busy_child(worker):
    child = people.create_person(first_name="Maximilian-Alexander", last_name="Fotheringham-Worthington", date_of_birth=date(2014, 2, 3),
                                 sex="M", ethnicity="WBRI", nhs_number="9434765919")
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=50), source="6", primary_need="N1")
    cw.start_assessment(referral, start_date=timezone.localdate() - timedelta(days=49))
    people.add_address(child, line_1="Flat 12, Wellington-Harrington Court, 145 Longstreetname Road", town="Hartlepool",
                       postcode="TS24 7AA", start_date=date(2014, 2, 3))
    mum = people.create_person(kind="adult", first_name="Georgiana", last_name="Fotheringham-Worthington", sex="F")
    people.link_relative(child, mum, "mother", parental_responsibility=True, pr_basis="birth")
    for i in range(3):
        add_case_note(child, author=worker, date=date(2026, 1, 1 + i), note_type="visit", subject=f"A visit with a long subject line {i}",
                      text="Seen at home with mother; spoke about school, friends and the family's plans for the summer holidays.")
    return allocate_to(child, worker, start=timezone.localdate() - timedelta(days=50))


def test_the_main_pages_fit_a_phone_and_load_every_asset(page, live_server, worker, busy_child, axe_check):
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(worker.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    for where in ("/?q=Fotheringham", "/my-work/", f"/children/{busy_child.pk}/", f"/children/{busy_child.pk}/genogram/"):
        page.goto(f"{live_server.url}{where}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{where} is {width} px wide on a 390 px screen"
        axe_check(page, f"{where} at 390 px")
    assert not failed, failed


# Every page a worker opens for a child, and the pages each other role starts from: none may be wider
# than a phone. (Axe runs on the three named pages above; here the width is what is checked.)
CHILD_FORMS = ["details/", "addresses/new/", "family/new/", "professionals/new/", "genogram/", "case-notes/new/",
               "documents/new/", "letters/", "assessment/", "strategy-discussion/", "visit/", "meetings/book/",
               "looked-after/", "close/"]
OTHER_PAGES = {"team.lead": ["/team/", "/authorisations/", "/access/break-glass/", "/letter-templates/"],
               "data.analyst": ["/returns/", "/returns/data-quality/", "/returns/import/"],
               "fran.frontdoor": ["/front-door/", "/contacts/new/", "/notifications/", "/my-activity/"]}


def test_every_page_a_worker_opens_for_a_child_and_each_roles_first_pages_fit_a_phone(page, live_server, worker, busy_child):
    from opencsc.staff.models import RoleCode, Team
    from tests.browser.conftest import sign_in, sign_out
    from tests.conftest import make_worker

    make_worker("team.lead", RoleCode.TEAM_MANAGER, worker.team)
    make_worker("data.analyst", RoleCode.DATA_ANALYST)
    make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, Team.objects.create(name="Front Door", service="front door"))
    too_wide = []

    def walk(paths):
        for where in paths:
            response = page.goto(f"{live_server.url}{where}")
            assert response.status < 400, f"{where}: {response.status}"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide.append(f"{where} is {width} px")

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, worker.user.username)
    walk(f"/children/{busy_child.pk}/{form}" for form in CHILD_FORMS)
    managers = [f"/children/{busy_child.pk}/views/", f"/children/{busy_child.pk}/restrict/"]
    for username, paths in OTHER_PAGES.items():
        sign_out(page)
        sign_in(page, live_server, username)
        walk(paths + (managers if username == "team.lead" else []))
    assert not too_wide, too_wide
