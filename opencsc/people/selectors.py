"""Reads about people that pages share: finding a child, and a child's family."""

import re
from datetime import date

from django.db.models import Prefetch, Q

from . import nicknames
from .identifiers import normalise_nhs_number, normalise_upn
from .models import Address, Alert, Person, Relationship
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


def parse_partial_date(text: str):
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


def _word_matches(word: str):
    """Ways a typed word can match a name, strongest first: the start of a name, a nickname, a sound-alike."""
    q = Q(search_names__contains=f" {word}")
    for variant in nicknames.variants(word):
        q |= Q(search_names__contains=f" {variant} ")
    key = soundex(word)
    if key and len(word) >= 3:
        q |= Q(search_keys__contains=f" {key} ")
    return q


def _nickname_match(word: str):
    q = Q(pk__in=[])
    for variant in nicknames.variants(word):
        q |= Q(search_names__contains=f" {variant} ")
    return q


def _all_words_close(person, words) -> bool:
    names = person.search_names.split()
    return all(any(name.startswith(word) or close_spelling(word, name) or name in nicknames.variants(word) for name in names)
               for word in words)


def _score(person, words) -> int:
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


def search_children(query: str, date_of_birth: date | None = None):
    """Children matching what was typed, best first.

    An NHS number, UPN or local ID matches exactly. Otherwise each word of a name may match the
    start of any of the child's names (in any order: transposed names are found), a common
    nickname of it, or a name that sounds alike (Soundex, for typos); case, accents, hyphens and
    apostrophes are ignored. A date of birth may be whole (14/03/2015) or partial (03/2015, 2015).
    """
    query = (query or "").strip()
    children = Person.objects.filter(kind=Person.Kind.CHILD)
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
    if name_words and (date_of_birth or partial) and len(candidates) < FUZZY_WHEN_FEWER_THAN:
        # With a date of birth (or year) to narrow it, look for misspellings Soundex misses:
        # a letter dropped or two swapped ("Robisnon", "Books" for Brooks).
        seen = {p.pk for p in candidates}
        pool = born
        for word in name_words:  # a close spelling keeps its first letter (or is a nickname)
            pool = pool.filter(Q(search_names__contains=f" {word[0]}") | _nickname_match(word))
        for person in pool.only("pk", "search_names", "search_keys", "last_name", "first_name")[:FUZZY_POOL]:
            if person.pk not in seen and _all_words_close(person, name_words):
                candidates.append(person)
    ranked = sorted(candidates, key=lambda p: -_score(p, name_words))[:MAX_RESULTS]
    ids = [p.pk for p in ranked]
    details = {p.pk: p for p in with_list_details(Person.objects.filter(pk__in=ids))}
    return [details[pk] for pk in ids]


def exact_name_and_dob(person, query: str) -> bool:
    """Does the query give this person's whole name and date of birth (as a restricted record needs)?"""
    words, dob = [], None
    for part in query.split():
        dob = parse_date(part) or dob
        if not parse_date(part):
            words.append(part)
    wanted = sorted(normalise_name(" ".join(words)).split())
    return bool(wanted) and dob is not None and person.date_of_birth == dob and wanted == sorted(
        normalise_name(f"{person.first_name} {person.last_name}").split())


def with_list_details(people):
    """Current address and allocation in two queries, however many people are listed."""
    return people.prefetch_related(
        Prefetch("addresses", queryset=Address.objects.filter(end_date__isnull=True), to_attr="current_addresses"),
    )


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

    relatives = set(Relationship.objects.filter(person=person).values_list("relative_id", flat=True))
    relatives |= set(Relationship.objects.filter(relative=person).values_list("person_id", flat=True))
    alerts = [a for a in Alert.objects.filter(person_id__in=relatives | {person.pk}).select_related("person")
              if a.is_current(today)]
    return sorted(alerts, key=lambda a: (a.person_id != person.pk, a.start_date))


def likely_duplicates(first_name: str, last_name: str, date_of_birth: date | None, limit: int = 5):
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
