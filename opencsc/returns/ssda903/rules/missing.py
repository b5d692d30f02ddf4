"""SSDA903 rules on missing and away from placement episodes, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date

from opencsc.codes import lists

from .common import le, lt, rows_where, rule, valid_code, valid_date


@rule("564", "Missing", ["MIS_START"], "Child was missing or away from placement without authorisation and the date started "
      "is blank.")
def missing_without_a_start_date(child, s):
    return rows_where(child, "Missing", lambda r: r["MISSING"].upper() in ("M", "A") and not r["MIS_START"])


@rule("565", "Missing", ["MISSING"], "The date that the child started to be missing or away from placement without "
      "authorisation has been completed but whether the child was missing or away from placement without authorisation "
      "has not been completed.")
def missing_start_without_missing_or_away(child, s):
    return rows_where(child, "Missing", lambda r: r["MIS_START"] and not r["MISSING"])


@rule("566", "Missing", ["MISSING"], "The date that the child's episode of being missing or away from placement without "
      "authorisation ended has been completed but whether the child was missing or away without authorisation has not "
      "been completed.")
def missing_end_without_missing_or_away(child, s):
    return rows_where(child, "Missing", lambda r: not r["MISSING"] and r["MIS_END"])


@rule("567", "Missing", ["MIS_END"], "The date that the missing episode or episode that the child was away from placement "
      "without authorisation ended is before the date that it started.")
def missing_ended_before_it_started(child, s):
    return rows_where(child, "Missing", lambda r: lt(r.day("MIS_END"), r.day("MIS_START")))


@rule("570", "Missing", ["MIS_START"], "The date that the child started to be missing or away from placement without "
      "authorisation is after the end of the collection year.")
def missing_started_after_the_year(child, s):
    return rows_where(child, "Missing", lambda r: lt(s.end, r.day("MIS_START")))


@rule("571", "Missing", ["MIS_END"], "The date that the child ceased to be missing or away from placement without "
      "authorisation is before the start or after the end of the collection year.")
def missing_ended_outside_the_year(child, s):
    return rows_where(child, "Missing", lambda r: lt(r.day("MIS_END"), s.start) or lt(s.end, r.day("MIS_END")))


@rule("574", "Missing", ["MIS_START"], "A new missing/away from placement without authorisation period cannot start when "
      "the previous missing/away from placement without authorisation period is still open.")
def missing_starts_while_the_previous_is_open(child, s):
    def key(r):
        end = r.day("MIS_END") or r.day("MIS_START")
        return (end is None, end or date.min, r.day("MIS_START") is None, r.day("MIS_START") or date.min)
    rows = sorted(child.table("Missing"), key=key)
    for prev, r in zip(rows, rows[1:], strict=False):
        if prev.day("MIS_END") is None or lt(r.day("MIS_START"), prev.day("MIS_END")):
            yield r


@rule("586", "Missing", ["MIS_START"], "Dates of missing periods are before child's date of birth.")
def missing_before_birth(child, s):
    return rows_where(child, "Missing", lambda r: le(r.day("MIS_START"), r.day("DOB")))


valid_date("1004", "Missing", "MIS_START", "The start date of the missing episode or episode that the child was away from "
           "placement without authorisation is not a valid date.", required=True)


valid_date("1005", "Missing", "MIS_END", "The end date of the missing episode or episode that the child was away from "
           "placement without authorisation is not a valid date.")


valid_code("1006", "Missing", "MISSING", lists.MISSING_TYPE, "Missing type invalid.")
