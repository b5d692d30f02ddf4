"""Load steps for people: a fact another system recorded about a child, stored as its file gives it.

Only an import calls these (``StepKey.LOAD_FROM_FILE`` is the import system actor's alone), inside its
``loading`` step, which stores facts as given and audits once per person. Loading the same file again
changes nothing and says so: each returns what changed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from opencsc.as_given import amend
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from . import services
from .models import Address, Disability, Person, Relationship


@records(StepKey.LOAD_FROM_FILE)
def load_child(*, la_child_id: str, values: dict, disabilities: Counter | None = None) -> tuple[Person, str, list[str]]:
    """The child a file names by LA child ID: made, or given the file's values. ``disabilities``: the
    codes as the file lists them, repeats counted (None: the file says nothing about them).
    Returns (child, "created" / "updated" / "unchanged", what changed)."""
    person = Person.objects.filter(la_child_id=la_child_id).first()
    if person is None:
        person = services.create_person(kind=Person.Kind.CHILD, la_child_id=la_child_id, last_name="",
                                        disabilities=sorted(disabilities or ()), **values)
        changed: list[str] = []
        action = "created"
    else:
        changed = amend(person, values)
        if disabilities is not None:
            have = set(Disability.objects.filter(person=person).values_list("code", flat=True))
            if have != set(disabilities):
                Disability.objects.filter(person=person).exclude(code__in=list(disabilities)).delete()
                Disability.objects.bulk_create([Disability(person=person, code=c) for c in set(disabilities) - have])
                changed.append("disabilities")
        action = "updated" if changed else "unchanged"
    if disabilities is not None:
        for disability in Disability.objects.filter(person=person):
            if amend(disability, {"times_given": disabilities.get(disability.code, 1)}) and action == "unchanged":
                action, changed = "updated", changed + ["disabilities"]
    return person, action, changed


@records(StepKey.LOAD_FROM_FILE)
def load_mothers_child(*, mother: Person, born: date | None) -> list[str]:
    """A looked-after young woman's own child (SSDA903 MOTHER, MC_DOB), once."""
    existing = Relationship.objects.filter(person=mother, relationship="child").select_related("relative")
    if any(r.relative.date_of_birth == born for r in existing):
        return []
    baby = services.create_person(kind=Person.Kind.CHILD, last_name="", date_of_birth=born)
    Relationship.objects.create(person=mother, relative=baby, relationship="child", parental_responsibility=True)
    return ["her child added"]


@records(StepKey.LOAD_FROM_FILE)
def load_home_postcode(*, person: Person, postcode: str, start: date) -> list[str]:
    """The home postcode a file gives at the start of care (SSDA903 HOME_POST): an address from that day,
    unless the address held then has it already. It may start before the current address (a history)."""
    if not postcode:
        return []
    current = [a for a in Address.objects.filter(person=person)
               if a.start_date <= start and (a.end_date is None or a.end_date >= start)]
    if current and max(current, key=lambda a: a.start_date).postcode == postcode:
        return []
    Address.objects.create(person=person, line_1="(home at the start of care, from SSDA903)", postcode=postcode,
                           start_date=start)
    return ["home postcode added"]
