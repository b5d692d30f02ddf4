"""The front door queue in Chromium (second walk, item 7): the most urgent contact first and flagged,
ages shown, the urgency changed from the queue; on a 390 px phone each row is a card with its
"Decide" link on screen, and the break-glass review page fits too. Axe at 1280 and 390 px."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.access.models import BreakGlassGrant
from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.staff.models import RoleCode, Team
from tests.browser.conftest import both_widths, sign_in
from tests.conftest import allocate_to, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue():
    team = Team.objects.create(name="Front Door", service="front door")
    fran = make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, team, name="Fran Door")
    make_worker("fred.doormanager", RoleCode.TEAM_MANAGER, team)
    today = timezone.localdate()
    for name, born, minutes, urgency in (("Kelly", date(today.year - 24, 3, 1), 300, "standard"),
                                         ("Oliver", date(today.year - 9, 3, 1), 200, "24_hours"),
                                         ("Poppy", date(today.year - 4, 3, 1), 5, "same_day")):
        child = people.create_person(first_name=name, last_name="Longsurname-Doublebarrelled", date_of_birth=born)
        cw.record_contact(child, received_at=timezone.now() - timedelta(minutes=minutes), source="2A", reason="abuse_neglect",
                          consent="given", urgency=urgency, recorded_by=fran, referrer_organisation="Synthshire Primary School",
                          details="Came to school with a cut lip and would not say how; the teacher asked twice.")
    return fran


def test_the_queue_puts_the_most_urgent_first_and_fits_a_phone(page, live_server, queue, axe_check):
    sign_in(page, live_server, "fran.frontdoor")
    page.goto(f"{live_server.url}/front-door/")
    rows = page.get_by_test_id("waiting-contact")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Poppy")
    expect(rows.nth(0)).to_contain_text("Same day: act now")
    expect(rows.nth(2)).to_contain_text("Adult")
    both_widths(page, axe_check, "the front door queue")
    page.set_viewport_size({"width": 390, "height": 844})
    for n in range(3):
        decide = rows.nth(n).get_by_role("link", name="Decide")
        decide.scroll_into_view_if_needed()
        box = decide.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"row {n}: Decide is off screen at {box}"
    # The urgency is changed from the queue, with a reason, by keyboard alone.
    rows.nth(2).get_by_role("link", name="Change").click()
    page.get_by_label("Within 24 hours").check()
    page.get_by_label("Why has the urgency changed?").fill("The GP rang back: mother has left the children alone")
    page.get_by_label("Why has the urgency changed?").press("Enter")
    expect(page.get_by_text("Urgency now: Within 24 hours")).to_be_visible()
    both_widths(page, axe_check, "the queue after a change")
    expect(page.get_by_test_id("waiting-contact").nth(1)).to_contain_text("Kelly")


def test_the_break_glass_review_page_stacks_on_a_phone(page, live_server, worker, axe_check):
    manager = make_worker("team.lead", RoleCode.TEAM_MANAGER, worker.team)
    analyst = make_worker("data.analyst", RoleCode.DATA_ANALYST)
    child = allocate_to(people.create_person(first_name="Glass", last_name="Broken-Longername", date_of_birth=date(2015, 1, 1)),
                        worker)
    BreakGlassGrant.objects.create(user=analyst.user, person=child, reason="Checking a census error with the team the same day",
                                   granted_at=timezone.now(),
                                   expires_at=timezone.now() + timedelta(hours=4))
    sign_in(page, live_server, manager.user.username)
    page.goto(f"{live_server.url}/access/break-glass/")
    expect(page.get_by_text("Checking a census error")).to_be_visible()
    both_widths(page, axe_check, "the break-glass review")
    page.set_viewport_size({"width": 390, "height": 844})
    revoke = page.get_by_role("button", name="Revoke")
    revoke.scroll_into_view_if_needed()
    box = revoke.bounding_box()
    assert box["x"] + box["width"] <= 390, f"Revoke is off screen at {box}"
