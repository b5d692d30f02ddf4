"""Statutory ages and anniversaries, with one leap-day convention (decision 010).

Every age and every "N months after" in the record goes through here: dateutil's relativedelta,
which puts the anniversary of 29 February on 28 February in a year without one, and the end of a
shorter month for "one month after 31 January". A person born on 29 February is therefore 18 on
28 February of a common year. The DfE rules read dates as DfE's tools do, through their own
helper (``opencsc.returns.dfe_dates``), so a difference between the two is visible in one place.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def add_months(day: date, months: int) -> date:
    """Calendar months on: the last day of a shorter month when the day does not exist (31 Aug + 6 = 28 Feb)."""
    return day + relativedelta(months=months)


def add_years(day: date, years: int) -> date:
    """The anniversary ``years`` on (29 February: 28 February in a common year)."""
    return day + relativedelta(years=years)


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person born on ``date_of_birth`` reaches ``age``."""
    return add_years(date_of_birth, age)


def age_on(date_of_birth: date | None, day: date) -> int | None:
    """Completed years on ``day`` (None without a date of birth), by the same convention as ``birthday``."""
    if not date_of_birth:
        return None
    return relativedelta(day, date_of_birth).years
