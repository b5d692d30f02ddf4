"""Every write to people: create a person, identifiers, relationships, addresses, alerts."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.codes import lists
from opencsc.staff.stepping import as_given

from . import plausible
from .identifiers import nhs_number_is_valid, normalise_nhs_number, normalise_upn, upn_problems
from .models import Address, AddressDateCorrection, Alert, DetailChange, Disability, Person, ProfessionalAroundChild, Relationship, field_label
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
def create_person(*, disabilities: Iterable[str] = (), **fields: Any) -> Person:
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
    names = (person.first_name, person.middle_names, person.last_name, person.preferred_name, person.other_names)
    person.search_names = search_names_for(*names)
    person.search_keys = search_keys_for(*names)


def next_la_child_id(pk: int) -> str:
    """Local IDs are 'C' and the record number: at most 20 letters and digits (CIN rules 1570/1580)."""
    return f"C{pk:07d}"


@transaction.atomic
def record_birth(person: Person, date_of_birth: date, sex: str, first_name: str = "", disabilities: Iterable[str] = ()) -> Person:
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
def add_relationship(person: Person, relative: Person, relationship: str, *, parental_responsibility: bool = False,
                     lives_with: bool = False, start_date: date | None = None, reciprocal: str | None = None, pr_basis: str = "",
                     pr_start_date: date | None = None) -> Relationship:
    """Record that ``relative`` is ``person``'s ``relationship``; ``reciprocal`` records the other way too.
    ``pr_basis``, ``pr_start_date``: how and since when the relative holds parental responsibility."""
    if relationship not in lists.RELATIONSHIP:
        raise ValidationError({"relationship": "Choose a relationship from the list"})
    rel, _ = Relationship.objects.get_or_create(
        person=person, relative=relative, relationship=relationship,
        defaults={"parental_responsibility": parental_responsibility, "lives_with": lives_with, "start_date": start_date,
                  **({"pr_basis": pr_basis, "pr_start_date": pr_start_date} if pr_basis else {})},
    )
    if reciprocal:
        Relationship.objects.get_or_create(
            person=relative, relative=person, relationship=reciprocal,
            defaults={"lives_with": lives_with, "start_date": start_date},
        )
    return rel


@transaction.atomic
def add_address(person: Person, *, line_1: str, postcode: str, start_date: date, town: str = "", line_2: str = "",
                confidential: bool = False, recorded_for: Person | None = None) -> Address:
    """A new current address ends the previous one the day before. ``recorded_for``: the child from whose
    record an adult's address was recorded (who may see it, if it is confidential, follows that child)."""
    current = person.addresses.filter(end_date__isnull=True).first()
    if current and current.start_date >= start_date:
        raise ValidationError({"start_date": f"The new address must start after the current one ({current.start_date:%-d %B %Y}); "
                                             "if that date is wrong, correct the current address's dates first (the link "
                                             "below this form)"})
    if current:
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    return Address.objects.create(
        person=person, line_1=line_1, line_2=line_2, town=town, postcode=postcode.upper(),
        start_date=start_date, confidential=confidential,
        # A child's own address follows the child's record; an adult's follows the child it was recorded from.
        recorded_for=recorded_for if person.kind != Person.Kind.CHILD else None,
    )


def add_alert(person: Person, *, kind: str, start_date: date, note: str = "", end_date: date | None = None) -> Alert:
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": "An alert cannot end before it starts"})
    return Alert.objects.create(person=person, kind=kind, note=note, start_date=start_date, end_date=end_date)


# ---- the child's details: corrections and changes from a date -----------------------------------------

# What a worker may change on the details form, and how each is compared and kept in the history.
DETAIL_FIELDS = ("first_name", "middle_names", "last_name", "preferred_name", "other_names", "date_of_birth",
                 "expected_date_of_birth", "sex", "gender_identity", "ethnicity", "first_language", "interpreter_needed",
                 "religion", "immigration_status", "upn", "former_upn", "upn_unknown_reason", "nhs_number",
                 "nhs_number_verified", "gp_practice", "school")
NAME_FIELDS = ("first_name", "middle_names", "last_name")
# Facts that were either always so or always wrong: only ever corrected, never changed from a date.
CORRECTION_ONLY = ("date_of_birth", "expected_date_of_birth", "nhs_number", "ethnicity")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(value))
    return str(value)


@transaction.atomic
def change_details(person: Person, values: dict[str, Any], *, kind: str, reason: str, by: Any = None,
                   effective_from: date | None = None, disabilities: Iterable[str] | None = None, adopted_on: date | None = None) -> list[DetailChange]:
    """Change a person's details, keeping who, when, why and the old value of each field changed.

    ``kind`` "correction": the old value was always wrong, so it is replaced for every date.
    ``kind`` "from_date": the old value was right until ``effective_from`` (a new name, a new UPN, a
    decision on immigration status): returns for earlier reference dates still read it.
    ``adopted_on``: the child's adoption order, after which a new name belongs on a new record.
    """
    if kind not in lists.DETAIL_CHANGE_KIND:
        raise ValidationError({"kind": "Say whether this corrects a mistake or is a change from a date"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the details are being changed"})
    values = _normalise({k: v for k, v in values.items() if k in DETAIL_FIELDS})
    changed = {k: v for k, v in values.items() if _as_text(getattr(person, k)) != _as_text(v)}
    old_disabilities = sorted(person.disabilities.values_list("code", flat=True))
    new_disabilities = sorted(set(disabilities)) if disabilities is not None else old_disabilities
    if not changed and new_disabilities == old_disabilities:
        raise ValidationError("Nothing was changed: change a detail, or cancel")
    errors = {}
    if kind == "from_date":
        if effective_from is None:
            errors["effective_from"] = "Enter the date the change took effect"
        elif effective_from > date.today():
            errors["effective_from"] = "The date the change took effect must be today or in the past"
        for name in CORRECTION_ONLY:
            if name in changed:
                errors[name] = (f"{field_label(name)} can only be corrected: "
                                "choose 'Correction'")
        if adopted_on and any(name in changed for name in NAME_FIELDS):
            errors["last_name"] = (f"This child was adopted on {adopted_on:%-d %B %Y}: a new name after adoption belongs "
                                   "on a new record, as the adoption process requires. Ask your manager to open one; "
                                   "correct a misspelling with 'Correction'.")
    if not as_given():
        merged = {f.name: getattr(person, f.name) for f in Person._meta.concrete_fields} | values
        errors |= {k: v for k, v in _identifier_errors(merged).items() if k in changed}
    if errors:
        raise ValidationError(errors)
    made = []
    for name, new in changed.items():
        made.append(DetailChange(person=person, field=name, old_value=_as_text(getattr(person, name)), new_value=_as_text(new),
                                 kind=kind, effective_from=effective_from if kind == "from_date" else None,
                                 reason=reason, changed_by=by))
        setattr(person, name, new)
    if new_disabilities != old_disabilities:
        made.append(DetailChange(person=person, field="disabilities", old_value=_as_text(old_disabilities),
                                 new_value=_as_text(new_disabilities), kind=kind,
                                 effective_from=effective_from if kind == "from_date" else None, reason=reason, changed_by=by))
        person.disabilities.all().delete()
        Disability.objects.bulk_create([Disability(person=person, code=code) for code in new_disabilities])
    if person.upn:
        person.upn_unknown_reason = ""
    index_names(person)
    person.save()
    DetailChange.objects.bulk_create(made)
    return made


def lock_person(person: Person, lock: bool) -> Person:
    """The person's row as the details form compares it (``updated_at`` moves on every save)."""
    return Person.objects.select_for_update().get(pk=person.pk) if lock else person


# ---- professionals around the child ------------------------------------------------------------------


def add_professional_around(person: Person, *, name: str, agency: str, role: str, contact: str = "",
                            start_date: date | None = None) -> ProfessionalAroundChild:
    return ProfessionalAroundChild.objects.create(person=person, name=name, agency=agency, role=role, contact=contact,
                                                  start_date=start_date)


def end_professional_around(link: ProfessionalAroundChild, end_date: date) -> ProfessionalAroundChild:
    if link.start_date and end_date < link.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the date they started"})
    link.end_date = end_date
    link.save(update_fields=["end_date"])
    return link


# ---- family and network ---------------------------------------------------------------------------

# The other way round, so each of the pair lists the other (a child's mother has the child as her "child").
RECIPROCAL = {"mother": "child", "father": "child", "step_parent": "child", "parent_partner": "child", "grandparent": "other_relative",
              "sibling": "sibling", "half_sibling": "half_sibling", "partner": "partner", "former_partner": "former_partner"}


def _check_pr(parental_responsibility: bool, pr_basis: str, pr_start_date: date | None = None,
              pr_end_date: date | None = None) -> None:
    if parental_responsibility and pr_basis not in lists.PARENTAL_RESPONSIBILITY_BASIS:
        raise ValidationError({"pr_basis": "Choose the basis of their parental responsibility"})
    if pr_start_date and pr_end_date and pr_end_date < pr_start_date:
        raise ValidationError({"pr_end_date": "Parental responsibility cannot end before it began"})


@transaction.atomic
def link_relative(child: Person, relative: Person, relationship: str, *, parental_responsibility: bool = False, pr_basis: str = "",
                  pr_start_date: date | None = None, lives_with: bool = False, start_date: date | None = None,
                  by: Any = None) -> Relationship:
    """Record that ``relative`` is the child's ``relationship`` (and the reverse link, so both records list it).
    Linking someone gives no one access to anything: access follows the policy alone."""
    if relative.pk == child.pk:
        raise ValidationError({"existing": "A person cannot be their own relative"})
    if relationship not in lists.RELATIONSHIP:
        raise ValidationError({"relationship": "Choose who they are to the child"})
    if Relationship.objects.filter(person=child, relative=relative, relationship=relationship).exists():
        raise ValidationError({"existing": f"{relative.full_name} is already recorded as this child's {lists.RELATIONSHIP.label(relationship).lower()}"})
    _check_pr(parental_responsibility, pr_basis)
    link = Relationship.objects.create(
        person=child, relative=relative, relationship=relationship, parental_responsibility=parental_responsibility,
        pr_basis=pr_basis if parental_responsibility else "", pr_start_date=pr_start_date if parental_responsibility else None,
        lives_with=lives_with, start_date=start_date, recorded_by=by)
    reverse = RECIPROCAL.get(relationship)
    if reverse:
        Relationship.objects.get_or_create(person=relative, relative=child, relationship=reverse,
                                           defaults={"lives_with": lives_with, "start_date": start_date, "recorded_by": by})
    return link


@transaction.atomic
def change_relationship(link: Relationship, *, parental_responsibility: bool, pr_basis: str = "",
                        pr_end_date: date | None = None, lives_with: bool, end_date: date | None = None) -> Relationship:
    """Change parental responsibility or who the child lives with, or end the relationship (kept, marked ended)."""
    _check_pr(parental_responsibility or bool(pr_end_date), pr_basis or link.pr_basis, link.pr_start_date, pr_end_date)
    if end_date and link.start_date and end_date < link.start_date:
        raise ValidationError({"end_date": "The relationship cannot end before it began"})
    link.parental_responsibility = parental_responsibility or bool(pr_end_date)
    link.pr_basis = pr_basis or link.pr_basis if link.parental_responsibility else ""
    link.pr_end_date = pr_end_date
    link.lives_with = lives_with
    link.end_date = end_date
    link.version += 1
    link.save()
    if end_date:
        Relationship.objects.filter(person=link.relative, relative=link.person, end_date__isnull=True).update(end_date=end_date)
    return link


@transaction.atomic
def move_household(people: Sequence[Person], *, line_1: str, postcode: str, start_date: date, town: str = "", line_2: str = "",
                   confidential: bool = False, recorded_for: Person | None = None) -> list[Address]:
    """Everyone in ``people`` moves to this address from ``start_date``, as one household."""
    household = uuid.uuid4() if len(people) > 1 else None
    made = [add_address(person, line_1=line_1, line_2=line_2, town=town, postcode=postcode, start_date=start_date,
                        confidential=confidential, recorded_for=recorded_for) for person in people]
    if household:
        Address.objects.filter(pk__in=[a.pk for a in made]).update(household=household)
    return made


def share_household(people: Iterable[Person], household: uuid.UUID) -> None:
    """These people's current addresses are one household (they live together there)."""
    Address.objects.filter(person__in=people, end_date__isnull=True).update(household=household)


def record_around_the_child(person: Person, *, gp_practice: str, school: str, first_language: str) -> None:
    """The child's GP practice, school and first language, as the family or the school said."""
    person.gp_practice, person.school, person.first_language = gp_practice, school, first_language
    person.save(update_fields=["gp_practice", "school", "first_language"])


def give_upn(person: Person, upn: str) -> None:
    """A child starting school gets a UPN: it replaces the reason there was none."""
    if problems := upn_problems(upn):
        raise ValidationError({"upn": problems[0]})
    person.upn, person.upn_unknown_reason = upn, ""
    person.save(update_fields=["upn", "upn_unknown_reason"])


@transaction.atomic
def correct_address_dates(address: Address, *, start_date: date, end_date: date | None, reason: str,
                          by: Any = None) -> AddressDateCorrection:
    """Correct when someone lived at an address (a date the front door guessed, a move typed a day out),
    keeping what it said before. The person's addresses must still follow one another: a correction
    that would overlap the one before or after is refused, naming it, so that one is corrected first."""
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "Say why the dates are being corrected"
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "The date they left must be on or after the date they moved in"
    if start_date > timezone.localdate():
        errors["start_date"] = "The date they moved in must be today or in the past"
    others = address.person.addresses.exclude(pk=address.pk)
    before = others.filter(start_date__lt=address.start_date).order_by("-start_date").first()
    after = others.filter(start_date__gt=address.start_date).order_by("start_date").first()
    if before is not None and (before.end_date is None or before.end_date > start_date):
        errors.setdefault("start_date", f"This would start before they left {before.one_line} ({_day(before.end_date)}): "
                                        "correct that address's dates first")
    if after is not None and (end_date is None or end_date > after.start_date):
        errors.setdefault("end_date", f"This would run past the day they moved to {after.one_line} ({_day(after.start_date)}): "
                                      "correct that address's dates first")
    if errors:
        raise ValidationError(errors)
    correction = AddressDateCorrection.objects.create(address=address, old_start_date=address.start_date, old_end_date=address.end_date,
                                                      new_start_date=start_date, new_end_date=end_date, reason=reason.strip(),
                                                      corrected_by=by)
    address.start_date, address.end_date = start_date, end_date
    address.save(update_fields=["start_date", "end_date"])
    return correction


def _day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "still there"


def end_address(address: Address, end_date: date) -> Address:
    if end_date < address.start_date:
        raise ValidationError({"end_date": "The date they left must be on or after the date they moved in"})
    address.end_date = end_date
    address.save(update_fields=["end_date"])
    return address
