from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.returns.cin import census

pytestmark = pytest.mark.django_db


def child_xml(xml: bytes, la_child_id: str):
    root = etree.fromstring(xml)
    for child in root.iter("Child"):
        if child.findtext("ChildIdentifiers/LAchildID") == la_child_id:
            return child
    return None


def make_child(**fields):
    defaults = dict(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1), sex="F", ethnicity="APKN",
                    disabilities=["NONE"])
    return people.create_person(**{**defaults, **fields})


def test_an_episode_closed_after_31_march_is_open_in_that_years_census():
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2025, 9, 1), source="2A", primary_need="N1")
    assessment = cw.start_assessment(referral, start_date=date(2025, 9, 2))
    cw.authorise_assessment(assessment, authorised_date=date(2026, 4, 20), factors=["3B"])
    cw.close_referral(referral, closure_date=date(2026, 5, 1), reason="RC8")
    result = census.export(2026)
    assert result.ok, result.problems
    details = child_xml(result.xml, child.la_child_id).find("CINdetails")
    assert details.findtext("CINreferralDate") == "2025-09-01"
    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None
    assert details.find("Assessments/AssessmentAuthorisationDate") is None
    assert details.find("Assessments/FactorsIdentifiedAtAssessment") is None
    next_year = census.export(2027)
    assert child_xml(next_year.xml, child.la_child_id).findtext("CINdetails/ReasonForClosure") == "RC8"


def test_a_child_whose_episode_closed_before_the_year_is_not_in_it():
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2024, 5, 1), source="2A")
    cw.close_referral(referral, closure_date=date(2025, 3, 31), reason="RC7")
    assert child_xml(census.export(2026).xml, child.la_child_id) is None
    assert child_xml(census.export(2025).xml, child.la_child_id) is not None


def test_sex_from_2024_25_and_gender_current_before():
    child = make_child(sex="M")
    cw.open_referral(child, referral_date=date(2023, 5, 1), source="6", primary_need="N4")
    new = child_xml(census.export(2026).xml, child.la_child_id).find("ChildIdentifiers")
    old = child_xml(census.export(2024).xml, child.la_child_id).find("ChildIdentifiers")
    assert new.findtext("Sex") == "M" and new.find("GenderCurrent") is None
    assert old.findtext("GenderCurrent") == "1" and old.find("Sex") is None


def test_a_child_unborn_on_31_march_is_reported_with_the_expected_date_and_sex_u():
    unborn = people.create_person(last_name="Khan", expected_date_of_birth=date(2026, 5, 10))
    cw.open_referral(unborn, referral_date=date(2026, 1, 5), source="3B", primary_need="N1")
    people.record_birth(unborn, date(2026, 5, 8), "F", first_name="Maya")
    before = child_xml(census.export(2026).xml, unborn.la_child_id).find("ChildIdentifiers")
    assert before.findtext("ExpectedPersonBirthDate") == "2026-05-10" and before.find("PersonBirthDate") is None
    assert before.findtext("Sex") == "U"
    after = child_xml(census.export(2027).xml, unborn.la_child_id).find("ChildIdentifiers")
    assert after.findtext("PersonBirthDate") == "2026-05-08" and after.find("ExpectedPersonBirthDate") is None
    assert after.findtext("Sex") == "F"


def test_section_47_conference_plans_reviews_and_previous_plans():
    child = make_child()
    first = cw.open_referral(child, referral_date=date(2022, 1, 10), source="6", primary_need="N1")
    old_plan = cw.start_cp_plan(first, start_date=date(2022, 2, 1), category="NEG")
    cw.end_plan(old_plan, end_date=date(2023, 1, 1))
    cw.close_referral(first, closure_date=date(2023, 2, 1), reason="RC7")

    referral = cw.open_referral(child, referral_date=date(2025, 6, 2), source="6", primary_need="N1")
    discussion = cw.hold_strategy_discussion(referral, date=date(2025, 6, 3))
    enquiry = cw.start_section47(referral, start_date=date(2025, 6, 3), strategy_discussion=discussion)
    cw.conclude_section47(enquiry, end_date=date(2025, 6, 20), outcome="icpc")
    icpc = cw.hold_conference(referral, kind="initial", date=date(2025, 6, 20), section47=enquiry)
    plan = cw.start_cp_plan(referral, start_date=date(2025, 6, 20), category="EMO", conference=icpc)
    cw.hold_conference(referral, kind="review", date=date(2025, 9, 15), plan=plan)
    cw.hold_conference(referral, kind="review", date=date(2026, 4, 2), plan=plan)  # after the year
    result = census.export(2026)
    assert result.ok, result.problems
    details = child_xml(result.xml, child.la_child_id).findall("CINdetails")
    assert len(details) == 1  # the 2022 episode closed before the year
    s47 = details[0].find("Section47")
    assert s47.findtext("InitialCPCtarget") == "2025-06-24"
    assert s47.findtext("DateOfInitialCPC") == "2025-06-20" and s47.findtext("ICPCnotRequired") == "false"
    cpp = details[0].find("ChildProtectionPlans")
    assert cpp.findtext("CPPstartDate") == "2025-06-20" and cpp.findtext("InitialCategoryOfAbuse") == "EMO"
    assert cpp.findtext("NumberOfPreviousCPP") == "1"
    assert [e.text for e in cpp.findall("Reviews/CPPreviewDate")] == ["2025-09-15"]
    # elements come in the schema's order: ReferralNFA between Section47 and ChildProtectionPlans
    tags = [e.tag for e in details[0]]
    assert tags.index("Section47") < tags.index("ReferralNFA") < tags.index("ChildProtectionPlans")


def test_a_value_the_schema_rejects_stops_the_export_and_names_the_child():
    child = make_child()
    cw.open_referral(child, referral_date=date(2025, 6, 2), source="6", primary_need="N1")
    child.ethnicity = "XXXX"  # a legacy code stored as given by an import
    child.save()
    result = census.export(2026)
    assert not result.ok
    assert any(p.la_child_id == child.la_child_id and "Ethnicity" in p.message for p in result.problems)


def test_the_export_reads_the_same_number_of_queries_for_one_child_as_for_ten():
    def queries_for(n):
        for i in range(n):
            child = make_child(first_name=f"Child{i}")
            referral = cw.open_referral(child, referral_date=date(2025, 6, 2), source="6", primary_need="N1")
            cw.start_assessment(referral, start_date=date(2025, 6, 3))
            cw.start_cp_plan(referral, start_date=date(2025, 7, 1), category="NEG")
        with CaptureQueriesContext(connection) as captured:
            census.build(census.CollectionYear(2026))
        return len(captured)

    one = queries_for(1)
    assert queries_for(10) == one


def test_the_command_writes_the_file_or_refuses_with_the_problems(tmp_path):
    child = make_child()
    cw.open_referral(child, referral_date=date(2025, 6, 2), source="6", primary_need="N1")
    out = tmp_path / "cin.xml"
    call_command("export_return", "cin", "--year", "2026", "--out", str(out))
    assert etree.fromstring(out.read_bytes()).findtext("Header/CollectionDetails/Year") == "2026"
    child.ethnicity = "XXXX"
    child.save()
    with pytest.raises(CommandError, match=child.la_child_id):
        call_command("export_return", "cin", "--year", "2026", "--out", str(tmp_path / "refused.xml"))
    assert not (tmp_path / "refused.xml").exists()


def test_validate_return_writes_one_row_per_child_and_rule(tmp_path):
    import csv

    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2025, 6, 2), source="6", primary_need="N1")
    cw.start_cp_plan(referral, start_date=date(2025, 7, 5), category="NEG")  # a Saturday, with no conference
    out = tmp_path / "findings.csv"
    call_command("validate_return", "cin", "--year", "2026", "--out", str(out))
    rows = list(csv.DictReader(out.open()))
    assert {"child": child.la_child_id, "rule": "2885"} in [{"child": r["child"], "rule": r["rule"]} for r in rows]
    assert all(r["message"] for r in rows)
