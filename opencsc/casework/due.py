"""What is due, for whom, by when: derived from the record, never typed.

Each clock names its anchor (the recorded fact that starts it) and its source. Statutory clocks are
fixed; local standards (visit frequencies the authority sets) come from settings.LOCAL_STANDARDS
and are flagged against as well. Reading is one query per kind of fact for any number of children.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from opencsc.anniversaries import add_months
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person

from . import extensions
from . import models as m
from .timescales import (
    ASSESSMENT_WORKING_DAYS,
    CONTACT_DECISION_WORKING_DAYS,
    FIRST_CORE_GROUP_WORKING_DAYS,
    FIRST_LAC_REVIEW_WORKING_DAYS,
    ICPC_WORKING_DAYS,
    add_working_days,
    local_date,
)

INITIAL_HEALTH_ASSESSMENT_WORKING_DAYS = 20
RETURN_INTERVIEW_HOURS = 72

DEFAULT_LOCAL_STANDARDS = {
    "cp_visit_working_days": 10,  # child protection visits (common local practice)
    "cin_visit_days": 28,  # child in need visits
    "cin_review_months": 3,  # child in need plan reviews (no national frequency: journey.md §4)
}


def local_standard(name: str) -> int:
    return {**DEFAULT_LOCAL_STANDARDS, **getattr(settings, "LOCAL_STANDARDS", {})}[name]


class DueKind(models.TextChoices):
    """Each kind of due work: the key pages and My work use (``DueItem.work``); the label is for people
    only, so rewording it changes nothing else."""

    CONTACT_DECISION = "contact_decision", "Decide on the contact"
    ASSESSMENT = "assessment", "Complete the child and family assessment"
    ASSESSMENT_AUTHORISATION = "assessment_authorisation", "Assessment awaiting authorisation"
    INITIAL_CONFERENCE = "initial_conference", "Hold the initial child protection conference"
    FIRST_CORE_GROUP = "first_core_group", "Hold the first core group"
    REVIEW_CONFERENCE = "review_conference", "Hold the review child protection conference"
    FIRST_REVIEW_CONFERENCE = "first_review_conference", "Hold the first review child protection conference"
    CP_VISIT = "cp_visit", "Child protection visit"
    CIN_VISIT = "cin_visit", "Child in need visit"
    LAC_REVIEW = "lac_review", "Looked-after review"
    INITIAL_HEALTH_ASSESSMENT = "initial_health_assessment", "Initial health assessment"
    RETURN_INTERVIEW = "return_interview", "Offer a return home interview"
    LEAVING_CARE_NEEDS_ASSESSMENT = "leaving_care_needs_assessment", "Leaving care needs assessment"
    PATHWAY_PLAN_REVIEW = "pathway_plan_review", "Review the pathway plan"
    KINSHIP_APPROVAL_ENDS = "kinship_approval_ends", "Temporary approval of the connected person ends"
    FIRST_WEEK_VISIT = "first_week_visit", "Visit in the first week of the placement"
    LAC_VISIT = "lac_visit", "Looked-after child visit"
    CARE_PLAN = "care_plan", "Write the care plan"
    PLACEMENT_PLAN = "placement_plan", "Write the placement plan"
    CIN_PLAN_REVIEW = "cin_plan_review", "Review the child in need plan"
    RECOMMENDATION = "recommendation", "Act on a meeting's recommendation"
    WEEK_26 = "week_26", "Care proceedings: week 26"
    FGDM = "fgdm", "Hold the family group decision-making meeting (a parent accepted)"


# Work a worker is in the middle of: always on My work, however far off its deadline (an
# assessment has 45 working days; it must not vanish from view for the first five weeks).
OPEN_TASKS: set[DueKind] = set({DueKind.CONTACT_DECISION, DueKind.ASSESSMENT, DueKind.ASSESSMENT_AUTHORISATION,
                        DueKind.INITIAL_CONFERENCE, DueKind.FIRST_CORE_GROUP})


@dataclass(frozen=True)
class DueItem:
    child_id: int
    work: DueKind
    due: date
    anchor: str
    statutory: bool = True
    kind: str = ""  # the chronology section where it is recorded

    @property
    def what(self) -> str:
        return self.work.label

    def status(self, today: date) -> str:
        if self.due < today:
            return "overdue"
        if self.due <= today + timedelta(days=7):
            return "this week"
        return "coming up"


def stays_on_my_work(item: DueItem) -> bool:
    """Work in progress (the journey's, and the running clocks the practice apps declare)."""
    return item.work in OPEN_TASKS or item.work in extensions.open_tasks()


def _by_child(queryset: Iterable[Any]) -> defaultdict[int, list[Any]]:
    grouped = defaultdict(list)
    for row in queryset:
        grouped[row.child_id].append(row)
    return grouped


def due_work(child_ids: Iterable[int], today: date | None = None) -> list[DueItem]:
    """Every piece of statutory (and local-standard) work due for these children, open now."""
    today = today or timezone.localdate()
    ids = list(child_ids)
    if not ids:
        return []  # no child, no work: not thirty queries to find none
    items: list[DueItem] = []
    add = items.append

    for contact in m.Contact.objects.filter(child_id__in=ids, outcome=""):
        received = local_date(contact.received_at)
        add(DueItem(contact.child_id, DueKind.CONTACT_DECISION, add_working_days(received, CONTACT_DECISION_WORKING_DAYS),
                    f"contact received {received:%-d %b %Y}", statutory=False, kind="contact"))

    open_referrals = {r.pk: r for r in m.Referral.objects.filter(child_id__in=ids, closure_date__isnull=True, nfa=False)}
    assessments = _by_child(m.Assessment.objects.filter(referral_id__in=open_referrals))
    for referral in open_referrals.values():
        mine = [a for a in assessments.get(referral.child_id, []) if a.referral_id == referral.pk]
        if not mine or any(a.authorised_date is None for a in mine):
            submitted = any(a.authorised_date is None and a.completed_date for a in mine)
            add(DueItem(referral.child_id, DueKind.ASSESSMENT_AUTHORISATION if submitted else DueKind.ASSESSMENT,
                        add_working_days(referral.referral_date, ASSESSMENT_WORKING_DAYS),
                        f"referral on {referral.referral_date:%-d %b %Y}", kind="assessment"))

    conferences = _by_child(m.ChildProtectionConference.objects.filter(child_id__in=ids).order_by("date"))
    for enquiry in m.Section47Enquiry.objects.filter(child_id__in=ids, end_date__isnull=True).select_related(
            "strategy_discussion"):
        if any(c.section47_id == enquiry.pk and c.kind == "initial" for c in conferences.get(enquiry.child_id, [])):
            continue
        discussed = enquiry.strategy_discussion.date if enquiry.strategy_discussion else enquiry.start_date
        add(DueItem(enquiry.child_id, DueKind.INITIAL_CONFERENCE, add_working_days(discussed, ICPC_WORKING_DAYS),
                    f"strategy discussion on {discussed:%-d %b %Y}", kind="protection"))

    core_groups = _by_child(m.CoreGroupMeeting.objects.filter(child_id__in=ids))
    visits = _by_child(m.StatutoryVisit.objects.filter(child_id__in=ids).order_by("date"))
    for plan in m.ChildProtectionPlan.objects.filter(child_id__in=ids, end_date__isnull=True):
        if not any(g.plan_id == plan.pk for g in core_groups.get(plan.child_id, [])):
            add(DueItem(plan.child_id, DueKind.FIRST_CORE_GROUP, add_working_days(plan.start_date, FIRST_CORE_GROUP_WORKING_DAYS),
                        f"plan started {plan.start_date:%-d %b %Y}", kind="protection"))
        reviews = [c.date for c in conferences.get(plan.child_id, []) if c.plan_id == plan.pk and c.kind == "review"]
        if reviews:
            add(DueItem(plan.child_id, DueKind.REVIEW_CONFERENCE, add_months(max(reviews), 6),
                        f"last review conference on {max(reviews):%-d %b %Y}", kind="protection"))
        else:
            add(DueItem(plan.child_id, DueKind.FIRST_REVIEW_CONFERENCE, add_months(plan.start_date, 3),
                        f"plan started {plan.start_date:%-d %b %Y}", kind="protection"))
        seen = [v.date for v in visits.get(plan.child_id, []) if v.date >= plan.start_date and v.seen]
        last = max(seen) if seen else plan.start_date
        add(DueItem(plan.child_id, DueKind.CP_VISIT, add_working_days(last, local_standard("cp_visit_working_days")),
                    f"{'last visit' if seen else 'plan started'} {last:%-d %b %Y}", statutory=False, kind="visit"))

    for cin_plan in m.CINPlan.objects.filter(child_id__in=ids, end_date__isnull=True):
        seen = [v.date for v in visits.get(cin_plan.child_id, []) if v.date >= cin_plan.start_date and v.seen]
        last = max(seen) if seen else cin_plan.start_date
        add(DueItem(cin_plan.child_id, DueKind.CIN_VISIT, last + timedelta(days=local_standard("cin_visit_days")),
                    f"{'last visit' if seen else 'plan started'} {last:%-d %b %Y}", statutory=False, kind="visit"))

    periods = {p.pk: p for p in m.PeriodOfCare.objects.filter(child_id__in=ids, end_date__isnull=True)}
    reviews_by_child = _by_child(m.LookedAfterReview.objects.filter(child_id__in=ids).order_by("date"))
    health = _by_child(m.HealthAssessment.objects.filter(child_id__in=ids, kind="initial"))
    placements = _by_child(m.Placement.objects.filter(period_id__in=periods, end_date__isnull=True))
    for period in periods.values():
        reviews = [r.date for r in reviews_by_child.get(period.child_id, []) if r.date >= period.start_date]
        if not reviews:
            due, anchor = add_working_days(period.start_date, FIRST_LAC_REVIEW_WORKING_DAYS), \
                f"became looked after {period.start_date:%-d %b %Y}"
        elif len(reviews) == 1:
            due, anchor = add_months(reviews[0], 3), f"first review on {reviews[0]:%-d %b %Y}"
        else:
            due, anchor = add_months(reviews[-1], 6), f"last review on {reviews[-1]:%-d %b %Y}"
        add(DueItem(period.child_id, DueKind.LAC_REVIEW, due, anchor, kind="review"))
        if not any(h.date >= period.start_date for h in health.get(period.child_id, [])):
            add(DueItem(period.child_id, DueKind.INITIAL_HEALTH_ASSESSMENT,
                        add_working_days(period.start_date, INITIAL_HEALTH_ASSESSMENT_WORKING_DAYS),
                        f"became looked after {period.start_date:%-d %b %Y}", kind="health"))
        for placement in placements.get(period.child_id, []):
            add(looked_after_visit(placement, visits.get(period.child_id, [])))

    for episode in m.MissingEpisode.objects.filter(child_id__in=ids, end_date__isnull=False, return_interview_date__isnull=True,
                                                   end_date__gte=today - timedelta(days=90)):
        returned = episode.end_date
        if returned is not None:  # always, by the filter; said so for the type checker
            add(DueItem(episode.child_id, DueKind.RETURN_INTERVIEW, returned + timedelta(days=RETURN_INTERVIEW_HOURS // 24),
                        f"returned {returned:%-d %b %Y}", kind="missing"))

    # Leaving care: a needs assessment within 3 months of the 16th birthday (or of becoming looked
    # after, if later), then pathway plan reviews at most every 6 months.
    children = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    assessed = set(m.NeedsAssessment.objects.filter(child_id__in=ids).values_list("child_id", flat=True))
    for period in periods.values():
        child = children.get(period.child_id)
        if child and child.date_of_birth and period.child_id not in assessed:
            sixteenth = add_months(child.date_of_birth, 16 * 12)
            if sixteenth <= today + timedelta(days=90):
                from_day = max(sixteenth, period.start_date)
                add(DueItem(period.child_id, DueKind.LEAVING_CARE_NEEDS_ASSESSMENT, add_months(from_day, 3),
                            f"16th birthday {sixteenth:%-d %b %Y}", kind="leaving_care"))
    advised = set(m.Allocation.objects.filter(child_id__in=ids, kind=AllocationKind.PERSONAL_ADVISER, end_date__isnull=True)
                  .values_list("child_id", flat=True)) | {p.child_id for p in periods.values()}
    latest_plan = {}
    for pathway in m.PathwayPlan.objects.filter(child_id__in=advised).order_by("date"):
        latest_plan[pathway.child_id] = pathway.date
    for child_id, last in latest_plan.items():
        add(DueItem(child_id, DueKind.PATHWAY_PLAN_REVIEW, add_months(last, 6), f"last pathway plan {last:%-d %b %Y}",
                    kind="leaving_care"))
    for kinship in m.KinshipArrangement.objects.filter(child_id__in=ids, kind="connected_person", end_date__isnull=True,
                                                       approved_until__isnull=False):
        if kinship.approved_until is not None:  # always, by the filter; said so for the type checker
            add(DueItem(kinship.child_id, DueKind.KINSHIP_APPROVAL_ENDS, kinship.approved_until,
                        f"approved from {kinship.start_date:%-d %b %Y}", kind="care"))
    for source in extensions.due_sources():  # what the practice apps above the journey make due
        items.extend(source(ids, today))
    return sorted(items, key=lambda item: (item.due, item.child_id))  # a stable sort: a child's work keeps this order


def looked_after_visit(placement: m.Placement, visits: Sequence[Any]) -> DueItem:
    """CPPCR reg 28: within a week of each placement starting; then at most every 6 weeks in the
    placement's first year; after that every 3 months if it is meant to last until 18."""
    seen = [v.date for v in visits if v.date >= placement.start_date and v.seen]
    if not seen:
        return DueItem(placement.child_id, DueKind.FIRST_WEEK_VISIT, placement.start_date + timedelta(days=7),
                       f"placement started {placement.start_date:%-d %b %Y}", kind="visit")
    last = max(seen)
    first_year_ends = add_months(placement.start_date, 12)
    if last >= first_year_ends and placement.intended_until_18:
        due = add_months(last, 3)
    else:
        due = last + timedelta(weeks=6)
    return DueItem(placement.child_id, DueKind.LAC_VISIT, due, f"last visit {last:%-d %b %Y}", kind="visit")
