"""Meetings held from their bookings: attendance by agency, a report from an agency, participation,
decisions and minutes; quorate against the authority's rule; the chair's recommendations tracked to done."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencsc import versions
from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.meetings import services
from opencsc.meetings.models import MeetingRecord, Recommendation
from opencsc.recording.chronology import chronology
from opencsc.recording.documents import add_document
from tests.conftest import allocate_to, earlier_today

pytestmark = pytest.mark.django_db


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_a_review_conference_is_recorded_from_its_booking_with_attendance_by_agency_and_an_agency_report(signed_in, worker, child):
    allocate_to(child, worker)
    cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=100), source="6", primary_need="N1")
    today = timezone.localdate()
    booking = cw.book_meeting(child, kind="review_conference", starts_at=earlier_today(), venue="Civic Centre",
                              chair=worker, invitees="PC Jones, Cleveland Police\nMs Head, Quay Primary School\nDawn Smith (mother)")
    report = add_document(child, data=b"%PDF-1.4 school report", original_name="school.pdf", title="School's report to conference",
                          kind="report", date=today, by=worker)
    url = reverse("meetings:meeting-record-new", args=[child.pk]) + f"?booking={booking.pk}"
    page = signed_in.get(url)
    form = page.context["form"]
    assert form["att_0_name"].initial == "PC Jones, Cleveland Police" and form["att_0_agency"].initial == "police"
    assert form["att_1_agency"].initial == "education"  # invitees come in, their agency guessed where plain
    data = {"submission_id": form.initial["submission_id"], "kind": "review_conference", **gov_date("held_on", today),
            "chair": worker.pk, "child_participation": "advocate", "parents_participation": "attended",
            "decisions": "The plan continues; next review in six months.", "minutes": "The chair welcomed everyone.",
            "att_0_name": "PC Jones", "att_0_agency": "police", "att_0_status": "apologies",
            "att_1_name": "Ms Head", "att_1_agency": "education", "att_1_status": "attended", "att_1_report": report.pk,
            "att_2_name": "Dawn Smith", "att_2_agency": "family", "att_2_status": "attended",
            "att_3_name": "Sam Worker", "att_3_agency": "social_care", "att_3_status": "attended",
            "rec_0_text": "Refer Amelia to the school nurse", "rec_0_owner": worker.pk, **gov_date("rec_0_due_on", today + timedelta(days=14))}
    assert signed_in.post(url, data).status_code == 302
    record = MeetingRecord.objects.get()
    assert record.booking == booking and record.quorate is False  # social care and education only: the rule asks for three agencies
    assert record.attendance.get(agency="education").report == report
    booking.refresh_from_db()
    assert booking.held_on == today
    held = signed_in.get(reverse("meetings:meetings-held", args=[child.pk])).content.decode()
    assert "Not quorate" in held and "School&#x27;s report to conference" in held and "Refer Amelia to the school nurse" in held
    assert f'href="/children/{child.pk}/conference/?next=' in held  # the conference's outcome is not recorded yet: a link to it
    step = signed_in.get(reverse("casework:journey-conference", args=[child.pk])).context["form"]
    assert step.initial["date"] == today and step.initial["chair"] == worker.pk  # typed once, at the meeting
    assert any(i.what == "Act on a meeting's recommendation" for i in due_work([child.pk]))
    assert any(e.title == "Review child protection conference held" for e in chronology(child, ["meeting"], notes=child.case_notes.none()))

    recommendation = Recommendation.objects.get()
    done = reverse("meetings:recommendation-done", args=[child.pk, recommendation.pk])
    assert signed_in.post(done, {**gov_date("done_on", today), "note": "Referral made", "version": versions.token(recommendation)}).status_code == 302
    assert not any(i.what == "Act on a meeting's recommendation" for i in due_work([child.pk]))


def test_a_strategy_discussion_without_police_or_health_is_not_quorate_and_says_so(child):
    held = services.record_meeting(child, kind="strategy", held_on=timezone.localdate(), decisions="Section 47 agreed",
                                   attendance=[{"name": "Sam", "agency": "social_care", "status": "attended"},
                                               {"name": "PC Jones", "agency": "police", "status": "attended"},
                                               {"name": "Dr Lee", "agency": "health", "status": "apologies"}])
    assert held.quorate is False
    assert services.quorum_gaps("strategy", {"social_care", "police"}) == ["no one from health", "2 agencies attended; the rule asks for 3"]
    assert services.quorum_gaps("strategy", {"social_care", "police", "health"}) == []


def test_a_quorum_rule_is_the_authoritys_setting(child, settings):
    settings.MEETING_QUORUM = {"core_group": {"required": ["social_care"], "agencies_at_least": 1}}
    held = services.record_meeting(child, kind="core_group", held_on=timezone.localdate(), decisions="Actions updated",
                                   attendance=[{"name": "Sam", "agency": "social_care", "status": "attended"}])
    assert held.quorate is True
    unruled = services.record_meeting(child, kind="cin_review", held_on=timezone.localdate(), decisions="Continue",
                                      attendance=[{"name": "Sam", "agency": "social_care", "status": "attended"}])
    assert unruled.quorate is None  # no rule for that meeting: neither quorate nor not


def test_a_recommendation_needs_an_owner_and_a_date_and_a_meeting_needs_its_decisions(child):
    with pytest.raises(ValidationError, match="Write what the meeting decided"):
        services.record_meeting(child, kind="cin_review", held_on=timezone.localdate(), decisions="",
                                attendance=[{"name": "Sam", "agency": "social_care", "status": "attended"}])
    with pytest.raises(ValidationError, match="who owns"):
        services.record_meeting(child, kind="lac_review", held_on=timezone.localdate(), decisions="Stay in placement",
                                attendance=[{"name": "Sam", "agency": "social_care", "status": "attended"}],
                                recommendations=[{"text": "Life story work", "due_on": None}])
    assert not MeetingRecord.objects.exists()  # nothing half-saved


def test_subject_access_marks_who_came_and_the_minutes(child, worker):
    from opencsc.access.subject_access import gather

    services.record_meeting(child, kind="cin_review", held_on=timezone.localdate(), decisions="Continue", minutes="Dad said...",
                            attendance=[{"name": "Dawn Smith", "agency": "family", "status": "attended"}])
    listed = gather(child, worker.user)["records"]["meetings held"][0]
    assert listed["attendance"][0]["name"]["ground"] == "third_party" and listed["minutes"]["ground"] == "third_party"


def test_a_booked_strategy_discussion_is_recorded_once_on_its_own_page_with_the_invitees_listed(signed_in, worker, child):
    """Recording a booked strategy discussion goes to the strategy discussion page, where who came, what was
    shared, the decision and the actions are saved with the section 47 decision in one go."""
    from opencsc.casework import models as m

    allocate_to(child, worker)
    cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=3), source="5D", primary_need="N1")
    booking = cw.book_meeting(child, kind="strategy", starts_at=earlier_today(), venue="MASH",
                              invitees="PC Reid, Synthshire Police\nMs Head, Quay Primary School")
    record_page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    url = reverse("casework:journey-strategy", args=[child.pk]) + f"?booking={booking.pk}"
    assert f'href="{url}"' in record_page  # the record's link to record who came goes to the strategy discussion's page
    form = signed_in.get(url).context["form"]
    assert form["att_0_name"].initial == "PC Reid, Synthshire Police" and form["att_0_agency"].initial == "police"
    assert form["att_1_agency"].initial == "education"
    data = {"submission_id": form.initial["submission_id"], **gov_date("held_on", timezone.localdate()), "section47_agreed": "no",
            "att_0_name": "PC Reid", "att_0_agency": "police", "att_0_status": "attended",
            "information_shared": "Police: no previous call-outs.", "decisions": "No section 47: a child and family assessment."}
    assert signed_in.post(url, data).status_code == 302
    booking.refresh_from_db()
    assert booking.held_on == timezone.localdate()
    assert m.StrategyDiscussion.objects.get(child=child).section47_agreed is False
    assert MeetingRecord.objects.get(child=child).booking == booking
