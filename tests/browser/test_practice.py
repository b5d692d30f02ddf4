"""Practice as practitioners record it, in a real browser (axe-checked): an assessment by the framework's
domains ends in a child in need plan that is reviewed; a child protection plan's actions updated by a
core group and reviewed at a review conference with attendance by agency and an agency report;
pre-proceedings from the legal planning meeting to the court application, with a parent accepting the
family group meeting, the letter before proceedings as a PDF, the 26-week clock with an extension on
My work; a care order in the proceedings is the child's legal status."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.casework.models import PeriodOfCare, Referral
from opencsc.people import services as people
from opencsc.recording.documents import add_document
from opencsc.recording.models import Document
from opencsc.staff.models import RoleCode
from tests.browser.conftest import sign_in
from tests.conftest import allocate_to, earlier_today, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, prefix, day):
    page.locator(f"#id_{prefix}-day").fill(str(day.day))
    page.locator(f"#id_{prefix}-month").fill(str(day.month))
    page.locator(f"#id_{prefix}-year").fill(str(day.year))


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


@pytest.fixture
def rosa(worker):
    child = people.create_person(first_name="Rosa", last_name="Penn", date_of_birth=date(2015, 7, 7), sex="F")
    allocate_to(child, worker, start=timezone.localdate() - timedelta(days=60))
    cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=20), source="6", primary_need="N1")
    return child


def test_an_assessment_by_domains_ends_in_a_child_in_need_plan_that_is_reviewed(page, live_server, worker, rosa, axe_check):
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    today = timezone.localdate()
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{rosa.pk}/assessment/")
    page.get_by_label("Yes").first.check()
    fill_date(page, "child_seen_date", today)
    page.get_by_label("The child's developmental needs").fill("Healthy; reading below age.")
    page.get_by_label("Parenting capacity").fill("Dad is loving; routines slip on night shifts.")
    page.get_by_label("Family and environmental factors").fill("Single carer; supportive aunt.")
    page.get_by_label("The child's wishes and feelings, in their own words").fill("“I want Dad home at bedtime.”")
    page.get_by_label("Analysis", exact=True).fill("Needs met with support around Dad's shifts.")
    page.get_by_label("Child in need plan / services").check()
    page.get_by_label("The decision and the reasons for it").fill("A child in need plan with after-school club.")
    axe_check(page, "assessment by domains")
    page.get_by_role("button", name="Send for authorisation").click()
    expect(page.get_by_text("Assessment sent to your manager for authorisation")).to_be_visible()
    sign_out(page)
    sign_in(page, live_server, "tess.manager")
    page.goto(f"{live_server.url}/my-work/")
    page.get_by_role("link", name=re.compile(r"Assessment \(its outcome: child in need plan")).click()
    expect(page.locator("main")).to_contain_text("routines slip on night shifts")  # the domains, on the authorisation
    page.get_by_role("button", name="Authorise").click()
    sign_out(page)

    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{rosa.pk}/")
    page.get_by_role("link", name="Child in need plan").first.click()
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_label("What the plan is for").fill("Rosa is cared for every evening and her reading catches up.")
    page.locator("#id_new_0_action").fill("After-school club three days a week")
    page.locator("#id_new_0_who").fill("School")
    fill_date(page, "new_0_by_when", today + timedelta(days=30))
    axe_check(page, "the plan form")
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_test_id("actions")).to_contain_text("After-school club")
    page.get_by_role("link", name="Update the plan").click()  # the review
    page.get_by_label("Child in need review").check()
    page.get_by_label("After-school club three days a week (School)").select_option("done")
    fill_date(page, "next_review", today + timedelta(days=90))
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_test_id("version")).to_contain_text("Version 2")
    expect(page.get_by_test_id("actions")).to_contain_text("Done")
    axe_check(page, "the plan")


def test_a_child_protection_plan_is_updated_by_the_core_group_and_reviewed_with_attendance_and_an_agency_report(
        page, live_server, worker, rosa, axe_check):
    today = timezone.localdate()
    referral = Referral.objects.get(child=rosa)
    plan = cw.start_cp_plan(referral, start_date=today - timedelta(days=10), category="NEG")
    cw.record_core_group(plan, date=today - timedelta(days=3))
    report = add_document(rosa, data=b"%PDF-1.4 school", original_name="s.pdf", title="School report to conference", kind="report",
                          date=today, by=worker)
    cw.book_meeting(rosa, kind="review_conference", starts_at=earlier_today(), venue="Civic Centre",
                    chair=worker, invitees="Ms Head, Hill School\nPC Jones, Synthshire Police")
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{rosa.pk}/plans/cp/update/")
    page.get_by_label("Core group").check()
    page.get_by_label("What the plan is for").fill("Rosa is fed, clean and at school every day.")
    page.locator("#id_new_0_action").fill("Daily breakfast club")
    page.locator("#id_new_0_who").fill("School")
    page.get_by_role("button", name="Save this version").click()
    expect(page.get_by_test_id("version")).to_contain_text("core group")

    page.goto(f"{live_server.url}/children/{rosa.pk}/")
    page.get_by_role("link", name=re.compile("Record who came and what was decided")).click()
    expect(page.locator("#id_att_1_agency")).to_have_value("police")
    page.locator("#id_att_0_status").select_option("attended")
    page.locator("#id_att_0_report").select_option(str(report.pk))
    page.locator("#id_att_1_status").select_option("apologies")
    page.locator("#id_att_2_name").fill("Sam Worker")
    page.locator("#id_att_2_agency").select_option("social_care")
    page.locator("#id_att_2_status").select_option("attended")
    # Recorded once: the review conference's page takes who came, what it decided and its outcome together.
    page.get_by_label("What the conference decided, and why").fill("The plan continues; breakfast club is working.")
    page.get_by_label("Plan continues").check()
    axe_check(page, "recording a review conference")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Conference recorded")).to_be_visible()
    page.goto(f"{live_server.url}/children/{rosa.pk}/meetings/held/")
    expect(page.locator("main")).to_contain_text("School report to conference")
    expect(page.locator("main")).to_contain_text("Not quorate")  # two agencies: the rule asks for three
    axe_check(page, "meetings held")


def test_pre_proceedings_to_court_with_an_fgdm_accepted_the_letter_as_a_pdf_and_the_26_week_clock(page, live_server, worker, rosa,
                                                                                                  axe_check):
    today = timezone.localdate()
    dad = people.create_person(kind="adult", first_name="Owen", last_name="Penn", sex="M")
    people.add_address(dad, line_1="3 Mill Lane", postcode="TS24 0AB", start_date=date(2020, 1, 1))
    people.link_relative(rosa, dad, "father", parental_responsibility=True, pr_basis="marriage_or_registration")
    cw.become_looked_after(rosa, start_date=today - timedelta(days=5), legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U4", "provider": "PR1", "carer_reference": "FC-2"})
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{rosa.pk}/pre-proceedings/")
    axe_check(page, "no pre-proceedings yet")
    page.get_by_role("link", name="Record the legal planning meeting").click()
    fill_date(page, "legal_planning_date", today - timedelta(days=60))
    page.get_by_label("What the meeting decided, and why").fill("Neglect persists: start pre-proceedings.")
    page.get_by_role("button", name="Start").click()
    page.get_by_role("link", name="Produce the letter").first.click()
    page.get_by_role("button", name="Produce the letter to Owen Penn").click()
    expect(page.get_by_text("Letter saved on the record as a PDF")).to_be_visible()
    assert Document.objects.get(child=rosa, letter_template__key="letter_before_proceedings").content_type == "application/pdf"
    page.goto(f"{live_server.url}/children/{rosa.pk}/pre-proceedings/letter/")
    fill_date(page, "sent_on", today - timedelta(days=58))
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record an answer").click()
    page.get_by_label("Parent or person with parental responsibility").select_option(label="Owen Penn")
    page.get_by_label("Yes").check()
    fill_date(page, "responded_on", today - timedelta(days=55))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("answers")).to_contain_text("Owen Penn: accepted")
    expect(page.get_by_test_id("s31za")).to_be_visible()  # the meeting must be held before any application
    page.get_by_role("link", name="Record it held").click()
    fill_date(page, "on", today - timedelta(days=40))
    page.get_by_role("button", name="Save").click()
    for days in (50, 20):
        page.get_by_role("link", name="Record a meeting").click()
        fill_date(page, "date", today - timedelta(days=days))
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("meetings")).to_contain_text("1 review meeting after the initial meeting")
    page.get_by_role("link", name="Record the decision").click()
    fill_date(page, "on", today - timedelta(days=10))
    page.get_by_label("Decision to issue care proceedings").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the application").click()
    fill_date(page, "application_date", today - timedelta(days=9))
    page.get_by_label("Court", exact=True).fill("Family Court at Synthshire")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("s31za")).to_have_count(0)  # held before the application: nothing to put right
    axe_check(page, "pre-proceedings")

    page.get_by_role("link", name="care proceedings").click()
    page.get_by_role("link", name="Record an extension").click()
    fill_date(page, "granted_on", today - timedelta(days=1))
    page.get_by_label("By how many weeks").fill("6")
    page.get_by_label("Why").fill("A parenting assessment needs more time")
    page.get_by_role("button", name="Save").click()
    week_26 = today - timedelta(days=9) + timedelta(weeks=32)
    expect(page.get_by_test_id("week-26")).to_contain_text(f"{week_26.day} {week_26:%B %Y}")
    page.get_by_role("link", name="Record an order").click()
    page.get_by_label("Interim care order (s38)").check()
    fill_date(page, "made_on", today - timedelta(days=6))  # before she came into care: the form says why not
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("current legal status began on")
    fill_date(page, "made_on", today - timedelta(days=3))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Interim care order (s38) recorded for Rosa Penn")).to_be_visible()
    assert PeriodOfCare.objects.get(child=rosa).legal_statuses.get(end_date__isnull=True).code == "C1"
    axe_check(page, "care proceedings")
    page.goto(f"{live_server.url}/children/{rosa.pk}/")
    expect(page.locator("main")).to_contain_text("C1: Interim care order")  # the legal status, not retyped
    page.goto(f"{live_server.url}/my-work/")
    expect(page.locator("main")).to_contain_text("Care proceedings: week 26")
