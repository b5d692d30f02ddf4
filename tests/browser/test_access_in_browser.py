"""Access in a real browser: two-factor enrolment, a refused record, and two people editing at once."""

import re
from datetime import date

import pyotp
import pytest
from playwright.sync_api import expect

from opencsc.access.models import TwoFactorDevice
from opencsc.people import services as people
from opencsc.recording.services import add_case_note
from opencsc.staff.models import RoleCode
from tests.conftest import PASSWORD, allocate_to, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.two_factor
def test_a_new_worker_enrols_an_authenticator_then_signs_in_with_a_code(page, live_server, worker, axe_check):
    password_step(page, live_server, worker.user.username)
    page.wait_for_url(re.compile(r"/two-factor/"))
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator(".app-qr svg")).to_be_visible()
    axe_check(page, "two-factor enrolment")
    key = page.locator(".app-secret").inner_text().replace(" ", "")
    assert key == TwoFactorDevice.objects.get(user=worker.user).secret
    page.get_by_label("Code from your authenticator app").press_sequentially(pyotp.TOTP(key).now())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Find a child")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    password_step(page, live_server, worker.user.username)
    page.wait_for_url(re.compile(r"/two-factor/"))
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()  # no new QR code
    page.get_by_label("Code from your authenticator app").press_sequentially("123456")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code is not right")


def test_two_people_editing_one_note_the_second_sees_both_versions_and_loses_nothing(browser, live_server, worker):
    child = allocate_to(people.create_person(first_name="Lily", last_name="Hartley", date_of_birth=date(2016, 5, 9)), worker)
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    add_case_note(child, author=worker, date=date(2025, 1, 2), note_type="visit", subject="Home visit", text="Seen at home.")
    pages = []
    for who in (worker, manager):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(15_000)
        password_step(page, live_server, who.user.username)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/children/{child.pk}/")
        page.get_by_role("link", name="Edit the note ‘Home visit’").click()
        pages.append(page)
    mine, theirs = pages
    mine.get_by_label("Case note").fill("Seen at home with mum.")
    theirs.get_by_label("Case note").fill("Seen at home; dad was there too.")
    mine.get_by_role("button", name="Save changes").click()
    expect(mine.get_by_text("Case note updated")).to_be_visible()
    theirs.get_by_role("button", name="Save changes").click()
    expect(theirs.get_by_text("Someone else changed this note while you were editing it")).to_be_visible()
    expect(theirs.locator("#theirs-text")).to_have_text("Seen at home with mum.")
    expect(theirs.locator("#yours-text")).to_have_text("Seen at home; dad was there too.")
    expect(theirs.get_by_label("Case note")).to_have_value("Seen at home; dad was there too.")  # still in the form
    for page in pages:
        page.context.close()


def test_a_worker_without_access_finds_the_child_asks_for_break_glass_and_the_manager_sees_it(page, live_server, worker):
    from opencsc.staff.models import Team

    allocate_to(people.create_person(first_name="Lily", last_name="Hartley", date_of_birth=date(2016, 5, 9)), worker)
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    stranger = make_worker("oli.other", RoleCode.SOCIAL_WORKER, Team.objects.create(name="Out of Hours", service="emergency duty"))
    password_step(page, live_server, stranger.user.username)
    page.get_by_label("Name, date of birth, NHS number, UPN or local ID").fill("lily hartly")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Lily Hartley", exact=True)).to_have_count(0)  # identity tier: no link to the record
    page.get_by_role("link", name="Ask for access to Lily Hartley's record").click()
    page.get_by_label("Why do you need this record now?").fill("Police called at 2am: child found alone, need the plan")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", name="Lily Hartley")).to_be_visible()
    expect(page.get_by_text("Break-glass access granted")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    password_step(page, live_server, "tess.manager")
    page.get_by_role("link", name=re.compile("Notifications")).click()
    expect(page.locator("main")).to_contain_text("Police called at 2am")
    page.get_by_role("link", name=re.compile("used break-glass")).click()
    page.get_by_role("button", name="Revoke access of oli.other").click()
    expect(page.get_by_text("Access revoked for oli.other")).to_be_visible()


def test_a_worker_restricts_their_note_to_the_manager_from_the_record(page, live_server, worker, axe_check):
    child = allocate_to(people.create_person(first_name="Lily", last_name="Hartley", date_of_birth=date(2016, 5, 9)), worker)
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team, name="Tess Manager")
    add_case_note(child, author=worker, date=date(2025, 1, 2), note_type="visit", subject="Disclosure", text="For the manager.")
    password_step(page, live_server, worker.user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name="Restrict the note ‘Disclosure’").click()
    expect(page.get_by_role("heading", name="Restrict this case note")).to_be_visible()
    axe_check(page, "restrict a case note")
    page.get_by_label("Tess Manager (Team manager)").check()
    page.get_by_role("button", name="Save who may read it").click()
    page.wait_for_url(f"{live_server.url}/children/{child.pk}/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("restricted to its author and 1 named person")
