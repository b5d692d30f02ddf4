"""Reads of a child's journey that pages and returns share (the chronology is ``opencsc.recording.chronology``)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from opencsc.casework.due import DueKind
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Alert, Person, Relationship
from opencsc.plain_english import counted
from opencsc.staff.models import CASE_HOLDING_ROLES, DEPUTISING_ROLES, Professional, Scope, Team

from . import models as m
from .due import DueItem, stays_on_my_work
from .due_kept import due_work_for
from .timescales import ASSESSMENT_WORKING_DAYS, CONTACT_DECISION_WORKING_DAYS, MY_WORK_HORIZON_WORKING_DAYS, add_working_days, local_date


@dataclass
class Summary:
    status: list
    legal_status: object
    placement: object
    allocation: object
    open_referral: object
    key_dates: list
    period: object = None  # the current period of care, and whether a child protection plan is open:
    on_cp_plan: bool = False  # read here once, for the record's next steps too


def child_summary(child: Person, today: date | None = None, allocations: dict | None = None) -> Summary:
    """Who is this child and what is happening now: a fixed number of queries (six). ``allocations``: the
    page's ``current_allocations`` when it has read them with the child's (the family's, on the record)."""
    today = today or timezone.localdate()
    child_ref = OuterRef("pk")
    # What is shown only as a date or a flag, in one query.
    open_cp = m.ChildProtectionPlan.objects.filter(child=child_ref, end_date__isnull=True)
    open_cin = m.CINPlan.objects.filter(child=child_ref, end_date__isnull=True)
    now = (Person.objects.filter(pk=child.pk).annotate(
        on_cp=Exists(open_cp), on_cin=Exists(open_cin),
        cp_since=Subquery(open_cp.order_by("-start_date").values("start_date")[:1]),
        cin_since=Subquery(open_cin.order_by("pk").values("start_date")[:1]),
        left_care_reason=Subquery(m.PeriodOfCare.objects.filter(child=child_ref, end_date__isnull=False).order_by("-end_date")
                                  .values("reason_ended")[:1]),
        last_visit=Subquery(m.StatutoryVisit.objects.filter(child=child_ref).order_by("-date").values("date")[:1]),
    ).values("on_cp", "on_cin", "cp_since", "cin_since", "left_care_reason", "last_visit").first()) or {}
    open_referral = m.Referral.objects.filter(child=child, closure_date__isnull=True).order_by("-referral_date").first()
    period = m.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()
    legal_status = placement = None
    if period:
        legal_status = m.LegalStatus.objects.filter(period=period, end_date__isnull=True).first()
        placement = m.Placement.objects.filter(period=period, end_date__isnull=True).first()
    status = []
    if period:
        status.append(("Looked after", "red"))
    if now.get("on_cp"):
        status.append(("Child protection plan", "red"))
    if now.get("on_cin"):
        status.append(("Child in need plan", "blue"))
    if not period and now.get("left_care_reason") in ("E17", "E5", "E6", "E8", "E15") and (child.age_on(today) or 0) < 25:
        status.append(("Care leaver", "purple"))
    if open_referral and not status:
        status.append(("Open referral", "yellow"))
    if not status:
        status.append(("Closed", "grey"))
    allocation = (allocations.get(child.pk) if allocations is not None else
                  m.Allocation.objects.filter(child=child, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True)
                  .select_related("worker", "team").first())
    key_dates = []
    if open_referral:
        key_dates.append(("Referral", open_referral.referral_date))
    if now.get("on_cp"):
        key_dates.append(("Child protection plan since", now["cp_since"]))
    if now.get("on_cin"):
        key_dates.append(("Child in need plan since", now["cin_since"]))
    if period:
        key_dates.append(("Looked after since", period.start_date))
    if now.get("last_visit"):
        key_dates.append(("Last visit", now["last_visit"]))
    return Summary(status, legal_status, placement, allocation, open_referral, key_dates, period, bool(now.get("on_cp")))


# A worker's children, their due work grouped for the page, and each child's next due item.
MyWork = tuple[list[Any], dict[str, list[Any]], dict[Any, Any]]


def my_work(professional: Professional, today: date | None = None, horizon_days: int = 28) -> MyWork:
    """A worker's children and what is due for them, most urgent first."""
    from datetime import timedelta

    today = today or timezone.localdate()
    if professional.role.scope == Scope.CHAIRED:
        return chaired_work(professional, today, horizon_days)
    allocations = list(m.Allocation.objects.filter(worker=professional, kind__in=[AllocationKind.SOCIAL_WORKER, AllocationKind.LEAD_PRACTITIONER],
                                                   end_date__isnull=True)
                       .select_related("child").order_by("child__last_name", "child__first_name"))
    children = {a.child_id: a.child for a in allocations}
    until = max(today + timedelta(days=horizon_days), add_working_days(today, MY_WORK_HORIZON_WORKING_DAYS))
    items = [i for i in due_work_for(children, today) if i.due <= until or stays_on_my_work(i)]
    groups: dict[str, list] = {"overdue": [], "this week": [], "coming up": []}
    for item in items:
        groups[item.status(today)].append((children[item.child_id], item))
    next_due: dict = {}
    for item in items:
        next_due.setdefault(item.child_id, item)
    return [a.child for a in allocations], groups, next_due


CHAIRED_WORK = {DueKind.LAC_REVIEW, DueKind.REVIEW_CONFERENCE,
                DueKind.FIRST_REVIEW_CONFERENCE}


def chaired_work(iro: Professional, today: date, horizon_days: int = 28) -> MyWork:
    """An IRO's or CP chair's My work: the children whose reviews or conferences they chair (while
    in care or on a plan), and the reviews and conferences coming due for them."""
    from datetime import timedelta


    in_care = m.PeriodOfCare.objects.filter(end_date__isnull=True).values("child_id")
    on_plan = m.ChildProtectionPlan.objects.filter(end_date__isnull=True).values("child_id")
    ids = set(m.LookedAfterReview.objects.filter(chair=iro, child_id__in=in_care).values_list("child_id", flat=True))
    ids |= set(m.ChildProtectionConference.objects.filter(chair=iro, child_id__in=on_plan).values_list("child_id", flat=True))
    # The children they are the allocated IRO for (s25A), whether or not they have chaired a review yet.
    ids |= set(m.Allocation.objects.filter(worker=iro, kind=AllocationKind.IRO, end_date__isnull=True).values_list("child_id", flat=True))
    children = {p.pk: p for p in Person.objects.filter(pk__in=ids).order_by("last_name", "first_name")}
    items = [i for i in due_work_for(children, today) if i.work in CHAIRED_WORK and i.due <= today + timedelta(days=horizon_days * 3)]
    groups: dict[str, list] = {"overdue": [], "this week": [], "coming up": []}
    next_due: dict = {}
    for item in items:
        groups[item.status(today)].append((children[item.child_id], item))
        next_due.setdefault(item.child_id, item)
    return list(children.values()), groups, next_due


def held_children(today: date) -> QuerySet[m.Allocation]:
    """Open allocations: a team or worker responsible for the child today (access, the front door)."""
    return m.Allocation.objects.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gt=today))


@dataclass
class WaitingContact:
    contact: m.Contact
    due: date
    overdue: bool
    alerts: list
    previous: list  # short descriptions of earlier involvement
    earlier_contacts: list = field(default_factory=list)  # every earlier contact about the child, newest first
    name_hidden: bool = False  # the page's: a restricted record is shown by its ID only

    @property
    def age(self) -> int | None:
        return self.contact.child.age_on(timezone.localdate())

    @property
    def adult(self) -> bool:
        return self.age is not None and self.age >= 18


def front_door_queue(today: date | None = None) -> list[WaitingContact]:
    """Contacts awaiting a decision, most urgent first (the authority's urgency levels), then oldest
    first, each with its alerts and the child's history. A fixed number of queries however long the queue."""


    today = today or timezone.localdate()
    # A contact about a child a team holds is that team's to decide (services.record_contact tells them).
    contacts = list(m.Contact.objects.filter(outcome="").exclude(child_id__in=held_children(today).values("child_id"))
                    .select_related("child", "urgency_decided_by")
                    .order_by("received_at"))
    contacts.sort(key=lambda c: c.urgency_rank)  # stable: oldest first within a level
    return waiting_contacts(contacts, today)


def waiting_contacts(contacts: Iterable[m.Contact], today: date) -> list[WaitingContact]:
    """Each contact with its due date, the family's current alerts and earlier involvement (the child's
    and their relatives' referrals, plans and care), in a fixed number of queries."""
    child_ids = {c.child_id for c in contacts}
    family = defaultdict(set)
    for person_id, relative_id in Relationship.objects.filter(person_id__in=child_ids).values_list("person_id", "relative_id"):
        family[person_id].add(relative_id)
    everyone = child_ids | {r for rs in family.values() for r in rs}
    alerts = defaultdict(list)
    for alert in Alert.objects.filter(person_id__in=everyone).select_related("person"):
        if alert.is_current(today):
            alerts[alert.person_id].append(alert)
    referrals = defaultdict(list)
    for r in m.Referral.objects.filter(child_id__in=everyone).order_by("-referral_date"):
        referrals[r.child_id].append(r)
    plans = set(m.ChildProtectionPlan.objects.filter(child_id__in=everyone).values_list("child_id", flat=True))
    care = set(m.PeriodOfCare.objects.filter(child_id__in=everyone).values_list("child_id", flat=True))
    contacts_of = defaultdict(list)
    for before in m.Contact.objects.filter(child_id__in=child_ids).order_by("-received_at"):
        contacts_of[before.child_id].append(before)

    queue = []
    for contact in contacts:
        received = local_date(contact.received_at)
        due = add_working_days(received, CONTACT_DECISION_WORKING_DAYS)
        previous = []
        earlier = [r for r in referrals[contact.child_id] if r.referral_date <= received]
        if earlier:
            previous.append(f"{len(earlier)} earlier referral{'s' if len(earlier) > 1 else ''}, latest {earlier[0].referral_date:%-d %b %Y}")
        if contact.child_id in plans:
            previous.append("has been on a child protection plan")
        if contact.child_id in care:
            previous.append("has been looked after")
        relatives = family[contact.child_id]
        theirs = sum(1 for rid in relatives for r in referrals[rid] if r.referral_date <= received)
        if theirs:
            previous.append(f"family: {counted(theirs, 'earlier referral')} of relatives"
                            + ("; a relative has been on a plan" if relatives & plans else "")
                            + ("; a relative has been looked after" if relatives & care else ""))
        child_alerts = alerts[contact.child_id] + [a for rid in family[contact.child_id] for a in alerts[rid]]
        earlier_contacts = [c for c in contacts_of[contact.child_id] if c.received_at < contact.received_at and c.pk != contact.pk]
        queue.append(WaitingContact(contact, due, due < today, child_alerts, previous, earlier_contacts))
    return queue


STATUS_LABELS = {"looked_after": "looked after", "child_protection": "child protection", "child_in_need": "child in need",
                 "assessment": "assessment", "care_leaver": "care leaver", "open_case": "open case", "other": "other"}
DEFAULT_CASELOAD_WEIGHTS = {"looked_after": 1.5, "child_protection": 1.5, "child_in_need": 1.0, "assessment": 1.0,
                            "care_leaver": 0.5, "other": 0.5}


def caseload_weights() -> dict:
    from django.conf import settings

    return {**DEFAULT_CASELOAD_WEIGHTS, **getattr(settings, "CASELOAD_WEIGHTS", {})}


def statuses(child_ids: Iterable[int], open_case: bool = False) -> dict[int, str]:
    """The heaviest current status of each child, for caseload weighting (one query, whatever the number).
    ``open_case``: a child with none of them but an open referral is "open_case" (the record's family)."""
    ids = list(child_ids)
    if not ids:
        return {}
    child = OuterRef("pk")
    flags = {
        "looked_after": Exists(m.PeriodOfCare.objects.filter(child=child, end_date__isnull=True)),
        "child_protection": Exists(m.ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True)),
        "child_in_need": Exists(m.CINPlan.objects.filter(child=child, end_date__isnull=True)),
        "assessment": Exists(m.Assessment.objects.filter(child=child, authorised_date__isnull=True)),
        "care_leaver": Exists(m.Allocation.objects.filter(child=child, kind=AllocationKind.PERSONAL_ADVISER, end_date__isnull=True)),
    }
    if open_case:
        flags["open_case"] = Exists(m.Referral.objects.filter(child=child, closure_date__isnull=True))
    found = {row[0]: next((name for name, held in zip(flags, row[1:], strict=True) if held), "other")
             for row in Person.objects.filter(pk__in=ids).annotate(**{f"_{k}": v for k, v in flags.items()})
             .values_list("pk", *(f"_{k}" for k in flags))}
    return {cid: found.get(cid, "other") for cid in ids}


@dataclass
class WorkerLoad:
    worker: Professional | None
    children: list
    weighted: float
    by_status: dict
    overdue: int
    next_due: DueItem | None
    overdue_items: list = field(default_factory=list)  # (child, item), oldest first: the team page drills down to them
    unallocated: bool = False  # a team manager's: cases held while they wait for allocation
    overdue_links: list = field(default_factory=list)  # the page's: (child, item, the form that clears it)

    @property
    def mix(self) -> list[tuple[str, int]]:
        return [(STATUS_LABELS[status], count) for status, count in sorted(self.by_status.items(), key=lambda x: -x[1])]


def team_caseloads(team: Team, today: date | None = None) -> list[WorkerLoad]:

    today = today or timezone.localdate()
    allocations = list(m.Allocation.objects.filter(team=team, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True)
                       .select_related("child", "worker"))
    child_ids = [a.child_id for a in allocations]
    status_of = statuses(child_ids)
    due = defaultdict(list)
    for item in due_work_for(child_ids, today):
        due[item.child_id].append(item)
    weights = caseload_weights()
    loads = {}
    # Only those who hold cases; a manager's own are cases waiting for allocation, shown as such.
    for member in team.members.filter(role_id__in=CASE_HOLDING_ROLES).select_related("role").order_by("name"):
        loads[member.pk] = WorkerLoad(member, [], 0.0, defaultdict(int), 0, None, unallocated=member.role.manages_team)
    for allocation in allocations:
        load = loads.get(allocation.worker_id)
        if load is None:
            continue
        status = status_of[allocation.child_id]
        load.children.append(allocation.child)
        load.by_status[status] += 1
        load.weighted += weights.get(status, 0)
        items = due[allocation.child_id]
        load.overdue += sum(1 for i in items if i.due < today)
        load.overdue_items += [(allocation.child, i) for i in items if i.due < today]
        upcoming = min((i for i in items), key=lambda i: i.due, default=None)
        if upcoming and (load.next_due is None or upcoming.due < load.next_due.due):
            load.next_due = upcoming
    for load in loads.values():
        load.overdue_items.sort(key=lambda pair: pair[1].due)
    # Managers hold cases only while they wait: they show when they hold some, after the workers.
    return sorted((load for load in loads.values() if not load.unallocated or load.children),
                  key=lambda load: (load.unallocated, -load.weighted))


@dataclass
class WaitingReferral:
    referral: m.Referral
    child: Person
    waiting_days: int
    assessment_due: date
    overdue: bool
    name_hidden: bool = False  # the page's: a restricted record is shown by its ID only


def takes_referrals(team: Team) -> bool:
    from django.conf import settings

    return team is not None and team.service in settings.REFERRAL_TAKING_SERVICES


def referrals_awaiting_allocation(today: date | None = None) -> list[WaitingReferral]:
    """Open referrals whose child has no allocated social worker (the front door accepted them and no
    team holds them yet), oldest first, with the assessment's 45-working-day clock. Two queries."""

    today = today or timezone.localdate()
    held = m.Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER, start_date__lte=today, end_date__isnull=True).values("child_id")
    referrals = (m.Referral.objects.filter(closure_date__isnull=True, referral_date__lte=today).exclude(child_id__in=held)
                 .select_related("child").order_by("referral_date", "pk"))
    out = []
    for referral in referrals:
        due = add_working_days(referral.referral_date, ASSESSMENT_WORKING_DAYS)
        out.append(WaitingReferral(referral, referral.child, (today - referral.referral_date).days, due, due < today))
    return out


def current_allocations(child_ids: Iterable[int]) -> dict[int, m.Allocation]:
    """{child id: current social worker allocation} for a list of children, in one query."""
    allocations = m.Allocation.objects.filter(child_id__in=child_ids, kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True)
    return {a.child_id: a for a in allocations.select_related("worker", "team")}


def adoption_order_date(child: Person) -> date | None:
    """When the child was adopted (an adoption order), if they were: the adoption journey's order,
    or a period of care that ended in adoption (SSDA903 REC E11/E12)."""
    days: list[date] = [d for d in m.AdoptionJourney.objects.filter(child=child, adoption_order_date__isnull=False)
                        .values_list("adoption_order_date", flat=True) if d is not None]
    days += [d for d in m.PeriodOfCare.objects.filter(child=child, reason_ended__in=("E11", "E12"), end_date__isnull=False)
             .values_list("end_date", flat=True) if d is not None]
    return min(days) if days else None


# ---- Who authorises what ---------------------------------------------------------------------------------

FRONT_DOOR_SERVICE = "front door"  # the team service that is the front door (its managers: the queue and its decisions)


def authorisers(requests: Iterable[m.Authorisation]) -> dict[int, list[Professional]]:
    """{authorisation id: the managers who see and decide it}, never the person who asked (second walk,
    item 3: every request reaches someone). The front door's decisions go to the front door team's
    managers; everything else to the managers of the team holding the child (a child no team holds yet:
    the front door's). When that leaves no one (no manager, or the only one asked), the named fallback
    (``settings.AUTHORISATION_FALLBACK_USERNAMES``, e.g. the service manager), and failing that every
    manager. A fixed number of queries whatever the number of requests."""
    requests = list(requests)
    if not requests:
        return {}
    may_decide = Q(role__manages_team=True)
    if settings.SENIOR_PRACTITIONERS_AUTHORISE:  # deputising, where the scheme of delegation allows
        may_decide |= Q(role_id__in=DEPUTISING_ROLES)
    managers = list(Professional.objects.filter(may_decide, user__is_active=True).select_related("team", "user")
                    .prefetch_related("teams_managed"))
    by_team: dict[int, list] = defaultdict(list)
    for manager in managers:
        for team_id in {manager.team_id, *(t.pk for t in manager.teams_managed.all())}:
            if team_id is not None:
                by_team[team_id].append(manager)
    front_door = [p for p in managers if p.team is not None and p.team.service == FRONT_DOOR_SERVICE]
    fallback = [p for p in managers if p.user is not None and p.user.username in settings.AUTHORISATION_FALLBACK_USERNAMES]
    holding: dict[int, set[int]] = defaultdict(set)
    for child_id, team_id in held_children(timezone.localdate()).filter(
            child_id__in={r.child_id for r in requests}, team_id__isnull=False).values_list("child_id", "team_id"):
        holding[child_id].add(team_id)
    routes = {}
    for request in requests:
        def others(people: Iterable[Professional], asker: int | None = request.requested_by_id) -> list[Professional]:
            return [p for p in dict.fromkeys(people) if p.pk != asker]
        team_managers = others(m for team_id in sorted(holding[request.child_id]) for m in by_team[team_id])
        if request.kind == m.Authorisation.Kind.CONTACT_DECISION:
            chosen = others(front_door) or team_managers
        else:
            chosen = team_managers or (others(front_door) if not holding[request.child_id] else [])
        routes[request.pk] = chosen or others(fallback) or others(managers)
    return routes


def waiting_for(manager: Professional) -> list[m.Authorisation]:
    """The requests awaiting a decision that this manager sees (``authorisers``), oldest first."""
    open_requests = list(m.Authorisation.objects.filter(decision="").exclude(requested_by=manager)
                         .select_related("child", "requested_by").order_by("requested_at"))
    routes = authorisers(open_requests)
    return [r for r in open_requests if any(p.pk == manager.pk for p in routes[r.pk])]
