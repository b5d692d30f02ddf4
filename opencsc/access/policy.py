"""Who may see which child's record, decided in one place.

Each decision carries its reason, which the gate writes to the audit with the action: "allocated
to you", "open contact at the front door", "break-glass: <reason>", or why it was refused.
Decisions for a list of people are made in a fixed number of queries, so a search result or a
team's caseload costs the same however many children it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from opencsc.casework.models import Allocation, Authorisation, ChildProtectionConference, Contact, LookedAfterReview, Referral
from opencsc.casework.selectors import FRONT_DOOR_SERVICE, authorisers, held_children
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Relationship
from opencsc.recording.models import CaseNote, Document
from opencsc.staff.models import DEPUTISING_ROLES, Role, Scope

from .models import BreakGlassGrant, RecordRestriction

CAPABILITIES = ("manages_team", "runs_returns", "records_casework", "administers", "may_break_glass", "edits_letter_templates")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    restricted: bool = False
    may_break_glass: bool = False
    via_break_glass: bool = False  # opened only through break-glass: reading and adding a note, nothing else


def professional(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "professional", None)


def role_of(user) -> Role | None:
    prof = professional(user)
    return prof.role if prof is not None else None


def can(user, capability: str) -> bool:
    """May this user do something that is not about one child (e.g. run returns, manage a team)?"""
    assert capability in CAPABILITIES, capability  # a typo must not silently refuse (or allow) everyone
    role = role_of(user)
    return bool(role and getattr(role, capability))


def deputises(user) -> bool:
    role = role_of(user)
    return bool(role and role.code in DEPUTISING_ROLES and not role.manages_team)


def sees_team(user) -> bool:
    return can(user, "manages_team") or deputises(user)


def may_authorise(user) -> bool:
    return can(user, "manages_team") or (deputises(user) and settings.SENIOR_PRACTITIONERS_AUTHORISE)


def works_front_door(user) -> bool:
    """Front door workers, and managers of a front door team, see the front door queue."""
    prof = professional(user)
    if prof is None:
        return False
    if prof.role.scope == Scope.FRONT_DOOR:
        return True
    return works_front_door_team(prof)


def sees_sensitive_notes(user) -> bool:
    role = role_of(user)
    return bool(role and role.sees_sensitive_notes)


def teams_of(prof) -> set[int]:
    """A worker's own team and any others they manage."""
    teams = set(prof.teams_managed.values_list("pk", flat=True))
    if prof.team_id:
        teams.add(prof.team_id)
    return teams


def _open_allocations(ids, today):
    return held_children(today).filter(child_id__in=ids)


def _chunks(ids: list[int], size: int = 10_000):
    """Long lists of ids in pieces SQLite takes as query parameters (a whole authority's, in a benchmark)."""
    return (ids[start:start + size] for start in range(0, len(ids), size))


def _front_door_grounds(ids, today, grounds: dict[int, str]) -> None:
    """The records the front door may open: children with a contact waiting, their family, and a
    referral it accepted until a team is allocated. Four small queries about these people and the
    people linked to them (not subqueries over every contact and allocation of the authority)."""
    # Their family, as others recorded it: never through a link the front door added itself (a link is a
    # fact about a family, not a key: second attack report, item 2).
    asked = set(ids)
    others = Relationship.objects.exclude(recorded_by__role__scope=Scope.FRONT_DOOR).exclude(
        recorded_by__team__service=FRONT_DOOR_SERVICE)
    links = [pair for chunk in _chunks(sorted(asked)) for pair in
             others.filter(Q(person_id__in=chunk) | Q(relative_id__in=chunk)).values_list("person_id", "relative_id")]
    everyone = sorted(asked | {pk for pair in links for pk in pair})
    # A contact about a child a team holds goes to that team, not the front door (item 4 of the attack
    # report: matching a new contact to a held child must open nothing).
    held, waiting = set(), set()
    for chunk in _chunks(everyone):
        held |= set(held_children(today).filter(child_id__in=chunk).values_list("child_id", flat=True))
        waiting |= set(Contact.objects.filter(child_id__in=chunk, outcome="").values_list("child_id", flat=True))
    waiting -= held
    for child_id in asked & waiting:
        grounds[child_id] = "open contact at the front door"
    # Only relatives no team holds: a held relative's team is told and the front door routes to it.
    for person_id, relative_id in links:
        if person_id in asked and relative_id in waiting and person_id not in held:
            grounds.setdefault(person_id, "family of a child with an open contact")
        if relative_id in asked and person_id in waiting and relative_id not in held:
            grounds.setdefault(relative_id, "family of a child with an open contact")
    # A referral the front door has accepted stays with it until a team is allocated.
    for child_id in Referral.objects.filter(child_id__in=ids, closure_date__isnull=True).values_list("child_id", flat=True):
        if child_id not in held:
            grounds.setdefault(child_id, "referral awaiting allocation")


def works_front_door_team(prof) -> bool:
    return prof.role.manages_team and prof.team is not None and prof.team.service == FRONT_DOOR_SERVICE


def _grounds(prof, role, ids, today) -> dict[int, str]:
    """Why this worker's role lets them open each of these records (those it does not are absent)."""

    grounds: dict[int, str] = {}
    if role.scope == Scope.ALLOCATED_OR_TEAM:
        for child_id, worker_id, team_id in _open_allocations(ids, today).values_list("child_id", "worker_id", "team_id"):
            if worker_id == prof.pk:
                grounds[child_id] = "allocated to you"
            elif prof.team_id and team_id == prof.team_id:
                grounds.setdefault(child_id, "your team's child")
    elif role.scope == Scope.MANAGED_TEAMS:
        teams = teams_of(prof)
        for child_id in _open_allocations(ids, today).filter(team_id__in=teams).values_list("child_id", flat=True):
            grounds[child_id] = "your team's child"
        if works_front_door_team(prof):  # a front door's manager sees what their workers see
            _front_door_grounds(ids, today, grounds)
    elif role.scope == Scope.FRONT_DOOR:
        _front_door_grounds(ids, today, grounds)
    elif role.scope == Scope.CHAIRED:
        chaired = set(ChildProtectionConference.objects.filter(child_id__in=ids, chair=prof).values_list("child_id", flat=True))
        chaired |= set(LookedAfterReview.objects.filter(child_id__in=ids, chair=prof).values_list("child_id", flat=True))
        for child_id in chaired:
            grounds[child_id] = "you chair their conference or review"
        for child_id in Allocation.objects.filter(child_id__in=ids, worker=prof, kind=AllocationKind.IRO, end_date__isnull=True).values_list(
                "child_id", flat=True):
            grounds[child_id] = "you are their allocated IRO"
    if role.manages_team:  # a decision routed to this manager (the front door's, or a fallback's) may be opened to decide it
        waiting = list(Authorisation.objects.filter(child_id__in=ids, decision="").exclude(requested_by=prof).exclude(
            child_id__in=list(grounds)))
        routes = authorisers(waiting)
        for request in waiting:
            if any(p.pk == prof.pk for p in routes[request.pk]):
                grounds.setdefault(request.child_id, "a decision waits for your authorisation")
    if role.records_casework:  # whoever must act on a returned decision may open the record until they do
        for child_id in Authorisation.objects.filter(child_id__in=ids, requested_by=prof, decision="returned").values_list(
                "child_id", flat=True):
            grounds.setdefault(child_id, "a decision returned to you to act on")
    return grounds


def decide_many(user, person_ids, now=None) -> dict[int, Decision]:
    ids = list({pk for pk in person_ids if pk is not None})
    prof = professional(user)
    if prof is None:
        return {pk: Decision(False, "not signed in as a worker of the authority") for pk in ids}
    role = prof.role
    now = now or timezone.now()
    today = timezone.localdate(now)
    restricted = set(RecordRestriction.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    if role.scope == Scope.NONE and not role.may_break_glass:  # e.g. system administrators
        return {pk: Decision(False, f"{role.name.lower()}s see no case content", restricted=pk in restricted) for pk in ids}
    named = set(RecordRestriction.objects.filter(person_id__in=restricted, named=user).values_list("person_id", flat=True))
    grounds = _grounds(prof, role, ids, today)
    grants = {} if not role.may_break_glass else {g.person_id: g for g in BreakGlassGrant.objects.filter(
        user=user, person_id__in=ids, revoked_at__isnull=True, granted_at__lte=now, expires_at__gt=now)}
    decisions = {}
    for pk in ids:
        if pk in restricted:
            decisions[pk] = (Decision(True, "named on the restricted record", restricted=True) if pk in named
                             else Decision(False, "restricted record: only the people named on it may open it", restricted=True))
        elif pk in grounds:
            decisions[pk] = Decision(True, grounds[pk])
        elif pk in grants:
            decisions[pk] = Decision(True, f"break-glass until {timezone.localtime(grants[pk].expires_at):%H:%M %d/%m/%Y}: "
                                           f"{grants[pk].reason}"[:200], via_break_glass=True)
        else:
            decisions[pk] = Decision(False, f"{role.name.lower()}s see {role.get_scope_display().lower()}",
                                     may_break_glass=role.may_break_glass)
    return decisions


def decide(user, person, now=None) -> Decision:
    return decide_many(user, [person.pk], now)[person.pk]


def can_read(user, person) -> bool:
    return decide(user, person).allowed


def name_for_lists(user, people) -> None:
    """Set ``shown_name`` on each person for lists (my work, caseloads): their name, or only their
    ID for a restricted record that does not name this user."""
    people = list(people)
    hidden = is_restricted_from(user, {p.pk for p in people})
    for person in people:
        person.shown_name = f"Restricted record {person.la_child_id}" if person.pk in hidden else person.full_name


def is_restricted_from(user, person_ids) -> set[int]:
    """Of these people, those whose records are restricted and do not name this user."""
    restricted = set(RecordRestriction.objects.filter(person_id__in=person_ids).values_list("person_id", flat=True))
    if not restricted:
        return set()
    named = set(RecordRestriction.objects.filter(person_id__in=restricted, named=user).values_list("person_id", flat=True))
    return restricted - named


def documents_visible_to(user, documents=None):
    """Documents this user may open: like case notes, sensitive ones only for roles that see them, and
    one restricted to named people only for them and whoever uploaded it."""
    documents = Document.objects.all() if documents is None else documents
    if not sees_sensitive_notes(user):
        documents = documents.filter(sensitive=False)
    named = Document.restricted_to.through.objects.filter(document_id=OuterRef("pk"))
    # Subqueries, not a join: a document named to several people is still one row (no DISTINCT to pay for).
    return documents.filter(~Exists(named) | Exists(named.filter(user=user)) | Q(uploaded_by__user=user))


def notes_visible_to(user, notes=None):
    """Case notes this user may read: sensitive notes only for roles that see them, and a note
    restricted to named people only for those people and its author."""
    notes = CaseNote.objects.all() if notes is None else notes
    if not sees_sensitive_notes(user):
        notes = notes.filter(sensitive=False)
    named = CaseNote.restricted_to.through.objects.filter(casenote_id=OuterRef("pk"))
    return notes.annotate(_restricted=Exists(named)).filter(
        Q(_restricted=False) | Q(restricted_to=user) | Q(author__user=user)).distinct()
