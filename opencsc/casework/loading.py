"""Load steps for the statutory journey: a fact another system recorded (a CIN census episode, an
SSDA903 episode), stored as its file gives it.

Only an import calls these (``StepKey.LOAD_FROM_FILE`` is the import system actor's alone), inside its
``loading`` step, which stores facts as given (the services' checks for people do not refuse them;
the rules report them as findings) and writes one audit entry per child. Each is found again by what
identifies it in the file (a referral by its date, a plan by its start), so loading a file again
changes nothing; each returns what changed. The reading of the file and the findings stay in
``exchange``; the writing is here, next to the services the forms use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from opencsc.as_given import amend
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from . import models as m
from . import services as cw

LOAD = StepKey.LOAD_FROM_FILE


# ---- a CIN census episode ------------------------------------------------------------------------------


@records(LOAD)
def load_referral(child: Person, *, referral_date: date, source: str, primary_need: str, nfa: bool, closure_date: date | None,
                  closure_reason: str) -> tuple[m.Referral, list[str]]:
    """A CIN episode (CINdetails), found by its referral date."""
    changed = []
    referral = m.Referral.objects.filter(child=child, referral_date=referral_date).first()
    if referral is None:
        referral = cw.open_referral(child, referral_date=referral_date, source=source, primary_need=primary_need)
        changed.append(f"episode {referral_date} added")
    changed += amend(referral, {"source": source, "primary_need": primary_need, "nfa": nfa, "closure_date": closure_date,
                                "closure_reason": closure_reason})
    return referral, changed


@records(LOAD)
def load_assessment(referral: m.Referral, *, start: date | None, internal_review: date | None, authorised: date | None,
                    factors: list[str]) -> list[str]:
    assessment = m.Assessment.objects.filter(referral=referral, start_date=start).first() or \
        cw.start_assessment(referral, start_date=start)
    return amend(assessment, {"internal_review_date": internal_review, "authorised_date": authorised, "factors": factors})


@records(LOAD)
def load_cin_plan(referral: m.Referral, *, start: date | None, end: date | None) -> list[str]:
    plan = m.CINPlan.objects.filter(referral=referral, start_date=start).first() or cw.start_cin_plan(referral, start_date=start)
    return amend(plan, {"end_date": end})


@records(LOAD)
def load_section47(referral: m.Referral, *, start: date | None, icpc_target: date | None, icpc_not_required: bool,
                   icpc: date | None) -> list[str]:
    """A section 47 enquiry and the initial conference it led to, if the file gives its date."""
    enquiry = m.Section47Enquiry.objects.filter(referral=referral, start_date=start).first() or \
        cw.start_section47(referral, start_date=start)
    changed = amend(enquiry, {"icpc_target_date": icpc_target, "icpc_not_required": icpc_not_required})
    if icpc and not m.ChildProtectionConference.objects.filter(section47=enquiry, kind="initial").exists():
        cw.hold_conference(referral, kind="initial", date=icpc, section47=enquiry)
        changed.append("initial conference added")
    return changed


@records(LOAD)
def load_initial_conference(referral: m.Referral, *, date: date) -> list[str]:
    """An initial conference the episode gives (DateOfInitialCPC) without a section 47 enquiry of its own."""
    if m.ChildProtectionConference.objects.filter(referral=referral, section47__isnull=True,
                                                  kind__in=["initial", "transfer_in"], date=date).exists():
        return []
    cw.hold_conference(referral, kind="initial", date=date)
    return ["initial conference added"]


@records(LOAD)
def load_cp_plan(referral: m.Referral, *, start: date | None, end: date | None, initial_category: str, latest_category: str,
                 previous_plans: str, reviews: list[date | None]) -> list[str]:
    """A child protection plan and its review conferences (CPPreviewDate), found by its start."""
    plan = m.ChildProtectionPlan.objects.filter(referral=referral, start_date=start).first() or \
        cw.start_cp_plan(referral, start_date=start, category=initial_category)
    changed = amend(plan, {"end_date": end, "initial_category": initial_category, "latest_category": latest_category,
                           "previous_plans_reported": previous_plans})
    known = set(m.ChildProtectionConference.objects.filter(plan=plan, kind="review").values_list("date", flat=True))
    for review in reviews:
        if review and review not in known:
            cw.hold_conference(referral, kind="review", date=review, plan=plan)
            changed.append("review added")
    return changed


# ---- SSDA903 ------------------------------------------------------------------------------------------


@records(LOAD)
def load_period_of_care(child: Person, *, episodes: list[dict[str, Any]]) -> tuple[m.PeriodOfCare, list[str]]:
    """One period of care as its SSDA903 episodes give it: ``episodes`` are the period's rows in order, each
    with ``start`` and ``end`` (dates; ``end`` of the last is the period's end or None), ``LS``, ``RNE``,
    ``CIN``, ``PLACE``, ``PLACE_PROVIDER``, ``PL_POST``, ``URN``, ``REC``, ``REASON_PLACE_CHANGE``. The
    episodes replace what the record held from the first one's date on; each placement with a new carer
    gets the period's next carer reference. Returns the period and what changed."""
    first = episodes[0]["start"]
    last = episodes[-1]
    ended = last["REC"] not in ("", "X1")
    end = last["end"] if ended else None
    changed = []
    period = m.PeriodOfCare.objects.filter(child=child, start_date__lte=first).filter(end_date__isnull=True).first() or \
        m.PeriodOfCare.objects.filter(child=child, start_date__lte=first, end_date__gte=first).first()
    if period is None:
        period = m.PeriodOfCare.objects.create(
            child=child, start_date=first, category_of_need=episodes[0]["CIN"],
            first_episode_reason="" if episodes[0]["RNE"] == "S" else episodes[0]["RNE"])
        changed.append(f"period of care from {first:%d/%m/%Y} added")
    else:
        period.legal_statuses.filter(start_date__gte=first).delete()
        period.placements.filter(start_date__gte=first).delete()
        for rows_before in (period.legal_statuses, period.placements):
            rows_before.filter(Q(end_date__isnull=True) | Q(end_date__gt=first)).update(end_date=first)
        changed.append(f"period of care from {period.start_date:%d/%m/%Y} updated")
    amend(period, {"end_date": end, "reason_ended": last["REC"] if ended else "", "category_of_need": episodes[0]["CIN"]})
    status = placement = None
    carer = 0
    for i, row in enumerate(episodes):
        start = row["start"]
        next_start = episodes[i + 1]["start"] if i + 1 < len(episodes) else end
        if status is None or row["LS"] != status.code:
            if status is not None:
                amend(status, {"end_date": start})
            status = m.LegalStatus.objects.create(child=child, period=period, code=row["LS"], start_date=start,
                                                  end_date=next_start)
        else:
            amend(status, {"end_date": next_start})
        if placement is None or row["RNE"] in ("S", "P", "T", "B", "U"):
            if placement is None or row["RNE"] in ("S", "P", "B"):
                carer += 1
            reference = f"903-{child.la_child_id}-{carer}" if row["RNE"] not in ("T", "U") or placement is None \
                else placement.carer_reference
            if placement is not None:
                amend(placement, {"end_date": start})
            placement = m.Placement.objects.create(
                child=child, period=period, start_date=start, end_date=next_start, placement_type=row["PLACE"],
                provider=row["PLACE_PROVIDER"], postcode=row["PL_POST"], urn=row["URN"], carer_reference=reference)
        else:
            amend(placement, {"end_date": next_start})
        if row["REASON_PLACE_CHANGE"]:
            amend(placement, {"reason_changed": row["REASON_PLACE_CHANGE"]})
    return period, changed


@records(LOAD)
def load_fact(fact: str, child: Person, *, match: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """A dated fact of ``services.SIMPLE_FACTS`` (an SDQ score, a health assessment, a missing episode, a
    review, a care leaver's contact, an adoption's dates), found by ``match`` and given ``values``."""
    model = cw.SIMPLE_FACTS[fact]
    manager = model._default_manager
    found = manager.filter(child=child, **match).first()
    if found is None:
        manager.create(child=child, **match, **values)
        return [f"{model._meta.verbose_name} {'/'.join(map(str, [child, *match.values()]))[-20:]} added"]
    return amend(found, values)


@records(LOAD)
def load_uasc(child: Person, *, start: date, ceased: date | None) -> list[str]:
    """Unaccompanied asylum-seeking child status (SSDA903 UASC, DUC): the latest status, or a new one."""
    status = m.UASCStatus.objects.filter(child=child).order_by("-start_date").first()
    if status is None:
        m.UASCStatus.objects.create(child=child, start_date=start, end_date=ceased)
        return ["UASC added"]
    return amend(status, {"end_date": ceased})


@records(LOAD)
def load_previous_permanence(child: Person, *, kind: str, la_code: str, order_date: str) -> list[str]:
    """PREV_PERM as given (its date may be a partial one), added when it differs from the latest held."""
    values = {"kind": kind, "la_code": la_code, "order_date": order_date}
    latest = m.PreviousPermanence.objects.filter(child=child).order_by("-recorded_at", "-pk").first()
    if latest is not None and all(getattr(latest, k) == v for k, v in values.items()):
        return []
    m.PreviousPermanence.objects.create(child=child, **values)
    return ["previous permanence added"]


@records(LOAD)
def load_adopter_household(*, family_identifier: str, values: dict) -> tuple[m.AdopterHousehold, list[str]]:
    household = m.AdopterHousehold.objects.filter(family_identifier=family_identifier).first()
    if household is None:
        return m.AdopterHousehold.objects.create(family_identifier=family_identifier, **values), [
            f"adopter household {family_identifier[-20:]} added"]
    return household, amend(household, values)


@records(LOAD)
def load_worker_episode(child: Person, *, start: date | None, worker: Professional | None, end: date | None, reason: str) -> list[str]:
    """A social worker episode (SSDA903 SWEpisodes) kept as history for the returns only (``from_file``): a
    file never makes anyone responsible for a child."""
    match = {"child": child, "kind": AllocationKind.SOCIAL_WORKER, "start_date": start, "worker": worker, "from_file": True}
    found = m.Allocation.with_history.filter(**match).first()
    if found is None:
        m.Allocation.with_history.create(**match, end_date=end, reason=reason)
        return [f"{m.Allocation._meta.verbose_name} {'/'.join(map(str, match.values()))[-20:]} added"]
    return amend(found, {"end_date": end, "reason": reason})
