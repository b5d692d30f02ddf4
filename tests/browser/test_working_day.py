"""One working day across roles on the same child, in a real browser (axe at 1280 and 390 px): the front
door records a contact with what was said and decides; the manager takes the referral into the team,
sees the decision with its reasons on the authorisation and returns it with a comment; the front door
opens the returned decision and decides again; the manager authorises; the worker books the initial
conference and sends the invitation; the IRO allocated to a looked-after child sees next week's
review on My work and records it."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.casework.models import MeetingBooking
from opencsc.people import services as people
from opencsc.recording.models import Document
from opencsc.staff.models import RoleCode, Team
from tests.browser.conftest import both_widths, sign_in
from tests.conftest import allocate_to, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def fill_date(page, prefix, day):
    page.locator(f"#id_{prefix}-day").fill(str(day.day))
    page.locator(f"#id_{prefix}-month").fill(str(day.month))
    page.locator(f"#id_{prefix}-year").fill(str(day.year))


@pytest.fixture
def day(worker):
    worker.team.service = "child protection"
    worker.team.save()
    front = Team.objects.create(name="Front Door", service="front door")
    return {"door": make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, front),
            "manager": make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team),
            "iro": make_worker("ira.chair", RoleCode.IRO, name="Ira Chair")}


def test_a_working_day_across_roles_on_the_same_child(page, live_server, worker, day, axe_check):
    today = timezone.localdate()
    sign_in(page, live_server, "fran.frontdoor")
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("First name").fill("Ellis")
    page.get_by_label("Last name").fill("Marlowe")
    fill_date(page, "date_of_birth", date(2017, 4, 4))
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Address line 1 (if known)").fill("8 Quay Street")
    page.get_by_label("Postcode").fill("TS24 0AA")
    page.get_by_label("Time received").fill((timezone.localtime() - timedelta(minutes=30)).strftime("%H:%M"))
    page.get_by_label("Source of the contact").select_option("2A")
    page.get_by_label("Reason for the contact").select_option("abuse_neglect")
    page.get_by_label("What was said").fill("Ellis told his teacher he was locked out overnight.")
    page.get_by_label("Referrer's name").fill("Ms Head")
    page.get_by_label("Referrer's organisation").fill("Quay Primary School")
    page.get_by_label("Given").check()
    page.get_by_role("button", name=re.compile("Save|Record|Continue")).last.click()
    if page.get_by_role("button", name=re.compile("new child", re.I)).count():
        page.get_by_role("button", name=re.compile("new child", re.I)).click()
    expect(page.get_by_test_id("what-was-said")).to_contain_text("locked out overnight")
    both_widths(page, axe_check, "the decide page")
    page.get_by_label("Progress to referral (children's social care)").check()
    page.get_by_label("Level 4: specialist (acute needs: child protection or care)").check()
    page.get_by_label("Why this decision").fill("A seven-year-old locked out overnight: likely significant harm.")
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Referral opened")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "tess.manager")
    page.goto(f"{live_server.url}/team/")
    page.get_by_label("Referral", exact=True).select_option(index=1)
    page.get_by_label("Social worker for this referral").select_option(label="Sam Worker")
    page.get_by_role("button", name=re.compile("Take into")).click()
    page.goto(f"{live_server.url}/authorisations/")
    page.get_by_role("link", name="Review contact decision for Ellis Marlowe").click()
    expect(page.get_by_test_id("rationale")).to_contain_text("likely significant harm")
    expect(page.get_by_test_id("what-was-said")).to_contain_text("locked out overnight")
    both_widths(page, axe_check, "the authorisation page")
    page.get_by_label(re.compile("Comment")).fill("Add the police check before I sign this off.")
    page.get_by_role("button", name="Return for changes").click()
    sign_out(page)

    sign_in(page, live_server, "fran.frontdoor")
    page.goto(f"{live_server.url}/my-work/")
    page.get_by_role("link", name=re.compile("Contact decision: progress to referral")).click()
    expect(page.get_by_test_id("returned-comment")).to_contain_text("Add the police check")
    page.get_by_label("Police: who was asked").fill("PC Amina Shah, MASH police desk")
    fill_date(page, "police_on", today)
    page.get_by_label("Police: what they said").fill("Two calls to the address this month.")
    page.get_by_role("button", name="Record the decision").click()
    sign_out(page)

    sign_in(page, live_server, "tess.manager")
    page.goto(f"{live_server.url}/authorisations/")
    page.get_by_role("link", name="Review contact decision for Ellis Marlowe").click()
    expect(page.locator("main")).to_contain_text("Two calls to the address this month.")
    page.get_by_role("button", name="Authorise").click()
    sign_out(page)

    from opencsc.people.models import Person

    ellis = Person.objects.get(last_name="Marlowe", kind="child")
    mum = people.create_person(kind="adult", first_name="Jo", last_name="Marlowe", sex="F")
    people.add_address(mum, line_1="8 Quay Street", postcode="TS24 0AA", start_date=date(2020, 1, 1))
    people.link_relative(ellis, mum, "mother", parental_responsibility=True, pr_basis="birth")
    sign_in(page, live_server, worker.user.username)
    page.get_by_role("link", name=re.compile("Notifications")).click()
    page.get_by_role("link", name=re.compile("Contact decision authorised by Tess")).click()
    expect(page.locator("h1")).to_contain_text("Ellis Marlowe")
    page.get_by_role("link", name="Book a meeting").click()
    page.get_by_label("Initial child protection conference").check()
    fill_date(page, "starts_on", today + timedelta(days=8))
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Venue or call details").fill("Civic Centre, room 4")
    page.get_by_label("Chair").select_option(label="Ira Chair (Independent reviewing officer / CP chair)")
    page.get_by_role("button", name="Book it").click()
    expect(page.get_by_test_id("meetings")).to_contain_text("Civic Centre, room 4")
    page.goto(f"{live_server.url}/children/{ellis.pk}/letters/?template=icpc_invitation")
    expect(page.get_by_test_id(f"letter-to-{mum.pk}")).to_contain_text("Civic Centre, room 4")
    page.get_by_role("button", name="Produce the letter to Jo Marlowe").click()
    expect(page.get_by_text("Letter saved on the record as a PDF")).to_be_visible()
    assert Document.objects.get(addressee=mum).letter_template.key == "icpc_invitation"
    sign_out(page)

    # The IRO allocated to a looked-after child sees next week's review on My work and records it.
    looked_after = people.create_person(first_name="Skye", last_name="Harbour", date_of_birth=date(2012, 9, 9), sex="F")
    allocate_to(looked_after, worker, start=today - timedelta(days=100))
    period = cw.become_looked_after(looked_after, start_date=today - timedelta(days=90), legal_status="C2", category_of_need="N1",
                                    placement={"placement_type": "U1", "provider": "PR1", "carer_reference": "FC-3"})
    cw.record("review", looked_after, period=period, date=today - timedelta(days=70), chair=day["iro"], participation="PN1")
    cw.allocate(looked_after, worker=day["iro"], team=None, start_date=today - timedelta(days=90), kind="iro")
    cw.book_meeting(looked_after, kind="lac_review", starts_at=timezone.now() + timedelta(days=6), venue="At the foster home",
                    chair=day["iro"])
    sign_in(page, live_server, "ira.chair")
    page.goto(f"{live_server.url}/my-work/")
    expect(page.locator("#meetings").locator("xpath=..")).to_contain_text("Skye Harbour")
    both_widths(page, axe_check, "the IRO's My work")
    page.goto(f"{live_server.url}/children/{looked_after.pk}/")
    expect(page.locator(".app-next-steps")).not_to_contain_text("New placement")
    page.get_by_role("link", name="Looked-after review").first.click()
    page.get_by_label("Independent reviewing officer").select_option(label="Ira Chair")
    page.get_by_label("How the child took part").select_option("PN1")
    page.locator("#id_att_0_name").fill("Ms Foster")  # recorded once: who came and what it decided
    page.locator("#id_att_0_agency").select_option("social_care")
    page.locator("#id_att_0_status").select_option("attended")
    page.get_by_label("What the review decided").fill("The placement continues; contact with Mum fortnightly.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Looked-after review recorded")).to_be_visible()
    assert MeetingBooking.objects.get(child=looked_after).held_on == today
