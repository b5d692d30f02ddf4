"""A meeting recorded once: the meeting as held (who took part, what was said, what it asked of whom) and
the statutory fact it makes (the returns count it), in one step.

Until this, a strategy discussion was typed twice: its attendance and minutes on the meetings page, its
outcome on the journey's page. The journey's fact-level step is ``casework.steps``; this composes it with
the meeting's record, and sits above casework (decision 009)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from opencsc.casework import models as cw_models
from opencsc.casework import services as casework_services
from opencsc.casework import steps as casework
from opencsc.codes import lists
from opencsc.plans import services as plans
from opencsc.plans.models import Plan, PlanVersion
from opencsc.staff.models import Professional
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from . import services
from .models import MeetingRecord


@dataclass
class StrategyDiscussionRecorded:
    meeting: MeetingRecord
    discussion: cw_models.StrategyDiscussion
    enquiry: cw_models.Section47Enquiry | None


@records(StepKey.STRATEGY_DISCUSSION)
def hold_strategy_discussion(referral: cw_models.Referral, *, held_on: date, attendance: list[dict], information_shared: str,
                             section47_agreed: bool, decisions: str, actions: list[dict], by: Professional | None,
                             chair: Professional | None = None,
                             booking: cw_models.MeetingBooking | None = None) -> StrategyDiscussionRecorded:
    """Who took part (``attendance``: name, agency, role, status), the information shared, the decision and
    its reasons, the actions (``actions``: text, owner or owner_name, due_on), and whether a section 47
    enquiry was agreed (it starts that day)."""
    if not information_shared.strip():
        raise ValidationError({"information_shared": "Write what information was shared"})
    meeting = services.record_meeting(referral.child, kind="strategy", held_on=held_on, decisions=decisions,
                                      attendance=attendance, chair=chair, booking=booking, minutes=information_shared,
                                      recommendations=actions, by=by)
    took_part = sorted({lists.MEETING_AGENCY.label(a["agency"]) for a in attendance
                        if (a.get("name") or "").strip() and a.get("status") == "attended"})
    held = casework.record_strategy_discussion(referral, date=held_on, attendees=", ".join(took_part)[:500],
                                               section47_agreed=section47_agreed, by=by)
    return StrategyDiscussionRecorded(meeting, held.discussion, held.enquiry)


@dataclass
class ConferenceRecorded:
    meeting: MeetingRecord
    conference: cw_models.ChildProtectionConference
    plan: cw_models.ChildProtectionPlan | None  # the plan an initial conference started
    outline: PlanVersion | None  # its outline plan: the conference's recommendations as its actions


@records(StepKey.CONFERENCE)
def hold_conference(referral: cw_models.Referral, *, held_on: date, attendance: list[dict], decisions: str, outcome: str,
                    by: Professional | None, chair: Professional | None = None, minutes: str = "",
                    child_participation: str = "", parents_participation: str = "", recommendations: Sequence[dict] = (),
                    enquiry: cw_models.Section47Enquiry | None = None, plan: cw_models.ChildProtectionPlan | None = None,
                    category: str = "", plan_purpose: str = "",
                    booking: cw_models.MeetingBooking | None = None) -> ConferenceRecorded:
    """A child protection conference recorded once: who came, how the child and parents took part, the
    minutes, the decision and the statutory outcome. An initial conference that makes a plan starts it, and
    its recommendations become the outline plan's actions (``plan_purpose``: what the plan is for), so they
    are typed once and marked done on the plan; any other conference keeps them on the meeting."""
    initial = plan is None
    makes_plan = initial and outcome == "plan"
    if makes_plan and not plan_purpose.strip():
        raise ValidationError({"plan_purpose": "Say what the outline plan is for: the outcome wanted for the child"})
    meeting = services.record_meeting(
        referral.child, kind="initial_conference" if initial else "review_conference", held_on=held_on, decisions=decisions,
        attendance=attendance, chair=chair, booking=booking, minutes=minutes, child_participation=child_participation,
        parents_participation=parents_participation, recommendations=() if makes_plan else recommendations, by=by)
    held = casework.record_conference(referral, date=held_on, outcome=outcome, chair=chair, enquiry=enquiry, plan=plan,
                                      category=category, by=by)
    outline = None
    if held.plan is not None:
        actions = []
        for rec in recommendations:
            if not (rec.get("text") or "").strip():
                continue
            who = rec["owner"].name if rec.get("owner") is not None else (rec.get("owner_name") or "").strip()
            if not who or rec.get("due_on") is None:
                raise ValidationError({"recommendations": f"Say who owns “{rec['text'].strip()}” and by when"})
            actions.append({"action": rec["text"], "who": who, "by_when": rec["due_on"]})
        outline = plans.save_version(Plan(child=referral.child, kind=Plan.Kind.CP, cp_plan=held.plan), made_on=held_on,
                                     made_at=PlanVersion.MadeAt.INITIAL_CONFERENCE, purpose=plan_purpose,
                                     new_actions=actions, by=by)
    return ConferenceRecorded(meeting, held.conference, held.plan, outline)


@records(StepKey.LAC_REVIEW)
def hold_lac_review(period: cw_models.PeriodOfCare, *, held_on: date, participation: str, attendance: list[dict],
                    decisions: str, by: Professional | None, chair: Professional | None = None, minutes: str = "",
                    parents_participation: str = "", recommendations: Sequence[dict] = (),
                    booking: cw_models.MeetingBooking | None = None) -> tuple[MeetingRecord, cw_models.LookedAfterReview]:
    """A looked-after review recorded once: who came, the minutes, what it decided and recommended, and the
    review the SSDA903 return counts (``participation``: how the child took part, REVIEW_CODE)."""
    meeting = services.record_meeting(period.child, kind="lac_review", held_on=held_on, decisions=decisions,
                                      attendance=attendance, chair=chair, booking=booking, minutes=minutes,
                                      parents_participation=parents_participation, recommendations=recommendations, by=by)
    review = casework_services.record("review", period.child, period=period, date=held_on, chair=chair,
                                      participation=participation)
    return meeting, review
