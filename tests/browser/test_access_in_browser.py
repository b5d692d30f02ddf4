"""Access in a real browser: two-factor enrolment, a refused record, and two people editing at once."""

import re
from datetime import date

import pyotp
import pytest

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
    assert page.get_by_role("heading", name="Set up two-factor sign-in").is_visible()
    assert page.locator(".app-qr svg").is_visible()
    axe_check(page, "two-factor enrolment")
    key = page.locator(".app-secret").inner_text().replace(" ", "")
    assert key == TwoFactorDevice.objects.get(user=worker.user).secret
    page.get_by_label("Code from your authenticator app").press_sequentially(pyotp.TOTP(key).now())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Find a child").is_visible()

    page.get_by_role("button", name="Sign out").click()
    password_step(page, live_server, worker.user.username)
    page.wait_for_url(re.compile(r"/two-factor/"))
    assert page.get_by_role("heading", name="Enter your code").is_visible()  # no new QR code
    page.get_by_label("Code from your authenticator app").press_sequentially("123456")
    page.keyboard.press("Enter")
    assert "That code is not right" in page.locator(".govuk-error-summary").inner_text()


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
    assert mine.get_by_text("Case note updated").is_visible()
    theirs.get_by_role("button", name="Save changes").click()
    assert theirs.get_by_text("Someone else changed this note while you were editing it").is_visible()
    assert theirs.locator("#theirs-text").inner_text() == "Seen at home with mum."
    assert theirs.locator("#yours-text").inner_text() == "Seen at home; dad was there too."
    assert theirs.get_by_label("Case note").input_value() == "Seen at home; dad was there too."  # still in the form
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
    assert page.get_by_role("link", name="Lily Hartley").count() == 0  # identity tier: no link to the record
    page.get_by_role("link", name="Ask for access to Lily Hartley's record").click()
    page.get_by_label("Why do you need this record now?").fill("Police called at 2am: child found alone, need the plan")
    page.get_by_role("button", name="Open the record").click()
    assert page.get_by_role("heading", name="Lily Hartley").is_visible()
    assert page.get_by_text("Break-glass access granted").is_visible()
    page.get_by_role("button", name="Sign out").click()
    password_step(page, live_server, "tess.manager")
    page.get_by_role("link", name=re.compile("Notifications")).click()
    assert "Police called at 2am" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("used break-glass")).click()
    page.get_by_role("button", name="Revoke access of oli.other").click()
    assert page.get_by_text("Access revoked for oli.other").is_visible()


def test_a_worker_restricts_their_note_to_the_manager_from_the_record(page, live_server, worker, axe_check):
    child = allocate_to(people.create_person(first_name="Lily", last_name="Hartley", date_of_birth=date(2016, 5, 9)), worker)
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team, name="Tess Manager")
    add_case_note(child, author=worker, date=date(2025, 1, 2), note_type="visit", subject="Disclosure", text="For the manager.")
    password_step(page, live_server, worker.user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name="Restrict the note ‘Disclosure’").click()
    assert page.get_by_role("heading", name="Restrict this case note").is_visible()
    axe_check(page, "restrict a case note")
    page.get_by_label("Tess Manager (Team manager)").check()
    page.get_by_role("button", name="Save who may read it").click()
    page.wait_for_url(f"{live_server.url}/children/{child.pk}/")
    assert "restricted to its author and 1 named person" in page.locator(".govuk-notification-banner").inner_text()
