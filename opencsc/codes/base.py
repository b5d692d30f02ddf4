"""Code lists as data.

Every DfE/Ofsted code list lives once, here. A code carries the collection years it is valid
for (a collection year is named by the year it ends: 2026 = 1 April 2025 to 31 March 2026).
Records store the code string exactly as given, so retired and legacy codes survive; whether a
code is valid for a year is a finding raised by validation, never a database constraint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any


def collection_year_of(day: date) -> int:
    """The collection year a day falls in, named by the year it ends (1 April to 31 March)."""
    return day.year + 1 if day.month >= 4 else day.year


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first_year: int | None = None  # first collection year the code is valid in (None: always)
    last_year: int | None = None  # last collection year the code is valid in (None: still valid)

    def valid_in(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


class CodeList:
    """An ordered code list. ``choices()`` feeds forms; ``label()`` reads any stored code."""

    def __init__(self, name: str, codes: list[Code], dfe_field: str = ""):
        self.name = name
        self.dfe_field = dfe_field
        self.codes = codes
        self._by_code = {c.code: c for c in codes}

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Code | None:
        return self._by_code.get(code)

    def label(self, code: str | None) -> str:
        """The readable label, or the code itself flagged as unknown (legacy data stays readable)."""
        if not code:
            return ""
        found = self._by_code.get(code)
        return found.label if found else f"{code} (unknown code)"

    def valid_in(self, code: str, year: int) -> bool:
        found = self._by_code.get(code)
        return bool(found and found.valid_in(year))

    def current(self, year: int) -> list[Code]:
        return [c for c in self.codes if c.valid_in(year)]

    def choices(self, year: int | None = None, with_code: bool = True) -> list[tuple[str, str]]:
        codes = self.codes if year is None else self.current(year)
        return [(c.code, f"{c.code}: {c.label}" if with_code else c.label) for c in codes]

    def model_choices(self) -> list[tuple[str, str]]:
        """Choices for a model field: every code ever valid, so old records still display."""
        return [(c.code, c.label) for c in self.codes]


def simple(name: str, pairs: list[tuple[str, str]], dfe_field: str = "", **years: Any) -> CodeList:
    return CodeList(name, [Code(code, label, **years) for code, label in pairs], dfe_field)
