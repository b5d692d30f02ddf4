"""The child's file in a real browser (axe-checked at 1280 and 390 px): a correction clears a census
finding; a new address becomes HOME_POST when the child comes into care and a placement move changes
only PL_POST; a half-sibling on both records and in the genogram; a document opened by a permitted
role and refused to one that may not; an ICPC invitation to each parent at their own address."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.casework.models import Allocation
from opencsc.people import services as people
from opencsc.returns.ssda903.export import build
from opencsc.staff.models import RoleCode
from tests.browser.conftest import both_widths, sign_in
from tests.conftest import allocate_to, as_a_legacy_file, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nia(worker):
    with as_a_legacy_file():  # as a legacy file gave it: an ethnicity code that is not on DfE's list
        child = people.create_person(first_name="Nia", last_name="Okafor", date_of_birth=date(2015, 4, 2), sex="F", ethnicity="XXXX")
    cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=40), source="6", primary_need="N1")
    people.add_address(child, line_1="3 Old Lane", town="Hartlepool", postcode="TS24 7AA", start_date=date(2015, 4, 2))
    return allocate_to(child, worker, start=timezone.localdate() - timedelta(days=40))


def test_correcting_ethnicity_clears_the_census_finding(page, live_server, nia, axe_check):
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{nia.pk}/")
    panel = page.locator("#data-to-fix").locator("xpath=..")
    expect(panel).to_contain_text("4220")
    page.get_by_role("link", name=re.compile("fix 4220")).click()
    both_widths(page, axe_check, "the details form")
    page.get_by_label("Correction: the old value was always wrong").check()
    page.get_by_label("Why are the details being changed?").fill("Mother confirmed the family's ethnicity")
    page.get_by_label("Ethnicity").select_option("BAFR")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("Details saved: ethnicity")).to_be_visible()
    expect(page.locator("#data-to-fix").locator("xpath=..")).not_to_contain_text("4220")
    both_widths(page, axe_check, "the record after a correction")
    page.goto(f"{live_server.url}/children/{nia.pk}/details/")
    expect(page.locator("table", has_text="History of changes").or_(page.get_by_role("table", name="History of changes to the details"))).to_contain_text(
        "Mother confirmed the family's ethnicity")


def test_a_new_address_becomes_home_post_and_a_placement_move_changes_only_pl_post(page, live_server, nia, worker, axe_check):
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)  # who authorises becoming looked after
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{nia.pk}/")
    page.get_by_role("link", name="Record a new address").click()
    page.get_by_label("Address line 1").fill("21 New Road")
    page.get_by_label("Town or city").fill("Hartlepool")
    page.get_by_label("Postcode").fill("TS25 4NW")
    moved = timezone.localdate() - timedelta(days=20)
    page.locator("#id_start_date-day").fill(str(moved.day))
    page.locator("#id_start_date-month").fill(str(moved.month))
    page.locator("#id_start_date-year").fill(str(moved.year))
    both_widths(page, axe_check, "the address form")
    page.get_by_role("button", name="Save the address").click()
    expect(page.get_by_test_id("addresses")).to_contain_text("21 New Road")

    page.get_by_role("link", name="Becoming looked after").click()
    came = timezone.localdate() - timedelta(days=10)
    page.locator("#id_start_date-day").fill(str(came.day))
    page.locator("#id_start_date-month").fill(str(came.month))
    page.locator("#id_start_date-year").fill(str(came.year))
    page.get_by_label("Legal status").select_option("V2")
    page.get_by_label("Placement type").select_option("U4")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer reference").fill("FC-12")
    page.get_by_label("Placement postcode").fill("TS24 9RP")
    page.get_by_role("button", name="Save and send for authorisation").click()
    expect(page.get_by_text("Recorded as looked after")).to_be_visible()
    page.get_by_role("link", name="New placement").click()
    page.get_by_label("Why the last placement ended").select_option("CARPL")
    page.get_by_label("Placement type").select_option("U1")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer reference").fill("FC-40")
    page.get_by_label("Placement postcode").fill("TS26 0AB")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("New placement recorded")).to_be_visible()

    year = timezone.localdate().year + (1 if timezone.localdate().month > 3 else 0)
    rows = build(year, only=[nia.pk]).tables["Episodes"]
    assert [r["HOME_POST"] for r in rows] == ["TS25 4NW", "TS25 4NW"]  # the new home, for both episodes
    assert [r["PL_POST"] for r in rows] == ["TS24 9RP", "TS26 0AB"]  # only the placement's postcode moved


def test_a_half_sibling_is_on_both_records_and_in_the_genogram_through_the_shared_parent(page, live_server, nia, axe_check):
    mum = people.create_person(kind="adult", first_name="Grace", last_name="Okafor", sex="F", date_of_birth=date(1990, 1, 1))
    people.link_relative(nia, mum, "mother", parental_responsibility=True, pr_basis="birth")
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{nia.pk}/family/new/")
    page.get_by_label("Who are they to the child?").select_option("half_sibling")
    page.get_by_label("First name", exact=True).fill("Tobi")
    page.get_by_label("Last name", exact=True).fill("Mensah")
    page.locator("#id_date_of_birth-day").fill("3")
    page.locator("#id_date_of_birth-month").fill("3")
    page.locator("#id_date_of_birth-year").fill("2019")
    page.get_by_label("They are a child (under 18)").check()
    both_widths(page, axe_check, "the family member form")
    page.get_by_role("button", name="Add them").click()
    expect(page.get_by_test_id("family")).to_contain_text("Tobi Mensah")
    from opencsc.people.models import Person

    tobi = Person.objects.get(first_name="Tobi")
    people.link_relative(tobi, mum, "mother", parental_responsibility=True, pr_basis="birth")  # the parent they share
    allocate_to(tobi, make_worker("oscar.worker", RoleCode.SOCIAL_WORKER, Allocation.objects.filter(child=nia).first().team))
    page.goto(f"{live_server.url}/children/{tobi.pk}/")
    expect(page.get_by_test_id("family")).to_contain_text("Nia Okafor")
    page.goto(f"{live_server.url}/children/{nia.pk}/genogram/")
    svg = page.locator("svg.app-genogram")
    expect(svg.locator(f'[data-child="{tobi.pk}"]')).to_have_attribute("data-child-of", str(mum.pk))
    expect(page.get_by_test_id("genogram-list")).to_contain_text("Tobi Mensah – Half-sibling")
    both_widths(page, axe_check, "the genogram")


def test_a_document_opens_for_a_permitted_role_and_not_for_one_that_may_not(page, live_server, nia, worker, axe_check, tmp_path):
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    make_worker("sid.stranger", RoleCode.SOCIAL_WORKER)
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{nia.pk}/")
    page.get_by_role("link", name="Upload a document").click()
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n% school report\n%%EOF\n")
    page.get_by_label("File").set_input_files(str(report))
    page.get_by_label("Title").fill("School report, autumn")
    page.get_by_label("Kind of document").select_option("report")
    both_widths(page, axe_check, "the upload form")
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_test_id("documents")).to_contain_text("School report, autumn")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "tess.manager")
    page.goto(f"{live_server.url}/children/{nia.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("documents").get_by_role("link", name="School report, autumn", exact=True).click()
    assert download.value.path().read_bytes().startswith(b"%PDF-1.4")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "sid.stranger")
    from opencsc.recording.models import Document

    response = page.goto(f"{live_server.url}/children/{nia.pk}/documents/{Document.objects.get().pk}/")
    assert response.status == 403
    expect(page.locator("body")).not_to_contain_text("School report")


def test_an_icpc_invitation_to_each_parent_carries_only_their_own_address(page, live_server, nia, axe_check):
    mum = people.create_person(kind="adult", first_name="Grace", last_name="Okafor", sex="F")
    dad = people.create_person(kind="adult", first_name="Ade", last_name="Okafor", sex="M")
    people.add_address(mum, line_1="9 Safe Place", town="Leeds", postcode="LS6 2QQ", start_date=date(2026, 1, 1), confidential=True)
    people.add_address(dad, line_1="40 Open Road", town="Hartlepool", postcode="TS24 8AA", start_date=date(2025, 1, 1))
    people.link_relative(nia, mum, "mother", parental_responsibility=True, pr_basis="birth")
    people.link_relative(nia, dad, "father", parental_responsibility=True, pr_basis="marriage_or_registration")
    sibling = people.create_person(first_name="Femi", last_name="Okafor", sex="M", date_of_birth=date(2018, 1, 1))
    people.link_relative(sibling, mum, "mother", parental_responsibility=True, pr_basis="birth")
    allocate_to(sibling, Allocation.objects.filter(child=nia).first().worker)
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{nia.pk}/letters/")
    page.get_by_role("link", name="Invitation to an initial child protection conference").click()
    both_widths(page, axe_check, "the letters to review")
    dads = page.get_by_test_id(f"letter-to-{dad.pk}")
    expect(dads).to_contain_text("40 Open Road")
    expect(dads).not_to_contain_text("9 Safe Place")
    expect(page.get_by_test_id(f"letter-to-{mum.pk}")).to_contain_text("9 Safe Place")
    dads.get_by_role("button", name="Produce the letter to Ade Okafor").click()
    expect(page.get_by_text("Letter saved on the record as a PDF")).to_be_visible()
    from opencsc.recording.documents import read_document
    from opencsc.recording.models import Document

    letter = Document.objects.get(addressee=dad)
    assert letter.letter_template.key == "icpc_invitation" and read_document(letter).startswith(b"%PDF")
    for where in (f"/children/{sibling.pk}/", f"/children/{sibling.pk}/genogram/", f"/children/{nia.pk}/genogram/"):
        page.goto(f"{live_server.url}{where}")
        expect(page.locator("main")).not_to_contain_text("9 Safe Place")
        expect(page.locator("main")).not_to_contain_text("LS6 2QQ")
