"""Every write to the statutory journey.

Forms, imports and the synthetic generator all come through here, so they obey the same rules.
Only facts that cannot be true are refused (an assessment authorised before it started, a plan
ending before it began, a date in the future); imperfect but possible facts are stored and left to
the validation rules to report.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencsc.codes import lists
from opencsc.codes.base import CodeList, collection_year_of
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person, Relationship
from opencsc.staff.models import CASE_HOLDING_ROLES, NO_CHILD_PROTECTION_STEPS, Notification, Professional, Team
from opencsc.staff.stepping import as_given, current, records
from opencsc.staff.steps import StepKey

from . import dates
from . import models as m
from .selectors import authorisers, held_children
from .timescales import icpc_due

ADOPTED = ("E11", "E12")  # SSDA903 REC: adopted (an adoption order)


# Care, and what only happens to a child in care, never comes before the birth; other work (a
# contact, a referral, an assessment, a plan for an unborn baby) may come up to a pregnancy before it.
CARE_FACTS = {"review", "health_assessment", "dental_check", "immunisation", "sdq", "missing", "care_leaver_contact",
              "pathway_plan", "needs_assessment", "adoption", "permanence_plan"}


def _code(field: str, value: str, code_list: CodeList, what: str) -> None:
    if as_given():
        return
    if value and value not in code_list:
        raise ValidationError({field: f"Choose a {what} from the list"})


# ---- Front door -----------------------------------------------------------------------------------


@transaction.atomic
def record_contact(child: Person, *, received_at: datetime, source: str, reason: str, consent: str, consent_not_sought_reason: str = "",
                   details: Any = "",
                   referrer_name: str = "", referrer_organisation: str = "", referrer_confidential: bool = False, recorded_by: Professional | None = None,
                   submission_id: Any | None = None, urgency: str = "") -> m.Contact:
    """Record a contact. Submitting the same form twice (same ``submission_id``) returns the first contact."""
    if submission_id:
        existing = m.Contact.objects.filter(submission_id=submission_id).first()
        if existing:
            return existing
    dates.not_future("received_at", received_at, "The date the contact was received")
    if isinstance(received_at, datetime) and not as_given() and received_at > timezone.now() + timedelta(minutes=1):
        raise ValidationError({"received_time": f"The time received cannot be in the future: it is now "
                                                f"{timezone.localtime():%H:%M}"})
    dates.since_birth(child, "received_at", received_at, "The date the contact was received", before_birth=True)
    _code("source", source, lists.REFERRAL_SOURCE, "source")
    _code("reason", reason, lists.CONTACT_REASON, "reason")
    _code("consent", consent, lists.CONSENT, "consent answer")
    if consent == "not_sought" and not consent_not_sought_reason.strip():
        raise ValidationError({"consent_not_sought_reason": "Say why consent to share was not sought"})
    contact = m.Contact.objects.create(
        child=child, received_at=received_at, source=source, reason=reason, consent=consent,
        consent_not_sought_reason=consent_not_sought_reason, details=details, referrer_name=referrer_name,
        referrer_organisation=referrer_organisation, referrer_confidential=referrer_confidential,
        recorded_by=recorded_by, submission_id=submission_id,
    )
    if urgency:
        _urgency(urgency)
        contact.urgency, contact.urgency_decided_by, contact.urgency_decided_at = urgency, recorded_by, timezone.now()
        contact.save(update_fields=["urgency", "urgency_decided_by", "urgency_decided_at"])
    if not as_given():
        route_to_holding_team(contact)
    return contact


def _urgency(urgency: str) -> None:
    if urgency not in dict(settings.CONTACT_URGENCY_LEVELS):
        raise ValidationError({"urgency": "Select how urgent the contact is"})


@transaction.atomic
def set_contact_urgency(contact: m.Contact, *, urgency: str, decided_by: Professional | None = None, reason: str  =  "") -> m.Contact:
    """The front door changes how urgent a waiting contact is: who decided and when are kept, and the
    level it had is kept as a correction with the reason."""
    _urgency(urgency)
    contact = m.Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.outcome:
        raise ValidationError({"urgency": "This contact has been decided: its urgency no longer orders the queue"})
    if urgency == contact.urgency:
        return contact
    m.ContactCorrection.objects.create(contact=contact, field="urgency", old_value=contact.urgency, new_value=urgency,
                                       reason=reason, corrected_by=decided_by)
    contact.urgency, contact.urgency_decided_by, contact.urgency_decided_at = urgency, decided_by, timezone.now()
    contact.save(update_fields=["urgency", "urgency_decided_by", "urgency_decided_at"])
    return contact


@records(StepKey.CONTACT_DECISION)
@transaction.atomic
def decide_contact_again(contact: m.Contact, *, outcome: str, decided_at: datetime | date, decided_by: Professional | None = None,
                         primary_need: str = "", rationale: str = "", need_level: str = "",
                         checks: Iterable[dict[str, Any]] = ()) -> m.Referral | None:
    """The front door decides again after a manager returned its decision. The first decision is kept
    as a correction; a referral it opened stays if the new decision is a referral too, and is removed if
    not (only while nothing else has been recorded on it)."""
    contact = m.Contact.objects.select_for_update().get(pk=contact.pk)
    referral = m.Referral.objects.filter(contact=contact).first()
    if referral is not None and outcome != "referral":
        worked = (m.Assessment.objects.filter(referral=referral).exists() or m.Section47Enquiry.objects.filter(referral=referral).exists()
                  or m.CINPlan.objects.filter(referral=referral).exists() or m.PeriodOfCare.objects.filter(referral=referral).exists()
                  or m.Authorisation.objects.filter(referral=referral).exists())  # a closure asked for: its sign-off names it
        if worked:
            raise ValidationError({"outcome": "Work has been recorded on the referral this contact opened: keep 'progress to "
                                              "referral', or close the case from the record"})
        referral.delete()
        referral = None
    m.ContactCorrection.objects.bulk_create([
        m.ContactCorrection(contact=contact, field=name, old_value=str(getattr(contact, name)), new_value=str(new),
                            reason="decided again after the manager returned it", corrected_by=decided_by)
        for name, new in (("outcome", outcome), ("need_level", need_level), ("decision_rationale", rationale))
        if str(getattr(contact, name)) != str(new)])
    contact.outcome = ""
    contact.save(update_fields=["outcome"])
    if referral is not None:  # still a referral: the one already open stands
        contact.outcome, contact.decided_at, contact.decided_by = outcome, decided_at, decided_by
        contact.decision_rationale, contact.need_level = rationale, need_level
        contact.save(update_fields=["outcome", "decided_at", "decided_by", "decision_rationale", "need_level"])
        m.AgencyCheck.objects.bulk_create([m.AgencyCheck(contact=contact, **check) for check in checks])
        if primary_need:
            set_primary_need(referral, primary_need)
        return referral
    return decide_contact(contact, outcome=outcome, decided_at=decided_at, decided_by=decided_by, primary_need=primary_need,
                          rationale=rationale, need_level=need_level, checks=checks)


CORRECTABLE_CONTACT_FIELDS = ("received_at", "source", "reason", "details", "referrer_name", "referrer_organisation",
                              "referrer_confidential", "consent", "consent_not_sought_reason")


@transaction.atomic
def correct_contact(contact: m.Contact, values: dict, *, by: Professional | None = None, reason: str  =  "", by_manager: bool  =  False) -> list:
    """Correct what was taken at the front door. Until the contact is decided, whoever may record on it
    corrects it; once decided, only a manager, with a reason. Every correction is kept."""
    contact = m.Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.outcome and not by_manager:
        raise ValidationError("This contact has been decided: only a manager can correct it now, with a reason")
    if contact.outcome and not reason.strip():
        raise ValidationError({"correction_reason": "Say why a decided contact is being corrected"})
    values = {k: v for k, v in values.items() if k in CORRECTABLE_CONTACT_FIELDS}
    if "received_at" in values:
        dates.not_future("received_at", values["received_at"], "The date the contact was received")
        if not as_given() and values["received_at"] > timezone.now() + timedelta(minutes=1):
            raise ValidationError({"received_time": "The time received cannot be in the future"})
        if contact.decided_at and values["received_at"] > contact.decided_at:
            raise ValidationError({"received_date": "A contact cannot be received after it was decided"})
    for name, code_list in (("source", lists.REFERRAL_SOURCE), ("reason", lists.CONTACT_REASON), ("consent", lists.CONSENT)):
        if name in values:
            _code(name, values[name], code_list, name)
    if values.get("consent", contact.consent) == "not_sought" and not str(values.get("consent_not_sought_reason",
                                                                                     contact.consent_not_sought_reason)).strip():
        raise ValidationError({"consent_not_sought_reason": "Say why consent to share was not sought"})
    made = []
    for name, new in values.items():
        old = getattr(contact, name)
        if old != new:
            made.append(m.ContactCorrection(contact=contact, field=name, old_value=str(old), new_value=str(new), reason=reason,
                                            corrected_by=by))
            setattr(contact, name, new)
    if not made:
        raise ValidationError("Nothing was changed: correct something, or go back")
    contact.save()
    m.ContactCorrection.objects.bulk_create(made)
    return made


def holding_allocation(child: Person, on: date | None  =  None) -> m.Allocation | None:

    return held_children(on or today()).filter(child=child, kind=AllocationKind.SOCIAL_WORKER).select_related("worker", "team").first()


def route_to_holding_team(contact: m.Contact) -> list:
    """A contact about a child a team holds is that team's to decide, not the front door's: tell the
    allocated worker and the team's managers (the front door queue leaves it out)."""

    held = holding_allocation(contact.child)
    if held is None:
        return []
    told = [held.worker] if held.worker and held.worker.user_id else []
    if held.team_id:
        told += list(Professional.objects.filter(role__manages_team=True).exclude(user=None).filter(
            Q(team_id=held.team_id) | Q(teams_managed=held.team_id)).distinct())
    who = contact.recorded_by.name if contact.recorded_by else "the front door"
    text = (f"New contact about {contact.child.la_child_id or contact.child.pk}, recorded by {who}: your team holds the case, "
            "so it is yours to decide")
    notes = [Notification(recipient=p, kind=Notification.Kind.CONTACT_DECISION, text=text[:300], link=f"/contacts/{contact.pk}/decide/")
             for p in {p.pk: p for p in told}.values()]
    return Notification.objects.bulk_create(notes)


@records(StepKey.CONTACT_DECISION)
@transaction.atomic
def decide_contact(contact: m.Contact, *, outcome: str, decided_at: datetime | date, decided_by: Professional | None = None, primary_need: str = "",
                   rationale: str = "", need_level: str = "",
                   checks: Iterable[dict[str, Any]] = ()) -> m.Referral | None:
    """Record the front door's decision, with its rationale, the level of need against the threshold
    document, and the checks made with other agencies (``checks``: dicts of agency, who, checked_on, said);
    'referral' opens a CIN episode on the decision date."""
    contact = m.Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.outcome:
        raise ValidationError({"outcome": "A decision has already been recorded for this contact"})
    _code("outcome", outcome, lists.CONTACT_OUTCOME, "decision")
    dates.not_future("decided_at", decided_at, "The decision date")
    dates.not_before("decided_at", decided_at, contact.received_at, "The decision cannot be before the contact was received")
    if need_level and need_level not in dict(settings.THRESHOLD_LEVELS):
        raise ValidationError({"need_level": "Choose a level of need from the threshold document"})
    for check in checks:
        _code("agency", check["agency"], lists.CHECKED_AGENCY, "agency")
        dates.not_future("checked_on", check["checked_on"], "The date of the check")
    contact.outcome, contact.decided_at, contact.decided_by = outcome, decided_at, decided_by
    contact.decision_rationale, contact.need_level = rationale, need_level
    contact.save(update_fields=["outcome", "decided_at", "decided_by", "decision_rationale", "need_level"])
    m.AgencyCheck.objects.bulk_create([m.AgencyCheck(contact=contact, **check) for check in checks])
    if outcome != "referral":
        return None
    return open_referral(
        contact.child, referral_date=timezone.localtime(decided_at).date() if isinstance(decided_at, datetime) else decided_at,
        source=contact.source, primary_need=primary_need, contact=contact, recorded_by=decided_by,
    )


@transaction.atomic
def open_referral(child: Person, *, referral_date: date, source: str, primary_need: str = "", contact: m.Contact | None = None,
                  recorded_by: Professional | None = None) -> m.Referral:
    dates.not_future("referral_date", referral_date, "The referral date")
    dates.since_birth(child, "referral_date", referral_date, "The referral date", before_birth=True)
    _code("source", source, lists.REFERRAL_SOURCE, "referral source")
    _code("primary_need", primary_need, lists.PRIMARY_NEED, "primary need")
    return m.Referral.objects.create(
        child=child, referral_date=referral_date, source=source, primary_need=primary_need, contact=contact,
        recorded_by=recorded_by,
    )


@transaction.atomic
def close_referral(referral: m.Referral, *, closure_date: date, reason: str, nfa: bool = False) -> m.Referral:
    dates.not_future("closure_date", closure_date, "The closure date")
    dates.not_before("closure_date", closure_date, referral.referral_date, "A case cannot close before the referral date")
    _code("closure_reason", reason, lists.REASON_FOR_CLOSURE, "reason for closure")
    referral.closure_date, referral.closure_reason = closure_date, reason
    referral.nfa = referral.nfa or nfa
    referral.save(update_fields=["closure_date", "closure_reason", "nfa"])
    return referral


def set_primary_need(referral: m.Referral, primary_need: str) -> m.Referral:
    _code("primary_need", primary_need, lists.PRIMARY_NEED, "primary need")
    referral.primary_need = primary_need
    referral.save(update_fields=["primary_need"])
    return referral


@transaction.atomic
def record_early_help(child: Person, *, start_date: date, lead_organisation: str = "", assessment_start: date | None = None,
                      assessment_completed: date | None = None,
                      end_date: date | None = None, outcome: str = "", contact: m.Contact | None = None,
                      recorded_by: Professional | None = None) -> m.EarlyHelpEpisode:
    dates.not_future("start_date", start_date, "The start date")
    dates.not_before("end_date", end_date, start_date, "Early help cannot end before it starts")
    episode = m.EarlyHelpEpisode.objects.create(
        child=child, start_date=start_date, end_date=end_date, lead_organisation=lead_organisation, outcome=outcome,
        contact=contact, recorded_by=recorded_by,
    )
    if assessment_start:
        dates.not_before("assessment_completed", assessment_completed, assessment_start,
                    "An early help assessment cannot be completed before it starts")
        m.EarlyHelpAssessment.objects.create(
            child=child, episode=episode, start_date=assessment_start, completed_date=assessment_completed,
            organisation=lead_organisation, recorded_by=recorded_by,
        )
    return episode


# ---- Assessment and child in need -----------------------------------------------------------------------


@records(StepKey.ASSESSMENT)
@transaction.atomic
def start_assessment(referral: m.Referral, *, start_date: date | None, recorded_by: Professional | None = None) -> m.Assessment:
    dates.not_future("start_date", start_date, "The assessment start date")
    return m.Assessment.objects.create(child_id=referral.child_id, referral=referral, start_date=start_date,
                                       recorded_by=recorded_by)


@transaction.atomic
def authorise_assessment(assessment: m.Assessment, *, authorised_date: date, factors: Iterable[str] = (), outcome: str = "", child_seen: bool | None = None,
                         child_seen_date: date | None = None, authorised_by: Professional | None = None,
                         completed_date: date | None = None) -> m.Assessment:
    """A manager authorises the assessment: it is complete (AssessmentAuthorisationDate)."""
    dates.not_future("authorised_date", authorised_date, "The authorisation date")
    dates.not_before("authorised_date", authorised_date, assessment.start_date,
                "An assessment cannot be authorised before it starts")
    for factor in factors:
        _code("factors", factor, lists.ASSESSMENT_FACTOR, "factor")
    _code("outcome", outcome, lists.ASSESSMENT_OUTCOME, "outcome")
    assessment.authorised_date = authorised_date
    assessment.completed_date = completed_date or authorised_date
    assessment.factors = list(factors)
    assessment.outcome = outcome
    assessment.child_seen, assessment.child_seen_date = child_seen, child_seen_date
    assessment.authorised_by = authorised_by
    assessment.save()
    return assessment


@records(StepKey.CIN_PLAN)
@transaction.atomic
def start_cin_plan(referral: m.Referral, *, start_date: date | None, recorded_by: Professional | None = None) -> m.CINPlan:
    dates.not_future("start_date", start_date, "The plan start date")
    return m.CINPlan.objects.create(child_id=referral.child_id, referral=referral, start_date=start_date,
                                    recorded_by=recorded_by)


@records(StepKey.CIN_PLAN)
def start_cin_plan_from(assessment: m.Assessment, *, on: date, by: Professional | None = None) -> m.CINPlan | None:
    """An assessment authorised with "child in need plan / services" starts the plan that day, unless
    the child already has a plan, or a child protection plan or a period of care (which supersede it)."""
    child_id = assessment.child_id
    if (m.CINPlan.objects.filter(child_id=child_id, end_date__isnull=True).exists()
            or m.ChildProtectionPlan.objects.filter(child_id=child_id, end_date__isnull=True).exists()
            or m.PeriodOfCare.objects.filter(child_id=child_id, end_date__isnull=True).exists()):
        return None
    return start_cin_plan(assessment.referral, start_date=on, recorded_by=by)


def end_plan(plan: m.CINPlan | m.ChildProtectionPlan, *, end_date: date) -> m.CINPlan | m.ChildProtectionPlan:
    """End a CIN or CP plan."""
    dates.not_future("end_date", end_date, "The end date")
    dates.not_before("end_date", end_date, plan.start_date, "A plan cannot end before it starts")
    plan.end_date = end_date
    plan.save(update_fields=["end_date"])
    return plan


# ---- Child protection -----------------------------------------------------------------------------------


@transaction.atomic
def book_meeting(child: Person, *, kind: str, starts_at: datetime, venue: str, chair: Professional | None = None, invitees: str = "",
                 recorded_by: Professional | None = None) -> m.MeetingBooking:
    """Book a meeting ahead: it shows on My work (the booker's, the chair's) and in the ICPC invitation."""
    _code("kind", kind, lists.MEETING_KIND, "kind of meeting")
    if starts_at < timezone.now() - timedelta(hours=1):
        raise ValidationError({"starts_on": "A booking is for a meeting still to come: record a meeting already held from the record"})
    if not venue.strip():
        raise ValidationError({"venue": "Say where the meeting is, or how to join the call"})
    booking = m.MeetingBooking.objects.create(child=child, kind=kind, starts_at=starts_at, venue=venue.strip(), chair=chair,
                                              invitees=invitees.strip(), recorded_by=recorded_by)
    _tell_the_chair(booking, recorded_by, f"You are booked to chair the {booking.get_kind_display().lower()} for "
                                          f"{child.la_child_id} on {timezone.localtime(booking.starts_at):%-d %b %Y at %H:%M}")
    return booking


def _tell_the_chair(booking: m.MeetingBooking, by: Professional | None, text: str) -> None:
    """The chair hears of a booking someone else made or changed."""
    if booking.chair is not None and booking.chair.user_id and booking.chair != by:
        Notification.objects.create(recipient=booking.chair, kind=Notification.Kind.MEETING_BOOKED,
                                    link=f"/children/{booking.child_id}/", text=text[:300])


HELD_EARLY_DAYS = 28  # a meeting held up to four weeks before its booked day is that booking, brought forward


@transaction.atomic
def change_booking(booking: m.MeetingBooking, *, starts_at: datetime, venue: str, chair: Professional | None = None, invitees: str = "",
                   cancel: bool = False, by: Professional | None = None) -> m.MeetingBooking:
    if booking.held_on:
        raise ValidationError("This meeting has been held: record changes on the meeting itself")
    if cancel:
        booking.cancelled_at = timezone.now()
    else:
        if starts_at < timezone.now() - timedelta(hours=1):
            raise ValidationError({"starts_on": "Move a booking to a time still to come"})
        if not venue.strip():
            raise ValidationError({"venue": "Say where the meeting is, or how to join the call"})
        booking.starts_at, booking.venue, booking.chair, booking.invitees = starts_at, venue.strip(), chair, invitees.strip()
    booking.save()
    what = "cancelled" if booking.cancelled_at else f"now {timezone.localtime(booking.starts_at):%-d %b %Y at %H:%M}, {booking.venue}"
    _tell_the_chair(booking, by, f"The {booking.get_kind_display().lower()} for {booking.child.la_child_id} is {what}")
    return booking


def _held(child_id: int, kinds: Iterable[str], held_on: date) -> None:
    """Holding a meeting completes its booking: every open one of that kind booked for that day or before,
    or up to four weeks after (a meeting brought forward)."""
    m.MeetingBooking.objects.filter(child_id=child_id, kind__in=kinds, held_on__isnull=True, cancelled_at__isnull=True,
                                    starts_at__date__lte=held_on + timedelta(days=HELD_EARLY_DAYS)).update(held_on=held_on)


@records(StepKey.STRATEGY_DISCUSSION)
def hold_strategy_discussion(referral: m.Referral, *, date: date, section47_agreed: bool = True, attendees: str = "",
                             recorded_by: Professional | None = None) -> m.StrategyDiscussion:
    dates.not_future("date", date, "The strategy discussion date")
    _held(referral.child_id, ["strategy"], date)
    return m.StrategyDiscussion.objects.create(
        child_id=referral.child_id, referral=referral, date=date, section47_agreed=section47_agreed,
        attendees=attendees, recorded_by=recorded_by,
    )


@records(StepKey.STRATEGY_DISCUSSION)
@transaction.atomic
def start_section47(referral: m.Referral, *, start_date: date | None, strategy_discussion: m.StrategyDiscussion | None = None,
                    recorded_by: Professional | None = None) -> m.Section47Enquiry:
    if recorded_by is not None and recorded_by.role_id in NO_CHILD_PROTECTION_STEPS and not as_given():
        raise ValidationError({"start_date": f"{recorded_by.name} is {recorded_by.role.name.lower()}: a section 47 enquiry is led by "
                                             "a registered social worker"})
    dates.not_future("start_date", start_date, "The section 47 start date")
    anchor = strategy_discussion.date if strategy_discussion else start_date
    return m.Section47Enquiry.objects.create(
        child_id=referral.child_id, referral=referral, strategy_discussion=strategy_discussion,
        start_date=start_date, icpc_target_date=icpc_due(anchor) if anchor else None, recorded_by=recorded_by,
    )


@records(StepKey.SECTION47_OUTCOME)
@transaction.atomic
def conclude_section47(enquiry: m.Section47Enquiry, *, end_date: date, outcome: str, child_seen: bool | None  =  None,
                       child_seen_date: date | None  =  None, seen_alone: bool | None  =  None, child_said: str  =  "",
                       findings: str  =  "", concerns_substantiated: str  =  "", outcome_reasons: str  =  "") -> m.Section47Enquiry:
    """The enquiry's outcome with what the manager reads before authorising it: whether the child was seen
    (and alone), what they said, the findings, whether the concerns were substantiated and why this
    outcome (the practitioner's step, ``steps.record_section47_outcome``, asks for all of it; a file
    that gives only the dates is stored as it gives them)."""
    dates.not_before("end_date", end_date, enquiry.start_date, "A section 47 enquiry cannot end before it starts")
    _code("outcome", outcome, lists.S47_OUTCOME, "outcome")
    if concerns_substantiated:
        _code("concerns_substantiated", concerns_substantiated, lists.S47_CONCERNS, "answer")
    if child_seen and child_seen_date is not None:
        dates.not_future("child_seen_date", child_seen_date, "The date the child was seen")
        dates.not_before("child_seen_date", child_seen_date, enquiry.start_date, "The child was seen during the enquiry: "
                    "the date cannot be before it started")
    enquiry.end_date, enquiry.outcome = end_date, outcome
    enquiry.icpc_not_required = outcome != "icpc"
    enquiry.child_seen, enquiry.child_seen_date = child_seen, child_seen_date if child_seen else None
    enquiry.seen_alone = seen_alone if child_seen else None
    enquiry.child_said, enquiry.findings = child_said.strip(), findings.strip()
    enquiry.concerns_substantiated, enquiry.outcome_reasons = concerns_substantiated, outcome_reasons.strip()
    enquiry.save(update_fields=["end_date", "outcome", "icpc_not_required", "child_seen", "child_seen_date", "seen_alone",
                                "child_said", "findings", "concerns_substantiated", "outcome_reasons"])
    return enquiry


@records(StepKey.CONFERENCE)
@transaction.atomic
def hold_conference(referral: m.Referral, *, kind: str, date: date, outcome: str = "", section47: m.Section47Enquiry | None = None,
                    plan: m.ChildProtectionPlan | None = None, chair: Professional | None = None,
                    recorded_by: Professional | None = None) -> m.ChildProtectionConference:
    dates.not_future("date", date, "The conference date")
    _code("kind", kind, lists.CONFERENCE_TYPE, "conference type")
    if plan is not None:
        dates.not_before("date", date, plan.start_date, "A review conference cannot be before the plan started")
    _held(referral.child_id, ["initial_conference"] if kind == "initial" else ["review_conference"], date)
    return m.ChildProtectionConference.objects.create(
        child_id=referral.child_id, referral=referral, kind=kind, date=date, outcome=outcome, section47=section47,
        plan=plan, chair=chair, recorded_by=recorded_by,
    )


@records(StepKey.CP_PLAN)
@transaction.atomic
def start_cp_plan(referral: m.Referral, *, start_date: date | None, category: str, conference: m.ChildProtectionConference | None = None,
                  recorded_by: Professional | None = None) -> m.ChildProtectionPlan:
    """A CP plan starts on the date of the conference that made it (CIN rule 2885)."""
    dates.not_future("start_date", start_date, "The plan start date")
    _code("initial_category", category, lists.CATEGORY_OF_ABUSE, "category of abuse")
    plan = m.ChildProtectionPlan.objects.create(
        child_id=referral.child_id, referral=referral, start_date=start_date, initial_category=category,
        latest_category=category, recorded_by=recorded_by,
    )
    if conference is not None:
        conference.plan = plan
        conference.save(update_fields=["plan"])
    return plan


@records(StepKey.CP_PLAN)
def change_category(plan: m.ChildProtectionPlan, category: str) -> m.ChildProtectionPlan:
    _code("latest_category", category, lists.CATEGORY_OF_ABUSE, "category of abuse")
    plan.latest_category = category
    plan.save(update_fields=["latest_category"])
    return plan


@records(StepKey.CORE_GROUP)
def record_core_group(plan: m.ChildProtectionPlan, *, date: date, recorded_by: Professional | None = None) -> m.CoreGroupMeeting:
    dates.not_before("date", date, plan.start_date, "A core group cannot meet before the plan starts")
    return m.CoreGroupMeeting.objects.create(child_id=plan.child_id, plan=plan, date=date, recorded_by=recorded_by)


def record_legal_order(child: Person, *, kind: str, start_date: date, end_date: date | None = None, court: str = "",
                       recorded_by: Professional | None = None) -> m.LegalOrder:
    _code("kind", kind, lists.LEGAL_ORDER, "order")
    dates.not_before("end_date", end_date, start_date, "An order cannot end before it starts")
    return m.LegalOrder.objects.create(child=child, kind=kind, start_date=start_date, end_date=end_date,
                                       court=court, recorded_by=recorded_by)


@records(StepKey.KINSHIP)
@transaction.atomic
def record_kinship(child: Person, *, carer: Person, kind: str, start_date: date, approved_until: date | None = None, support: str = "",
                   recorded_by: Professional | None = None) -> m.KinshipArrangement:
    _code("kind", kind, lists.KINSHIP_ARRANGEMENT, "kinship arrangement")
    dates.not_future("start_date", start_date, "The start")
    if carer.kind != "adult":
        raise ValidationError({"carer": "The carer is an adult in the child's family or network"})
    if kind == "connected_person" and approved_until is None:
        raise ValidationError({"approved_until": "Enter the date the temporary approval ends"})
    dates.not_before("approved_until", approved_until, start_date, "The approval cannot end before the arrangement starts")
    return m.KinshipArrangement.objects.create(child=child, carer=carer, kind=kind, start_date=start_date,
                                               approved_until=approved_until if kind == "connected_person" else None,
                                               support=support, recorded_by=recorded_by)


@records(StepKey.KINSHIP)
@transaction.atomic
def end_kinship(arrangement: m.KinshipArrangement, *, end_date: date) -> m.KinshipArrangement:
    dates.not_future("end_date", end_date, "The end")
    dates.not_before("end_date", end_date, arrangement.start_date, "An arrangement cannot end before it starts")
    arrangement.end_date = end_date
    arrangement.version += 1
    arrangement.save(update_fields=["end_date", "version"])
    return arrangement


# ---- Looked after ----------------------------------------------------------------------------------------


@records(StepKey.LOOKED_AFTER)
@transaction.atomic
def become_looked_after(child: Person, *, start_date: date, legal_status: str, category_of_need: str, placement: dict,
                        referral: m.Referral | None = None,
                        recorded_by: Professional | None = None) -> m.PeriodOfCare:
    """Start a period of care with its first legal status and placement."""
    dates.not_future("start_date", start_date, "The date the child became looked after")
    dates.since_birth(child, "start_date", start_date, "The date the child became looked after", before_birth=False)
    if m.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).exists():
        raise ValidationError({"start_date": "This child is already looked after; end the current period first"})
    period = m.PeriodOfCare.objects.create(child=child, start_date=start_date, category_of_need=category_of_need,
                                           referral=referral, recorded_by=recorded_by)
    m.LegalStatus.objects.create(child=child, period=period, code=legal_status, start_date=start_date,
                                 recorded_by=recorded_by)
    m.Placement.objects.create(child=child, period=period, start_date=start_date, recorded_by=recorded_by, **placement)
    return period


@records(StepKey.LOOKED_AFTER)
@transaction.atomic
def change_legal_status(period: m.PeriodOfCare, *, date: date, code: str, recorded_by: Professional | None = None) -> m.LegalStatus:
    current = period.legal_statuses.filter(end_date__isnull=True).get()
    dates.not_before("date", date, current.start_date, "A new legal status cannot start before the current one started")
    current.end_date = date
    current.save(update_fields=["end_date"])
    return m.LegalStatus.objects.create(child_id=period.child_id, period=period, code=code, start_date=date,
                                        recorded_by=recorded_by)


@records(StepKey.PLACEMENT)
@transaction.atomic
def move_placement(period: m.PeriodOfCare, *, date: date, reason_changed: str, recorded_by: Professional | None = None,
                   **placement: Any) -> m.Placement:
    current = period.placements.filter(end_date__isnull=True).get()
    dates.not_before("date", date, current.start_date, "A new placement cannot start before the current one started")
    current.end_date, current.reason_changed = date, reason_changed
    current.save(update_fields=["end_date", "reason_changed"])
    return m.Placement.objects.create(child_id=period.child_id, period=period, start_date=date,
                                      recorded_by=recorded_by, **placement)


@records(StepKey.LOOKED_AFTER)
@transaction.atomic
def cease_looked_after(period: m.PeriodOfCare, *, date: date, reason: str) -> m.PeriodOfCare:
    dates.not_future("date", date, "The date care ended")
    dates.not_before("date", date, period.start_date, "Care cannot end before it started")
    _code("reason_ended", reason, lists.REASON_EPISODE_CEASED, "reason care ended")
    period.end_date, period.reason_ended = date, reason
    period.save(update_fields=["end_date", "reason_ended"])
    period.legal_statuses.filter(end_date__isnull=True).update(end_date=date)
    period.placements.filter(end_date__isnull=True).update(end_date=date)
    if reason in ADOPTED:  # the adoption order ends everyone else's parental responsibility (Adoption and Children Act 2002 s46)
        Relationship.objects.filter(person_id=period.child_id, parental_responsibility=True, pr_end_date__isnull=True).exclude(
            pr_basis="adoption_order").update(pr_end_date=date)
    return period


# Simple facts with a date: one service records any of them, checking dates are not in the future
# and that ranges run forwards.
SIMPLE_FACTS = {
    "review": m.LookedAfterReview,
    "visit": m.StatutoryVisit,
    "health_assessment": m.HealthAssessment,
    "dental_check": m.DentalCheck,
    "immunisation": m.ImmunisationStatus,
    "sdq": m.SDQScore,
    "substance_misuse": m.SubstanceMisuse,
    "conviction": m.Conviction,
    "missing": m.MissingEpisode,
    "uasc": m.UASCStatus,
    "previous_permanence": m.PreviousPermanence,
    "permanence_plan": m.PermanencePlan,
    "care_leaver_contact": m.CareLeaverContact,
    "pathway_plan": m.PathwayPlan,
    "needs_assessment": m.NeedsAssessment,
    "adoption": m.AdoptionJourney,
}
_DATE_FIELDS = ("date", "start_date", "date_identified", "should_be_placed_date")


def record(fact: str, child: Person, /, **fields: Any) -> Any:
    """Record a simple dated fact (``fact`` names it in SIMPLE_FACTS)."""
    model = SIMPLE_FACTS[fact]
    for name in _DATE_FIELDS:
        if name in fields:
            dates.not_future(name, fields[name], "The date")
            dates.since_birth(child, name, fields[name], "The date", before_birth=fact not in CARE_FACTS)
    if "end_date" in fields:
        dates.not_before("end_date", fields["end_date"], fields.get("start_date"), "The end cannot be before the start")
    if fact == "sdq" and fields.get("score") is not None and not 0 <= fields["score"] <= 40:
        raise ValidationError({"score": "An SDQ score is between 0 and 40"})
    if fact == "review":
        _held(child.pk, ["lac_review"], fields["date"])
    return model._default_manager.create(child=child, **fields)


ADOPTION_MILESTONES = ("decision_reversed_date", "reason_reversed", "matched_date", "household", "placed_date",
                       "adoption_order_date")


def record_adoption_milestones(journey: m.AdoptionJourney, **milestones: Any) -> m.AdoptionJourney:
    """The adoption journey's next milestones (matched, placed, the order, or the decision reversed)."""
    unknown = set(milestones) - set(ADOPTION_MILESTONES)
    if unknown:
        raise ValueError(f"not an adoption milestone: {', '.join(sorted(unknown))}")
    for name, value in milestones.items():
        if isinstance(value, date):
            dates.not_future(name, value, "The date")
            dates.not_before(name, value, journey.should_be_placed_date, "A milestone cannot be before the decision to place")
        setattr(journey, name, value)
    journey.save(update_fields=list(milestones))
    return journey


@transaction.atomic
def record_adopter_household(*, family_identifier: str, adopters: Iterable[Person] = (), **details: Any) -> m.AdopterHousehold:
    """An approved adopter household (SSDA903 AD1's adopters) and the adults in it."""
    household = m.AdopterHousehold.objects.create(family_identifier=family_identifier, **details)
    household.adopters.add(*adopters)
    return household


def write_assessment(assessment: m.Assessment, *, sections: dict[str, str], summary: str  =  "", decision_reasons: str  =  "") -> None:
    """What an assessment says, by the framework's domains (``Assessment.SECTIONS``), its analysis and reasons."""
    unknown = set(sections) - set(m.Assessment.SECTIONS)
    if unknown:
        raise ValueError(f"not a section of the assessment: {', '.join(sorted(unknown))}")
    for name, text in sections.items():
        setattr(assessment, name, text)
    assessment.summary, assessment.decision_reasons = summary, decision_reasons
    assessment.save(update_fields=[*sections, "summary", "decision_reasons"])


@transaction.atomic
def allocate(child: Person, *, worker: Professional | None, team: Team | None, start_date: date, kind: str = AllocationKind.SOCIAL_WORKER, reason: str = "",
             by: Professional | None = None) -> m.Allocation:
    """Allocate a worker; the previous allocation of the same kind ends the same day. The child's
    row is locked first, so two people reallocating at once cannot leave two open allocations."""
    if kind == AllocationKind.SOCIAL_WORKER and worker is not None and worker.role_id not in CASE_HOLDING_ROLES and not as_given():
        raise ValidationError({"worker": f"{worker.name} is {worker.role.name.lower()}: only a social worker, a senior practitioner "
                                         "or (while it waits for allocation) a team manager holds a case"})
    type(child).objects.select_for_update().filter(pk=child.pk).first()
    current = m.Allocation.objects.filter(child=child, kind=kind, end_date__isnull=True).first()
    if current:
        dates.not_before("start_date", start_date, current.start_date,
                    "A new allocation cannot start before the current one started")
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    return m.Allocation.objects.create(child=child, kind=kind, worker=worker, team=team, start_date=start_date,
                                       reason=reason, recorded_by=by)


@transaction.atomic
def take_referral(referral: m.Referral, *, team: Team, worker: Professional, on: date) -> m.Allocation:
    """A team takes a referral waiting for one: its first social worker is allocated (SW_REASON FCONTA).
    The child's row is locked first, so two managers taking the same referral at once cannot both win:
    the second is told who took it."""
    type(referral.child).objects.select_for_update().filter(pk=referral.child_id).first()
    current = m.Allocation.objects.filter(child_id=referral.child_id, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True
                                          ).select_related("worker", "team").first()
    if current is not None:
        raise ValidationError({"referral": f"{current.team.name if current.team else 'Another team'} has already taken "
                                           f"this referral ({current.worker.name if current.worker else 'unallocated'})"})
    if referral.closure_date is not None:
        raise ValidationError({"referral": "This referral has been closed; it no longer needs a team"})
    if worker.team_id != team.pk:
        raise ValidationError({"worker": f"{worker.name} is not in {team.name}"})
    return allocate(referral.child, worker=worker, team=team, start_date=on, reason="FCONTA")


def end_allocations(child: Person, *, end_date: date, kind: str = AllocationKind.SOCIAL_WORKER) -> None:
    m.Allocation.objects.filter(child=child, kind=kind, end_date__isnull=True).update(end_date=end_date)


def today() -> date:
    return timezone.localdate()


# ---- The journey as steps: submitting for and giving manager authorisation -------------------------------

Kind = m.Authorisation.Kind


@dataclass(frozen=True)
class SignOff:
    """A manager's sign-off made before the record came to OpenCSC: the synthetic authority's history, or
    a migrated one. Only a system actor (the seed, an import) records one; a person's step asks a manager."""

    by: Professional
    on: date


@transaction.atomic
def request_authorisation(child: Person, kind: str, obj: Any, *, summary: str, requested_by: Professional | None = None, payload: dict[str,
                          Any] | None=None,
                          signed_off: SignOff | None  =  None) -> m.Authorisation:
    """Ask a manager to sign off a step. Asking again for the same thing (after it was returned, or
    a double submit) reuses the open request rather than making another. ``signed_off``: the step was
    signed off when it was recorded elsewhere; the sign-off is recorded as made, and nobody is asked."""
    about = m.Authorisation.about(kind, obj)
    if signed_off is not None:
        if current().system is None:
            raise ImproperlyConfigured("Only the seed or an import records a sign-off made before; a person's step asks a manager.")
        at = timezone.make_aware(datetime.combine(signed_off.on, time(17)))
        return m.Authorisation.objects.create(child=child, kind=kind, **about, summary=summary[:300], payload=payload or {},
                                              requested_by=requested_by, requested_at=at, recorded_by=requested_by,
                                              decided_by=signed_off.by, decided_at=at, decision="authorised")
    open_request = m.Authorisation.objects.filter(child=child, kind=kind, decision="", **about).first()
    if open_request:
        # Whoever sent it last is who last edited it, and so may not be who authorises it.
        open_request.summary, open_request.payload = summary[:300], payload or {}
        open_request.requested_by = requested_by or open_request.requested_by
        open_request.save(update_fields=["summary", "payload", "requested_by"])
        return open_request
    m.Authorisation.objects.filter(child=child, kind=kind, decision="returned", **about).update(decision="resubmitted")
    request = m.Authorisation.objects.create(child=child, kind=kind, **about, summary=summary[:300],
                                             payload=payload or {}, requested_by=requested_by,
                                             requested_at=timezone.now(), recorded_by=requested_by)
    deciders = authorisers([request])[request.pk]
    if not deciders:  # nothing is written (the step's transaction ends here) and what was typed is kept in the form
        raise ValidationError("No manager can authorise this: there is no other manager in the authority. Ask your system "
                              "administrator to add one, or to name a fallback (OPENCSC_AUTHORISATION_FALLBACK).")
    for manager in deciders:
        Notification.objects.create(recipient=manager, kind=Notification.Kind.AUTHORISATION_REQUESTED, link=f"/authorisations/{request.pk}/",
                                    text=f"Waiting for your authorisation: {request.summary} ({child.la_child_id or 'a child'})"[:300])
    return request


@transaction.atomic
def authorise(request: m.Authorisation, *, by: Professional, on: date | None  =  None, comment: str  =  "") -> m.Authorisation:
    """Sign off; what waits for authorisation takes effect (an assessment is complete, a case closes). The
    manager's comment is management oversight: kept, sent to the requester and on the chronology."""
    request = m.Authorisation.objects.select_for_update().get(pk=request.pk)
    if request.decision:
        raise ValidationError("This has already been decided")
    on = on or today()
    if request.kind == Kind.ASSESSMENT:
        assessment = m.Assessment.objects.get(pk=request.assessment_id)
        authorise_assessment(assessment, authorised_date=on, factors=assessment.factors, outcome=assessment.outcome,
                             child_seen=assessment.child_seen, child_seen_date=assessment.child_seen_date,
                             authorised_by=by, completed_date=assessment.completed_date)
        if assessment.outcome == "cin_plan":
            start_cin_plan_from(assessment, on=on, by=by)
    elif request.kind == Kind.CASE_CLOSURE:
        referral = m.Referral.objects.get(pk=request.referral_id)
        close_referral(referral, closure_date=date.fromisoformat(request.payload["closure_date"]),
                       reason=request.payload["reason"])
    request.decided_by, request.decided_at, request.decision = by, timezone.now(), "authorised"
    request.comment = (comment or "").strip()
    request.save(update_fields=["decided_by", "decided_at", "decision", "comment"])
    _tell_requester(request, f"Authorised by {getattr(by, 'name', 'a manager')}: {request.summary}"
                             + (f": “{request.comment}”" if request.comment else ""))
    if request.kind == Kind.CONTACT_DECISION:
        _tell_allocated_worker(request, f"Contact decision authorised by {getattr(by, 'name', 'a manager')}: {request.summary}")
    return request


def _tell_allocated_worker(request: m.Authorisation, text: str) -> None:
    """A front-door decision authorised after the team took the referral: the child's allocated worker
    (who was not the one who asked) hears that the work may go ahead."""
    workers = (m.Allocation.objects.filter(child_id=request.child_id, end_date__isnull=True, kind=AllocationKind.SOCIAL_WORKER,
                                           worker__user__isnull=False)
               .exclude(worker_id__in=[request.requested_by_id, request.decided_by_id]).values_list("worker_id", flat=True))
    Notification.objects.bulk_create(
        Notification(recipient_id=worker_id, kind=Notification.Kind.CHILD_DECIDED, link=f"/children/{request.child_id}/",
                     text=f"{text} ({request.child.la_child_id or 'a child'})"[:300]) for worker_id in set(workers))


def _tell_requester(request: m.Authorisation, text: str) -> None:
    """The worker who asked hears the manager's decision (and its comment), with a link to act on it."""
    asker = request.requested_by
    if asker is None or asker.user_id is None or asker == request.decided_by:
        return
    link = (f"/contacts/{request.contact_id}/decide/" if request.kind == Kind.CONTACT_DECISION and request.decision == "returned"
            else f"/children/{request.child_id}/")
    Notification.objects.create(recipient=asker, kind=Notification.Kind.AUTHORISATION_DECIDED, link=link,
                                text=f"{text} ({request.child.la_child_id or 'a child'})"[:300])


@transaction.atomic
def return_for_changes(request: m.Authorisation, *, by: Professional, comment: str) -> m.Authorisation:
    if not (comment or "").strip():
        raise ValidationError({"comment": "Say what needs to change"})
    request = m.Authorisation.objects.select_for_update().get(pk=request.pk)
    if request.decision:
        raise ValidationError("This has already been decided")
    request.decided_by, request.decided_at, request.decision, request.comment = by, timezone.now(), "returned", comment.strip()
    request.save(update_fields=["decided_by", "decided_at", "decision", "comment"])
    _tell_requester(request, f"Returned for changes by {getattr(by, 'name', 'a manager')}: {request.summary}: “{request.comment}”")
    return request


@records(StepKey.ASSESSMENT)
@transaction.atomic
def submit_assessment(referral: m.Referral, *, start_date: date, factors: Iterable[str], outcome: str, child_seen: bool | None,
                      child_seen_date: date, summary: str,
                      sections: dict[str, str] | None = None, copied_from: m.Assessment | None = None, copied_sections: Iterable[str] = (),
                      copied_reviewed: bool = False, by: Professional | None = None) -> m.Assessment:
    """The worker has finished the assessment: save it and ask for authorisation. ``sections`` holds
    the text of the framework's domains and the views (``Assessment.SECTIONS``). Text copied forward
    from an earlier assessment must have been reviewed first. Factors must be ones the census takes
    in the assessment's collection year (a retired code is read from old records, never chosen anew)."""
    if copied_from is not None and not copied_reviewed:
        raise ValidationError({"copied_reviewed": "Confirm you have reviewed the text copied from the last assessment"})
    year = collection_year_of(start_date)
    for factor in factors:
        _code("factors", factor, lists.ASSESSMENT_FACTOR, "factor")
        if not lists.ASSESSMENT_FACTOR.valid_in(factor, year):
            raise ValidationError({"factors": f"Factor {factor} is not used in {year - 1}/{str(year)[2:]}: "
                                              f"choose one of this year's factors"})
    _code("outcome", outcome, lists.ASSESSMENT_OUTCOME, "outcome")
    dates.not_before("start_date", start_date, referral.referral_date, "An assessment cannot start before the referral")
    if child_seen and child_seen_date is None:
        raise ValidationError({"child_seen_date": "Enter the date the child was seen"})
    assessment = m.Assessment.objects.filter(referral=referral, authorised_date__isnull=True).first()
    if assessment is None:
        assessment = start_assessment(referral, start_date=start_date, recorded_by=by)
    assessment.start_date = start_date
    assessment.factors, assessment.outcome, assessment.summary = list(factors), outcome, summary
    for section, text in (sections or {}).items():
        if section in m.Assessment.SECTIONS:
            setattr(assessment, section, text)
    assessment.child_seen, assessment.child_seen_date = child_seen, child_seen_date
    assessment.completed_date = today()
    assessment.copied_from, assessment.copied_reviewed = copied_from, copied_reviewed
    assessment.copied_sections = [s for s in copied_sections if s in m.Assessment.SECTIONS] if copied_from else []
    assessment.save()
    request_authorisation(referral.child, Kind.ASSESSMENT, assessment, requested_by=by,
                          summary=f"Assessment (its outcome: {lists.ASSESSMENT_OUTCOME.label(outcome).lower()})")
    return assessment


@records(StepKey.CLOSE_CASE)
def request_closure(referral: m.Referral, *, closure_date: date, reason: str, by: Professional | None = None) -> m.Authorisation:
    """Closing a case waits for a manager; the dates are checked now so the manager is not asked to
    authorise something that cannot be saved."""
    dates.not_future("closure_date", closure_date, "The closure date")
    dates.not_before("closure_date", closure_date, referral.referral_date, "A case cannot close before the referral")
    _code("reason", reason, lists.REASON_FOR_CLOSURE, "reason for closure")
    return request_authorisation(referral.child, Kind.CASE_CLOSURE, referral, requested_by=by,
                                 summary=f"Close the case: {lists.REASON_FOR_CLOSURE.label(reason)}",
                                 payload={"closure_date": closure_date.isoformat(), "reason": reason})
