"""Every write to a plan: a new version each time (the old ones kept), its actions carried forward
with their progress. What the returns read from a plan is recorded as the journey's own fact, once:
a pathway plan version is the pathway plan date; a care plan's permanence plan is Annex A's."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from opencsc.casework import dates
from opencsc.casework import models as casework
from opencsc.casework import services as cw
from opencsc.codes import lists
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import records
from opencsc.staff.steps import plan_step

from .models import Plan, PlanAction, PlanVersion
from .selectors import FACT_FIELD, plan_of, statutory_fact

NO_FACT: dict[str, str] = {
    Plan.Kind.CIN: "has no open child in need plan: it starts when an assessment ending in a child in need plan is authorised",
    Plan.Kind.CP: "has no child protection plan: it starts at an initial child protection conference",
    Plan.Kind.CARE: "is not looked after",
    Plan.Kind.PLACEMENT: "has no current placement",
    Plan.Kind.PATHWAY: "has never been looked after, so has no pathway plan",
}


@transaction.atomic
def open_plan(child: Person, kind: str, fact: Any = None) -> Plan:
    """The plan of this kind for the statutory fact the child has now (or ``fact``, an earlier one:
    the generator writes history), made the first time it is asked for."""
    fact = fact if fact is not None else statutory_fact(child, kind)
    if fact is None:
        raise ValidationError(f"{child.full_name} {NO_FACT[kind]}")
    plan = plan_of(child, kind, fact)
    return plan or Plan.objects.create(child=child, kind=kind, **{FACT_FIELD[kind]: fact})


def plan_to_update(child: Person, kind: str) -> Plan:
    """The plan a form will update: the saved one for the child's current statutory fact, or one not
    yet saved (its first version makes it), so opening the form never writes."""
    fact = statutory_fact(child, kind)
    if fact is None:
        raise ValidationError(f"{child.full_name} {NO_FACT[kind]}")
    return plan_of(child, kind, fact) or Plan(child=child, kind=kind, **{FACT_FIELD[kind]: fact})


def saved_plan(plan: Plan, lock: bool = False) -> Plan | None:
    """The row a form opened (its state refuses a stale save): found again, or by its fact while it
    has none, so two people starting the same plan are told, not given two plans."""
    rows = Plan.objects.select_for_update() if lock else Plan.objects
    if plan.pk is not None:
        return rows.get(pk=plan.pk)
    field = FACT_FIELD[plan.kind]
    return rows.filter(child=plan.child_id, kind=plan.kind, **{f"{field}_id": getattr(plan, f"{field}_id")}).first()


@records(lambda plan, **_: plan_step(plan.kind))
@transaction.atomic
def save_version(plan: Plan, *, made_on: date, made_at: str, purpose: str, needs: str = "", contingency: str = "",
                 permanence: str = "", arrangements: str = "", personal_adviser: Professional | None = None,
                 needs_assessment: str = "", next_review: date | None = None, progress: dict[int, str] | None = None,
                 new_actions: Iterable[dict] = (), by: Professional | None = None) -> PlanVersion:
    """A new version: what changed today, the actions carried forward with their progress
    (``progress``: action id → status) and the new ones (dicts of need, action, who, by_when)."""
    if plan.pk is None:  # the plan's first version: the plan is made with it
        plan = open_plan(plan.child, plan.kind, getattr(plan, FACT_FIELD[plan.kind]))
    if plan.closed_on:
        raise ValidationError("This plan has been closed")
    dates.not_future("made_on", made_on, "The date the plan was agreed")
    dates.not_before("next_review", next_review, made_on, "The next review cannot be before the plan was agreed")
    if not (purpose or "").strip():
        raise ValidationError({"purpose": "Say what the plan is for: the outcome wanted for the child"})
    if permanence and permanence not in lists.PERMANENCE_PLAN:
        raise ValidationError({"permanence": "Choose the permanence plan"})
    previous = plan.versions.prefetch_related("actions").first()
    if previous is not None and made_on < previous.made_on:
        raise ValidationError({"made_on": f"The last version was agreed on {previous.made_on:%-d %b %Y}: a new one cannot be earlier"})
    version = PlanVersion.objects.create(
        plan=plan, number=(previous.number + 1) if previous else 1, made_on=made_on, made_at=made_at, made_by=by,
        purpose=purpose.strip(), needs=needs, contingency=contingency, permanence=permanence, arrangements=arrangements,
        personal_adviser=personal_adviser, needs_assessment=needs_assessment, next_review=next_review)
    progress = progress or {}
    carried = [PlanAction(version=version, need=a.need, action=a.action, who=a.who, by_when=a.by_when,
                          status=progress.get(a.pk, a.status)) for a in (previous.actions.all() if previous else [])]
    for new in new_actions:
        if not (new.get("action") or "").strip():
            continue
        if not (new.get("who") or "").strip():
            raise ValidationError({"new_actions": f"Say who will do “{new['action'].strip()}”"})
        carried.append(PlanAction(version=version, need=(new.get("need") or "").strip(), action=new["action"].strip(),
                                  who=new["who"].strip(), by_when=new.get("by_when")))
    PlanAction.objects.bulk_create(carried)
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    _record_what_returns_read(plan, version, previous)
    return version


def _record_what_returns_read(plan: Plan, version: PlanVersion, previous: PlanVersion | None) -> None:
    child = plan.child
    if plan.kind == Plan.Kind.PATHWAY:
        cw.record("pathway_plan", child, date=version.made_on, is_review=previous is not None)
        if version.needs_assessment.strip() and not casework.NeedsAssessment.objects.filter(child=child).exists():
            cw.record("needs_assessment", child, date=version.made_on)
        if version.personal_adviser_id and not casework.Allocation.objects.filter(
                child=child, kind=AllocationKind.PERSONAL_ADVISER, worker_id=version.personal_adviser_id, end_date__isnull=True).exists():
            cw.allocate(child, worker=version.personal_adviser, team=None, start_date=version.made_on, kind=AllocationKind.PERSONAL_ADVISER)
    if plan.kind == Plan.Kind.CARE and version.permanence and (previous is None or previous.permanence != version.permanence):
        cw.record("permanence_plan", child, date=version.made_on, plan=version.permanence)


@transaction.atomic
def close_cin_plan(plan: Plan, *, on: date, reason: str) -> Plan:
    """The child in need plan ends (CINPlanEndDate), with why."""
    if plan.kind != Plan.Kind.CIN or plan.cin_plan is None:
        raise ValidationError("Only a child in need plan is closed here: other plans end with their conference, care or placement")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the plan is closing"})
    cw.end_plan(plan.cin_plan, end_date=on)
    plan.closed_on, plan.closure_reason = on, reason.strip()
    plan.version += 1
    plan.save(update_fields=["closed_on", "closure_reason", "version"])
    return plan
