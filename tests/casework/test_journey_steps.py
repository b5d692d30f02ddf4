"""The journey's steps through their pages: pre-filled, saved once, signed off by a manager."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import models as m
from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.meetings.models import MeetingRecord
from opencsc.recording.chronology import chronology
from opencsc.staff.models import RoleCode
from tests.conftest import allocate_to, as_opened, make_worker

pytestmark = pytest.mark.django_db


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture
def case(worker, child):
    make_worker("mo.manager", RoleCode.TEAM_MANAGER, worker.team)  # every request for authorisation has a manager to see it
    allocate_to(child, worker)
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=20), source="6", primary_need="N1")
    return child, referral


@pytest.fixture
def manager(worker):
    return make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)


def whats(child):
    return [item.what for item in due_work([child.pk])]


def assessment_data(referral, **extra):
    return {**gov_date("start_date", referral.referral_date), "child_seen": "yes",
            **gov_date("child_seen_date", referral.referral_date + timedelta(days=2)),
            "factors": ["3B", "4B"], "outcome": "cin_plan", "summary": "Mum is struggling; the children are safe.",
            "developmental_needs": "Meeting milestones; school attendance 91%.", "parenting_capacity": "Warm but overwhelmed.",
            "family_environment": "Overcrowded flat; debts.", "decision_reasons": "Services will help mum cope.",
            "submission_id": "0f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f", **extra}


def test_an_assessment_is_pre_filled_sent_once_and_complete_only_when_a_manager_authorises_it(signed_in, case, manager):
    child, referral = case
    page = signed_in.get(reverse("casework:journey-assessment", args=[child.pk])).content.decode()
    assert f'value="{referral.referral_date.day}"' in page  # start date pre-filled from the referral
    url = reverse("casework:journey-assessment", args=[child.pk])
    assert signed_in.post(url, assessment_data(referral)).status_code == 302
    assert signed_in.post(url, assessment_data(referral)).status_code == 302  # sent twice
    assert m.Assessment.objects.count() == 1 and m.Authorisation.objects.filter(kind="assessment").count() == 1
    assert "Assessment awaiting authorisation" in whats(child)

    client = Client()
    client.force_login(manager.user)
    auth = m.Authorisation.objects.get(kind="assessment")
    assert "Mum is struggling" in client.get(reverse("casework:authorisation-decide", args=[auth.pk])).content.decode()
    assert decide(client, auth, {"decision": "authorise"}).status_code == 302
    assessment = m.Assessment.objects.get()
    assert assessment.authorised_date == timezone.localdate() and assessment.authorised_by == manager
    assert assessment.factors == ["3B", "4B"] and assessment.child_seen is True
    assert not any("assessment" in what.lower() for what in whats(child))  # it has left My work
    plan = m.CINPlan.objects.get(child=child)  # "child in need plan / services": the plan starts when it is authorised
    assert plan.start_date == timezone.localdate() and plan.end_date is None
    assert "Child in need visit" in whats(child)
    assert assessment.parenting_capacity == "Warm but overwhelmed." and assessment.decision_reasons.startswith("Services")


def test_a_returned_assessment_goes_back_to_the_worker_with_the_comment(signed_in, worker, case, manager):
    child, referral = case
    signed_in.post(reverse("casework:journey-assessment", args=[child.pk]), assessment_data(referral))
    auth = m.Authorisation.objects.get()
    client = Client()
    client.force_login(manager.user)
    refused = decide(client, auth, {"decision": "return", "comment": ""})
    assert "Say what needs to change" in refused.content.decode()
    decide(client, auth, {"decision": "return", "comment": "Add the school's view"})
    my_work = signed_in.get(reverse("web:my-work")).content.decode()
    assert "Returned to you" in my_work and "Add the school" in my_work
    form = signed_in.get(reverse("casework:journey-assessment", args=[child.pk])).content.decode()
    assert "Returned by your manager" in form and "Mum is struggling" in form  # what was written is still there
    url = reverse("casework:journey-assessment", args=[child.pk])
    signed_in.post(url, as_opened(signed_in, url, assessment_data(referral, summary="With the school's view.",
                                                                   submission_id="1f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f")))
    assert m.Authorisation.objects.filter(decision="").count() == 1
    assert "Returned to you" not in signed_in.get(reverse("web:my-work")).content.decode()


def test_copied_forward_text_is_marked_and_cannot_be_sent_until_reviewed(signed_in, case, manager):
    child, referral = case
    earlier = cw.open_referral(child, referral_date=date(2023, 1, 9), source="6", primary_need="N1")
    old = cw.start_assessment(earlier, start_date=date(2023, 1, 10))
    old.summary = "Dad left in 2022; mum copes with family support."
    old.save()
    cw.authorise_assessment(old, authorised_date=date(2023, 2, 1), factors=["4B"], outcome="nfa")
    url = reverse("casework:journey-assessment", args=[child.pk])
    page = signed_in.get(url + "?copy=1").content.decode()
    assert "Dad left in 2022" in page and "Copied" in page and 'id="copied-notice"' in page
    data = assessment_data(referral, summary="Dad left in 2022; mum copes with family support.", copied_from=old.pk)
    refused = signed_in.post(url, data)
    assert "Confirm you have reviewed the text copied" in refused.content.decode()
    assert not m.Authorisation.objects.exists()
    signed_in.post(url, {**data, "copied_reviewed": "on", "submission_id": "2f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f"})
    current = m.Assessment.objects.get(referral=referral)
    assert current.copied_from == old and current.copied_reviewed


def test_an_assessment_copies_forward_one_section_at_a_time_and_offers_only_this_years_factors(signed_in, case):
    child, referral = case
    earlier = cw.open_referral(child, referral_date=date(2023, 1, 9), source="6", primary_need="N1")
    old = cw.start_assessment(earlier, start_date=date(2023, 1, 10))
    old.parenting_capacity, old.summary = "Mum attends every appointment.", "Old analysis, now out of date."
    old.save()
    cw.authorise_assessment(old, authorised_date=date(2023, 2, 1), factors=["4B"], outcome="nfa")
    url = reverse("casework:journey-assessment", args=[child.pk])
    page = signed_in.get(url).content.decode()
    assert "?copy=parenting_capacity" in page and 'value="18A"' not in page  # 18A retired in 2023/24
    page = signed_in.get(url + "?copy=parenting_capacity").content.decode()
    assert 'data-testid="copied-parenting_capacity"' in page and "Mum attends every appointment." in page
    assert "Old analysis" not in page and 'data-testid="copied-summary"' not in page  # only the section asked for
    data = assessment_data(referral, parenting_capacity="Mum attends every appointment.", copied_from=old.pk,
                           copied_sections="parenting_capacity", copied_reviewed="on")
    assert signed_in.post(url, data).status_code == 302
    assert m.Assessment.objects.get(referral=referral).copied_sections == ["parenting_capacity"]
    refused = signed_in.post(url, as_opened(signed_in, url, assessment_data(referral, factors=["18A"],
                                                                             submission_id="3f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f")))
    assert "18A" in refused.content.decode() and refused.status_code == 200


def test_the_three_domains_and_the_reasons_are_asked_for(signed_in, case):
    child, referral = case
    url = reverse("casework:journey-assessment", args=[child.pk])
    page = signed_in.post(url, assessment_data(referral, parenting_capacity="", decision_reasons="")).content.decode()
    assert "Write about parenting capacity" in page and "Say why this is the decision" in page
    assert not m.Authorisation.objects.exists()


def test_a_case_closes_only_when_a_manager_authorises_it_and_no_one_authorises_their_own(signed_in, case, manager):
    child, referral = case
    signed_in.post(reverse("casework:journey-close", args=[child.pk]),
                   {**gov_date("closure_date", timezone.localdate()), "reason": "RC8"})
    referral.refresh_from_db()
    assert referral.closure_date is None  # waiting for the manager
    auth = m.Authorisation.objects.get(kind="case_closure")
    client = Client()
    client.force_login(manager.user)
    page = client.get(reverse("web:my-work")).content.decode()
    assert "Waiting for your authorisation (1)" in page
    decide(client, auth, {"decision": "authorise"})
    referral.refresh_from_db()
    assert referral.closure_date == timezone.localdate() and referral.closure_reason == "RC8"
    own = cw.request_authorisation(child, "case_closure", referral, summary="own", requested_by=manager)
    assert client.post(reverse("casework:authorisation-decide", args=[own.pk]), {"decision": "authorise"}).status_code == 403


def test_strategy_discussion_to_plan_moves_the_work_on_my_work(signed_in, case, manager):
    child, referral = case
    iro = make_worker("ira.chair", RoleCode.IRO)
    today = timezone.localdate()
    strategy = reverse("casework:journey-strategy", args=[child.pk])
    said = {**gov_date("held_on", today), "section47_agreed": "yes", "att_0_name": "PC Reid", "att_0_agency": "police",
            "att_0_status": "attended", "att_1_name": "Ms Head", "att_1_agency": "education", "att_1_status": "attended",
            "information_shared": "Police: two call-outs this month. School: bruise seen on Monday.",
            "decisions": "Section 47 enquiry: likely significant harm.", "rec_0_text": "Joint visit with police",
            "rec_0_owner_name": "PC Reid, police", **gov_date("rec_0_due_on", today)}
    unsaid = signed_in.post(strategy, {**said, "information_shared": "", "decisions": ""}).content.decode()
    assert "Write what information was shared" in unsaid and "Write what was decided and why" in unsaid
    signed_in.post(strategy, said)
    discussion = m.StrategyDiscussion.objects.get(child=child)
    assert discussion.attendees == "Police, School or education" and discussion.section47_agreed
    meeting = MeetingRecord.objects.get(child=child, kind="strategy")  # recorded once: the meeting and the step together
    assert meeting.minutes.startswith("Police: two call-outs") and meeting.recommendations.get().text == "Joint visit with police"
    assert sorted(meeting.attendance.values_list("agency", flat=True)) == ["education", "police"]
    assert "Hold the initial child protection conference" in whats(child)
    outcome = reverse("casework:journey-s47-outcome", args=[child.pk])
    said = {**gov_date("end_date", today), "outcome": "icpc", "child_seen": "yes", **gov_date("child_seen_date", today),
            "seen_alone": "yes", "child_said": "“He hits me.”", "findings": "Bruising consistent with her account.",
            "concerns_substantiated": "substantiated", "outcome_reasons": "Likely significant harm."}
    unsaid = signed_in.post(outcome, as_opened(signed_in, outcome, {**said, "findings": "", "seen_alone": ""})).content.decode()
    assert "Say what the enquiry found" in unsaid and "Say whether the child was seen alone" in unsaid
    assert not m.Authorisation.objects.filter(kind="section47_outcome").exists()
    signed_in.post(outcome, as_opened(signed_in, outcome, said))
    asked = m.Authorisation.objects.get(kind="section47_outcome")
    enquiry = asked.subject
    assert (enquiry.child_seen, enquiry.seen_alone, enquiry.concerns_substantiated) == (True, True, "substantiated")
    manager_sees = Client()
    manager_sees.force_login(manager.user)
    page = manager_sees.get(reverse("casework:authorisation-decide", args=[asked.pk])).content.decode()
    assert "Bruising consistent with her account." in page and "Likely significant harm." in page and "“He hits me.”" in page
    page = signed_in.get(reverse("casework:journey-conference", args=[child.pk])).content.decode()
    assert "Initial child protection conference" in page and "Ira Chair" in page
    held = {**gov_date("held_on", today), "chair": iro.pk, "outcome": "plan", "att_0_name": "PC Reid", "att_0_agency": "police",
            "att_0_status": "attended", "child_participation": "too_young", "parents_participation": "attended",
            "decisions": "Plan under neglect: home conditions and missed health appointments.", "minutes": "Police and school reported.",
            "rec_0_text": "Health visitor to visit weekly", "rec_0_owner_name": "Health visiting", **gov_date("rec_0_due_on", today),
            "rec_1_text": "Mother to attend the GP", "rec_1_owner_name": "Mother", **gov_date("rec_1_due_on", today)}
    refused = signed_in.post(reverse("casework:journey-conference", args=[child.pk]), held).content.decode()
    assert "Choose the category of abuse" in refused and "Say what the outline plan is for" in refused
    signed_in.post(reverse("casework:journey-conference", args=[child.pk]), {**held, "category": "NEG", "plan_purpose": "Amelia is safe and well."})
    conference = m.ChildProtectionConference.objects.get(child=child)
    meeting = MeetingRecord.objects.get(child=child, kind="initial_conference")  # recorded once: the meeting and the outcome
    assert conference.plan is not None and meeting.decisions.startswith("Plan under neglect") and not meeting.recommendations.exists()
    outline = conference.plan.content.versions.get()  # the recommendations are the outline plan's actions, typed once
    assert outline.made_at == "initial_conference" and outline.purpose == "Amelia is safe and well."
    assert sorted(outline.actions.values_list("action", "who")) == [("Health visitor to visit weekly", "Health visiting"),
                                                                     ("Mother to attend the GP", "Mother")]
    work = whats(child)
    assert "Hold the initial child protection conference" not in work
    assert "Hold the first core group" in work and "Child protection visit" in work
    visit_form = signed_in.get(reverse("casework:journey-visit", args=[child.pk])).content.decode()
    assert 'value="cp" checked' in visit_form  # the kind of visit the plan calls for, pre-selected
    visit = {**gov_date("date", today), "kind": "cp", "seen": "on", "note": "Seen in her room.",
             "child_views": "“I like my new bed.”", "observed": "Clean, warm, food in the fridge.", "next_steps": "Core group on Friday."}
    unsaid = signed_in.post(reverse("casework:journey-visit", args=[child.pk]), visit).content.decode()
    assert "bedroom was seen (a child protection" in unsaid  # a child protection visit asks
    signed_in.post(reverse("casework:journey-visit", args=[child.pk]), {**visit, "bedroom_seen": "yes"})
    made = m.StatutoryVisit.objects.get(child=child)
    assert (made.bedroom_seen, made.child_views, made.next_steps) == (True, "“I like my new bed.”", "Core group on Friday.")
    visit_item = next(i for i in due_work([child.pk]) if i.what == "Child protection visit")
    assert visit_item.anchor.startswith("last visit")
    assert child.case_notes.filter(text="Seen in her room.").exists()
    # One chronology row for the visit, with its note under it (not the fact and the note apart).
    rows = [e for e in chronology(child, ["visit", "note"], notes=child.case_notes.all()) if "Seen in her room." in e.detail]
    assert len(rows) == 1 and rows[0].kind == "visit" and rows[0].detail.startswith("Child seen") and rows[0].note_id
    assert "Bedroom seen." in rows[0].detail and "The child said: “I like my new bed.”" in rows[0].detail


def test_becoming_looked_after_is_pre_filled_from_the_referral_and_starts_the_care_clocks(signed_in, case):
    child, referral = case
    page = signed_in.get(reverse("casework:journey-looked-after", args=[child.pk])).content.decode()
    assert '<option value="N1" selected>' in page  # category of need from the referral
    today = timezone.localdate()
    signed_in.post(reverse("casework:journey-looked-after", args=[child.pk]), {
        **gov_date("start_date", today), "legal_status": "V2", "category_of_need": "N1", "placement_type": "U4",
        "provider": "PR1", "carer_reference": "FC-12"})
    work = whats(child)
    assert "Looked-after review" in work and "Visit in the first week of the placement" in work
    assert "Initial health assessment" in work
    assert m.Authorisation.objects.filter(kind="looked_after").exists()
    review_held = {**gov_date("held_on", today), "participation": "PN1", "att_0_name": "Ms Foster", "att_0_agency": "social_care",
                   "att_0_status": "attended", "decisions": "The placement continues.", "minutes": "Carer: settled, eating well."}
    signed_in.post(reverse("casework:journey-lac-review", args=[child.pk]), review_held)
    assert m.LookedAfterReview.objects.get(child=child).participation == "PN1"  # recorded once: the review and the meeting
    assert MeetingRecord.objects.get(child=child, kind="lac_review").minutes == "Carer: settled, eating well."
    review = next(i for i in due_work([child.pk]) if i.what == "Looked-after review")
    assert review.anchor.startswith("first review")  # the next one is 3 months on


def test_an_iros_my_work_lists_the_children_whose_reviews_they_chair(client, case):
    child, referral = case
    iro = make_worker("ira.chair", RoleCode.IRO)
    period = cw.become_looked_after(child, start_date=timezone.localdate() - timedelta(days=60), legal_status="V2",
                                    category_of_need="N1", placement={"placement_type": "U4", "provider": "PR1"})
    cw.record("review", child, period=period, date=timezone.localdate() - timedelta(days=40), chair=iro, participation="PN1")
    client.force_login(iro.user)
    page = client.get(reverse("web:my-work")).content.decode()
    assert "Amelia Smith-Jones" in page and "Looked-after review" in page
    assert "Visit in the first week" not in page  # the worker's visits are not the chair's work


def test_the_first_looked_after_review_shows_on_my_work_the_day_care_starts_even_when_bank_holidays_push_it_past_four_weeks(
        worker, child):
    from opencsc.casework.selectors import my_work

    start = date(2026, 11, 30)  # 20 working days later is 30 December: Christmas and Boxing Day fall between
    allocate_to(child, worker)
    cw.become_looked_after(child, start_date=start, legal_status="V2", category_of_need="N1",
                           placement=dict(placement_type="U4", provider="PR1", postcode="TS24 8AA", carer_reference="FC-1"))
    _, groups, _ = my_work(worker, today=start)
    coming = {item.what: item.due for _, item in groups["coming up"]}
    assert coming["Looked-after review"] == date(2026, 12, 30) and coming["Looked-after review"] > start + timedelta(days=28)


def decide(client, auth, data):
    """A manager decides from the authorisation page they opened."""
    url = reverse("casework:authorisation-decide", args=[auth.pk])
    return client.post(url, as_opened(client, url, data))


def test_the_front_door_decides_with_what_was_said_and_the_manager_sees_the_decision_and_its_reasons(signed_in, worker):
    from opencsc.casework.models import AgencyCheck, Contact
    from opencsc.people import services as people_services
    from opencsc.web.forms import aware

    child = people_services.create_person(first_name="Kit", last_name="Door", date_of_birth=date(2017, 5, 5))
    allocate_to(child, worker)
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)  # the holding team's: they authorise
    sibling = people_services.create_person(first_name="Kat", last_name="Door", date_of_birth=date(2015, 5, 5))
    people_services.link_relative(child, sibling, "sibling")
    cw.open_referral(sibling, referral_date=date(2024, 2, 2), source="1A")
    today = timezone.localdate()
    contact = cw.record_contact(child, received_at=aware(today, "00:01"), source="2A", reason="abuse_neglect", consent="given",
                                details="Kit said there was shouting all night.", referrer_name="Ms Head", referrer_organisation="Oak School",
                                referrer_confidential=True)
    url = reverse("casework:contact-decide", args=[contact.pk])
    page = signed_in.get(url).content.decode()
    assert "Kit said there was shouting all night." in page and "Oak School" in page and "Asked not to be identified" in page
    assert "family: 1 earlier referral of relatives" in page
    half = signed_in.post(url, as_opened(signed_in, url, {**gov_date("decision_date", today), "outcome": "referral", "need_level": "3",
                                                          "rationale": "Meets level 3.", "police_who": "PC Shah"}))
    assert "Police: give who was asked, the date and what they said" in half.content.decode()
    done = signed_in.post(url, as_opened(signed_in, url, {
        **gov_date("decision_date", today), "outcome": "referral", "need_level": "3", "rationale": "Meets level 3.",
        "police_who": "PC Shah", **gov_date("police_on", today), "police_said": "Two call-outs this month."}))
    assert done.status_code == 302
    contact = Contact.objects.get(pk=contact.pk)
    assert (contact.need_level, contact.decision_rationale) == ("3", "Meets level 3.")
    assert AgencyCheck.objects.get(contact=contact).said == "Two call-outs this month."
    auth = m.Authorisation.objects.get(kind="contact_decision")
    assert auth.summary == "Contact decision: progress to referral (children's social care)"
    client = Client()
    client.force_login(manager.user)
    shown = client.get(reverse("casework:authorisation-decide", args=[auth.pk])).content.decode()
    assert "Meets level 3." in shown and "Two call-outs this month." in shown and "shouting all night" in shown


def test_a_contact_cannot_be_received_later_today_than_now(child, monkeypatch):
    from django.core.exceptions import ValidationError

    from opencsc.casework import services as cw_services

    # Noon, so that two hours later is still today whenever the suite runs (after 22:00 it was tomorrow,
    # and the date's own check answered first).
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    monkeypatch.setattr(timezone, "now", lambda: noon)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        cw_services.record_contact(child, received_at=noon + timedelta(hours=2), source="2A", reason="abuse_neglect",
                                   consent="given")


def test_a_contact_is_corrected_until_decided_then_only_by_a_manager_with_a_reason_and_every_correction_kept(signed_in, worker):
    from opencsc import versions
    from opencsc.casework.models import Contact, ContactCorrection
    from opencsc.people import services as people_services
    from opencsc.web.forms import aware

    child = people_services.create_person(first_name="Cora", last_name="Rect", date_of_birth=date(2016, 6, 6))
    allocate_to(child, worker)
    day = timezone.localdate() - timedelta(days=2)
    contact = cw.record_contact(child, received_at=aware(day, "09:15"), source="2A", reason="abuse_neglect", consent="given",
                                details="Typed in a hurry.")
    url = reverse("casework:contact-correct", args=[contact.pk])
    form = {**gov_date("received_date", day), "received_time": "08:45", "source": "2A", "reason": "abuse_neglect", "consent": "given",
            "details": "Typed in a hurry, now checked.", "version": versions.token(Contact.objects.get(pk=contact.pk))}
    first = signed_in.post(url, form)
    assert first.status_code == 302, first.content.decode()[first.content.decode().find("govuk-error-summary__list"):][:600]
    contact.refresh_from_db()
    assert timezone.localtime(contact.received_at).strftime("%H:%M") == "08:45"
    assert set(ContactCorrection.objects.values_list("field", flat=True)) == {"received_at", "details"}
    assert "saved by someone else" in signed_in.post(url, form | {"details": "Again"}).content.decode()  # the form was stale

    cw.decide_contact(contact, outcome="nfa", decided_at=timezone.now())
    contact = Contact.objects.get(pk=contact.pk)
    assert signed_in.post(url, form | {"version": versions.token(contact), "details": "Later"}).status_code == 403  # not a manager
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    client = Client()
    client.force_login(manager.user)
    no_reason = client.post(url, form | {"version": versions.token(contact), "details": "Later"})
    assert "Say why a decided contact is being corrected" in no_reason.content.decode()
    done = client.post(url, form | {"version": versions.token(contact), "details": "Later", "correction_reason": "Referrer rang back"})
    assert done.status_code == 302
    latest = ContactCorrection.objects.filter(field="details").first()
    assert (latest.old_value, latest.new_value, latest.reason, latest.corrected_by) == (
        "Typed in a hurry, now checked.", "Later", "Referrer rang back", manager)


def test_a_returned_contact_decision_opens_for_the_front_door_worker_who_decides_again_and_is_told(worker):
    from opencsc.casework.models import ContactCorrection, Referral
    from opencsc.people import services as people_services
    from opencsc.staff.models import Notification, Team
    from opencsc.web.forms import aware

    front = Team.objects.create(name="Front Door", service="front door")
    door = make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, front)
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    child = people_services.create_person(first_name="Rory", last_name="Turn", date_of_birth=date(2018, 8, 8))
    today = timezone.localdate()
    contact = cw.record_contact(child, received_at=aware(today, "00:01"), source="2A", reason="abuse_neglect", consent="given",
                                details="Bruise on the arm.")
    fran, tess = Client(), Client()
    fran.force_login(door.user)
    tess.force_login(manager.user)
    url = reverse("casework:contact-decide", args=[contact.pk])
    fran.post(url, as_opened(fran, url, {**gov_date("decision_date", today), "outcome": "referral", "need_level": "2",
                                         "rationale": "Explained by play; early help."}))
    cw.take_referral(Referral.objects.get(child=child), team=worker.team, worker=worker, on=today)  # a team takes it
    assert fran.get(reverse("web:child-record", args=[child.pk])).status_code == 403  # the front door's part is done
    auth = m.Authorisation.objects.get(kind="contact_decision")
    page = reverse("casework:authorisation-decide", args=[auth.pk])
    tess.post(page, as_opened(tess, page, {"decision": "return", "comment": "Level 2 does not fit a referral: check the level."}))
    told = Notification.objects.get(recipient=door)
    assert "check the level" in told.text and told.link == url
    assert "check the level" in fran.get(reverse("web:my-work")).content.decode()
    again = fran.get(url)  # the returned decision opens for the one who must act on it
    assert again.status_code == 200 and "Decide again" in again.content.decode()
    fran.post(url, as_opened(fran, url, {**gov_date("decision_date", today), "outcome": "referral", "need_level": "3",
                                         "rationale": "Unexplained bruising: level 3, an assessment is needed."}))
    assert Referral.objects.filter(child=child).count() == 1  # the referral already open stands
    assert ContactCorrection.objects.filter(contact=contact, field="need_level", old_value="2", new_value="3").exists()
    assert list(m.Authorisation.objects.order_by("pk").values_list("decision", flat=True)) == ["resubmitted", ""]
    assert fran.get(reverse("web:child-record", args=[child.pk])).status_code == 403  # acted on: the access it gave ends
    second = m.Authorisation.objects.get(decision="")
    page = reverse("casework:authorisation-decide", args=[second.pk])
    tess.post(page, as_opened(tess, page, {"decision": "authorise"}))
    assert Notification.objects.filter(recipient=door, text__startswith="Authorised").exists()
    assert Notification.objects.get(recipient=worker).link == f"/children/{child.pk}/"  # the allocated worker may go ahead
    # the manager decided it: no note to themselves (beyond being asked)
    assert not Notification.objects.filter(recipient=manager).exclude(text__startswith="Waiting for your authorisation").exists()
    from opencsc.recording.chronology import chronology as read_chronology

    decisions = [e for e in read_chronology(child, ["authorisation"], notes=child.case_notes.none())]
    assert {e.title.split(":")[0] for e in decisions} == {"Authorised", "Returned for changes"}
    assert any("check the level" in e.detail for e in decisions)  # the manager's comment is on the record


def test_deciding_again_away_from_a_referral_removes_it_only_while_nothing_is_recorded_on_it(child):
    from django.core.exceptions import ValidationError

    from opencsc.casework.models import Referral
    from opencsc.web.forms import aware

    first = cw.record_contact(child, received_at=aware(date(2026, 1, 5), "10:00"), source="2A", reason="abuse_neglect", consent="given")
    referral = cw.decide_contact(first, outcome="referral", decided_at=aware(date(2026, 1, 5), "12:00"))
    cw.decide_contact_again(first, outcome="nfa", decided_at=aware(date(2026, 1, 6), "12:00"), rationale="Resolved.")
    assert not Referral.objects.filter(pk=referral.pk).exists()
    second = cw.record_contact(child, received_at=aware(date(2026, 2, 5), "10:00"), source="2A", reason="abuse_neglect", consent="given")
    referral = cw.decide_contact(second, outcome="referral", decided_at=aware(date(2026, 2, 5), "12:00"))
    cw.start_assessment(referral, start_date=date(2026, 2, 6))
    with pytest.raises(ValidationError, match="Work has been recorded"):
        cw.decide_contact_again(second, outcome="nfa", decided_at=aware(date(2026, 2, 7), "12:00"))
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_business_support_is_neither_offered_as_a_worker_nor_allocated_nor_offered_statutory_steps(signed_in, worker, child):
    from django.core.exceptions import ValidationError

    support = make_worker("bea.support", RoleCode.BUSINESS_SUPPORT, worker.team, name="Bea Support")
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    allocate_to(child, worker)
    with pytest.raises(ValidationError, match="business support: only a social worker"):
        cw.allocate(child, worker=support, team=worker.team, start_date=timezone.localdate())
    client = Client()
    client.force_login(manager.user)
    team_page = client.get(reverse("web:team")).content.decode()
    assert "Bea Support" not in team_page.split('id="id_worker"')[1].split("</select>")[0]
    client.force_login(support.user)
    record = client.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Record:" not in record and "Upload a document" in record and "Add a case note" in record
    assert client.get(reverse("casework:journey-visit", args=[child.pk])).status_code == 403
    note_form = client.get(reverse("recording:case-note-new", args=[child.pk])).content.decode()
    assert "Administrative (arrangements" in note_form and "Direct work with the child" not in note_form


def test_the_iro_allocated_when_a_child_comes_into_care_opens_the_record_sees_the_review_due_and_only_iro_steps(signed_in, case):
    child, referral = case
    iro = make_worker("ira.chair", RoleCode.IRO, name="Ira Chair")
    client = Client()
    client.force_login(iro.user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 403  # not yet theirs
    today = timezone.localdate()
    signed_in.post(reverse("casework:journey-looked-after", args=[child.pk]), {
        **gov_date("start_date", today), "legal_status": "V2", "category_of_need": "N1", "placement_type": "U4",
        "provider": "PR1", "carer_reference": "FC-12", "iro": iro.pk})
    assert m.Allocation.objects.get(child=child, kind="iro").worker == iro
    record = client.get(reverse("web:child-record", args=[child.pk]))
    assert record.status_code == 200
    steps = record.content.decode().split("Record:</strong>")[1].split("</p>")[0]
    assert "Looked-after review" in steps and "New placement" not in steps and "Close the case" not in steps
    assert "Looked-after review" in client.get(reverse("web:my-work")).content.decode()


def test_a_booked_conference_reaches_the_chair_my_work_the_invitation_letter_and_is_completed_by_holding_it(signed_in, worker, case):
    from opencsc.people import services as people_services
    from opencsc.recording.documents import addressees, merge_values
    from opencsc.staff.models import Notification

    child, referral = case
    iro = make_worker("ira.chair", RoleCode.IRO, name="Ira Chair")
    mum = people_services.create_person(kind="adult", first_name="Mo", last_name="Ther", sex="F")
    people_services.link_relative(child, mum, "mother", parental_responsibility=True, pr_basis="birth")
    when = timezone.localdate() + timedelta(days=7)
    url = reverse("casework:meeting-book", args=[child.pk])
    assert "Book a meeting" in signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    bad = signed_in.post(url, {"kind": "initial_conference", **gov_date("starts_on", when), "starts_time": "25:00", "venue": ""})
    assert "for example 14:30" in bad.content.decode() and "how to join the call" in bad.content.decode()
    booked = signed_in.post(url, {"kind": "initial_conference", **gov_date("starts_on", when), "starts_time": "10:30",
                                  "venue": "Civic Centre, room 4", "chair": iro.pk, "invitees": "Mo Ther (mother)\nPC Shah (police)"})
    assert booked.status_code == 302
    assert Notification.objects.filter(recipient=iro, text__contains="initial child protection conference").exists()
    assert "Civic Centre, room 4" in signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Civic Centre, room 4" in signed_in.get(reverse("web:my-work")).content.decode()
    chair = Client()
    chair.force_login(iro.user)
    assert "Civic Centre, room 4" in chair.get(reverse("web:my-work")).content.decode()  # the IRO's list
    values = merge_values(child, addressees(child, timezone.localdate())[0], timezone.localdate())
    assert values["conference_date"] == f"{when:%-d %B %Y} at 10:30, Civic Centre, room 4"
    booking = m.MeetingBooking.objects.get()
    cw.hold_conference(referral, kind="review", date=timezone.localdate(), chair=iro)
    booking.refresh_from_db()
    assert booking.held_on is None  # a review conference is not the initial one booked
    cw.hold_conference(referral, kind="initial", date=timezone.localdate(), chair=iro)  # brought forward a week
    booking.refresh_from_db()
    assert booking.held_on == timezone.localdate()


def test_a_booked_meeting_is_moved_or_cancelled_and_a_stale_form_is_refused(signed_in, case):
    from opencsc import versions

    child, referral = case
    booking = cw.book_meeting(child, kind="strategy", starts_at=timezone.now() + timedelta(days=2), venue="Police station")
    url = reverse("casework:meeting-change", args=[child.pk, booking.pk])
    later = timezone.localdate() + timedelta(days=3)
    opened = versions.token(m.MeetingBooking.objects.get(pk=booking.pk))
    moved = signed_in.post(url, {**gov_date("starts_on", later), "starts_time": "09:00", "venue": "Video call", "version": opened})
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert (timezone.localtime(booking.starts_at).date(), booking.venue) == (later, "Video call")
    stale = signed_in.post(url, {**gov_date("starts_on", later), "starts_time": "09:00", "venue": "Room 9", "version": opened})
    assert "saved by someone else" in stale.content.decode()
    cancelled = signed_in.post(url, {**gov_date("starts_on", later), "starts_time": "09:00", "venue": "Video call", "cancel": "on",
                                     "version": versions.token(m.MeetingBooking.objects.get(pk=booking.pk))})
    assert cancelled.status_code == 302 and m.MeetingBooking.objects.get(pk=booking.pk).cancelled_at is not None


def test_the_chronology_shows_what_was_said_and_the_decision_and_never_names_a_referrer_who_asked_not_to_be(signed_in, worker):
    from opencsc.people import services as people_services

    child = people_services.create_person(first_name="Tam", last_name="Said", date_of_birth=date(2015, 5, 5))
    allocate_to(child, worker)
    named = cw.record_contact(child, received_at=timezone.now() - timedelta(days=3), source="2A", reason="abuse_neglect",
                              consent="given", details="Tam said he was hit with a belt.", referrer_name="Ms Head",
                              referrer_organisation="Hill School")
    cw.decide_contact(named, outcome="nfa", decided_at=timezone.now() - timedelta(days=2), rationale="Already known to early help.")
    cw.record_contact(child, received_at=timezone.now() - timedelta(hours=2), source="1B", reason="abuse_neglect",
                      consent="given", details="A neighbour heard shouting.", referrer_name="Pat Nextdoor", referrer_confidential=True)
    details = [e.detail for e in chronology(child, ["contact"], notes=child.case_notes.none())]
    assert any("hit with a belt" in d and "Ms Head, Hill School" in d and "Already known to early help" in d for d in details)
    assert any("heard shouting" in d and "asked not to be identified" in d for d in details)
    assert not any("Pat Nextdoor" in d for d in details)

    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    links = page.count("/correct/")
    assert links == 1  # a worker corrects the contact not yet decided; the decided one is a manager's to correct
    manager = Client()
    manager.force_login(make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team).user)
    assert manager.get(reverse("web:child-record", args=[child.pk])).content.decode().count("/correct/") == 2


def test_the_managers_comment_on_authorise_is_kept_sent_to_the_worker_and_on_the_chronology(signed_in, worker, case, manager):
    """Second walk, item 5: a comment given with "Authorise" is management oversight, not thrown away."""
    from opencsc.staff.models import Notification

    child, referral = case
    signed_in.post(reverse("casework:journey-assessment", args=[child.pk]), assessment_data(referral))
    client = Client()
    client.force_login(manager.user)
    auth = m.Authorisation.objects.get(kind="assessment")
    decide(client, auth, {"decision": "authorise", "comment": "Good analysis; review the debt advice at the first CIN review."})
    auth.refresh_from_db()
    assert auth.comment == "Good analysis; review the debt advice at the first CIN review."
    told = Notification.objects.filter(recipient=worker, text__startswith="Authorised").get()
    assert "review the debt advice" in told.text
    events = list(chronology(child, ["authorisation"], notes=child.case_notes.none()))
    assert any("Management oversight" in e.detail and "debt advice" in e.detail for e in events)
