"""An autosave that reaches the server after its own form's submit (a slow connection, a VPN) must
never bring that form back: the next visit or family member is a new form, saved as itself.

The autosave requests are held by the browser (Playwright's route) until the submit has been answered,
so the race happens every time, not by luck of timing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.casework.models import StatutoryVisit
from opencsc.people import services as people
from opencsc.people.models import Relationship
from tests.browser.conftest import sign_in
from tests.conftest import allocate_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ada(worker):
    child = people.create_person(first_name="Ada", last_name="Quill", date_of_birth=date(2016, 2, 2), sex="F")
    cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=10), source="6", primary_need="N1")
    return allocate_to(child, worker, start=timezone.localdate() - timedelta(days=10))


def hold_autosaves(page):
    """Every autosave is held on its way, and reaches the server only when ``release`` is called (after
    the submit), as it would over a slow connection. The browser abandons it when the page moves on, so
    the held request is sent again, byte for byte with the same session, from outside the page."""
    held = []

    def hold(route):
        held.append((route.request.url, route.request.headers, route.request.post_data_buffer))

    page.route("**/drafts/**", hold)

    def release():
        page.unroute("**/drafts/**")
        sent = len(held)
        for url, headers, body in held:
            page.context.request.post(url, data=body, headers={"content-type": headers["content-type"],
                                                                  "x-csrftoken": csrf_token(page), "referer": url})
        held.clear()
        return sent
    return release


def csrf_token(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def fill_visit(page, what_the_child_said):
    """The date, kind and "seen" come filled in; what the child said is typed (and autosaved)."""
    page.get_by_label("What the child said").fill(what_the_child_said)


def test_a_second_visit_is_saved_although_the_first_visits_autosave_arrived_after_its_submit(page, live_server, ada):
    sign_in(page, live_server, "sam.worker")
    release = hold_autosaves(page)
    page.goto(f"{live_server.url}/children/{ada.pk}/visit/")
    fill_visit(page, "I like my new school.")
    page.wait_for_timeout(1200)  # the autosave has left (and is held on the way)
    page.get_by_role("button", name="Save visit").click()
    page.wait_for_url(f"{live_server.url}/children/{ada.pk}/**")
    assert release() >= 1, "the autosave was sent before the submit"
    page.wait_for_timeout(500)  # the late autosave has reached the server

    page.goto(f"{live_server.url}/children/{ada.pk}/visit/")
    expect(page.get_by_label("What the child said")).to_have_value("")  # a submitted form never comes back
    fill_visit(page, "Mum was cross this morning.")
    page.get_by_role("button", name="Save visit").click()
    page.wait_for_url(f"{live_server.url}/children/{ada.pk}/**")
    expect(page.locator(".govuk-notification-banner")).not_to_contain_text("already saved")
    assert sorted(StatutoryVisit.objects.filter(child=ada).values_list("child_views", flat=True)) == [
        "I like my new school.", "Mum was cross this morning."]


def test_a_grandmother_added_after_the_mother_is_kept(page, live_server, ada):
    sign_in(page, live_server, "sam.worker")
    release = hold_autosaves(page)
    for first_name, relationship in (("Jo", "mother"), ("Maud", "grandparent")):
        page.goto(f"{live_server.url}/children/{ada.pk}/family/new/")
        expect(page.get_by_label("First name", exact=True)).to_have_value("")
        page.get_by_label("Who are they to the child?").select_option(relationship)
        page.get_by_label("First name", exact=True).fill(first_name)
        page.get_by_label("Last name", exact=True).fill("Quill")
        page.wait_for_timeout(1200)
        page.get_by_role("button", name="Add them").click()
        page.wait_for_url(f"{live_server.url}/children/{ada.pk}/**")
        release()
        page.wait_for_timeout(500)
        release = hold_autosaves(page)
    assert sorted(Relationship.objects.filter(person=ada).values_list("relative__first_name", flat=True)) == ["Jo", "Maud"]


def test_a_case_note_whose_autosave_arrived_late_is_not_put_back_and_back_after_saving_shows_an_empty_form(page, live_server, ada):
    sign_in(page, live_server, "sam.worker")
    release = hold_autosaves(page)
    url = f"{live_server.url}/children/{ada.pk}/case-notes/new/"
    page.goto(url)
    page.locator("[name=note_type]").first.check()
    page.get_by_label("Subject").fill("Call with school")
    page.get_by_label("Case note", exact=True).fill("School says Ada is settled.")
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Save case note").click()
    page.wait_for_url(f"{live_server.url}/children/{ada.pk}/")
    assert release() >= 1
    page.wait_for_timeout(500)
    page.go_back()  # Back after the save: the form is fetched again, empty, never refilled
    expect(page.get_by_label("Case note", exact=True)).to_have_value("")
    page.goto(url)
    expect(page.get_by_label("Case note", exact=True)).to_have_value("")
