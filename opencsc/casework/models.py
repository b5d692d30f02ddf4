"""The statutory journey, as practitioners record it.

Every table carries the child it is about (``child``), so a child's whole story is read with one
query per table however long it is. DfE field names are given in each docstring; returns derive
from these facts and never own facts of their own (see docs/data-map.md).
"""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from opencsc.codes import lists
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person
from opencsc.staff.models import Professional, Team
from opencsc.staff.stepping import RecordManager, RecordModel


class ChildFact(RecordModel):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


# ---- Front door ---------------------------------------------------------------------------------


class Contact(ChildFact):
    """An approach to children's social care about a child (Annex A list 1)."""

    received_at = models.DateTimeField(help_text="date and time the contact was received")
    source = models.CharField(max_length=3, help_text="ReferralSource code list")
    reason = models.CharField(max_length=40, choices=lists.CONTACT_REASON.model_choices())
    details = models.TextField(blank=True)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_confidential = models.BooleanField(
        default=False, help_text="the referrer asked not to be identified to the family"
    )
    consent = models.CharField(max_length=12, choices=lists.CONSENT.model_choices())
    consent_not_sought_reason = models.CharField(max_length=300, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=20, blank=True, choices=lists.CONTACT_OUTCOME.model_choices())
    decision_rationale = models.TextField(blank=True, help_text="why this decision, on these facts")
    need_level = models.CharField(max_length=20, blank=True,
                                  help_text="the level of need against the authority's threshold document (settings.THRESHOLD_LEVELS)")
    urgency = models.CharField(max_length=20, blank=True,
                               help_text="how soon the front door must act (settings.CONTACT_URGENCY_LEVELS); blank if never set")
    urgency_decided_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    urgency_decided_at = models.DateTimeField(null=True, blank=True)
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-received_at"]

    @property
    def need_level_label(self) -> str:
        return dict(settings.THRESHOLD_LEVELS).get(self.need_level, self.need_level)

    @property
    def urgency_label(self) -> str:
        return dict(settings.CONTACT_URGENCY_LEVELS).get(self.urgency, self.urgency or "Not set")

    @property
    def urgency_rank(self) -> int:
        """0 is the most urgent; a contact never given a level ranks as the standard (the last)."""
        codes = [code for code, _ in settings.CONTACT_URGENCY_LEVELS]
        return codes.index(self.urgency) if self.urgency in codes else len(codes) - 1


class ContactCorrection(RecordModel):
    """One field of a contact corrected: what it was, what it is, who, when and why (kept for good)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.CharField(max_length=300, blank=True)
    corrected_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-pk"]


class MeetingBooking(ChildFact):
    """A strategy discussion, conference or looked-after review booked ahead: when, where, who chairs,
    who is invited. Holding the meeting (recording it) completes the booking (``held_at``)."""

    kind = models.CharField(max_length=20, choices=lists.MEETING_KIND.model_choices())
    starts_at = models.DateTimeField()
    venue = models.CharField("venue or call details", max_length=300)
    chair = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings_chaired")
    invitees = models.TextField(blank=True, help_text="who is invited, one per line (name and agency)")
    held_on = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]

    @property
    def at_venue(self) -> str:
        """The venue as it reads after the time: "at Civic Centre", and "at the foster home" for a venue typed
        as "At the foster home" (never "at At …")."""
        venue = self.venue.strip()
        first = venue.split(" ", 1)[0].lower() if venue else ""
        if first in ("at", "by", "on", "via", "in"):
            return first + venue[len(first):]
        return f"at {venue}"

    @property
    def is_open(self) -> bool:
        return self.held_on is None and self.cancelled_at is None

    # A booked strategy discussion, conference or review is recorded on its step's page, once: who came, what
    # was said and the fact it makes (meetings.steps); any other meeting on the meetings page.
    RECORDED_ON = {"strategy": "casework:journey-strategy", "initial_conference": "casework:journey-conference",
                   "review_conference": "casework:journey-conference", "lac_review": "casework:journey-lac-review"}

    @property
    def record_url(self) -> str:
        return f"{reverse(self.RECORDED_ON.get(self.kind, 'meetings:meeting-record-new'), args=[self.child_id])}?booking={self.pk}"


class AgencyCheck(RecordModel):
    """A check made with another agency before the front door decided: who, when, what they said."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="checks")
    agency = models.CharField(max_length=12, choices=lists.CHECKED_AGENCY.model_choices())
    who = models.CharField("who was asked", max_length=200)
    checked_on = models.DateField()
    said = models.TextField("what they said")

    class Meta:
        ordering = ["checked_on", "pk"]


class EarlyHelpEpisode(ChildFact):
    """Early help coordinated by the authority or a partner (Annex A list 2)."""

    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    lead_organisation = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=lists.EARLY_HELP_OUTCOME.model_choices())
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class EarlyHelpAssessment(ChildFact):
    """Annex A list 2: assessment start date, completion date, organisation completing."""

    episode = models.ForeignKey(EarlyHelpEpisode, on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    organisation = models.CharField(max_length=200, blank=True)


class Referral(ChildFact):
    """A referral, which opens a CIN episode (CIN ``CINdetails``).

    CINreferralDate (``referral_date``), ReferralSource (``source``), PrimaryNeedCode
    (``primary_need``), ReferralNFA (``nfa``), CINclosureDate (``closure_date``), ReasonForClosure
    (``closure_reason``).
    """

    contact = models.OneToOneField(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="referral")
    referral_date = models.DateField(db_index=True)
    source = models.CharField(max_length=3)
    primary_need = models.CharField(max_length=2, blank=True)
    nfa = models.BooleanField("no further action", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["-referral_date"]

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Assessment(ChildFact):
    """Child and family assessment (CIN ``Assessments``).

    AssessmentActualStartDate (``start_date``), AssessmentInternalReviewDate
    (``internal_review_date``), AssessmentAuthorisationDate (``authorised_date``),
    AssessmentFactors (``factors``). Annex A list 4: child seen, outcome.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField()
    internal_review_date = models.DateField(null=True, blank=True)
    completed_date = models.DateField(null=True, blank=True, help_text="the worker finished writing it")
    authorised_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    factors = models.JSONField(default=list, blank=True)
    child_seen = models.BooleanField(null=True, blank=True)
    child_seen_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=lists.ASSESSMENT_OUTCOME.model_choices())
    # The Assessment Framework's three domains, then what the child, the family and other agencies said.
    developmental_needs = models.TextField("the child's developmental needs", blank=True)
    parenting_capacity = models.TextField("parenting capacity", blank=True)
    family_environment = models.TextField("family and environmental factors", blank=True)
    wishes_and_feelings = models.TextField("the child's wishes and feelings, in their own words", blank=True)
    parents_views = models.TextField("what parents and carers said", blank=True)
    agencies_views = models.TextField("what other agencies said", blank=True)
    summary = models.TextField("analysis", blank=True)
    decision_reasons = models.TextField("the decision and the reasons for it", blank=True)
    # "Copy forward": text copied from an earlier assessment stays marked until someone has reviewed it.
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    copied_sections = models.JSONField(default=list, blank=True, help_text="which sections were copied forward")
    copied_reviewed = models.BooleanField(default=False)

    SECTIONS = ("developmental_needs", "parenting_capacity", "family_environment", "wishes_and_feelings", "parents_views",
                "agencies_views", "summary", "decision_reasons")


class CINPlan(ChildFact):
    """Child in need plan (CIN ``CINPlanDates``: CINPlanStartDate, CINPlanEndDate)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class StrategyDiscussion(ChildFact):
    """Strategy discussion or meeting; starts the 15-working-day clock to an ICPC."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="strategy_discussions")
    date = models.DateField()
    attendees = models.CharField(max_length=500, blank=True)
    section47_agreed = models.BooleanField(default=True)
    notes = models.TextField(blank=True)


class Section47Enquiry(ChildFact):
    """Section 47 enquiry (CIN ``Section47``).

    S47ActualStartDate (``start_date``), InitialCPCtarget (``icpc_target_date``),
    ICPCnotRequired (``icpc_not_required``); DateOfInitialCPC comes from the initial conference.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="section47s")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.SET_NULL, related_name="section47s"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    icpc_target_date = models.DateField(null=True, blank=True)
    icpc_not_required = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, blank=True, choices=lists.S47_OUTCOME.model_choices())
    # What the manager reads before authorising the outcome (not in any return).
    child_seen = models.BooleanField(null=True, blank=True, help_text="was the child seen during the enquiry")
    child_seen_date = models.DateField(null=True, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    child_said = models.TextField(blank=True, help_text="what the child said: their words, wishes and feelings")
    findings = models.TextField(blank=True)
    concerns_substantiated = models.CharField(max_length=20, blank=True, choices=lists.S47_CONCERNS.model_choices())
    outcome_reasons = models.TextField(blank=True, help_text="why this outcome")

    class Meta:
        verbose_name = "section 47 enquiry"  # as a subject access export and the audit name it
        verbose_name_plural = "section 47 enquiries"


class ChildProtectionConference(ChildFact):
    """Initial, review or transfer-in child protection conference.

    The initial conference's date is CIN DateOfInitialCPC (on Section47, or on CINdetails for a
    transfer-in); review conference dates are CPPreviewDate.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="conferences")
    section47 = models.ForeignKey(
        Section47Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences"
    )
    plan = models.ForeignKey(
        "ChildProtectionPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences"
    )
    kind = models.CharField(max_length=12, choices=lists.CONFERENCE_TYPE.model_choices())
    date = models.DateField()
    chair = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=12, blank=True, choices=lists.CONFERENCE_OUTCOME.model_choices())


class ChildProtectionPlan(ChildFact):
    """Child protection plan (CIN ``ChildProtectionPlans``).

    CPPstartDate, CPPendDate, InitialCategoryOfAbuse, LatestCategoryOfAbuse; NumberOfPreviousCPP is
    derived by counting the child's earlier plans.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cp_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3)
    latest_category = models.CharField(max_length=3)
    previous_plans_reported = models.CharField(
        max_length=10, blank=True,
        help_text="NumberOfPreviousCPP as a legacy file gave it, kept when the record cannot show the earlier plans")


class CoreGroupMeeting(ChildFact):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_groups")
    date = models.DateField()


class LegalOrder(ChildFact):
    """A court order or police power, with its dates (EPO, police protection, care orders, ...)."""

    kind = models.CharField(max_length=30, choices=lists.LEGAL_ORDER.model_choices())
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    court = models.CharField(max_length=200, blank=True)


# ---- Looked after -----------------------------------------------------------------------------------


class PeriodOfCare(ChildFact):
    """A continuous time looked after, as the worker knows it: when it began and why it ended.

    SSDA903 episodes are derived from this with the legal statuses and placements inside it.
    ``category_of_need`` is SSDA903 CIN (fixed for the period, rule 504); ``reason_ended`` is the
    REC of the period's last episode.
    """

    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    category_of_need = models.CharField(max_length=2)
    reason_ended = models.CharField(max_length=3, blank=True)
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_episode_reason = models.CharField(
        max_length=1, blank=True,
        help_text="RNE of the first episode when the period began before the records held here (imported); blank: S")


class LegalStatus(ChildFact):
    """The legal basis on which a child is looked after, from when to when (SSDA903 LS)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses")
    code = models.CharField(max_length=2)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class Placement(ChildFact):
    """Where a looked-after child lives (SSDA903 PLACE, PLACE_PROVIDER, PL_POST, URN,
    REASON_PLACE_CHANGE). ``carer_reference`` tells a change of carer (RNE P) from a change of
    placement with the same carer (RNE T)."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    placement_type = models.CharField(max_length=3)
    provider = models.CharField(max_length=3, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    carer_reference = models.CharField(max_length=60, blank=True)
    carer_name = models.CharField(max_length=200, blank=True)
    intended_until_18 = models.BooleanField(default=False, help_text="sets the visit frequency after year one")
    reason_changed = models.CharField(max_length=6, blank=True, help_text="REASON_PLACE_CHANGE, when it ends")


class LookedAfterReview(ChildFact):
    """SSDA903 Reviews: REVIEW (``date``), REVIEW_CODE (``participation``)."""

    period = models.ForeignKey(PeriodOfCare, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews")
    date = models.DateField()
    participation = models.CharField(max_length=3, blank=True)
    chair = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class PermanencePlan(ChildFact):
    """Annex A list 8 permanence plan, as agreed on ``date``."""

    date = models.DateField()
    plan = models.CharField(max_length=30, choices=lists.PERMANENCE_PLAN.model_choices())


class HealthAssessment(ChildFact):
    """Initial / review health assessments and under-5 checks (SSDA903 OC2 HEALTH_ASSESSMENT,
    HEALTH_CHECK)."""

    date = models.DateField()
    kind = models.CharField(max_length=12, choices=lists.HEALTH_ASSESSMENT_TYPE.model_choices())


class DentalCheck(ChildFact):
    """SSDA903 OC2 TEETH_CHECK; Annex A list 8 date of last dental check."""

    date = models.DateField()


class ImmunisationStatus(ChildFact):
    """SSDA903 OC2 IMMUNISATIONS: whether immunisations were up to date when checked."""

    date = models.DateField()
    up_to_date = models.BooleanField()


class SDQScore(ChildFact):
    """SSDA903 OC2 SDQ_SCORE (0–40) or SDQ_REASON when not completed."""

    date = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason_not_completed = models.CharField(max_length=4, blank=True)


class SubstanceMisuse(ChildFact):
    """SSDA903 OC2 SUBSTANCE_MISUSE, INTERVENTION_OFFERED, INTERVENTION_RECEIVED."""

    date_identified = models.DateField()
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)


class Conviction(ChildFact):
    """SSDA903 OC2 CONVICTED (a conviction, final warning or reprimand in the year)."""

    date = models.DateField()


class KinshipArrangement(ChildFact):
    """A child cared for by family or friends: informal, a connected person temporarily approved as a foster
    carer (``approved_until``: the date the worker records from the approval; the length is the regulation's,
    not computed here), or support to a special guardian or a child arrangements order carer."""

    kind = models.CharField(max_length=20, choices=lists.KINSHIP_ARRANGEMENT.model_choices())
    carer = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="kinship_care_given")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    approved_until = models.DateField(null=True, blank=True, help_text="temporary approval of a connected person ends")
    support = models.TextField("support agreed", blank=True)
    version = models.PositiveIntegerField(default=1)


class MissingEpisode(ChildFact):
    """SSDA903 Missing: MISSING (``kind`` M/A), MIS_START, MIS_END; return interview offered and
    accepted (Annex A list 8)."""

    kind = models.CharField(max_length=1, choices=lists.MISSING_TYPE.model_choices())
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    return_interview_offered = models.BooleanField(null=True, blank=True)
    return_interview_accepted = models.BooleanField(null=True, blank=True)
    return_interview_date = models.DateField(null=True, blank=True)


class UASCStatus(ChildFact):
    """Unaccompanied asylum-seeking child: SSDA903 UASC table; DUC is ``end_date``."""

    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class PreviousPermanence(ChildFact):
    """SSDA903 PrevPerm: PREV_PERM, LA_PERM, DATE_PERM (kept as given: the day or month may be
    unknown, written 'zz')."""

    kind = models.CharField(max_length=2)
    la_code = models.CharField(max_length=3, blank=True)
    order_date = models.CharField(max_length=10, blank=True, help_text="dd/mm/yyyy, 'zz' for unknown parts")


# ---- Adoption -----------------------------------------------------------------------------------------


class AdopterHousehold(RecordModel):
    """Prospective or approved adopters (SSDA903 AD1 adopter fields; Annex A list 11)."""

    family_identifier = models.CharField(max_length=20, unique=True)
    number_of_adopters = models.PositiveSmallIntegerField(default=2, help_text="NB_ADOPTR")
    sex_of_adopters = models.CharField(max_length=2, help_text="SEX_ADOPTR")
    legal_status = models.CharField(max_length=3, help_text="LS_ADOPTR")
    fostering_for_adoption = models.BooleanField(default=False)
    enquiry_date = models.DateField(null=True, blank=True)
    stage_1_start = models.DateField(null=True, blank=True)
    stage_1_end = models.DateField(null=True, blank=True)
    stage_2_start = models.DateField(null=True, blank=True)
    stage_2_end = models.DateField(null=True, blank=True)
    application_date = models.DateField(null=True, blank=True)
    approval_date = models.DateField(null=True, blank=True)
    left_process_date = models.DateField(null=True, blank=True)
    left_process_reason = models.CharField(max_length=2, blank=True)
    adopters = models.ManyToManyField(Person, blank=True, related_name="adopter_households")

    def __str__(self) -> str:
        return self.family_identifier


class AdoptionJourney(ChildFact):
    """The adoption milestones for one decision that a child should be placed for adoption.

    SSDA903 PlacedAdoption DATE_PLACED / AD1 DATE_INT (``should_be_placed_date``, the ADM
    decision), DATE_MATCH (``matched_date``), DATE_PLACED_CEASED (``decision_reversed_date``),
    REASON_PLACED_CEASED (``reason_reversed``), FOSTER_CARE (``adopted_by_foster_carers``).
    The placement order is a LegalOrder; the adoption order ends the period of care (E11/E12).
    """

    should_be_placed_date = models.DateField()
    matched_date = models.DateField(null=True, blank=True)
    placed_date = models.DateField(null=True, blank=True)
    adoption_order_date = models.DateField(null=True, blank=True)
    decision_reversed_date = models.DateField(null=True, blank=True)
    reason_reversed = models.CharField(max_length=3, blank=True)
    ffa_placement_date = models.DateField(null=True, blank=True)
    adopted_by_foster_carers = models.BooleanField(default=False)
    household = models.ForeignKey(AdopterHousehold, null=True, blank=True, on_delete=models.SET_NULL, related_name="children")


# ---- Care leavers ---------------------------------------------------------------------------------


class CareLeaverContact(ChildFact):
    """The authority's contact with a care leaver: SSDA903 OC3 IN_TOUCH, ACTIV, ACCOM."""

    date = models.DateField()
    in_touch = models.CharField(max_length=4)
    activity = models.CharField(max_length=2, blank=True)
    accommodation = models.CharField(max_length=2, blank=True)


class PathwayPlan(ChildFact):
    """A pathway plan or its review, on ``date``."""

    date = models.DateField()
    is_review = models.BooleanField(default=False)


class NeedsAssessment(ChildFact):
    """Leaving-care needs assessment (within 3 months of the 16th birthday)."""

    date = models.DateField()


# ---- Work with the child ------------------------------------------------------------------------------


class StatutoryVisit(ChildFact):
    """A visit to the child: Annex A 'date of last statutory visit', 'seen alone'."""

    date = models.DateField()
    kind = models.CharField(max_length=20, choices=lists.VISIT_TYPE.model_choices())
    seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField(null=True, blank=True, help_text="child protection and looked-after visits")
    child_views = models.TextField("what the child said", blank=True)
    observed = models.TextField("what was observed", blank=True)
    next_steps = models.TextField("what happens next", blank=True)
    worker = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class ResponsibleAllocations(RecordManager):
    """Allocations that make someone responsible for the child (and so open the record, and count in
    caseloads): never worker history read from an imported return."""

    def get_queryset(self) -> "models.QuerySet[Allocation]":
        return super().get_queryset().filter(from_file=False)


class Allocation(ChildFact):
    """Who is responsible for the child, from when to when (SSDA903 SWEpisodes: SW_ID from the
    worker, SW_DECOM, SW_DEC, SW_REASON).

    ``objects`` holds only allocations made in OpenCSC; ``with_history`` adds worker episodes read from
    an imported return (``from_file``), kept for the returns and granting nothing: a file can never
    make someone responsible for a child, or able to open their record."""

    objects: ClassVar[ResponsibleAllocations] = ResponsibleAllocations()
    with_history = RecordManager()

    kind = models.CharField(max_length=20, choices=lists.ALLOCATION_KIND.model_choices(), default=AllocationKind.SOCIAL_WORKER)
    worker = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=6, blank=True)
    from_file = models.BooleanField(default=False, help_text="worker history read from an imported return: grants nothing")


class Authorisation(ChildFact):
    """A manager's sign-off of a step: the contact decision, the assessment, the section 47 outcome,
    becoming looked after, closing a case. The fact a worker records stands from when it happened
    (the law requires it recorded); the assessment is complete, and a case closes, only when
    authorised. A manager may return it with a comment instead."""

    class Kind(models.TextChoices):
        CONTACT_DECISION = "contact_decision", "Contact decision"
        ASSESSMENT = "assessment", "Child and family assessment"
        SECTION47_OUTCOME = "section47_outcome", "Section 47 outcome"
        LOOKED_AFTER = "looked_after", "Becoming looked after"
        CASE_CLOSURE = "case_closure", "Closing the case"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What it authorises: exactly the one its kind names (a constraint says so). RESTRICT: an authorised
    # fact cannot be deleted from under its sign-off, except with the child's whole record.
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.RESTRICT, related_name="authorisations")
    assessment = models.ForeignKey("Assessment", null=True, blank=True, on_delete=models.RESTRICT, related_name="authorisations")
    section47 = models.ForeignKey("Section47Enquiry", null=True, blank=True, on_delete=models.RESTRICT, related_name="authorisations")
    period = models.ForeignKey("PeriodOfCare", null=True, blank=True, on_delete=models.RESTRICT, related_name="authorisations")
    referral = models.ForeignKey("Referral", null=True, blank=True, on_delete=models.RESTRICT, related_name="authorisations")
    summary = models.CharField(max_length=300)
    payload = models.JSONField(default=dict, blank=True, help_text="what takes effect on authorisation (e.g. closure)")
    requested_by = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=12, blank=True, choices=[("authorised", "Authorised"), ("returned", "Returned"),
                                                                    ("resubmitted", "Returned, then sent again")])
    comment = models.TextField(blank=True)

    SUBJECT_FIELD = {Kind.CONTACT_DECISION: "contact", Kind.ASSESSMENT: "assessment", Kind.SECTION47_OUTCOME: "section47",
                     Kind.LOOKED_AFTER: "period", Kind.CASE_CLOSURE: "referral"}

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["decision", "kind"])]
        constraints = [models.CheckConstraint(
            name="authorisation_names_what_it_authorises",
            condition=(models.Q(kind="contact_decision", contact__isnull=False, assessment=None, section47=None, period=None, referral=None)
                       | models.Q(kind="assessment", assessment__isnull=False, contact=None, section47=None, period=None, referral=None)
                       | models.Q(kind="section47_outcome", section47__isnull=False, contact=None, assessment=None, period=None,
                                  referral=None)
                       | models.Q(kind="looked_after", period__isnull=False, contact=None, assessment=None, section47=None, referral=None)
                       | models.Q(kind="case_closure", referral__isnull=False, contact=None, assessment=None, section47=None,
                                  period=None)))]

    @classmethod
    def about(cls, kind: str, obj: models.Model) -> dict[str, models.Model]:
        """The lookup (and the values to create one) for the thing a request of this kind authorises."""
        return {cls.SUBJECT_FIELD[cls.Kind(kind)]: obj}

    @property
    def subject(self) -> Any:
        """The contact, assessment, enquiry, period of care or referral it authorises."""
        return getattr(self, self.SUBJECT_FIELD[self.Kind(self.kind)])

    @property
    def subject_id(self) -> int:
        return getattr(self, f"{self.SUBJECT_FIELD[self.Kind(self.kind)]}_id")


class DueWorkKept(models.Model):
    """That a child's KeptDueItem rows are kept: on which day (some clocks read the day: a missing
    spell's return interview looks back 90 days) and under which version of the clocks and local
    standards (``due_kept.stamp``). A child without one, or with one from another day or stamp, is
    read live from the record (decision 019)."""

    child = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="+")
    stamp = models.CharField(max_length=40)
    kept_on = models.DateField()


class KeptDueItem(models.Model):
    """One piece of a child's due work (``due.DueItem``) as the steps keep it; never a fact of its own."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()  # its place among the child's due work, as the clocks list it
    work = models.CharField(max_length=40)  # a due.DueKind
    due = models.DateField()
    anchor = models.CharField(max_length=200)
    statutory = models.BooleanField()
    kind = models.CharField(max_length=30, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "position"], name="kept_due_child")]
