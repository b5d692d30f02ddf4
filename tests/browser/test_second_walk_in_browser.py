"""The second walk's items 2 to 6 in Chromium, axe at 1280 and 390 px on each page touched: Back after a
save, a decision that reaches a manager, a plan update keeping its review, a manager's comment that reaches
the worker, and an address's dates corrected from the refusal that names the fix."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.plans import services as plans
from opencsc.recording.models import CaseNote
from tests.browser.conftest import both_widths, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, prefix, day):
    page.locator(f"#id_{prefix}-day").fill(str(day.day))
    page.locator(f"#id_{prefix}-month").fill(str(day.month))
    page.locator(f"#id_{prefix}-year").fill(str(day.year))


def test_back_after_saving_a_note_never_saves_it_twice_unasked(page, live_server, world, axe_check):
    child = world["child"]
    sign_in(page, live_server, world["worker"].user.username)
    page.goto(f"{live_server.url}/children/{child.pk}/case-notes/new/")
    page.locator('input[name="note_type"]').first.check()
    page.get_by_label("Subject").fill("Call with school")
    page.get_by_label("Case note", exact=True).fill("School says she is settled.")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_url(re.compile(rf"/children/{child.pk}/"))
    page.go_back()
    expect(page.get_by_label("Subject")).to_have_value("")  # not the filled form, kept by the browser
    page.locator('input[name="note_type"]').first.check()
    page.get_by_label("Subject").fill("Call with school")
    page.get_by_label("Case note", exact=True).fill("School says she is settled.")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("You saved this same note at")
    both_widths(page, axe_check, "the same note asked about")
    assert CaseNote.objects.filter(child=child).count() == 1


def test_a_decision_for_an_unheld_child_reaches_the_front_door_manager(page, live_server, world, axe_check):
    from opencsc.staff.models import RoleCode
    from tests.conftest import make_worker

    door_manager = make_worker("fern.doormanager", RoleCode.TEAM_MANAGER, world["front_door"].team)
    child = people.create_person(first_name="Nobody", last_name="Holds", date_of_birth=date(2019, 1, 1))
    contact = cw.record_contact(child, received_at=timezone.now() - timedelta(hours=1), source="2A", reason="abuse_neglect",
                                consent="given")
    cw.decide_contact(contact, outcome="nfa", decided_at=timezone.now(), decided_by=world["front_door"], rationale="Advice given")
    cw.request_authorisation(child, cw.Kind.CONTACT_DECISION, contact, requested_by=world["front_door"],
                             summary="Contact decision: no further action")
    sign_in(page, live_server, door_manager.user.username)
    page.goto(f"{live_server.url}/authorisations/")
    expect(page.get_by_text("Contact decision: no further action")).to_be_visible()
    both_widths(page, axe_check, "the front door manager's authorisations")


def test_a_plan_update_starts_with_the_next_review_and_the_managers_comment_reaches_the_worker(page, live_server, world, axe_check):
    child, worker, today = world["child"], world["worker"], timezone.localdate()
    referral = cw.open_referral(child, referral_date=today - timedelta(days=100), source="6", primary_need="N1")
    cw.start_cin_plan(referral, start_date=today - timedelta(days=95))
    plans.save_version(plans.open_plan(child, "cin"), made_on=today - timedelta(days=10), made_at="other", purpose="Safe at home",
                       needs="Routines", contingency="", next_review=today + timedelta(days=50), by=worker)
    sign_in(page, live_server, worker.user.username)
    page.goto(f"{live_server.url}/children/{child.pk}/plans/cin/update/")
    review = today + timedelta(days=50)
    expect(page.locator("#id_next_review-day")).to_have_value(str(review.day))
    expect(page.locator("#id_next_review-year")).to_have_value(str(review.year))
    both_widths(page, axe_check, "updating a plan")

    assessment = cw.start_assessment(referral, start_date=today - timedelta(days=5))
    asked = cw.request_authorisation(child, cw.Kind.ASSESSMENT, assessment, requested_by=worker, summary="Assessment of needs")
    sign_out(page)
    sign_in(page, live_server, world["manager"].user.username)
    page.goto(f"{live_server.url}/authorisations/{asked.pk}/")
    page.get_by_label("Comment").fill("Good analysis; see the school again before the review.")
    both_widths(page, axe_check, "authorising with a comment")
    page.get_by_role("button", name="Authorise", exact=True).click()
    page.wait_for_url(re.compile("/authorisations/$"))
    sign_out(page)
    sign_in(page, live_server, worker.user.username)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text(re.compile("see the school again before the review"))).to_be_visible()
    both_widths(page, axe_check, "the worker's notifications")


def test_an_address_refused_for_its_dates_links_to_the_fix_and_then_saves(page, live_server, world, axe_check):
    child = world["child"]
    first = people.add_address(child, line_1="1 Guess Street", postcode="TS24 1AA", start_date=date(2026, 11, 20))
    sign_in(page, live_server, world["worker"].user.username)
    page.goto(f"{live_server.url}/children/{child.pk}/addresses/new/")
    page.get_by_label("Address line 1").fill("2 Real Road")
    page.get_by_label("Postcode").fill("TS24 2BB")
    fill_date(page, "start_date", date(2026, 11, 1))
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("correct the current address")
    page.locator(f'a[href="/children/{child.pk}/addresses/{first.pk}/dates/"]').first.click()
    both_widths(page, axe_check, "correcting an address's dates")
    fill_date(page, "start_date", date(2026, 1, 5))
    page.get_by_label("Why are the dates being corrected?").fill("The front door recorded the contact date")
    page.get_by_role("button", name=re.compile("Save")).click()
    first.refresh_from_db()
    assert first.start_date == date(2026, 1, 5)
