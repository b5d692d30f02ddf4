"""A meeting recorded once: the meeting as held (who took part, what was said, what it asked of whom) and
the statutory fact it makes (the returns count it), in one step.

Until this, a strategy discussion was typed twice: its attendance and minutes on the meetings page, its
outcome on the journey's page. The journey's fact-level step is ``casework.steps``; this composes it with
the meeting's record, and sits above casework (decision 009)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from opencsc.casework import models as cw_models
from opencsc.casework import steps as casework
from opencsc.codes import lists
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
