"""Finding a child through the access policy: what a search shows to this user."""

from __future__ import annotations

from dataclasses import dataclass

from opencsc.casework.selectors import current_allocations
from opencsc.people.models import Person
from opencsc.people.selectors import exact_name_and_dob, search_children

from .models import RecordRestriction
from .policy import decide_many


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



def search_for(user, query: str) -> list[Found]:
    """``search_children`` through the access policy: people the user may not open are shown at the
    identity tier; restricted people appear only on an exact name and date of birth, as "ask <team>"."""
    people = list(search_children(query))
    decisions = decide_many(user, [p.pk for p in people])
    allocations = current_allocations([p.pk for p in people])
    asks = {r.person_id: r.ask_team.name if r.ask_team else "the team named on it"
            for r in RecordRestriction.objects.filter(person_id__in=[p.pk for p in people]).select_related("ask_team")}
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
