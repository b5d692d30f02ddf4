import re
from datetime import date

import pytest
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.people import services as people
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded_child(worker):
    child = people.create_person(first_name="Lily", last_name="Hartley-Dunn", date_of_birth=date(2016, 5, 9), sex="F",
                                 ethnicity="WBRI")
    mother = people.create_person(kind="adult", first_name="Claire", last_name="Hartley", date_of_birth=date(1988, 2, 2))
    people.add_relationship(child, mother, "mother", parental_responsibility=True, reciprocal="child")
    people.add_alert(child, kind="confidential_address", start_date=date(2024, 1, 1), note="Do not share the address")
    referral = cw.open_referral(child, referral_date=date(2025, 1, 6), source="2A", primary_need="N1")
    cw.allocate(child, worker=worker, team=worker.team, start_date=date(2025, 1, 6))
    cw.start_assessment(referral, start_date=date(2025, 1, 7))
    return child


def sign_in(page, live_server, worker):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(worker.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def seeded_authority(worker):
    """A small synthetic authority, made by the same generator as the demo."""
    from opencsc.people.models import Person
    from opencsc.synth.generator import AuthorityGenerator

    AuthorityGenerator(30, seed=11).run()
    child = Person.objects.filter(kind="child", date_of_birth__isnull=False).exclude(first_name="").order_by("pk").first()
    cw.allocate(child, worker=worker, team=worker.team, start_date=date.today())  # on this worker's caseload
    return child


def test_a_social_worker_finds_a_seeded_child_adds_a_case_note_and_sees_it_on_the_chronology(
        page, live_server, worker, seeded_authority, axe_check):
    child = seeded_authority
    page.goto(f"{live_server.url}/")
    axe_check(page, "sign-in page")
    page.get_by_role("button", name="Sign in").click()  # empty form: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page, "sign-in error summary")
    sign_in(page, live_server, worker)
    axe_check(page, "find a child")

    # part of the first name, the surname in lower case
    page.get_by_label("Name, date of birth, NHS number, UPN or local ID").fill(f"{child.first_name[:3]} {child.last_name.lower()}")
    page.get_by_role("button", name="Search").click()
    axe_check(page, "search results")
    page.get_by_role("link", name=child.full_name).first.click()
    expect(page.get_by_role("heading", name=child.full_name)).to_be_visible()
    expect(page.locator("body")).to_contain_text(child.la_child_id)
    axe_check(page, "child record")

    page.get_by_role("link", name="Add a case note").click()
    expect(page.locator("#id_date-year")).to_have_value(str(date.today().year))  # today, unless changed
    page.locator("#id_date-day").fill("")
    page.get_by_role("button", name="Save case note").click()  # no day, no subject, no note
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("must include a day")
    expect(summary).to_contain_text("Enter a subject")
    axe_check(page, "case note form with error summary")

    page.locator("#id_date-day").fill("3")
    page.locator("#id_date-month").fill("2")
    page.locator("#id_date-year").fill("2025")
    page.get_by_label("Telephone call").check()
    page.get_by_label("Subject").fill("Call with school")
    page.get_by_label("Case note").fill("School says the child is settled and attending every day.")
    page.get_by_label("This is a significant event").check()
    page.get_by_role("button", name="Save case note").click()

    chronology = page.locator("table.app-chronology")
    expect(chronology).to_contain_text("School says the child is settled and attending every day.")
    row = chronology.locator("tr", has_text="Call with school")
    expect(row).to_contain_text("Significant")
    axe_check(page, "child record after adding a note")


def test_alerts_are_shown_on_the_record(page, live_server, worker, seeded_child):
    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/children/{seeded_child.pk}/")
    expect(page.locator(".app-alerts")).to_contain_text("Do not share the address")


def test_what_is_typed_survives_leaving_the_page(page, live_server, worker, seeded_child):
    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/children/{seeded_child.pk}/case-notes/new/")
    page.get_by_label("Case note").fill("Half a note about the visit")
    expect(page.locator(".app-draft-status")).to_contain_text("Draft saved")
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/children/{seeded_child.pk}/case-notes/new/")
    expect(page.get_by_label("Case note")).to_have_value("Half a note about the visit")
    expect(page.get_by_text("We restored the draft")).to_be_visible()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_recording_a_contact_and_progressing_it_to_a_referral(page, live_server, worker, seeded_child, axe_check):
    from opencsc.staff.models import RoleCode, Team
    from tests.conftest import make_worker

    front_door = make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, Team.objects.create(name="Front Door", service="front door"))
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    # The team's only manager records the decision here, so another manager authorises it (the service manager).
    make_worker("hana.head", RoleCode.TEAM_MANAGER, Team.objects.create(name="Service management"))
    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/contacts/new/?child={seeded_child.pk}")
    axe_check(page, "contact form")
    page.locator("#id_received_date-day").fill("10")
    page.locator("#id_received_date-month").fill("2")
    page.locator("#id_received_date-year").fill("2025")
    page.get_by_label("Source of the contact").select_option("6")
    page.get_by_label("Reason for the contact").select_option("domestic_abuse")
    page.get_by_label("Given", exact=True).check()
    page.get_by_role("button", name="Save and record the decision").click()
    axe_check(page, "contact decision")
    expect(page.get_by_role("link", name="Front door")).to_have_count(0)  # not a social worker's page
    sign_out(page)
    sign_in(page, live_server, front_door)
    page.get_by_role("link", name="Front door").click()  # the team holds the case: not the front door's to decide
    expect(page.locator("main")).not_to_contain_text(seeded_child.full_name)
    axe_check(page, "front door queue")
    sign_out(page)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/notifications/")  # the holding team's manager is told
    page.get_by_role("link", name=re.compile("New contact about")).first.click()
    page.get_by_label("Progress to referral (children's social care)").check()
    page.get_by_label("Level 3: targeted (complex needs: child in need)").check()
    page.get_by_label("Why this decision").fill("School's concern meets level 3: an assessment is needed.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Referral opened")).to_be_visible()
    sign_out(page)
    sign_in(page, live_server, worker)
    page.goto(f"{live_server.url}/children/{seeded_child.pk}/")
    expect(page.locator("table.app-chronology")).to_contain_text("Referral accepted")
    page.get_by_role("link", name="My work").click()
    expect(page.locator("body")).to_contain_text("Complete the child and family assessment")  # the referral's clock has started
    axe_check(page, "my work")
    sign_out(page)
    sign_in(page, live_server, manager)
    page.get_by_role("link", name="Team").click()
    page.get_by_role("button", name="Reallocate").click()  # nothing chosen: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the child")
    axe_check(page, "team page with error summary")


def test_typing_after_the_session_ends_is_put_back_after_signing_in_again(page, live_server, worker, seeded_child):
    sign_in(page, live_server, worker)
    form_url = f"{live_server.url}/children/{seeded_child.pk}/case-notes/new/"
    page.goto(form_url)
    page.get_by_label("Case note").fill("Saved while signed in")
    expect(page.locator(".app-draft-status")).to_contain_text("Draft saved")
    page.context.clear_cookies()  # the session ends (as after inactivity)
    page.get_by_label("Case note").fill("Saved while signed in, and more typed after the session ended")
    expect(page.locator(".app-draft-status")).to_contain_text("Not saved: you have been signed out")
    sign_in(page, live_server, worker)
    page.goto(form_url)
    expect(page.get_by_label("Case note")).to_have_value("Saved while signed in, and more typed after the session ended")
    expect(page.locator(".app-draft-status")).to_contain_text("Draft saved")


def test_an_analyst_builds_the_census_and_sees_data_quality(page, live_server, worker, seeded_authority, axe_check):
    from django.core.management import call_command

    from opencsc.staff.models import RoleCode
    from tests.conftest import make_worker

    sign_in(page, live_server, make_worker("dana.analyst", RoleCode.DATA_ANALYST))
    page.get_by_role("link", name="Returns").click()
    axe_check(page, "returns")
    page.get_by_label("Collection year").select_option(index=1)  # last year's census
    page.get_by_role("button", name="Build the return").click()
    expect(page.locator("#run-status")).to_contain_text(re.compile("Waiting|Building"))
    call_command("db_worker", "--batch", "--no-startup-delay")  # the background worker picks the run up
    page.wait_for_selector("text=Download the census file (XML)", timeout=20_000)  # the page updated itself
    axe_check(page, "finished run")
    page.get_by_role("button", name="Mark as sent to DfE").click()  # once its file has gone to DfE
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Marked as sent to DfE.")
    expect(page.locator("#submitted")).to_have_text(re.compile(r"^\s*Marked "))
    expect(page.get_by_role("button", name="Mark as sent to DfE")).to_have_count(0)
    axe_check(page, "run marked as sent")
    page.get_by_role("link", name="Data quality").first.click()
    expect(page.get_by_text(re.compile(r"No Children in Need census for .* has been built yet"))).to_be_visible()  # this year's
    page.get_by_label("Collection year").select_option(index=1)  # the year just built
    page.get_by_role("button", name="Show").click()
    expect(page.locator("svg[role=img]")).to_be_visible()
    axe_check(page, "data quality")
    page.goto(f"{live_server.url}/returns/import/")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the file to import")
    axe_check(page, "import with error summary")
