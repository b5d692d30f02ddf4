"""Every write about a meeting as held, each in its own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from opencsc.casework import dates
from opencsc.casework.models import MeetingBooking
from opencsc.codes import lists
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import records
from opencsc.staff.steps import meeting_step

from .models import Attendance, MeetingRecord, Recommendation


def quorum_gaps(kind: str, attended_agencies: set[str]) -> list[str]:
    """What the authority's rule (settings.MEETING_QUORUM) says is missing; empty when quorate or no rule."""
    rule = settings.MEETING_QUORUM.get(kind)
    if not rule:
        return []
    gaps = [f"no one from {lists.MEETING_AGENCY.label(agency).lower()}" for agency in rule.get("required", [])
            if agency not in attended_agencies]
    professional = attended_agencies - {"family", "child", "advocate"}
    if len(professional) < rule.get("agencies_at_least", 0):
        gaps.append(f"{len(professional)} agenc{'y' if len(professional) == 1 else 'ies'} attended; the rule asks for "
                    f"{rule['agencies_at_least']}")
    return gaps


@records(lambda child, *, kind, **_: meeting_step(kind))
@transaction.atomic
def record_meeting(child: Person, *, kind: str, held_on: date, decisions: str, attendance: list[dict],
                   chair: Professional | None = None, booking: MeetingBooking | None = None,
                   child_participation: str = "", parents_participation: str = "", minutes: str = "",
                   next_review: date | None = None, recommendations: Sequence[dict] = (), by: Professional | None = None) -> MeetingRecord:
    """The meeting as held. ``attendance``: dicts of name, agency, role, status, report (a Document);
    ``recommendations``: dicts of text, owner (a Professional) or owner_name, due_on."""
    if kind not in lists.MEETING_RECORDED_KIND:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    dates.not_future("held_on", held_on, "The date the meeting was held")
    if not (decisions or "").strip():
        raise ValidationError({"decisions": "Write what the meeting decided"})
    rows = [a for a in attendance if (a.get("name") or "").strip()]
    if not rows:
        raise ValidationError({"attendance": "Record who was invited and whether they came"})
    for row in rows:
        if row.get("agency") not in lists.MEETING_AGENCY or row.get("status") not in lists.ATTENDANCE:
            raise ValidationError({"attendance": f"Choose the agency and the attendance of {row['name'].strip()}"})
    if booking is not None and MeetingRecord.objects.filter(booking=booking).exists():
        raise ValidationError("This booked meeting has already been recorded")
    attended = {row["agency"] for row in rows if row["status"] == "attended"}
    rule_applies = kind in settings.MEETING_QUORUM
    record = MeetingRecord.objects.create(
        child=child, booking=booking, kind=kind, held_on=held_on, chair=chair, child_participation=child_participation,
        parents_participation=parents_participation, decisions=decisions.strip(), minutes=minutes, next_review=next_review,
        quorate=(not quorum_gaps(kind, attended)) if rule_applies else None, recorded_by=by)
    Attendance.objects.bulk_create(Attendance(meeting=record, name=row["name"].strip(), agency=row["agency"],
                                              role=(row.get("role") or "").strip(), status=row["status"], report=row.get("report"))
                                   for row in rows)
    for rec in recommendations:
        if not (rec.get("text") or "").strip():
            continue
        if rec.get("due_on") is None or (rec.get("owner") is None and not (rec.get("owner_name") or "").strip()):
            raise ValidationError({"recommendations": f"Say who owns “{rec['text'].strip()}” and by when"})
        Recommendation.objects.create(meeting=record, text=rec["text"].strip(), owner=rec.get("owner"),
                                      owner_name=(rec.get("owner_name") or "").strip(), due_on=rec["due_on"])
    if booking is not None and booking.held_on is None:
        type(booking).objects.filter(pk=booking.pk).update(held_on=held_on)
    return record


@transaction.atomic
def complete_recommendation(recommendation: Recommendation, *, done_on: date, note: str = "") -> Recommendation:
    dates.not_future("done_on", done_on, "The date it was done")
    dates.not_before("done_on", done_on, recommendation.meeting.held_on, "It cannot be done before the meeting that made it")
    recommendation.done_on, recommendation.done_note = done_on, note.strip()
    recommendation.save(update_fields=["done_on", "done_note"])
    Recommendation.objects.filter(pk=recommendation.pk).update(version=F("version") + 1)
    return recommendation
