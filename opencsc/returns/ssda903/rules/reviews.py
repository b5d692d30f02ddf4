"""SSDA903 rules on looked-after reviews, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from opencsc.codes import lists

from .common import add_years, lt, rows_where, rule, valid_date

valid_date("166", "Reviews", "REVIEW", "Date of review is invalid or blank.", required=True)


@rule("167", "Reviews", ["REVIEW_CODE"], "Data entry for participation is invalid or blank.")
def participation_invalid_or_missing(child, s):
    def ok(r):
        return (r["REVIEW"] and lists.REVIEW_PARTICIPATION.valid_in(r["REVIEW_CODE"], s.year)) or \
            (not r["REVIEW"] and not r["REVIEW_CODE"])
    return rows_where(child, "Reviews", lambda r: not ok(r))


@rule("440", "Reviews", ["REVIEW_CODE"], "Participation method indicates child was under 4 years old at the time of the "
      "review, but date of birth and review date indicates the child was 4 years old or over.")
def pn0_for_a_child_of_4_or_over(child, s):
    return rows_where(child, "Reviews", lambda r: r["REVIEW_CODE"] == "PN0" and lt(add_years(r.day("DOB"), 4), r.day("REVIEW")))


@rule("441", "Reviews", ["REVIEW_CODE"], "Participation method indicates child was 4 years old or over at the time of the "
      "review, but the date of birth and review date indicates the child was under 4 years old.")
def participation_of_4_and_over_for_under_4(child, s):
    return rows_where(child, "Reviews", lambda r: r["REVIEW_CODE"] in ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
                      and lt(r.day("REVIEW"), add_years(r.day("DOB"), 4)))
