"""What the CIN census rules share: the rule set and its one decorator, helpers that read the set as DfE's
validator does, and families of rules of one shape (registered from the table modules)."""

from __future__ import annotations

from datetime import date, timedelta

from opencsc.casework.timescales import add_working_days, is_working_day

from ...dfe_dates import dfe_add_years
from ...engine import RuleSet
from ...year_end import today as year_end_today
from ..reading import is_date

CIN = RuleSet("CIN census")


rule = CIN.rule


SEX_YEAR = 2025  # Sex replaces GenderCurrent in 2024/25


TRUE = {"true", "1"}


FALSE = {"false", "0"}


UPN_LAST = set("0123456789ABCDEFGHJKLMNPQRTUVWXYZ")


def D(value):
    """A usable date, or None (missing or unreadable dates are other rules' business)."""
    return value if is_date(value) else None


def flag(value) -> str:
    return (value or "").strip().lower()


def validator_working_days_before(day: date, days: int) -> date:
    """``day`` minus N working days as the DfE validator counts them (the anchor is day 1)."""
    if days - 1 == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    return add_working_days(day, -(days - 1))


class NotYetDue:
    """An item a query asks about that, in a year in progress, can still be settled in time (its timescale
    runs past today): found all the same, shown as not yet due (returns/year_end.py; second walk, item 9)."""

    def __init__(self, item, reason: str):
        self.item, self.not_yet_due = item, reason
        self.line = getattr(item, "line", 0)

    def describe(self) -> str:
        describe = getattr(self.item, "describe", None)
        return describe() if describe else ""


def in_time_today(start: date, working_days: int, year_end: date) -> bool:
    """Built during the year: started within its timescale of today, so not late yet (it may still end in time)."""
    today = year_end_today()
    return today <= year_end and start >= validator_working_days_before(today, working_days)


def episodes(child):
    return child.episodes


def all_of(child, attribute):
    for episode in child.episodes:
        for item in getattr(episode, attribute):
            yield episode, item


def overlaps(start_a, end_a, start_b, end_b, reference):
    """Does A's start fall on or between B's start and end (or the reference date when B is open)?"""
    end_b = end_b or reference
    return start_a is not None and start_b is not None and start_b <= start_a <= end_b


def after_death(items: str, date_field: str):
    """The items' date (e.g. a CIN plan's start) must not be after the child's date of death."""
    def check(child, census):
        if D(child.death_date):
            for _, item in all_of(child, items):
                day = D(getattr(item, date_field))
                if day and day > child.death_date:
                    yield item
    return check


def not_before_referral(items: str, date_field: str):
    """The items' date must be on or after the episode's referral date."""
    def check(child, census):
        for episode, item in all_of(child, items):
            day = D(getattr(item, date_field))
            if day and D(episode.referral_date) and day < episode.referral_date:
                yield item
    return check


def within_year(items: str, date_field: str):
    """Where present, the items' date must fall within the collection year."""
    def check(child, census):
        for _, item in all_of(child, items):
            day = D(getattr(item, date_field))
            if day and not census.year.start <= day <= census.year.end:
                yield item
    return check


def nfa_without(module: str):
    """A referral with no further action must not carry this module (CIN plans, CP plans)."""
    def check(child, census):
        for episode in episodes(child):
            if flag(episode.nfa) in TRUE and getattr(episode, module):
                yield episode
    return check


def retired_factor(code: str):
    def check(child, census):
        for _, a in all_of(child, "assessments"):
            if any(f.upper() == code for f in a.factors):
                yield a
    return check


def same_day(items: str):
    """The item must not start and end on the same day."""
    def check(child, census):
        for _, item in all_of(child, items):
            if D(item.start) and item.start == item.end:
                yield item
    return check


def one_open(items: str):
    """A child may have only one of these open (no end date)."""
    def check(child, census):
        still_open = [item for _, item in all_of(child, items) if item.end is None]
        if len(still_open) > 1:
            yield from still_open
    return check


def _years_before(day: date, years: int) -> date:
    return dfe_add_years(day, -years)


def _years_after(day: date, years: int) -> date:
    return dfe_add_years(day, years)


def _open_further_action(child):
    return [e for e in child.episodes if e.closure_date is None and flag(e.nfa) in FALSE]
