"""The practitioner steps of the statutory journey that do more than one thing: each is one function that
validates, writes, asks a manager for authorisation where the step needs one and notifies, inside one
step (one transaction, one audit entry per person changed).

The page, the imports and the synthetic generator call these, never the chain of services one by one,
so a step recorded anywhere is the same record, authorisation request included. A history recorded
elsewhere (the seed, a migration) says who signed it off (``signed_off``) instead of asking anyone.
The fact-level services they compose are in ``services``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError

from opencsc.codes import lists
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person
from opencsc.staff.models import Professional, RoleCode
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from . import models as m
from . import services
from .services import Kind, SignOff


@records(StepKey.CONTACT_DECISION)
def decide_a_contact(contact: m.Contact, *, outcome: str, decided_at: datetime | date, by: Professional | None,
                     primary_need: str = "", rationale: str = "", need_level: str = "", checks: Iterable[dict[str, Any]] = (),
                     again: bool = False, signed_off: SignOff | None = None) -> m.Referral | None:
    """The front door's decision (or a decision made again after a manager returned it), sent to a
    manager to authorise. Returns the referral it opens, if any."""
    decide = services.decide_contact_again if again else services.decide_contact
    referral = decide(contact, outcome=outcome, decided_at=decided_at, decided_by=by, primary_need=primary_need,
                      rationale=rationale, need_level=need_level, checks=checks)
    services.request_authorisation(contact.child, Kind.CONTACT_DECISION, contact, requested_by=by,
                                   summary=f"Contact decision: {lists.CONTACT_OUTCOME.label(outcome).lower()}",
                                   signed_off=signed_off)
    return referral


@dataclass
class StrategyDiscussionHeld:
    discussion: m.StrategyDiscussion
    enquiry: m.Section47Enquiry | None


@records(StepKey.STRATEGY_DISCUSSION)
def record_strategy_discussion(referral: m.Referral, *, date: date, attendees: str, section47_agreed: bool,
                               by: Professional | None) -> StrategyDiscussionHeld:
    """A strategy discussion; when it agrees a section 47 enquiry, the enquiry starts that day."""
    discussion = services.hold_strategy_discussion(referral, date=date, attendees=attendees,
                                                   section47_agreed=section47_agreed, recorded_by=by)
    enquiry = None
    if section47_agreed:
        enquiry = services.start_section47(referral, start_date=date, strategy_discussion=discussion, recorded_by=by)
    return StrategyDiscussionHeld(discussion, enquiry)


@records(StepKey.SECTION47_OUTCOME)
def record_section47_outcome(enquiry: m.Section47Enquiry, *, end_date: date, outcome: str, by: Professional | None,
                             child_seen: bool | None, child_seen_date: date | None = None, seen_alone: bool | None = None,
                             child_said: str = "", findings: str, concerns_substantiated: str, outcome_reasons: str,
                             signed_off: SignOff | None = None) -> m.Authorisation:
    """The enquiry's outcome and what it found, sent to a manager to authorise: the manager reads whether
    the child was seen (and alone), what they said, the findings, whether the concerns were substantiated
    and why this outcome, so each is asked for."""
    errors = {}
    if child_seen is None:
        errors["child_seen"] = "Say whether the child was seen during the enquiry"
    elif child_seen and child_seen_date is None:
        errors["child_seen_date"] = "Enter the date the child was seen"
    elif child_seen and seen_alone is None:
        errors["seen_alone"] = "Say whether the child was seen alone"
    for field, text, message in (("findings", findings, "Say what the enquiry found"),
                                 ("concerns_substantiated", concerns_substantiated, "Say whether the concerns were substantiated"),
                                 ("outcome_reasons", outcome_reasons, "Say why this is the outcome")):
        if not text.strip():
            errors[field] = message
    if errors:
        raise ValidationError(errors)
    services.conclude_section47(enquiry, end_date=end_date, outcome=outcome, child_seen=child_seen,
                                child_seen_date=child_seen_date, seen_alone=seen_alone, child_said=child_said,
                                findings=findings, concerns_substantiated=concerns_substantiated,
                                outcome_reasons=outcome_reasons)
    return services.request_authorisation(enquiry.child, Kind.SECTION47_OUTCOME, enquiry, requested_by=by,
                                          summary=f"Section 47 outcome: {lists.S47_OUTCOME.label(outcome).lower()}",
                                          signed_off=signed_off)


@dataclass
class ConferenceHeld:
    conference: m.ChildProtectionConference
    plan: m.ChildProtectionPlan | None  # the plan the initial conference started
    plan_ended: bool


@records(StepKey.CONFERENCE)
def record_conference(referral: m.Referral, *, date: date, outcome: str, by: Professional | None,
                      chair: Professional | None = None, enquiry: m.Section47Enquiry | None = None,
                      plan: m.ChildProtectionPlan | None = None, category: str = "") -> ConferenceHeld:
    """An initial conference (no plan yet: ``outcome`` plan or no_plan; a plan starts that day in
    ``category``) or a review of ``plan`` (``outcome`` continue or end; the plan ends that day)."""
    initial = plan is None
    held = services.hold_conference(referral, kind="initial" if initial else "review", date=date, outcome=outcome,
                                    section47=enquiry if initial else None, plan=plan, chair=chair, recorded_by=by)
    if initial and outcome == "plan":
        if not category:
            raise ValidationError({"category": "Choose the category of abuse the plan is under"})
        started = services.start_cp_plan(referral, start_date=date, category=category, conference=held, recorded_by=by)
        return ConferenceHeld(held, started, False)
    if plan is not None and outcome == "end":
        services.end_plan(plan, end_date=date)
        return ConferenceHeld(held, None, True)
    return ConferenceHeld(held, None, False)


@records(StepKey.LOOKED_AFTER)
def record_becoming_looked_after(child: Person, *, start_date: date, legal_status: str, category_of_need: str,
                                 placement: dict[str, Any],
                                 by: Professional | None, referral: m.Referral | None = None,
                                 iro: Professional | None = None, signed_off: SignOff | None = None) -> m.PeriodOfCare:
    """A period of care with its first legal status and placement, the child's IRO if chosen, sent to a
    manager to authorise."""
    if iro is not None and iro.role_id != RoleCode.IRO:
        raise ValidationError({"iro": f"{iro.name} is not an independent reviewing officer"})
    period = services.become_looked_after(child, start_date=start_date, legal_status=legal_status,
                                          category_of_need=category_of_need, placement=placement, referral=referral,
                                          recorded_by=by)
    if iro is not None:
        services.allocate(child, worker=iro, team=None, start_date=start_date, kind=AllocationKind.IRO, by=by)
    services.request_authorisation(child, Kind.LOOKED_AFTER, period, requested_by=by,
                                   summary=f"Looked after from {start_date:%-d %b %Y} "
                                           f"({lists.LEGAL_STATUS.label(legal_status)})", signed_off=signed_off)
    return period


@records(StepKey.CLOSE_CASE)
def close_a_case(referral: m.Referral, *, closure_date: date, reason: str, by: Professional | None, nfa: bool = False,
                 signed_off: SignOff | None = None) -> m.Authorisation:
    """Closing a case: asked of a manager, and closed when they authorise it (``services.authorise``); a
    history recorded elsewhere (``signed_off``) closes now, with its sign-off."""
    if signed_off is None:
        return services.request_closure(referral, closure_date=closure_date, reason=reason, by=by)
    services.close_referral(referral, closure_date=closure_date, reason=reason, nfa=nfa)
    return services.request_authorisation(referral.child, Kind.CASE_CLOSURE, referral, requested_by=by,
                                          summary=f"Close the case: {lists.REASON_FOR_CLOSURE.label(reason)}",
                                          payload={"closure_date": closure_date.isoformat(), "reason": reason},
                                          signed_off=signed_off)
