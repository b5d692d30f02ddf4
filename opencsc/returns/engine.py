"""The validation engine shared by every return.

A rule is a small declarative unit: its DfE code, the table and fields it touches, its message,
whether it is an error or a query, the collection years it applies to, and a check. A child-level
check receives one child (and the return, for the header and the year) and yields the items that
break the rule; a return-level check receives the whole return and yields (child, item) pairs, or
None for a finding about the return as a whole. Every finding keeps the child, the rule and a
description of where the problem is, so a report can point at the person who can fix it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import FrameType

ERROR = "error"
QUERY = "query"


@dataclass(frozen=True)
class Rule:
    code: str
    table: str
    fields: tuple
    message: str
    kind: str
    check: Callable
    scope: str = "child"  # "child" or "return"
    first_year: int | None = None
    last_year: int | None = None
    # The tables the check needs: it runs only on a return that provides them all, as DfE's rules do.
    needs: tuple = ()
    module: str = ""  # the module that registered it (a family's rules belong to the table module that names them)

    def runs_on(self, container) -> bool:
        return not self.needs or container.provides(self.needs)

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (self.last_year is None or year <= self.last_year)

    @property
    def is_query(self) -> bool:
        return self.kind == QUERY


@dataclass
class Finding:
    rule: Rule
    la_child_id: str | None
    where: str = ""
    line: int = 0
    # Set when DfE's validator reports it but the record is right as it is (why, for the person reading it).
    no_change_needed: str = ""
    # Set in a year in progress for what falls due only at the year's end (why; returns/year_end.py).
    not_yet_due: str = ""

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def is_query(self) -> bool:
        return self.rule.is_query

    @property
    def shown_where(self) -> str:
        """Where, with why it is not yet due when it is not."""
        return f"{self.where} ({self.not_yet_due})" if self.not_yet_due else self.where

    def as_row(self) -> dict:
        return {"child": self.la_child_id or "", "rule": self.rule.code,
                "type": "not yet due" if self.not_yet_due else self.rule.kind,
                "table": self.rule.table, "fields": ", ".join(self.rule.fields), "message": self.rule.message,
                "where": self.shown_where}


@dataclass
class RuleSet:
    """A return's rules. Both returns declare a rule the same way::

        rule = SSDA903.rule

        @rule("378", "Episodes", ["PLACE", "LS"], "A child who is placed with parent(s) cannot be ...")
        def child_placed_with_parents_cannot_be_looked_after_under_s20(child, s): ...

    ``tables``: the table the rule reports against, or a list of it and the others it reads; where the
    return's rules run only on a return that has every table they read (``needs_its_tables``, as DfE's
    SSDA903 rules do), that list decides. ``first_year``/``last_year``: the collection years it applies
    to (None: open-ended), so a new year adds or retires rules instead of copying a file."""

    name: str
    rules: list = field(default_factory=list)
    needs_its_tables: bool = False

    def rule(self, code, tables, fields, message, *, query=None, scope="child", first_year=None, last_year=None):
        """Register a check under its DfE code. Codes ending in Q are queries unless told otherwise."""
        kind = QUERY if (query if query is not None else str(code).endswith("Q")) else ERROR
        named = (tables,) if isinstance(tables, str) else tuple(tables)
        needs = named if self.needs_its_tables else ()

        module = _registering_module()

        def register(check):
            new = Rule(str(code), named[0], tuple(fields), message, kind, check, scope, first_year, last_year, needs, module)
            for year in range(2015, 2040):
                if new.applies_to(year) and any(r.code == new.code and r.applies_to(year) for r in self.rules):
                    raise ValueError(f"rule {new.code} is registered twice for {year}")
            self.rules.append(new)
            return check

        return register

    def for_year(self, year: int) -> list[Rule]:
        return [rule for rule in self.rules if rule.applies_to(year)]


def _registering_module() -> str:
    """The rules module that declared the rule: past the engine and the rule sets' shared ``common``."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").endswith((".common", ".engine")):
        frame = frame.f_back
    return frame.f_globals.get("__name__", "") if frame is not None else ""


def tally(findings) -> tuple[int, int, int, int]:
    """(errors, queries, needing no change, not yet due) of findings (anything with ``is_query``,
    ``no_change_needed`` and ``not_yet_due``); a finding not yet due is counted only as that."""
    findings = list(findings)
    waiting = sum(1 for f in findings if getattr(f, "not_yet_due", ""))
    no_change = sum(1 for f in findings if f.no_change_needed and not getattr(f, "not_yet_due", ""))
    queries = sum(1 for f in findings if f.is_query and not f.no_change_needed and not getattr(f, "not_yet_due", ""))
    return len(findings) - queries - no_change - waiting, queries, no_change, waiting


def _describe(item) -> tuple[str, int]:
    if item is None:
        return "", 0
    if isinstance(item, str):
        return item, 0
    describe = getattr(item, "describe", None)
    return (describe() if describe else ""), getattr(item, "line", 0)


def _child_rules(container, rules: Iterable[Rule]) -> list[Rule]:
    return [rule for rule in rules if rule.scope == "child" and rule.runs_on(container)]


def validate_child(child, container, rules: Iterable[Rule], *, ready=False) -> list[Finding]:
    """A child's findings under the child-level ``rules`` (``ready``: already chosen by ``_child_rules``)."""
    findings = []
    for rule in rules if ready else _child_rules(container, rules):
        for item in rule.check(child, container) or ():
            where, line = _describe(item)
            findings.append(Finding(rule, child.la_child_id, where, line or getattr(child, "line", 0),
                                    getattr(item, "no_change_needed", ""), getattr(item, "not_yet_due", "")))
    return findings


def validate(container, ruleset: RuleSet, year: int, codes: set | None = None) -> list[Finding]:
    """Every finding of the year's rules over a whole return (optionally only some rule codes)."""
    rules = [r for r in ruleset.for_year(year) if codes is None or r.code in codes]
    # Which rules run is decided once for the return, not once per child.
    child_rules = _child_rules(container, rules)
    findings = []
    for child in container.children:
        findings.extend(validate_child(child, container, child_rules, ready=True))
    for rule in rules:
        if rule.scope != "return" or not rule.runs_on(container):
            continue
        for hit in rule.check(container) or ():
            child, item = hit if isinstance(hit, tuple) else (None, hit)
            where, line = _describe(item)
            findings.append(Finding(rule, getattr(child, "la_child_id", None), where, line or getattr(child, "line", 0)))
    return findings
