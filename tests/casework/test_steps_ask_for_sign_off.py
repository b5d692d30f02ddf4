"""Each practitioner step that a manager signs off asks for it itself, with a named recipient, whoever
calls it (a page, the generator, an import); a history recorded elsewhere says who signed it off and
asks nobody — and only a system actor may say so."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework import steps
from opencsc.casework.models import Allocation, Authorisation, Contact
from opencsc.casework.selectors import authorisers
from opencsc.staff.models import Notification
from opencsc.staff.stepping import acting_as
from opencsc.staff.steps import SystemActor

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FOUND = {"child_seen": True, "child_seen_date": TODAY, "seen_alone": False, "child_said": "",
         "findings": "The school's account was a misunderstanding.", "concerns_substantiated": "not_substantiated",
         "outcome_reasons": "No concerns of significant harm."}


def contact_for(child, by):  # the test's own set-up, acting for no one
    return cw.record_contact(child, received_at=timezone.now() - timedelta(hours=3), source="2A", reason="other",
                             consent="given", recorded_by=by)


def referral_for(child, by):
    return cw.open_referral(child, referral_date=TODAY - timedelta(days=20), source="2A", primary_need="N1")


def asked_of(request: Authorisation) -> set:
    return set(Notification.objects.filter(kind=Notification.Kind.AUTHORISATION_REQUESTED,
                                           link=f"/authorisations/{request.pk}/").values_list("recipient__user__username",
                                                                                               flat=True))


def test_deciding_a_contact_asks_a_front_door_manager(world):
    front_manager = world["front_door"]
    contact = contact_for(world["child"], world["worker"])
    with acting_as(world["worker"].user):
        steps.decide_a_contact(contact, outcome="nfa", decided_at=timezone.now(), by=world["worker"], rationale="Advice given")
    request = Authorisation.objects.get(contact=contact)
    assert request.decision == "" and request.requested_by == world["worker"]
    assert asked_of(request) == {u.user.username for u in authorisers([request])[request.pk]}
    assert asked_of(request) and front_manager.user.username not in asked_of(request)  # a front door worker manages no one


def test_the_section_47_outcome_asks_the_holding_teams_manager(world):
    referral = referral_for(world["child"], world["worker"])
    with acting_as(world["worker"].user):
        held = steps.record_strategy_discussion(referral, date=TODAY - timedelta(days=10), attendees="Police, health",
                                                section47_agreed=True, by=world["worker"])
        assert held.enquiry is not None
        request = steps.record_section47_outcome(held.enquiry, end_date=TODAY, outcome="nfa", by=world["worker"], **FOUND)
    assert request.section47 == held.enquiry and request.decision == ""
    assert asked_of(request) == {"tess.manager"}


def test_becoming_looked_after_asks_the_holding_teams_manager_and_allocates_the_iro(world):
    referral = referral_for(world["child"], world["worker"])
    with acting_as(world["worker"].user):
        period = steps.record_becoming_looked_after(
            world["child"], start_date=TODAY, legal_status="V2", category_of_need="N1", referral=referral,
            placement={"placement_type": "U1", "provider": "PR1", "postcode": "TS24 0AA"}, iro=world["iro"], by=world["worker"])
    request = Authorisation.objects.get(period=period)
    assert asked_of(request) == {"tess.manager"}
    assert Allocation.objects.filter(child=world["child"], kind="iro", worker=world["iro"], end_date=None).exists()


def test_a_strategy_discussion_that_agrees_no_enquiry_starts_none(world):
    referral = referral_for(world["child"], world["worker"])
    with acting_as(world["worker"].user):
        held = steps.record_strategy_discussion(referral, date=TODAY, attendees="Police", section47_agreed=False,
                                                by=world["worker"])
    assert held.enquiry is None and not held.discussion.section47_agreed


def test_an_initial_conference_that_makes_a_plan_needs_its_category_and_starts_it(world):
    referral = referral_for(world["child"], world["worker"])
    with acting_as(world["iro"].user):
        with pytest.raises(Exception, match="category"):
            steps.record_conference(referral, date=TODAY, outcome="plan", by=world["iro"])
        held = steps.record_conference(referral, date=TODAY, outcome="plan", category="NEG", by=world["iro"])
        assert held.plan is not None and held.conference.plan == held.plan
        review = steps.record_conference(referral, date=TODAY, outcome="end", plan=held.plan, by=world["iro"])
    held.plan.refresh_from_db()
    assert review.plan_ended and held.plan.end_date == TODAY


def test_a_sign_off_made_before_is_recorded_as_made_and_asks_nobody(world):
    contact = contact_for(world["child"], world["worker"])
    with acting_as(label="seed 1", system=SystemActor.SEED):
        steps.decide_a_contact(contact, outcome="nfa", decided_at=timezone.now(), by=world["worker"],
                               signed_off=cw.SignOff(world["manager"], TODAY - timedelta(days=1)))
    request = Authorisation.objects.get(contact=contact)
    assert (request.decision, request.decided_by) == ("authorised", world["manager"])
    assert timezone.localtime(request.decided_at).date() == TODAY - timedelta(days=1)
    assert asked_of(request) == set()


def test_a_person_cannot_say_a_step_was_signed_off(world):
    contact = contact_for(world["child"], world["worker"])
    with acting_as(world["worker"].user), pytest.raises(ImproperlyConfigured, match="asks a manager"):
        steps.decide_a_contact(contact, outcome="nfa", decided_at=timezone.now(), by=world["worker"],
                               signed_off=cw.SignOff(world["manager"], date(2026, 1, 1)))
    assert not Authorisation.objects.filter(contact=contact).exists()
    assert Contact.objects.get(pk=contact.pk).outcome == ""  # the whole step is undone
