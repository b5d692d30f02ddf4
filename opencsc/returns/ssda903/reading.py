"""The SSDA903 set as the validation rules read it.

The rules read the tables exactly as DfE's do — text values as in the CSV set, dd/mm/yyyy dates —
so one set of rules checks a set built from the record (``export.build``), a set read from a
legacy file (the import) and a single child's rows (the record page). Each row remembers its table
and line so a finding can say where it is; dates are parsed once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from opencsc.people.plausible import too_early

from ..formats.years import CollectionYear
from . import postcodes

DATE_COLUMNS = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED",
                "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC"}


@lru_cache(maxsize=1 << 16)  # a return's dates repeat (31/03, birthdays, shared moves); strptime is slow
def parse(text: str) -> date | None:
    if not text:
        return None
    try:
        day = datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None
    return None if too_early(day) else day  # before 1900: no date (as DfE's tool, whose pandas cannot hold it)


@lru_cache(maxsize=1 << 16)
def parse_loose(text: str) -> date | None:
    """As pandas reads a date with dayfirst=True (some DfE rules do): ISO and month-first dates too."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            day = datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        return None if too_early(day) else day
    return None


class Row(dict):
    """One row of one table: its values by DfE column name, plus where it came from."""

    def __init__(self, table: str, values: dict, line: int):
        super().__init__((k, (v or "").strip()) for k, v in values.items() if not k.startswith("_"))
        self.table = table
        self.line = line
        self._derived: dict = {}

    def day(self, column: str) -> date | None:
        """The column as a date; None when blank or not a valid dd/mm/yyyy date."""
        return parse(self.get(column, ""))

    def loose(self, column: str) -> date | None:
        """The column as pandas reads a date with dayfirst=True (some DfE rules do): ISO and
        month-first dates are read too."""
        return parse_loose(self.get(column, ""))

    def has(self, column: str) -> bool:
        return bool(self.get(column))

    # The fields DfE derives from the episode's postcodes (PL_LA, PL_LOCATION, PL_DISTANCE).
    def derived(self, name: str, authority: str):
        key = "_" + name
        if key not in self._derived:
            value: object
            if name == "PL_LA":
                value = postcodes.placement_la(self.get("PL_POST", ""))
            elif name == "PL_LOCATION":
                value = postcodes.location(self.get("PL_POST", ""), authority)
            else:
                value = postcodes.distance(self.get("HOME_POST", ""), self.get("PL_POST", ""))
            self._derived[key] = value
        return self._derived[key]

    def describe(self) -> str:
        key = next((self[c] for c in ("DECOM", "REVIEW", "MIS_START", "SW_DECOM", "DATE_PLACED", "DOLO_START") if self.get(c)), "")
        return f"{self.table} row {self.line}" + (f" ({key})" if key else "")

    __hash__ = object.__hash__  # type: ignore[assignment]  # a row is itself, not its values (dict is unhashable)
    __eq__ = object.__eq__


@dataclass
class Child:
    la_child_id: str
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    @property
    def header(self) -> Row | None:
        rows = self.rows.get("Header")
        return rows[0] if rows else None

    def table(self, name: str) -> list[Row]:
        return self.rows.get(name, [])

    @property
    def episodes(self) -> list[Row]:
        """Episodes in date order (unreadable dates last, as DfE's sort leaves them)."""
        if "_sorted" not in self.__dict__:
            self.__dict__["_sorted"] = sorted(self.table("Episodes"), key=lambda r: (r.day("DECOM") is None, r.day("DECOM") or date.min))
        return self.__dict__["_sorted"]

    @property
    def dob(self) -> date | None:
        return self.header.day("DOB") if self.header else None

    @property
    def line(self) -> int:
        return self.header.line if self.header else 0


@dataclass
class Set903:
    year: int
    children: list[Child]
    provided: set[str] = field(default_factory=set)  # the tables given, even if empty (DfE's rules need them)
    last: Set903 | None = None  # last year's return, for the rules that compare with it
    authority: str = ""  # the authority's ONS code (E06000001), which PL_LA is compared with
    providers: dict | None = None  # Ofsted's provider list by URN, when given
    source: str = ""  # where the set came from, for the analyst ("as built from the record today")
    # Built from the record, what the two years' files cannot show (rules 1001 and 1002): children whose
    # care ended before last year's return, and those whose whole care history makes them care leavers.
    care_before_last_year: set = field(default_factory=set)
    care_leavers_by_history: set = field(default_factory=set)
    as_at: date | None = None  # built from the record on this day (None for a file): what has not happened yet

    def __post_init__(self):
        self.period = CollectionYear(self.year)
        self.start, self.end = self.period.start, self.period.end
        self.by_id = {c.la_child_id: c for c in self.children}

    def rows(self, table: str) -> list[Row]:
        return [row for child in self.children for row in child.table(table)]

    def provides(self, tables) -> bool:
        """Were these tables given (``X_last``: in last year's set)?"""
        return all((self.last is not None and t[:-5] in self.last.provided) if t.endswith("_last") else t in self.provided
                   for t in tables)

    def last_of(self, child: Child) -> Child:
        """The child in last year's set (an empty child when they were not in it)."""
        found = self.last.by_id.get(child.la_child_id) if self.last is not None else None
        return found if found is not None else Child(child.la_child_id)


def from_tables(tables: dict[str, list[dict]], year: int, last: Set903 | None = None, authority: str = "",
                providers: dict | None = None) -> Set903:
    """The set from its tables (each a list of {column: text}); rows keep their line in the table."""
    children: dict[str, Child] = {}
    for table, rows in tables.items():
        for line, values in enumerate(rows, start=2):
            row = Row(table, values, line)
            child_id = row.get("CHILD", "")
            children.setdefault(child_id, Child(child_id)).rows[table].append(row)
    return Set903(year, list(children.values()), set(tables), last, authority, providers)
