"""What falls due only at the end of a collection year.

A return built during the year it covers (the year in progress: today is on or before its 31 March)
reports some things that are not late yet, because what the rule asks about is settled only on
31 March. Those findings are shown as "not yet due", not as errors or queries, in runs and on a
child's panel, until the year ends. Each entry is justified here and in docs/rules-exceptions.md.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .formats.years import CollectionYear

NOT_YET_DUE = {
    "903": {
        "SW12STG2": "who is looked after on 31 March, and so whose whole year of social worker history the return "
                    "must carry, is known only when the year ends",
        "186": "the SDQ is due for children looked after for 12 months continuously at 31 March; it can be "
               "completed until the year ends",
        "197B": "the SDQ of a child turning 4 or 17 in the year is due for children looked after for 12 months "
                "at 31 March; it can be completed until the year ends",
        "359": "the child turns 18 later in the year: what happens to their care on that day has not happened yet "
               "(only while the birthday is ahead; the rule marks these itself)",
    },
    "cin": {},
}


# Rules that mark only some of their findings (the rule knows which: a birthday still ahead).
MARKED_BY_THE_RULE = {"359"}


def today() -> date:
    return timezone.localdate()


def in_progress(year: int, on: date | None = None) -> bool:
    """Has the collection year not ended yet (``on``, by default today, on or before its 31 March)?"""
    return (on or today()) <= CollectionYear(year).end


def mark_not_yet_due(findings: list, return_name: str, year: int, on: date | None = None) -> list:
    """Mark the findings that are not due until the year's end (when the year is in progress)."""
    waiting = NOT_YET_DUE[return_name]
    if waiting and in_progress(year, on):
        for finding in findings:
            reason = waiting.get(finding.code)
            if reason and finding.code not in MARKED_BY_THE_RULE:
                finding.not_yet_due = f"not yet due: {reason}"
    return findings
