"""Meeting pages: record a meeting as held (from its booking), the meetings held, a recommendation done."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from opencsc.access.gate import open_child
from opencsc.access.policy import documents_visible_to
from opencsc.casework import models as cw_models
from opencsc.casework.journey_views import may_hold_meeting
from opencsc.casework.models import MeetingBooking
from opencsc.recording.models import Document
from opencsc.staff.models import Professional
from opencsc.staff.steps import StepKey
from opencsc.web.step_pages import child_for_step, step_page

from . import forms as f
from . import services
from .models import Recommendation
from .rows import guess_agency
from .selectors import meetings_of

BOOKED_AS = {"strategy": "strategy", "initial_conference": "initial_conference", "review_conference": "review_conference",
             "lac_review": "lac_review"}
def steps_offered(child, referral, period):
    if referral is None and period is None:
        return []
    return [("Meetings held", reverse("meetings:meetings-held", args=[child.pk]), StepKey.MEETING)]




# The statutory fact a meeting of each kind makes (the returns count it), and the step that records it.
STATUTORY_STEP = {"strategy": (cw_models.StrategyDiscussion, "casework:journey-strategy"),
                  "initial_conference": (cw_models.ChildProtectionConference, "casework:journey-conference"),
                  "review_conference": (cw_models.ChildProtectionConference, "casework:journey-conference"),
                  "core_group": (cw_models.CoreGroupMeeting, "casework:journey-core-group"),
                  "lac_review": (cw_models.LookedAfterReview, "casework:journey-lac-review")}


def meetings_held(request, pk):
    child = open_child(request, pk, "meetings held")
    records = meetings_of(child)
    recorded = {kind: set(model.objects.filter(child=child).values_list("date", flat=True)) for kind, (model, _) in STATUTORY_STEP.items()}
    for record in records:  # a meeting whose outcome the journey does not know yet: a link to record it
        model, step = STATUTORY_STEP.get(record.kind, (None, ""))
        missing = (reverse(step, args=[child.pk]) + f"?next={reverse('meetings:meetings-held', args=[child.pk])}"
                   if model is not None and record.held_on not in recorded[record.kind] else "")
        setattr(record, "missing_step", missing)  # noqa: B010 - for the page
    return render(request, "meetings/meetings_held.html", {"child": child, "records": records, "today": timezone.localdate()})


def meeting_record_new(request, pk):
    child = child_for_step(request, pk, "Record a meeting", StepKey.MEETING)
    booking = MeetingBooking.objects.filter(child=child, pk=request.GET.get("booking") or 0, cancelled_at__isnull=True).first()
    rows = [(line.strip(), guess_agency(line)) for line in (booking.invitees.splitlines() if booking else []) if line.strip()]
    documents = list(documents_visible_to(request.user, Document.objects.filter(child=child)).order_by("-date")[:30])
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if booking is not None:
        initial |= {"kind": BOOKED_AS[booking.kind], "held_on": timezone.localtime(booking.starts_at).date(), "chair": booking.chair_id}

    def save(data, me):
        may_hold_meeting(request, data["kind"])  # a conference or strategy discussion is a step of its own (staff.steps)
        chair = Professional.objects.filter(pk=data["chair"]).first() if data.get("chair") else None
        record = services.record_meeting(child, kind=data["kind"], held_on=data["held_on"], decisions=data["decisions"],
                                         attendance=f.attendance_of(data, documents), chair=chair, booking=booking,
                                         child_participation=data["child_participation"],
                                         parents_participation=data["parents_participation"], minutes=data["minutes"],
                                         next_review=data["next_review"], recommendations=f.recommendations_of(data), by=me)
        quorum = "" if record.quorate is None else (" (quorate)" if record.quorate else " (not quorate: see the meeting)")
        return f"{record.get_kind_display()} recorded{quorum}"

    return step_page(request, child, form_class=f.MeetingRecordForm, key=f"meeting-record-{getattr(booking, 'pk', 'new')}",
                     title="Record a meeting", button="Save the meeting", save=save, initial=initial,
                     template="meetings/meeting_form.html", form_kwargs={"rows": rows, "documents": documents},
                     extra={"booking": booking, "next": reverse("meetings:meetings-held", args=[child.pk])})


def recommendation_done(request, pk, recommendation_pk):
    child = child_for_step(request, pk, "A recommendation done", StepKey.MEETING)
    recommendation = get_object_or_404(Recommendation, pk=recommendation_pk, meeting__child=child)

    def save(data, me):
        services.complete_recommendation(recommendation, done_on=data["done_on"], note=data["note"])
        return "Recommendation marked as done"

    return step_page(request, child, form_class=f.RecommendationDoneForm, key=f"recommendation-{recommendation.pk}",
                     title="A recommendation done", button="Save", save=save, initial={"done_on": timezone.localdate()},
                     known=[("Recommendation", recommendation.text), ("Due", f"{recommendation.due_on:%-d %b %Y}")],
                     extra={"next": reverse("meetings:meetings-held", args=[child.pk])},
                     edits=lambda lock: (Recommendation.objects.select_for_update() if lock else Recommendation.objects)
                     .get(pk=recommendation.pk))
