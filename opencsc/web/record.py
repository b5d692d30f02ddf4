"""The child's record: the person, the journey, the chronology and the returns' "Data to fix" panel on one page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from opencsc.access.gate import decisions_around, open_child
from opencsc.access.policy import can, decide_many, documents_visible_to, notes_visible_to, role_of
from opencsc.casework.journey_views import next_steps, offered_to
from opencsc.casework.models import KinshipArrangement, MeetingBooking
from opencsc.casework.selectors import STATUS_LABELS, child_summary, current_allocations, statuses
from opencsc.people.models import Person
from opencsc.people.selectors import family_members, family_tree
from opencsc.plans.selectors import current_plans
from opencsc.recording.chronology import EVENT_KINDS, chronology
from opencsc.recording.models import Document
from opencsc.returns.child_findings import panels_for_record
from opencsc.returns.engine import tally
from opencsc.returns.selectors import ASK_THE_ANALYST, year_label
from opencsc.returns.services import latest_query_reasons


def with_status(family, user, decisions=None, held=None):
    """Each family member with what is happening for them now (children only) and whether this user
    may open their record ("full"), only know them ("identity") or not even that ("restricted").
    ``decisions``: this user's, by person id, where the page has made them (``gate.decisions_around``);
    ``held``: the children's current allocations, where the page has read them."""
    child_ids = [m.person.pk for m in family if m.person.kind == Person.Kind.CHILD]
    status = {pk: STATUS_LABELS[s] for pk, s in statuses(child_ids, open_case=True).items() if s != "other"}
    if decisions is None or any(m.person.pk not in decisions for m in family):
        decisions = decide_many(user, [m.person.pk for m in family])
    held = current_allocations(child_ids) if held is None else held
    for member in family:
        d = decisions[member.person.pk]
        member.tier = "full" if d.allowed else "restricted" if d.restricted else "identity"
        member.status = status.get(member.person.pk, "")
        # Who holds a relative the user may not open, so a contact or a concern can be routed to them.
        allocation = held.get(member.person.pk)
        member.held_by = (", ".join(n for n in (allocation.team.name if allocation.team else "", allocation.worker.name if allocation.worker else "")
                                    if n) if allocation and member.tier == "identity" else "")
    return family


def with_fix_links(findings, child):
    """Each finding's link to the form that fixes it (or the data team, where no form corrects it yet)."""
    for f in findings:
        f.fix_url = reverse(f.fix, args=[child.pk]) if f.fix and f.fix != ASK_THE_ANALYST else ""
        f.ask_the_analyst = f.fix == ASK_THE_ANALYST
    return findings


def with_reasons(findings, child, return_name, year, reasons):
    """Each query with the reason given for it (if any) and the form that gives one."""
    for f in findings:
        f.reason = reasons.get((child.pk, return_name, year, f.code)) if f.is_query else None
        f.reason_url = (f"{reverse('returns:query-reason', args=[child.pk])}?return={return_name}&year={year}&code={f.code}"
                        if f.is_query and not f.no_change_needed and not getattr(f, "not_yet_due", "") else "")
    return findings


def steps_for(user, child, summary=None):
    """The steps this user's role records (the role × step table, ``staff.steps``): an IRO or CP chair
    the reviews and conferences they chair; a Family Help lead practitioner who is not a social worker
    section 17 steps only."""
    role = role_of(user)
    return [s for s in next_steps(child, summary) if offered_to(role.code if role else None, s)]


RETURN_NAMES = {"cin": "Children in Need census", "903": "looked-after children return (SSDA903)"}


def returns_panel(name, year, findings, note="") -> dict:

    errors, queries, no_change, waiting = tally(findings)
    return {"name": name, "year": year_label(year), "findings": findings, "errors": errors, "queries": queries,
            "no_change": no_change, "not_yet_due": waiting, "note": note}


def child_record(request, pk):
    today = timezone.localdate()
    tree: dict = {}

    def family_of(child):  # read with the child, so its access is decided with the child's
        tree.update(family_tree(child, today))
        return list(tree["people"])

    child = open_child(request, pk, deciding_also=family_of)
    kinds = [k for k in request.GET.getlist("type") if k in EVENT_KINDS]
    significant_only = request.GET.get("significant") == "1"
    members = family_members(child, today, tree)
    # Read once for the page: the child's and the family's allocations, the summary (and the steps it offers next).
    held = current_allocations([child.pk, *(m.person.pk for m in members if m.person.kind == Person.Kind.CHILD)])
    family = with_status(members, request.user, decisions_around(child), held)
    summary = child_summary(child, today, held)
    documents = list(documents_visible_to(request.user, Document.objects.filter(child=child))
                     .select_related("uploaded_by", "addressee", "letter_template"))
    panels, findings_as_of, findings_kept = panels_for_record(child)
    # Reasons are given only for queries: none to read when the panels hold none.
    has_queries = any(f.is_query for p in panels for f in p["findings"])
    reasons = latest_query_reasons([child.pk]) if has_queries else {}
    returns = [returns_panel(RETURN_NAMES[p["return"]], p["year"],
                             with_reasons(with_fix_links(p["findings"], child), child, p["return"], p["year"], reasons), p["note"])
               for p in panels]
    return render(request, "people/child_record.html", {
        "child": child,
        "age": child.age_on(today),
        "summary": summary,
        "family": family,
        "events": chronology(child, kinds or None, significant_only, notes=notes_visible_to(request.user), documents=documents),
        "documents": documents,
        "event_kinds": EVENT_KINDS,
        "selected_kinds": kinds,
        "significant_only": significant_only,
        "disabilities": [d.code for d in child.disabilities.all()],
        "addresses": list(child.addresses.all()),
        "meetings": list(MeetingBooking.objects.filter(child=child, held_on__isnull=True, cancelled_at__isnull=True).select_related("chair")),
        "professionals": [p for p in child.professionals_around.all() if p.end_date is None or p.end_date > today],
        "today": today,
        "returns": returns,
        "findings_as_of": findings_as_of,
        "findings_kept": findings_kept,
        "next_steps": steps_for(request.user, child, summary),
        "manages_team": can(request.user, "manages_team"),
        "plans": current_plans(child),
        "kinship": list(KinshipArrangement.objects.filter(child=child, end_date__isnull=True).select_related("carer")),
    })
