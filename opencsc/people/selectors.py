"""Reads about people that pages share: finding a child, and a child's family."""

import re
from datetime import date

from django.db.models import Prefetch, Q

from opencsc.casework.models import Allocation

from .identifiers import normalise_nhs_number, normalise_upn
from .models import Address, Person, Relationship
from .search import normalise_name

_DATE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_NHS = re.compile(r"^\d{3}\s?\d{3}\s?\d{4}$")
_UPN = re.compile(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")
MAX_RESULTS = 50


def parse_date(text: str) -> date | None:
    found = _DATE.match(text.strip())
    if not found:
        return None
    day, month, year = (int(x) for x in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def search_children(query: str, date_of_birth: date | None = None):
    """Children matching what was typed: an NHS number, UPN or local ID exactly; otherwise every word
    of a name as the start of one of the child's names (case, accents and hyphens ignored), and a
    date of birth typed as dd/mm/yyyy anywhere in the query."""
    query = (query or "").strip()
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    words = []
    for part in query.split():
        day = parse_date(part)
        if day:
            date_of_birth = day
        else:
            words.append(part)
    text = " ".join(words)
    if _NHS.match(text):
        children = children.filter(nhs_number=normalise_nhs_number(text))
    elif _UPN.match(text):
        children = children.filter(Q(upn=normalise_upn(text)) | Q(former_upn=normalise_upn(text)))
    elif text and " " not in text and any(ch.isdigit() for ch in text):
        children = children.filter(la_child_id__iexact=text)
    else:
        for word in normalise_name(text).split():
            children = children.filter(search_names__contains=f" {word}")
        if not text and not date_of_birth:
            return Person.objects.none()
    if date_of_birth:
        children = children.filter(Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    return with_list_details(children.order_by("last_name", "first_name", "date_of_birth")[:MAX_RESULTS])


def with_list_details(people):
    """Current address and allocation in two queries, however many people are listed."""
    return people.prefetch_related(
        Prefetch("addresses", queryset=Address.objects.filter(end_date__isnull=True), to_attr="current_addresses"),
    )


def current_allocations(child_ids):
    """{child id: current social worker allocation} for a list of children, in one query."""
    allocations = Allocation.objects.filter(child_id__in=child_ids, kind="social_worker", end_date__isnull=True)
    return {a.child_id: a for a in allocations.select_related("worker", "team")}


def family_members(child: Person):
    """Everyone related to the child, both directions, in one query each way."""
    outgoing = Relationship.objects.filter(person=child).select_related("relative")
    incoming = Relationship.objects.filter(relative=child).select_related("person")
    members = {r.relative_id: (r.relative, r.get_relationship_display(), r.parental_responsibility) for r in outgoing}
    for r in incoming:
        members.setdefault(r.person_id, (r.person, f"{r.get_relationship_display()} of this child"
                                         if r.relationship not in ("sibling", "half_sibling") else r.get_relationship_display(),
                                         False))
    return sorted(members.values(), key=lambda m: (m[0].kind != "adult", m[0].date_of_birth or date.min))


def current_alerts(person, today: date):
    """The person's current alerts, then those of their family, in two queries."""
    from .models import Alert

    relatives = set(Relationship.objects.filter(person=person).values_list("relative_id", flat=True))
    relatives |= set(Relationship.objects.filter(relative=person).values_list("person_id", flat=True))
    alerts = [a for a in Alert.objects.filter(person_id__in=relatives | {person.pk}).select_related("person")
              if a.is_current(today)]
    return sorted(alerts, key=lambda a: (a.person_id != person.pk, a.start_date))
