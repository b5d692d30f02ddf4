"""Due dates for every clock, on literal dates: weekends, bank holidays, year ends and leap years."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.people import services as people

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def due(child, what, today=TODAY):
    items = [i for i in due_work([child.pk], today) if i.what == what]
    assert len(items) == 1, [(i.what, i.due) for i in due_work([child.pk], today)]
    return items[0].due


def make_child(dob=date(2015, 6, 1)):
    return people.create_person(first_name="Ava", last_name="Khan", date_of_birth=dob, sex="F")


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_contact_on_friday_16_september_2022_is_due_a_decision_on_tuesday_20th_after_the_state_funeral():
    child = make_child()
    cw.record_contact(child, received_at=at(date(2022, 9, 16)), source="6", reason="other", consent="given")
    assert due(child, "Decide on the contact") == date(2022, 9, 20)


def test_a_referral_on_monday_6_january_2025_has_its_assessment_due_monday_10_march():
    child = make_child()
    cw.open_referral(child, referral_date=date(2025, 1, 6), source="6", primary_need="N1")
    assert due(child, "Complete the child and family assessment") == date(2025, 3, 10)


def test_an_authorised_assessment_is_no_longer_due():
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2025, 1, 6), source="6", primary_need="N1")
    assessment = cw.start_assessment(referral, start_date=date(2025, 1, 7))
    assert due(child, "Complete the child and family assessment") == date(2025, 3, 10)
    cw.authorise_assessment(assessment, authorised_date=date(2025, 2, 1))
    assert not [i for i in due_work([child.pk], TODAY) if i.what == "Complete the child and family assessment"]


def test_an_icpc_after_a_strategy_discussion_on_20_december_2024_is_due_15_working_days_later_across_christmas():
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2024, 12, 19), source="6", primary_need="N1")
    discussion = cw.hold_strategy_discussion(referral, date=date(2024, 12, 20))
    cw.start_section47(referral, start_date=date(2024, 12, 20), strategy_discussion=discussion)
    assert due(child, "Hold the initial child protection conference") == date(2025, 1, 15)


def test_the_first_core_group_after_an_icpc_before_easter_2024_skips_good_friday_and_easter_monday():
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2024, 3, 1), source="6", primary_need="N1")
    cw.start_cp_plan(referral, start_date=date(2024, 3, 27), category="NEG")
    assert due(child, "Hold the first core group") == date(2024, 4, 12)


def test_the_first_review_conference_of_a_plan_from_30_november_2023_is_due_on_leap_day():
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2023, 11, 1), source="6", primary_need="N1")
    plan = cw.start_cp_plan(referral, start_date=date(2023, 11, 30), category="NEG")
    assert due(child, "Hold the first review child protection conference") == date(2024, 2, 29)
    cw.hold_conference(referral, kind="review", date=date(2024, 2, 29), plan=plan)
    assert due(child, "Hold the review child protection conference") == date(2024, 8, 29)


def test_cp_visits_follow_the_local_standard_from_the_last_visit(settings):
    settings.LOCAL_STANDARDS = {"cp_visit_working_days": 10}
    child = make_child()
    referral = cw.open_referral(child, referral_date=date(2025, 12, 1), source="6", primary_need="N1")
    cw.start_cp_plan(referral, start_date=date(2025, 12, 10), category="NEG")
    cw.record("visit", child, date=date(2025, 12, 19), kind="cp", seen=True)
    assert due(child, "Child protection visit") == date(2026, 1, 7)  # over Christmas and New Year
    settings.LOCAL_STANDARDS = {"cp_visit_working_days": 5}
    assert due(child, "Child protection visit") == date(2025, 12, 30)


def test_looked_after_reviews_20_working_days_then_3_months_then_6_months():
    child = make_child()
    period = cw.become_looked_after(child, start_date=date(2024, 12, 18), legal_status="V2", category_of_need="N1",
                                    placement={"placement_type": "U6", "carer_reference": "C1"})
    assert due(child, "Looked-after review") == date(2025, 1, 20)
    cw.record("review", child, period=period, date=date(2025, 1, 20))
    assert due(child, "Looked-after review") == date(2025, 4, 20)
    cw.record("review", child, period=period, date=date(2025, 4, 17))
    assert due(child, "Looked-after review") == date(2025, 10, 17)


def test_initial_health_assessment_within_20_working_days_of_coming_into_care():
    child = make_child()
    cw.become_looked_after(child, start_date=date(2024, 12, 18), legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U6"})
    assert due(child, "Initial health assessment") == date(2025, 1, 20)
    cw.record("health_assessment", child, date=date(2025, 1, 10), kind="initial")
    assert not [i for i in due_work([child.pk], TODAY) if i.what == "Initial health assessment"]


def test_a_visit_is_due_within_a_week_of_each_new_placement_then_six_weekly_then_three_monthly_if_long_term():
    child = make_child()
    period = cw.become_looked_after(child, start_date=date(2023, 3, 1), legal_status="C2", category_of_need="N1",
                                    placement={"placement_type": "U4", "carer_reference": "C1", "intended_until_18": True})
    assert due(child, "Visit in the first week of the placement") == date(2023, 3, 8)
    cw.record("visit", child, date=date(2023, 3, 6), kind="cla", seen=True)
    assert due(child, "Looked-after child visit") == date(2023, 4, 17)  # six weeks
    cw.record("visit", child, date=date(2024, 3, 4), kind="cla", seen=True)  # after the first year, long-term
    assert due(child, "Looked-after child visit") == date(2024, 6, 4)
    cw.move_placement(period, date=date(2025, 3, 31), reason_changed="CARPL", placement_type="U6", carer_reference="C2")
    assert due(child, "Visit in the first week of the placement") == date(2025, 4, 7)  # the clock restarts


def test_a_return_home_interview_is_due_72_hours_after_the_child_returns():
    child = make_child()
    cw.record("missing", child, kind="M", start_date=date(2026, 11, 1), end_date=date(2026, 11, 2))
    assert due(child, "Offer a return home interview") == date(2026, 11, 5)


def test_a_needs_assessment_is_due_3_months_after_a_leap_day_16th_birthday_then_pathway_plans_6_monthly():
    child = make_child(dob=date(2008, 2, 29))
    cw.become_looked_after(child, start_date=date(2022, 1, 10), legal_status="C2", category_of_need="N1",
                           placement={"placement_type": "U4"})
    assert due(child, "Leaving care needs assessment", today=date(2024, 3, 1)) == date(2024, 5, 29)
    cw.record("needs_assessment", child, date=date(2024, 5, 1))
    cw.record("pathway_plan", child, date=date(2024, 8, 31))
    assert due(child, "Review the pathway plan") == date(2025, 2, 28)
