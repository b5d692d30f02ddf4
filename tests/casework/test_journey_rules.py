from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.timescales import add_working_days, assessment_due, icpc_due


def aware(day, hour=10):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


@pytest.fixture
def referral(child):
    return cw.open_referral(child, referral_date=date(2025, 1, 6), source="6", primary_need="N1")


def test_an_assessment_cannot_be_authorised_before_it_starts(referral):
    assessment = cw.start_assessment(referral, start_date=date(2025, 1, 8))
    with pytest.raises(ValidationError) as error:
        cw.authorise_assessment(assessment, authorised_date=date(2025, 1, 7))
    assert error.value.message_dict == {"authorised_date": ["An assessment cannot be authorised before it starts"]}


def test_an_assessment_authorised_on_or_after_its_start_is_complete(referral):
    assessment = cw.start_assessment(referral, start_date=date(2025, 1, 8))
    cw.authorise_assessment(assessment, authorised_date=date(2025, 2, 20), factors=["3B", "4B"], outcome="cin_plan")
    assessment.refresh_from_db()
    assert assessment.authorised_date == date(2025, 2, 20) and assessment.factors == ["3B", "4B"]


def test_a_child_protection_plan_cannot_end_before_it_starts(referral):
    plan = cw.start_cp_plan(referral, start_date=date(2025, 2, 1), category="NEG")
    with pytest.raises(ValidationError) as error:
        cw.end_plan(plan, end_date=date(2025, 1, 31))
    assert "cannot end before it starts" in error.value.message_dict["end_date"][0]
    plan.refresh_from_db()
    assert plan.end_date is None


def test_a_date_in_the_future_is_refused_with_the_field_named(referral):
    with pytest.raises(ValidationError) as error:
        cw.start_assessment(referral, start_date=timezone.localdate() + timedelta(days=1))
    assert "today or in the past" in error.value.message_dict["start_date"][0]


def test_consent_not_sought_needs_a_reason(child):
    with pytest.raises(ValidationError) as error:
        cw.record_contact(child, received_at=aware(date(2025, 1, 6)), source="6", reason="abuse_neglect", consent="not_sought")
    assert "consent_not_sought_reason" in error.value.message_dict


def test_deciding_a_contact_as_a_referral_opens_a_cin_episode_on_the_decision_date(child, worker):
    contact = cw.record_contact(child, received_at=aware(date(2025, 1, 6), 9), source="2A", reason="abuse_neglect",
                                consent="given")
    referral = cw.decide_contact(contact, outcome="referral", decided_at=aware(date(2025, 1, 7), 11), decided_by=worker)
    assert referral.referral_date == date(2025, 1, 7)
    assert referral.source == "2A" and referral.contact == contact and referral.is_open


def test_a_contact_cannot_be_decided_twice(child):
    contact = cw.record_contact(child, received_at=aware(date(2025, 1, 6)), source="2A", reason="other", consent="given")
    cw.decide_contact(contact, outcome="advice", decided_at=aware(date(2025, 1, 6), 15))
    with pytest.raises(ValidationError):
        cw.decide_contact(contact, outcome="referral", decided_at=aware(date(2025, 1, 6), 16))


def test_a_section_47_sets_the_icpc_target_15_working_days_after_the_strategy_discussion(referral):
    discussion = cw.hold_strategy_discussion(referral, date=date(2025, 1, 6))
    enquiry = cw.start_section47(referral, start_date=date(2025, 1, 6), strategy_discussion=discussion)
    assert enquiry.icpc_target_date == date(2025, 1, 27)


def test_moving_placement_ends_the_last_one_and_keeps_the_period_of_care(child):
    period = cw.become_looked_after(child, start_date=date(2024, 5, 1), legal_status="V2", category_of_need="N1",
                                    placement={"placement_type": "U6", "provider": "PR1", "carer_reference": "C1"})
    cw.move_placement(period, date=date(2024, 9, 1), reason_changed="CREQB", placement_type="U4", provider="PR4",
                      carer_reference="C2")
    first, second = period.placements.order_by("start_date")
    assert first.end_date == date(2024, 9, 1) and first.reason_changed == "CREQB" and second.end_date is None
    with pytest.raises(ValidationError):
        cw.become_looked_after(child, start_date=date(2024, 10, 1), legal_status="V2", category_of_need="N1",
                               placement={"placement_type": "U6"})


@pytest.mark.parametrize("anchor, days, due", [
    (date(2025, 1, 6), 45, date(2025, 3, 10)),   # the worked example in journey.md
    (date(2025, 4, 17), 1, date(2025, 4, 22)),   # Maundy Thursday: Good Friday and Easter Monday skipped
    (date(2024, 12, 24), 1, date(2024, 12, 27)),  # Christmas and Boxing Day
    (date(2025, 5, 2), 1, date(2025, 5, 6)),     # Friday before the early May bank holiday
    (date(2025, 1, 10), 1, date(2025, 1, 13)),   # Friday to Monday
])
def test_working_days_skip_weekends_and_england_bank_holidays(anchor, days, due):
    assert add_working_days(anchor, days) == due


def test_named_clocks_use_the_working_day_rule():
    assert assessment_due(date(2025, 1, 6)) == date(2025, 3, 10)
    assert icpc_due(date(2025, 1, 6)) == date(2025, 1, 27)


@pytest.mark.django_db(transaction=True)
def test_two_people_reallocating_a_child_at_once_leave_one_open_allocation(worker):
    import threading

    from django.db import connection

    from opencsc.casework.models import Allocation
    from opencsc.people import services as people
    from opencsc.staff.models import Professional

    child = people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1))
    cw.allocate(child, worker=worker, team=worker.team, start_date=date(2025, 1, 6))
    others = [Professional.objects.create(name=f"Worker {i}", team=worker.team) for i in range(4)]
    barrier, errors = threading.Barrier(len(others)), []

    def reallocate(to):
        try:
            barrier.wait(10)
            cw.allocate(child, worker=to, team=worker.team, start_date=date(2025, 2, 1), reason="MANAGE")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reallocate, args=(to,)) for to in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert Allocation.objects.filter(child=child, end_date__isnull=True).count() == 1
    assert Allocation.objects.filter(child=child).count() == 5  # every change kept as history
