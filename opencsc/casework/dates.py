"""The date checks every step shares (casework's, and the practice apps' above it): not in the future,
not before what it follows, not before the birth where only a born child can have it, and never before
the earliest plausible date. Each is skipped inside a step that stores a legacy fact as given
(``staff.stepping.as_given``): the rules then report the date as a finding instead."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.people import plausible
from opencsc.people.models import Person
from opencsc.staff.stepping import as_given


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def not_future(field: str, value: date | datetime | None, what: str) -> None:
    """``what`` happened today or before (and not before the earliest plausible date)."""
    if as_given():
        return
    day = _day(value)
    if day and day > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})
    if plausible.too_early(day):
        raise ValidationError({field: f"{what} must be the same as or after {plausible.EARLIEST_TEXT}"})


def not_before(field: str, value: date | datetime | None, earliest: date | datetime | None, message: str) -> None:
    """``value`` comes on or after ``earliest`` (what it follows), when both are known."""
    if as_given():
        return
    if value and earliest and value < earliest:
        raise ValidationError({field: message})


def since_birth(child: Person, field: str, value: date | datetime | None, what: str, *, before_birth: bool) -> None:
    """Care and what only a born child can have never comes before the birth; other work may come
    up to a pregnancy before it (``before_birth``)."""
    if as_given():
        return
    problem = plausible.event_problem(_day(value), child.date_of_birth or child.expected_date_of_birth, what,
                                      before_birth=before_birth)
    if problem:
        raise ValidationError({field: problem})
