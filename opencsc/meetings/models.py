"""A meeting as it was held (the statutory fact, a conference or review, is the journey's: this is what
happened at it). Held from its booking where there was one."""

from django.db import models

from opencsc.casework.models import ChildFact, MeetingBooking
from opencsc.codes import lists
from opencsc.recording.models import Document
from opencsc.staff.models import Professional
from opencsc.staff.stepping import RecordModel


class MeetingRecord(ChildFact):
    booking = models.OneToOneField(MeetingBooking, null=True, blank=True, on_delete=models.SET_NULL, related_name="record")
    kind = models.CharField(max_length=20, choices=lists.MEETING_RECORDED_KIND.model_choices())
    held_on = models.DateField()
    chair = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    child_participation = models.CharField(max_length=12, blank=True, choices=lists.CHILD_PARTICIPATION.model_choices())
    parents_participation = models.CharField(max_length=12, blank=True, choices=lists.PARENT_PARTICIPATION.model_choices())
    decisions = models.TextField()
    minutes = models.TextField(blank=True)
    quorate = models.BooleanField(null=True, blank=True, help_text="against the authority's rule (settings.MEETING_QUORUM)")
    next_review = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on"]
        verbose_name_plural = "meetings held"


class Attendance(RecordModel):
    meeting = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="attendance")
    name = models.CharField(max_length=200)
    agency = models.CharField(max_length=20, choices=lists.MEETING_AGENCY.model_choices())
    role = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=lists.ATTENDANCE.model_choices())
    report = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="the agency's contribution or report")

    class Meta:
        ordering = ["pk"]


class Recommendation(RecordModel):
    """What the chair (an IRO or conference chair) recommends, who owns it, by when; tracked to done."""

    meeting = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations")
    owner_name = models.CharField(max_length=200, blank=True, help_text="when the owner is not on the system")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on"]
