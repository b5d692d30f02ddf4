"""Statutory timescales: the one home of every clock and of working-day arithmetic.

Working days are Monday to Friday outside England & Wales bank holidays (from the ``holidays``
package, not a hand-kept list). A due date counts the anchor date as day 0: a referral on Monday
6 January 2025 gives an assessment due on Monday 10 March 2025 (45 working days).
"""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(anchor: date, days: int) -> date:
    day = anchor
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


# Statutory clocks (working days unless the name says otherwise). Source: shared/domain/journey.md.
CONTACT_DECISION_WORKING_DAYS = 1
ASSESSMENT_WORKING_DAYS = 45  # from the referral date
ICPC_WORKING_DAYS = 15  # from the strategy discussion that started the s47
FIRST_CORE_GROUP_WORKING_DAYS = 10
FIRST_LAC_REVIEW_WORKING_DAYS = 20
CARE_PLAN_WORKING_DAYS = 10  # before the first placement or within 10 working days of it (CPPCR reg 4)
PLACEMENT_PLAN_WORKING_DAYS = 5  # before the placement or within 5 working days (CPPCR reg 9; journey.md says verify)
# My work's "coming up" looks four weeks ahead, and never fewer working days than the longest clock
# that can start today (the first looked-after review), so across bank holidays it still shows.
MY_WORK_HORIZON_WORKING_DAYS = FIRST_LAC_REVIEW_WORKING_DAYS


def assessment_due(referral_date: date) -> date:
    return add_working_days(referral_date, ASSESSMENT_WORKING_DAYS)


def icpc_due(strategy_discussion_date: date) -> date:
    return add_working_days(strategy_discussion_date, ICPC_WORKING_DAYS)


def local_date(value: date | datetime) -> date:
    """A date as the service's time zone sees it (contacts are received at a moment; most facts are dates)."""
    return timezone.localtime(value).date() if isinstance(value, datetime) else value
