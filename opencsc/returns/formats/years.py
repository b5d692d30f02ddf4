"""Collection years: DfE names a year by the 31 March it ends on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from opencsc.codes.base import collection_year_of


@dataclass(frozen=True)
class CollectionYear:
    """A collection year, named by the year it ends: 2026 is 1 April 2025 to 31 March 2026."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year - 1}/{str(self.year)[2:]}"

    def clip(self, day: date | None) -> date | None:
        """A date as the census sees it: dates after 31 March have not happened yet."""
        return day if day is not None and day <= self.end else None

    def overlaps(self, start: date | None, end: date | None) -> bool:
        return start is not None and start <= self.end and (end is None or end >= self.start)


def current_year(today: date | None = None) -> int:
    """The collection year that ``today`` falls in (named by the year it ends)."""
    return collection_year_of(today or timezone.localdate())
