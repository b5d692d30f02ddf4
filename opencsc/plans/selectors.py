"""Reads about plans that the record, the plan pages and My work share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q

from opencsc.anniversaries import add_months
from opencsc.casework import models as casework
from opencsc.casework.due import DueItem, DueKind, local_standard
from opencsc.casework.timescales import CARE_PLAN_WORKING_DAYS, PLACEMENT_PLAN_WORKING_DAYS, add_working_days
from opencsc.people.models import Person

from .models import Plan, PlanVersion

# Child in need plans: reviewed at least every 3 months in common local practice (journey.md §4: no
# national frequency), so a local standard the authority may change (settings.LOCAL_STANDARDS).
CIN_REVIEW_STANDARD = "cin_review_months"


def statutory_fact(child: Person, kind: str) -> Any:
    """The fact a plan of this kind belongs to, now (None if the child has none)."""
    if kind == Plan.Kind.CIN:
        return casework.CINPlan.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    if kind == Plan.Kind.CP:
        return casework.ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    if kind == Plan.Kind.CARE:
        return casework.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()
    if kind == Plan.Kind.PLACEMENT:
        return casework.Placement.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    if kind == Plan.Kind.PATHWAY:
        return casework.PeriodOfCare.objects.filter(child=child).order_by("-start_date").first()
    raise ValueError(kind)


def kinds_held(child: Person, period: Any = None) -> set[str]:
    """The kinds of plan the child has a statutory fact for now, in one query (``statutory_fact`` for
    each). ``period``: the child's open period of care when the caller has read it (a care plan's fact)."""
    ref = OuterRef("pk")
    found = Person.objects.filter(pk=child.pk).values_list(
        Exists(casework.CINPlan.objects.filter(child=ref, end_date__isnull=True)),
        Exists(casework.ChildProtectionPlan.objects.filter(child=ref, end_date__isnull=True)),
        Exists(casework.PeriodOfCare.objects.filter(child=ref, end_date__isnull=True)),
        Exists(casework.Placement.objects.filter(child=ref, end_date__isnull=True)),
        Exists(casework.PeriodOfCare.objects.filter(child=ref))).first() or (False,) * 5
    return {kind for kind, held in zip((Plan.Kind.CIN, Plan.Kind.CP, Plan.Kind.CARE, Plan.Kind.PLACEMENT, Plan.Kind.PATHWAY), found,
                                        strict=True) if held}


FACT_FIELD: dict[str, str] = {Plan.Kind.CIN: "cin_plan", Plan.Kind.CP: "cp_plan", Plan.Kind.CARE: "period", Plan.Kind.PLACEMENT: "placement",
              Plan.Kind.PATHWAY: "period"}


def plan_of(child: Person, kind: str, fact: Any = None) -> Plan | None:
    fact = fact if fact is not None else statutory_fact(child, kind)
    if fact is None:
        return None
    return Plan.objects.filter(child=child, kind=kind, **{FACT_FIELD[kind]: fact}).first()


def latest(plan: Plan | None) -> PlanVersion | None:
    return plan.versions.prefetch_related("actions").select_related("made_by", "personal_adviser").first() if plan else None


def current_plans(child: Person) -> list[tuple[Plan, PlanVersion | None]]:
    """The child's open plans with their latest version, in two queries whatever their history."""
    live = (Q(cin_plan__isnull=True) | Q(cin_plan__end_date__isnull=True)) & (Q(cp_plan__isnull=True) | Q(cp_plan__end_date__isnull=True)) \
        & (Q(kind=Plan.Kind.PATHWAY) | Q(period__isnull=True) | Q(period__end_date__isnull=True)) \
        & (Q(placement__isnull=True) | Q(placement__end_date__isnull=True))
    plans = list(Plan.objects.filter(live, child=child, closed_on__isnull=True).prefetch_related("versions"))
    return [(plan, next(iter(plan.versions.all()), None)) for plan in plans]


def plan_reviews_due(child_ids: Iterable[int], today: date) -> Iterator[DueItem]:
    """My work: review each child in need plan by its next review date, or the local standard; write the
    care plan within 10 working days of becoming looked after (CPPCR reg 4) and each placement plan within
    5 working days of the placement (reg 9)."""
    ids = list(child_ids)
    written = set(Plan.objects.filter(child_id__in=ids, versions__isnull=False).values_list("kind", "period_id", "placement_id"))
    care_periods = {period for kind, period, _ in written if kind == Plan.Kind.CARE}
    placed = {placement for kind, _, placement in written if kind == Plan.Kind.PLACEMENT}
    for period in casework.PeriodOfCare.objects.filter(child_id__in=ids, end_date__isnull=True):
        if period.pk not in care_periods:
            yield DueItem(period.child_id, DueKind.CARE_PLAN, add_working_days(period.start_date, CARE_PLAN_WORKING_DAYS),
                          f"became looked after {period.start_date:%-d %b %Y}", kind="care")
    for placement in casework.Placement.objects.filter(child_id__in=ids, end_date__isnull=True, period__end_date__isnull=True):
        if placement.pk not in placed:
            yield DueItem(placement.child_id, DueKind.PLACEMENT_PLAN,
                          add_working_days(placement.start_date, PLACEMENT_PLAN_WORKING_DAYS),
                          f"placement started {placement.start_date:%-d %b %Y}", kind="care")
    contents = {p.cin_plan_id: p for p in Plan.objects.filter(cin_plan__child_id__in=ids).prefetch_related("versions")}
    for cin in casework.CINPlan.objects.filter(child_id__in=ids, end_date__isnull=True):
        plan = contents.get(cin.pk)
        versions = list(plan.versions.all()) if plan else []
        reviewed = [v.made_on for v in versions if v.made_at == PlanVersion.MadeAt.CIN_REVIEW]
        set_date = versions[0].next_review if versions else None
        if set_date:
            due, anchor = set_date, f"review date set {versions[0].made_on:%-d %b %Y}"
        else:
            last = max(reviewed) if reviewed else cin.start_date
            due = add_months(last, local_standard(CIN_REVIEW_STANDARD))
            anchor = f"{'last review' if reviewed else 'plan started'} {last:%-d %b %Y}"
        yield DueItem(cin.child_id, DueKind.CIN_PLAN_REVIEW, due, anchor, statutory=False, kind="cin")
