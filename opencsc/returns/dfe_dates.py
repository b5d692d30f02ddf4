"""Dates as DfE's validators read them (decision 006): the rules ask here, never the record's helper.

csc-validator-be-903 and -cin move dates with pandas' ``DateOffset(years=)``, which puts the
anniversary of 29 February on 28 February in a common year; ``dfe_add_years`` reads the same.
Today it agrees with ``opencsc.anniversaries.add_years`` (decision 010); if DfE's reading and the
statutory one ever part, the rules keep DfE's and the difference is listed in rules-exceptions.md.
"""

from __future__ import annotations

from datetime import date


def dfe_add_years(day: date, years: int) -> date:
    """As pandas' DateOffset(years=): 29 February becomes 28 February; negative years go back."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
