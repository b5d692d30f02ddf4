"""Finding a child through the access policy: what a search shows to this user."""

from __future__ import annotations

from dataclasses import dataclass, field

from opencsc.casework.selectors import current_allocations
from opencsc.people.models import Person
from opencsc.people.selectors import exact_name_and_dob, search_adults, search_children

from .models import RecordRestriction
from .policy import decide_many
from .relatives import linked_children, work_from

ADULTS_SHOWN = 20


@dataclass
class Found:
    """One search result as this user may see it: ``full`` (opens the record), ``identity`` (that the
    person exists, so no duplicate is made) or ``restricted`` (only "ask <team>")."""

    person: Person
    tier: str
    allocation: object = None
    ask: str = ""

    @property
    def current_address(self):
        addresses = getattr(self.person, "current_addresses", None)
        if not addresses or (addresses[0].confidential and self.tier != "full"):
            return None  # a confidential address, even its district, only for those who may open the record
        return addresses[0]


@dataclass
class FoundAdult:
    """An adult found by name, date of birth or NHS number. Adults have no record page: each linked child
    is shown at that child's own tier (``children``: (child, tier, allocation)), and ``may_work_on`` says
    whether the user may change the adult's facts (through a child they may work on). A restricted adult
    appears only on an exact name and date of birth, as "ask <team>"."""

    person: Person
    tier: str
    children: list = field(default_factory=list)
    may_work_on: bool = False
    ask: str = ""


def search_for(user, query: str) -> tuple[list[Found], list[FoundAdult]]:
    """The children (``search_children``) and adults (``search_adults``) a query finds, through the access
    policy, with one decision per person for the whole page and a fixed number of queries. Children the
    user may not open are shown at the identity tier; a restricted person appears only on an exact name and
    date of birth, as "ask <team>"; an adult's linked children each at their own tier."""
    people = list(search_children(query))
    adults = list(search_adults(query))[:ADULTS_SHOWN] if query else []
    adult_ids = [a.pk for a in adults]
    links = linked_children(adult_ids)
    linked_ids = {c for kids in links.values() for c in kids}
    shown = {p.pk: p for p in people}
    shown.update({c.pk: c for c in Person.objects.filter(pk__in=linked_ids - set(shown))})
    decisions = decide_many(user, [*shown, *adult_ids])
    allocations = current_allocations(list(shown))
    asks = {r.person_id: r.ask_team.name if r.ask_team else "the team named on it"
            for r in RecordRestriction.objects.filter(person_id__in=[p.pk for p in people] + adult_ids).select_related("ask_team")}
    return _children_found(people, query, decisions, allocations, asks), _adults_found(adults, query, links, shown, decisions,
                                                                                        allocations, asks)


def _children_found(people, query, decisions, allocations, asks) -> list[Found]:
    found = []
    for person in people:
        decision = decisions[person.pk]
        if decision.allowed:
            found.append(Found(person, "full", allocations.get(person.pk)))
        elif decision.restricted:
            if exact_name_and_dob(person, query):
                found.append(Found(person, "restricted", ask=asks.get(person.pk, "")))
        else:
            found.append(Found(person, "identity", allocations.get(person.pk)))
    return found


def _adults_found(adults, query, links, children, decisions, allocations, asks) -> list[FoundAdult]:
    work = work_from(adults, links, decisions)
    found = []
    for adult in adults:
        if decisions[adult.pk].restricted and not decisions[adult.pk].allowed:  # restricted from this user
            if exact_name_and_dob(adult, query):
                found.append(FoundAdult(adult, "restricted", ask=asks.get(adult.pk, "")))
            continue
        linked = []
        for child_id in sorted(links[adult.pk], key=lambda pk: children[pk].full_name):
            decision = decisions[child_id]
            if decision.restricted and not decision.allowed:
                continue  # a restricted child is never named through a relative
            linked.append((children[child_id], "full" if decision.allowed else "identity", allocations.get(child_id)))
        found.append(FoundAdult(adult, "identity", linked, work[adult.pk].allowed and not work[adult.pk].via_break_glass))
    return found
