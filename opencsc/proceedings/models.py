"""Pre-proceedings (the Public Law Outline) and care proceedings, once per sibling group, and the
orders courts make (deprivation of liberty orders included).

The CIN census 2026/27 ``PreProceedingsandFGDM`` block is read from here (see docs/data-map.md):
PPStartDate ``PreProceedings.decision_date``, LBPSentDate ``PreProceedings.letter_sent_on``,
FGDMMeetingOffer ``PreProceedings.fgdm_offered``, FGDMMeetingFac ``PreProceedings.fgdm_held_on``,
InitialPPMeetingDate and ReviewMeetingsCount from ``PreProceedingsMeeting`` rows (counted, never
typed), StepDecisionDate ``PreProceedings.step_decision_date``, PPOutcome from
``PreProceedings.outcome`` through the authority's mapping, CourtAppDate
``CareProceedings.application_date``, LetterInitCPDate ``PreProceedings.issue_letter_sent_on``. A block imported from another system's census keeps what
it gave without dates in ``fgdm_held_undated``, ``review_meetings_undated`` and ``pp_outcome_as_given``.
"""

from django.db import models

from opencsc.casework.models import ChildFact
from opencsc.codes import lists
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import RecordModel


class PreProceedings(RecordModel):
    """One pre-proceedings period for a sibling group, from the legal planning meeting's decision."""

    children = models.ManyToManyField(Person, related_name="pre_proceedings")
    legal_planning_date = models.DateField(help_text="the legal planning (gateway) meeting")
    legal_planning_decision = models.TextField("what the legal planning meeting decided, and why")
    decision_date = models.DateField(help_text="PPStartDate: the decision to start pre-proceedings")
    letter_sent_on = models.DateField(null=True, blank=True, help_text="LBPSentDate: the letter before proceedings")
    fgdm_offered = models.BooleanField(null=True, blank=True, help_text="FGDMMeetingOffer: offered in the letter (s31ZA CA 1989)")
    fgdm_not_offered_reason = models.TextField(blank=True, help_text="why an offer was not in the child's best interests")
    fgdm_held_on = models.DateField(null=True, blank=True, help_text="FGDMMeetingFac: the meeting was held (facilitated)")
    step_decision_date = models.DateField(null=True, blank=True, help_text="StepDecisionDate")
    outcome = models.CharField(max_length=20, blank=True, choices=lists.PRE_PROCEEDINGS_OUTCOME.model_choices(),
                               help_text="the authority's outcome; PPOutcome through its mapping to DfE's codes")
    issue_letter_sent_on = models.DateField(null=True, blank=True,
                                            help_text="LetterInitCPDate: the letter telling parents proceedings are being issued")
    # What an imported CIN census says without the dates the record keeps: held as given so the
    # census comes back as it was (never dates invented for it).
    fgdm_held_undated = models.BooleanField(default=False, help_text="FGDMMeetingFac from an imported census "
                                                                   "(the meeting was held; its date was not in the file)")
    review_meetings_undated = models.PositiveSmallIntegerField(
        default=0, help_text="ReviewMeetingsCount from an imported census: review meetings whose dates were not in the file")
    pp_outcome_as_given = models.CharField(max_length=5, blank=True,
                                           help_text="PPOutcome as an imported census gave it (until the authority's outcome is recorded)")
    recorded_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "pre-proceedings"
        ordering = ["-decision_date"]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.decision_date:%-d %b %Y}"


class ParentResponse(RecordModel):
    """Each parent's (or person with PR's) answer to the offer of a family group decision-making meeting."""

    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.CASCADE, related_name="responses")
    parent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField()
    responded_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pre_proceedings", "parent"], name="one_answer_per_parent")]


class PreProceedingsMeeting(RecordModel):
    """The initial pre-proceedings meeting and each review (InitialPPMeetingDate, ReviewMeetingsCount)."""

    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=10, choices=[("initial", "Initial pre-proceedings meeting"), ("review", "Review meeting")])
    date = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["date"]


class CareProceedings(RecordModel):
    """An application for a care or supervision order, on the 26-week clock (CA 1989 s32(1)(a)(ii))."""

    pre_proceedings = models.OneToOneField(PreProceedings, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="proceedings")
    children = models.ManyToManyField(Person, related_name="care_proceedings")
    application_date = models.DateField(help_text="CourtAppDate: the application was made (issued)")
    court = models.CharField(max_length=200)
    case_number = models.CharField(max_length=40, blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "care proceedings"
        ordering = ["-application_date"]


class Extension(RecordModel):
    """The court extends the timetable, by up to eight weeks each time (s32(5)-(8)), and says why."""

    proceedings = models.ForeignKey(CareProceedings, on_delete=models.CASCADE, related_name="extensions")
    granted_on = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    reason = models.TextField()

    class Meta:
        ordering = ["granted_on"]


class Hearing(RecordModel):
    proceedings = models.ForeignKey(CareProceedings, on_delete=models.CASCADE, related_name="hearings")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=lists.HEARING_KIND.model_choices())
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["date"]


class CourtOrder(RecordModel):
    """An order made in proceedings; it becomes the child's legal order (and, for a care order, their
    legal status while looked after) without retyping."""

    proceedings = models.ForeignKey(CareProceedings, on_delete=models.CASCADE, related_name="orders")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    legal_order = models.OneToOneField("casework.LegalOrder", on_delete=models.CASCADE, related_name="made_in")
    hearing = models.ForeignKey(Hearing, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")


class DeprivationOfLibertyOrder(ChildFact):
    """A High Court order authorising a deprivation of the child's liberty (the SSDA903 DoLo table from
    2026/27: DOLO_START ``start_date``, DOLO_END ``end_date``)."""

    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    court = models.CharField("authorising court", max_length=200)

    class Meta:
        ordering = ["start_date"]
