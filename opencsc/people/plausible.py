"""What a date can mean: the limits every date a person or a file gives is checked against.

A date of birth falls between 1 January 1900 and today; an expected date of birth is no more than
ten months ahead (a pregnancy); nothing recorded about a child happens before 1900. Work before a
child is born (a contact, referral, assessment, conference or plan for an unborn baby) may fall up
to ten months before the birth or expected birth; care (a period of care, a placement, a review)
never before the birth. The messages follow the GOV.UK date input pattern.
"""

from __future__ import annotations

from datetime import date

from opencsc.anniversaries import add_months

EARLIEST = date(1900, 1, 1)
PREGNANCY_MONTHS = 10
EARLIEST_TEXT = "1 January 1900"


def months_ahead(today: date, months: int = PREGNANCY_MONTHS) -> date:
    return add_months(today, months)


def too_early(day: date | None) -> bool:
    return day is not None and day < EARLIEST


def date_of_birth_problem(day: date | None, today: date, what: str = "Date of birth") -> str:
    if day is None:
        return ""
    if day < EARLIEST:
        return f"{what} must be the same as or after {EARLIEST_TEXT}"
    if day > today:
        return f"{what} must be in the past"
    return ""


def expected_birth_problem(day: date | None, today: date, what: str = "Expected date of birth") -> str:
    if day is None:
        return ""
    if day < EARLIEST:
        return f"{what} must be the same as or after {EARLIEST_TEXT}"
    if day > months_ahead(today):
        return f"{what} must be within {PREGNANCY_MONTHS} months of today"
    return ""


def event_problem(day: date | None, born: date | None, what: str, *, before_birth: bool) -> str:
    """Why this date cannot be when something happened to a child born (or due) on ``born``."""
    if day is None:
        return ""
    if day < EARLIEST:
        return f"{what} must be the same as or after {EARLIEST_TEXT}"
    if born is None or born < EARLIEST:
        return ""
    if not before_birth and day < born:
        return f"{what} must be the same as or after the child's date of birth ({born:%-d %B %Y})"
    if before_birth and day < add_months(born, -PREGNANCY_MONTHS):
        return f"{what} must be no more than {PREGNANCY_MONTHS} months before the child's birth ({born:%-d %B %Y})"
    return ""
