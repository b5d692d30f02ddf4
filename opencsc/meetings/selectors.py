"""Reads about meetings held that the record, the meeting pages and My work share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from opencsc.casework.due import DueItem, DueKind
from opencsc.people.models import Person
from opencsc.recording.chronology import Event

from .models import MeetingRecord, Recommendation


def recommendations_due(child_ids: Iterable[int], today: date) -> Iterator[DueItem]:
    """My work: each recommendation not yet done, by its date (the chair's, tracked until done)."""
    for rec in Recommendation.objects.filter(meeting__child_id__in=list(child_ids), done_on__isnull=True).select_related("meeting"):
        yield DueItem(rec.meeting.child_id, DueKind.RECOMMENDATION, rec.due_on,
                      f"“{rec.text[:80]}”, {rec.meeting.get_kind_display().lower()} on {rec.meeting.held_on:%-d %b %Y}",
                      statutory=False, kind="meeting")


def meetings_of(child: Person) -> list[MeetingRecord]:
    return list(MeetingRecord.objects.filter(child=child).select_related("chair")
                .prefetch_related("attendance__report", "recommendations__owner"))


def meeting_events(child_ids: list[int]) -> Iterator[Event]:
    """The chronology: each meeting held, with its decisions."""
    for record in MeetingRecord.objects.filter(child_id__in=child_ids).order_by("pk").select_related("chair").prefetch_related("attendance"):
        came = sum(1 for a in record.attendance.all() if a.status == "attended")
        quorum = "" if record.quorate is None else (" Quorate." if record.quorate else " Not quorate.")
        yield Event(record.held_on, "meeting", f"{record.get_kind_display()} held", f"{came} attended.{quorum}\n{record.decisions}",
                    by=record.chair.name if record.chair else "", child_id=record.child_id)
