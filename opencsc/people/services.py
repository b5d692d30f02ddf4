"""Every write to people: create a person, identifiers, relationships, addresses, alerts."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.as_given import as_given
from opencsc.codes import lists

from . import plausible
from .identifiers import nhs_number_is_valid, normalise_nhs_number, normalise_upn, upn_problems
from .models import Address, Alert, Disability, Person, Relationship
from .search import search_keys_for, search_names_for


def _identifier_errors(fields: dict) -> dict:
    errors = {}
    nhs = fields.get("nhs_number")
    if nhs and not nhs_number_is_valid(nhs):
        errors["nhs_number"] = "Enter a valid NHS number: 10 digits whose last digit is the check digit"
    for name in ("upn", "former_upn"):
        if fields.get(name):
            problems = upn_problems(fields[name])
            if problems:
                errors[name] = problems[0]
    dob, edd, dod = fields.get("date_of_birth"), fields.get("expected_date_of_birth"), fields.get("date_of_death")
    today = date.today()
    if plausible.date_of_birth_problem(dob, today):
        errors["date_of_birth"] = plausible.date_of_birth_problem(dob, today) + (
            "; for an unborn child give the expected date of birth" if dob and dob > today else "")
    if plausible.expected_birth_problem(edd, today):
        errors["expected_date_of_birth"] = plausible.expected_birth_problem(edd, today)
    if dod and dob and dod < dob:
        errors["date_of_death"] = "Date of death must be on or after the date of birth"
    if fields.get("kind", Person.Kind.CHILD) == Person.Kind.CHILD and not dob and not edd:
        errors["date_of_birth"] = "Enter the child's date of birth, or the expected date of birth for an unborn child"
    if fields.get("ethnicity") and fields["ethnicity"] not in lists.ETHNICITY:
        errors["ethnicity"] = "Choose an ethnicity from the list"
    return errors


def _normalise(fields: dict) -> dict:
    if fields.get("nhs_number"):
        fields["nhs_number"] = normalise_nhs_number(fields["nhs_number"])
    for name in ("upn", "former_upn"):
        if fields.get(name):
            fields[name] = normalise_upn(fields[name])
    if fields.get("la_child_id") == "":
        fields["la_child_id"] = None
    return fields


@transaction.atomic
def create_person(*, disabilities=(), **fields) -> Person:
    """Create a child or adult. Identifiers typed by a person are checked here; a child with no
    local ID is given the next one."""
    fields = _normalise(dict(fields))
    errors = {} if as_given() else _identifier_errors(fields)
    if errors:
        raise ValidationError(errors)
    person = Person(**fields)
    if person.is_unborn and not as_given():
        person.sex = "U"
    index_names(person)
    person.save()
    if person.kind == Person.Kind.CHILD and not person.la_child_id:
        person.la_child_id = next_la_child_id(person.pk)
        person.save(update_fields=["la_child_id"])
    Disability.objects.bulk_create([Disability(person=person, code=code) for code in disabilities])
    return person


def index_names(person: Person) -> None:
    names = (person.first_name, person.middle_names, person.last_name, person.preferred_name)
    person.search_names = search_names_for(*names)
    person.search_keys = search_keys_for(*names)


def next_la_child_id(pk: int) -> str:
    """Local IDs are 'C' and the record number: at most 20 letters and digits (CIN rules 1570/1580)."""
    return f"C{pk:07d}"


@transaction.atomic
def record_birth(person: Person, date_of_birth: date, sex: str, first_name: str = "", disabilities=()) -> Person:
    """An unborn child is born: keep the expected date, add the real one (and any disabilities known)."""
    if date_of_birth > date.today():
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
    person.date_of_birth = date_of_birth
    person.sex = sex
    if first_name:
        person.first_name = first_name
    index_names(person)
    person.save()
    Disability.objects.bulk_create([Disability(person=person, code=code) for code in disabilities], ignore_conflicts=True)
    return person


@transaction.atomic
def add_relationship(person, relative, relationship, *, parental_responsibility=False, lives_with=False,
                     start_date=None, reciprocal=None) -> Relationship:
    """Record that ``relative`` is ``person``'s ``relationship``; ``reciprocal`` records the other way too."""
    if relationship not in lists.RELATIONSHIP:
        raise ValidationError({"relationship": "Choose a relationship from the list"})
    rel, _ = Relationship.objects.get_or_create(
        person=person, relative=relative, relationship=relationship,
        defaults={"parental_responsibility": parental_responsibility, "lives_with": lives_with, "start_date": start_date},
    )
    if reciprocal:
        Relationship.objects.get_or_create(
            person=relative, relative=person, relationship=reciprocal,
            defaults={"lives_with": lives_with, "start_date": start_date},
        )
    return rel


@transaction.atomic
def add_address(person, *, line_1, postcode, start_date, town="", line_2="", confidential=False) -> Address:
    """A new current address ends the previous one the day before."""
    current = person.addresses.filter(end_date__isnull=True).first()
    if current and current.start_date > start_date:
        raise ValidationError({"start_date": "The new address must start after the current address started"})
    if current:
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    return Address.objects.create(
        person=person, line_1=line_1, line_2=line_2, town=town, postcode=postcode.upper(),
        start_date=start_date, confidential=confidential,
    )


def add_alert(person, *, kind, start_date, note="", end_date=None) -> Alert:
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": "An alert cannot end before it starts"})
    return Alert.objects.create(person=person, kind=kind, note=note, start_date=start_date, end_date=end_date)
