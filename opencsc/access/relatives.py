"""A family link is a fact, not a key.

Linking a relative opens, shows and changes nothing of that relative's record that the user could not
reach before. Every page or step that shows or acts on a relative asks the policy about **that**
person (``work_decisions``), writes to **that** person's audit trail (``change_relative``), and names
only what the user may see (``shown_name``). Adults have no record page of their own: an adult is
worked on by whoever may work on a child linked to them, and their confidential addresses show only
to those who may open the child each was recorded for (``address_visible``).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from opencsc.casework.selectors import held_children
from opencsc.people.models import Address, Person, Relationship
from opencsc.staff.models import Notification
from opencsc.staff.stepping import step

from . import audit, policy
from .gate import AccessRefused, client_ip
from .services import managers_of


def _for_work(decision: policy.Decision) -> bool:
    return decision.allowed and not decision.via_break_glass


def linked_children(adult_ids) -> dict[int, set[int]]:
    """{adult id: the ids of the children linked to them, either way round}, in one query."""
    linked: dict[int, set[int]] = {pk: set() for pk in adult_ids}
    if linked:
        for person_id, relative_id in Relationship.objects.filter(
                Q(person_id__in=linked, relative__kind=Person.Kind.CHILD) | Q(relative_id__in=linked, person__kind=Person.Kind.CHILD)
        ).values_list("person_id", "relative_id"):
            if person_id in linked:
                linked[person_id].add(relative_id)
            if relative_id in linked:
                linked[relative_id].add(person_id)
    return linked


def work_decisions(user, people) -> dict[int, policy.Decision]:
    """May this user change each of these people (a step, an address, a group step)? Children by the
    policy (break-glass gives no work); adults through a child linked to them whom the user may work on,
    never when their record is restricted from the user. A fixed number of queries."""
    people = list(people)
    children = [p.pk for p in people if p.kind == Person.Kind.CHILD]
    adults = [p.pk for p in people if p.kind != Person.Kind.CHILD]
    linked = linked_children(adults)
    return work_from(people, linked, policy.decide_many(user, children + [c for kids in linked.values() for c in kids] + adults))


def work_from(people, linked: dict[int, set[int]], decisions: dict[int, policy.Decision]) -> dict[int, policy.Decision]:
    """``work_decisions`` from what a page has read already: ``linked`` (``linked_children`` of the adults)
    and the user's ``decisions`` on the people and every child linked to them. No query."""
    children = [p.pk for p in people if p.kind == Person.Kind.CHILD]
    adults = [p.pk for p in people if p.kind != Person.Kind.CHILD]
    result = {pk: decisions[pk] for pk in children}
    # Restricted from the user: a restricted record that does not name them (policy.is_restricted_from).
    hidden = {pk for pk in adults if decisions[pk].restricted and not decisions[pk].allowed}
    for pk in adults:
        if pk in hidden:
            result[pk] = policy.Decision(False, "restricted record: only the people named on it may change it", restricted=True)
            continue
        through = sorted(c for c in linked[pk] if _for_work(decisions[c]))
        result[pk] = (policy.Decision(True, f"a relative of a child whose record you may work on ({decisions[through[0]].reason})"[:200])
                      if through else policy.Decision(False, "linked to no child whose record you may work on"))
    return result


def may_work_on(user, person) -> bool:
    return _for_work(work_decisions(user, [person])[person.pk])


def change_relative(request, relative, detail: str, change):
    """Change a relative's own facts (an address, a household move) through the gate for **that** person:
    refused (403, audited on the relative's trail) unless the user may work on them; otherwise the change
    and its audit entry, with the reason, are written in one transaction."""
    decision = work_decisions(request.user, [relative])[relative.pk]
    if not _for_work(decision):
        audit.append(user=request.user, person=relative, action="refused", detail=f"change: {detail}"[:300],
                     why=decision.reason, ip_address=client_ip(request))
        raise AccessRefused("You do not have access to this record.")
    with step() as made:  # the page's step, or its own: the relative's audit entry is written with it
        result = change()
        made.changed(relative, detail, why=decision.reason)
    return result


def shown_names(user, people) -> dict[int, str]:
    """What this user may call each person: their name, or "a restricted record" for a restricted record
    that does not name them (a relative's page, a message after a link)."""
    people = list(people)
    hidden = policy.is_restricted_from(user, {p.pk for p in people})
    return {p.pk: ("a restricted record" if p.pk in hidden else p.full_name) for p in people}


def shown_name(user, person) -> str:
    return shown_names(user, [person])[person.pk]


# ---- group steps: pre-proceedings and Family Help for a sibling group --------------------------------------


def holding_teams(children) -> dict[int, list[str]]:
    """{child id: the names of the teams that hold the child today}."""
    today = timezone.localdate()
    teams: dict[int, list[str]] = {}
    for child_id, team in held_children(today).filter(child_id__in=[c.pk for c in children]).exclude(team=None).values_list(
            "child_id", "team__name").distinct():
        teams.setdefault(child_id, []).append(team)
    return teams


def split_group(user, group) -> tuple[list[Person], list[tuple[Person, str]]]:
    """A sibling group offered for a group step: the children this user may work on, and each other
    sibling with the team that holds them ("held by …"). A restricted record is left out altogether."""
    decisions = work_decisions(user, group)
    hidden = policy.is_restricted_from(user, {c.pk for c in group})
    workable = [c for c in group if _for_work(decisions[c.pk])]
    others = [c for c in group if c not in workable and c.pk not in hidden]
    teams = holding_teams(others)
    return workable, [(c, ", ".join(teams.get(c.pk, [])) or "no team yet (the front door)") for c in others]


def tell_holding_teams_of_a_group_step(user, child, others, what: str, ip_address=None) -> None:
    """The siblings this user could not include: each holding team's managers are told, so they can start
    their own step; the sibling's trail records it (nothing of theirs was changed)."""
    who = getattr(getattr(user, "professional", None), "name", user.username)
    for sibling, _team in others:
        audit.append(user=user, person=sibling, action="notify", ip_address=ip_address,
                     detail=f"{what} started for sibling {child.la_child_id} by {who}; this child was not included"[:300])
        for manager in managers_of(sibling):
            Notification.objects.create(
                recipient=manager, kind=Notification.Kind.SIBLING_STEP, link=f"/children/{sibling.pk}/",
                text=f"{who} started {what.lower()} for {child.la_child_id}, a sibling of your team's child "
                     f"{sibling.la_child_id}: start it for {sibling.la_child_id} if it applies."[:300])


# ---- addresses ------------------------------------------------------------------------------------------


def address_visible(user, address: Address) -> bool:
    """May this user see this address? A non-confidential one wherever its person may be worked on or
    opened through a linked child; a confidential one only by those who may open the child it was
    recorded for (its own person's record for a child's address; for an adult's address recorded before
    that was kept, every child linked to the adult). Linking someone never brings their confidential
    address along."""
    if not address.confidential:
        return True
    person = address.person
    if address.recorded_for_id is not None:
        owners = [address.recorded_for_id]
    elif person.kind == Person.Kind.CHILD:
        owners = [person.pk]
    else:
        links = Relationship.objects.filter(Q(person=person, relative__kind=Person.Kind.CHILD) | Q(relative=person, person__kind=Person.Kind.CHILD))
        owners = sorted({relative_id if person_id == person.pk else person_id
                         for person_id, relative_id in links.values_list("person_id", "relative_id")})
    if not owners:
        return False
    decisions = policy.decide_many(user, owners)
    return all(decisions[pk].allowed for pk in owners)

