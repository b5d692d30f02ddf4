"""A plan is the content the statutory fact does not hold: the casework tables say a child in need
plan ran from one date to another (CINPlanDates); this says what it was for, who does what by when,
and how it changed at each review. Every version is kept; the record shows the latest."""

from django.db import models

from opencsc.codes import lists
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import RecordModel


class Plan(RecordModel):
    """One plan of a kind for a child, tied to the statutory fact it belongs to."""

    class Kind(models.TextChoices):
        CIN = "cin", "Child in need plan"
        CP = "cp", "Child protection plan"
        CARE = "care", "Care plan"
        PLACEMENT = "placement", "Placement plan"
        PATHWAY = "pathway", "Pathway plan"

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    cin_plan = models.OneToOneField("casework.CINPlan", null=True, blank=True, on_delete=models.CASCADE, related_name="content")
    cp_plan = models.OneToOneField("casework.ChildProtectionPlan", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="content")
    period = models.ForeignKey("casework.PeriodOfCare", null=True, blank=True, on_delete=models.CASCADE, related_name="plans")
    placement = models.OneToOneField("casework.Placement", null=True, blank=True, on_delete=models.CASCADE, related_name="plan")
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "-pk"]


class PlanVersion(RecordModel):
    """The plan as agreed on a day, at a meeting (an initial conference's outline, a core group's update, a review)."""

    class MadeAt(models.TextChoices):
        STARTED = "started", "When the plan started"
        INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference (outline plan)"
        CORE_GROUP = "core_group", "Core group"
        REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
        CIN_REVIEW = "cin_review", "Child in need review"
        LAC_REVIEW = "lac_review", "Looked-after review"
        PATHWAY_REVIEW = "pathway_review", "Pathway plan review"
        OTHER = "other", "Other change"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    made_on = models.DateField()
    made_at = models.CharField(max_length=20, choices=MadeAt.choices)
    made_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    made_at_time = models.DateTimeField(auto_now_add=True)
    purpose = models.TextField("what the plan is for", help_text="the outcome wanted for the child")
    needs = models.TextField("the child's needs", blank=True)
    contingency = models.TextField("what happens if the plan does not work", blank=True)
    permanence = models.CharField(max_length=30, blank=True, choices=lists.PERMANENCE_PLAN.model_choices(),
                                  help_text="care plan: the permanence plan")
    arrangements = models.TextField("contact, health and education arrangements", blank=True,
                                    help_text="care and placement plans")
    personal_adviser = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                         help_text="pathway plan")
    needs_assessment = models.TextField("the needs assessment", blank=True, help_text="pathway plan (CPPCR reg 42)")
    next_review = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")]


class PlanAction(RecordModel):
    """Who does what by when, for which need; carried into each new version with its progress."""

    class Status(models.TextChoices):
        OPEN = "open", "To do"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="actions")
    need = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=500)
    who = models.CharField(max_length=200)
    by_when = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["pk"]
