"""Reads about people that pages share: finding a child, and a child's family."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from opencsc.codes import lists

from . import nicknames
from .identifiers import normalise_nhs_number, normalise_upn
from .models import Address, Alert, DetailChange, Person, Relationship
from .search import close_spelling, normalise_name, soundex

_DATE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_NHS = re.compile(r"^\d{3}\s?\d{3}\s?\d{4}$")
_UPN = re.compile(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")
MAX_RESULTS = 50
FUZZY_POOL = 5000  # children born on that date / in that year checked for close spellings
FUZZY_WHEN_FEWER_THAN = 5  # ... when the ordinary matches do not already fill the first five


def parse_date(text: str) -> date | None:
    found = _DATE.match(text.strip())
    if not found:
        return None
    day, month, year = (int(x) for x in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None  # not a real date (31/02, or a year of 0000): searched as words


_PARTIAL_DATE = re.compile(r"^(?:(\d{1,2})[/.\-])?(\d{1,2})[/.\-](\d{4})$|^(\d{4})$")
CANDIDATES = 400


# What a search finds: the exact match (a query, ready for the list details) or the ranked people.
Found = list[Person] | QuerySet[Person]


def parse_partial_date(text: str) -> tuple[int, int | None] | None:
    """A month and year (03/2015) or a year (2015): (year, month or None)."""
    found = _PARTIAL_DATE.match(text.strip())
    if not found or found.group(1):
        return None
    year = int(found.group(4) or found.group(3))
    if not 1 <= year <= 9999:
        return None  # 0000 is no year
    if found.group(4):
        return year, None
    month = int(found.group(2))
    return (year, month) if 1 <= month <= 12 else None


def _word_matches(word: str) -> Q:
    """Ways a typed word can match a name, strongest first: the start of a name, a nickname, a sound-alike."""
    q = Q(search_names__contains=f" {word}")
    for variant in nicknames.variants(word):
        q |= Q(search_names__contains=f" {variant} ")
    key = soundex(word)
    if key and len(word) >= 3:
        q |= Q(search_keys__contains=f" {key} ")
    return q


def _nickname_match(word: str) -> Q:
    q = Q(pk__in=[])
    for variant in nicknames.variants(word):
        q |= Q(search_names__contains=f" {variant} ")
    return q


def _all_words_close(person: Person, words: list[str]) -> bool:
    names = person.search_names.split()
    return all(any(name.startswith(word) or close_spelling(word, name) or name in nicknames.variants(word) for name in names)
               for word in words)


def _score(person: Person, words: list[str]) -> int:
    names = person.search_names.split()
    keys = person.search_keys.split()
    score = 0
    for word in words:
        if any(name == word for name in names):
            score += 4
        elif any(name.startswith(word) for name in names):
            score += 3
        elif any(name in nicknames.variants(word) for name in names):
            score += 2
        elif soundex(word) in keys or any(close_spelling(word, name) for name in names):
            score += 1
    return score


def search_children(query: str, date_of_birth: date | None = None) -> Found:
    """Children matching what was typed, best first (``search_people`` for children)."""
    return search_people(query, date_of_birth, kind=Person.Kind.CHILD)


def search_adults(query: str, date_of_birth: date | None = None) -> Found:
    """Adults (parents, carers, other relatives) by the same rules as children: a name, a date of birth
    or an NHS number (adults have no UPN or local ID)."""
    return search_people(query, date_of_birth, kind=Person.Kind.ADULT)


def search_people(query: str, date_of_birth: date | None = None, *, kind: str = Person.Kind.CHILD) -> Found:
    """People of this kind matching what was typed, best first.

    An NHS number, UPN or local ID matches exactly. Otherwise each word of a name may match the
    start of any of the child's names (in any order: transposed names are found), a common
    nickname of it, or a name that sounds alike (Soundex, for typos); case, accents, hyphens and
    apostrophes are ignored. A date of birth may be whole (14/03/2015) or partial (03/2015, 2015).
    """
    query = (query or "").strip()
    children = Person.objects.filter(kind=kind)
    compact = re.sub(r"[\s\-.]", "", query)  # an identifier however it is typed: 943 476 5919, 943-476-5919, a 805...
    if re.fullmatch(r"\d{10}", compact):
        return with_list_details(children.filter(nhs_number=normalise_nhs_number(compact))[:MAX_RESULTS])
    if _UPN.match(compact):
        return with_list_details(children.filter(Q(upn=normalise_upn(compact)) | Q(former_upn=normalise_upn(compact)))[:MAX_RESULTS])
    words, partial = [], None
    for part in query.split():
        day = parse_date(part)
        if day:
            date_of_birth = day
        elif parse_partial_date(part) and not _NHS.match(query):
            partial = parse_partial_date(part)
        else:
            words.append(part)
    text = " ".join(words)
    if _NHS.match(text):
        return with_list_details(children.filter(nhs_number=normalise_nhs_number(text))[:MAX_RESULTS])
    if _UPN.match(text):
        return with_list_details(children.filter(Q(upn=normalise_upn(text)) | Q(former_upn=normalise_upn(text)))[:MAX_RESULTS])
    if text and " " not in text and any(ch.isdigit() for ch in text):
        return with_list_details(children.filter(la_child_id__iexact=text)[:MAX_RESULTS])
    name_words = normalise_name(text).split()
    if not name_words and not date_of_birth and not partial:
        return Person.objects.none()
    born = children
    if date_of_birth:
        born = born.filter(Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    elif partial:
        year, month = partial
        born = born.filter(date_of_birth__year=year)
        if month:
            born = born.filter(date_of_birth__month=month)
    strict = born
    for word in name_words:
        strict = strict.filter(_word_matches(word))
    candidates = list(strict.order_by("last_name", "first_name", "date_of_birth")[:CANDIDATES])
    if name_words and len(candidates) < FUZZY_WHEN_FEWER_THAN:
        # Look for misspellings Soundex misses: a letter dropped or two swapped ("Robisnon", "Books" for
        # Brooks, "Thorton" for Thornton). Each word's first letter (or a date of birth or year) narrows the
        # people looked at; a lone word with no date, its first two letters (a slip is rarely in the first two).
        seen = {p.pk for p in candidates}
        pool = born
        narrow = 1 if (date_of_birth or partial or len(name_words) > 1) else 2  # one word alone: two letters
        for word in name_words:  # a close spelling keeps its first letter(s) (or is a nickname)
            pool = pool.filter(Q(search_names__contains=f" {word[:narrow]}") | _nickname_match(word))
        for person in pool.only("pk", "search_names", "search_keys", "last_name", "first_name")[:FUZZY_POOL]:
            if person.pk not in seen and _all_words_close(person, name_words):
                candidates.append(person)
    ranked = sorted(candidates, key=lambda p: -_score(p, name_words))[:MAX_RESULTS]
    ids = [p.pk for p in ranked]
    details = {p.pk: p for p in with_list_details(Person.objects.filter(pk__in=ids))}
    return [details[pk] for pk in ids]


def exact_name_and_dob(person: Person, query: str) -> bool:
    """Does the query give this person's whole name and date of birth (as a restricted record needs)?"""
    words, dob = [], None
    for part in query.split():
        dob = parse_date(part) or dob
        if not parse_date(part):
            words.append(part)
    wanted = sorted(normalise_name(" ".join(words)).split())
    return bool(wanted) and dob is not None and person.date_of_birth == dob and wanted == sorted(
        normalise_name(f"{person.first_name} {person.last_name}").split())


def with_list_details(people: QuerySet[Person]) -> QuerySet[Person]:
    """Current address and allocation in two queries, however many people are listed."""
    return people.prefetch_related(
        Prefetch("addresses", queryset=Address.objects.filter(end_date__isnull=True), to_attr="current_addresses"),
    )


@dataclass
class FamilyMember:
    person: Person
    label: str
    parental_responsibility: bool = False
    relationship: Relationship | None = None  # the recorded link, to change or end (None: a sibling through a parent)
    ended: bool = False
    status: str = ""  # filled by the record page: what is happening for a child now
    tier: str = "full"  # filled by the record page: full, identity or restricted


def family_members(child: Person, today: date | None = None, tree: dict[str, Any] | None = None) -> list[FamilyMember]:
    """Everyone related to the child: each recorded link (both directions) and every sibling through a
    shared parent, whether or not a sibling link was recorded. Current links first, then ended ones."""
    today = today or date.today()
    tree = tree or family_tree(child, today)
    members: dict[int, FamilyMember] = {}
    for r in tree["links"]:
        if r.person_id == child.pk:
            members[r.relative_id] = FamilyMember(r.relative, r.get_relationship_display(), r.has_pr_on(today), r,
                                                  not r.is_current(today))
        elif r.relative_id == child.pk and r.person_id not in members:
            label = r.get_relationship_display() if r.relationship in lists.SIBLINGS else f"{r.get_relationship_display()} of this child"
            members[r.person_id] = FamilyMember(r.person, label, False, r, not r.is_current(today))
    for other, kind in tree["siblings"].items():
        label = lists.RELATIONSHIP.label(kind)
        link = members[other].relationship if other in members else None
        if link is not None and link.relationship in lists.SIBLINGS:
            members[other].label = label  # what the shared parents say, over a pair recorded long ago
        elif other not in members:
            members[other] = FamilyMember(tree["people"][other], f"{label} (through a shared parent)")
    return sorted(members.values(), key=lambda m: (m.ended, m.person.kind != "adult", m.person.date_of_birth or date.min))


def current_alerts(person: Person, today: date) -> list[Alert]:
    """The person's current alerts, then those of their family (linked either way), in one query."""
    family = (Q(person=person) | Q(person__in=Relationship.objects.filter(person=person).values("relative_id"))
              | Q(person__in=Relationship.objects.filter(relative=person).values("person_id")))
    alerts = [a for a in Alert.objects.filter(family).select_related("person") if a.is_current(today)]
    return sorted(alerts, key=lambda a: (a.person_id != person.pk, a.start_date))


def likely_duplicates(first_name: str, last_name: str, date_of_birth: date | None, limit: int = 5) -> list[Person]:
    """Children who may be the one about to be created: the same or a similar name, or the same
    surname and date of birth. Offered to the worker; never merged automatically."""
    found: dict = {}
    if first_name or last_name:
        for person in search_children(f"{first_name} {last_name}".strip()):
            if date_of_birth is None or person.date_of_birth in (None, date_of_birth) or (
                    person.date_of_birth and abs((person.date_of_birth - date_of_birth).days) <= 366):
                found.setdefault(person.pk, person)
    if date_of_birth and last_name:
        for person in search_children(last_name, date_of_birth=date_of_birth):
            found.setdefault(person.pk, person)
    return list(found.values())[:limit]


def details_as_at(person_ids: Any, day: date, fields: tuple[str, ...] = ("first_name", "middle_names", "last_name", "upn", "former_upn",
                                                  "upn_unknown_reason", "sex", "gender_identity", "immigration_status"),
                  ) -> dict[int, dict[str, str]]:
    """{person id: {field: value}} for the details that were different on ``day`` from today: the old
    value of the first change from a date that took effect after that day. One query, however many
    people. A correction rewrites every date, so it never appears here."""
    earlier: dict = {}
    for change in (DetailChange.objects.filter(person_id__in=person_ids, kind="from_date", effective_from__gt=day,
                                               field__in=fields)
                   .order_by("effective_from", "changed_at", "pk").values_list("person_id", "field", "old_value")):
        person_id, field, old = change
        earlier.setdefault(person_id, {}).setdefault(field, old)
    return earlier


def apply_as_at(people: Iterable[Person], day: date, ids: Any = None) -> None:
    """Set each person's details (in memory, never saved) to what they were on ``day``; ``ids`` a
    query of their ids, so thousands of people are one query with no long list of parameters."""
    people = list(people)
    overrides = details_as_at(ids if ids is not None else [p.pk for p in people], day)
    for person in people:
        for field, value in overrides.get(person.pk, {}).items():
            setattr(person, field, value)


def detail_history(person: Person) -> QuerySet[DetailChange]:
    return person.detail_changes.select_related("changed_by")


def family_tree(child: Person, today: date) -> dict[str, Any]:
    """The child's family as the record and the genogram need it, in a fixed number of queries:
    ``people`` {id: Person}, ``links`` the relationships among them (current and ended), and
    ``siblings`` derived through a shared parent (full when every known parent is shared)."""
    # The child's own links, and the parents' other children and partners and the parents' own parents
    # (three generations), in one query.
    parents = Relationship.objects.filter(person=child, relationship__in=lists.PARENTS).values("relative_id")
    read = list(Relationship.objects.filter(Q(person=child) | Q(relative=child) | Q(relative_id__in=parents) | Q(person_id__in=parents))
                .select_related("person", "relative"))
    direct = [r for r in read if child.pk in (r.person_id, r.relative_id)]
    around = [r for r in read if child.pk not in (r.person_id, r.relative_id)]
    people = {child.pk: child}
    for r in direct:
        people[r.person_id] = r.person
        people[r.relative_id] = r.relative
    parent_ids = {r.relative_id for r in direct if r.person_id == child.pk and r.relationship in lists.PARENTS}
    for r in around:
        people.setdefault(r.person_id, r.person)
        people.setdefault(r.relative_id, r.relative)
    # The siblings' other parents, so a half-sibling is told from a whole one.
    sibling_ids = {r.person_id for r in around if r.relative_id in parent_ids and r.relationship in lists.PARENTS} - {child.pk}
    known = {r.pk for r in direct + around}
    theirs = [r for r in Relationship.objects.filter(person_id__in=sibling_ids, relationship__in=lists.PARENTS).select_related("relative")
              if r.pk not in known]
    for r in theirs:
        people.setdefault(r.relative_id, r.relative)
    links = direct + around + theirs
    parents_of: dict = {}
    for r in links:
        if r.relationship in lists.PARENTS:
            parents_of.setdefault(r.person_id, set()).add(r.relative_id)
    recorded: dict[int, str] = {}
    for r in direct:  # siblings as recorded by a worker
        if r.relationship in lists.SIBLINGS:
            recorded.setdefault(r.relative_id if r.person_id == child.pk else r.person_id, r.relationship)
    siblings = {}
    mine = parents_of.get(child.pk, set())
    for other, theirs in parents_of.items():
        if other == child.pk or not mine & theirs:
            continue
        if len(mine) >= 2 and len(theirs) >= 2:  # both parents known for both: the parents decide
            siblings[other] = "sibling" if theirs == mine else "half_sibling"
        else:  # a parent not recorded: what the worker recorded, else a sibling
            siblings[other] = recorded.get(other, "sibling")
    for other, kind in recorded.items():  # siblings recorded as such, with no parent recorded in common
        siblings.setdefault(other, kind)
    return {"people": people, "links": links, "siblings": siblings, "parents_of": parents_of}


def child_and_siblings(child: Person, today: date) -> list[Person]:
    """The child and their brothers and sisters (full and half, as the family tree derives them): the group
    that goes through pre-proceedings or Family Help together."""
    tree = family_tree(child, today)
    return [child] + [tree["people"][pk] for pk in tree["siblings"] if pk != child.pk and tree["people"][pk].kind == "child"]


def possible_same_people(first_name: str, last_name: str, date_of_birth: date | None, limit: int = 5) -> list[Person]:
    """Anyone already known (child or adult) who may be the person about to be added: the same last
    name and a first name starting the same, or the same last name and date of birth."""
    last = normalise_name(last_name).split()
    if not last:
        return []
    people = Person.objects.filter(search_names__contains=f" {last[-1]} ")
    first = normalise_name(first_name).split()
    match = Q(search_names__contains=f" {first[0][:3]}") if first else Q()
    if date_of_birth:
        match = match | Q(date_of_birth=date_of_birth) if first else Q(date_of_birth=date_of_birth)
    return list(people.filter(match).order_by("last_name", "first_name")[:limit])


def household_of(child: Person, today: date) -> set[int]:
    """Who lives with the child now: everyone sharing the household of the child's current address, or
    (where no household was recorded) the people the child is recorded as living with."""
    current = [a for a in child.addresses.all() if a.is_current(today)]
    households = {a.household for a in current if a.household}
    if households:
        together = Address.objects.filter(household__in=households, start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=today)).values_list("person_id", flat=True)
        return set(together) | {child.pk}
    return set(Relationship.objects.filter(person=child, lives_with=True, end_date__isnull=True).values_list("relative_id", flat=True)) | {child.pk}
