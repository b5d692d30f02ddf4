"""SSDA903 rules on deprivation of liberty orders (the DoLo table, from 2026/27), in DfE code order.

From csc-validator-be-903 0.1.17's ``lac2026_27`` (shared/domain/year-2026-27.md §3.2). 709 and 710 read
the placement from Episodes' ``PLACE`` (the validator names a ``PLACEMENT`` column that Episodes does
not have) and count an order still in force as running to the end of the collection year.
706 is implemented from its meaning: the child whose order was open in last year's return and has no
order from the same start this year (the validator marks this year's row at last year's row number,
another child's or none). 707 reads periods of care as the missing-episode rule 577 does.
"""

from __future__ import annotations

from .common import le, lt, periods_of_care, rule

FIRST = 2027  # 2026/27
EXPECTED_PLACEMENTS = {"K2", "Z12", "Z13"}  # 709
NOT_WITH_AN_ORDER = {"K1", "P1", "R5", "K3"}  # 710: secure home, with parents, young offender institution, supported accommodation


def _orders(child):
    return child.table("DoLo")


@rule("700", "DoLo", ["DOLO_START"], "The start date of the DoLO is not a valid date.", first_year=FIRST)
def start_not_a_date(child, s):
    return (row for row in _orders(child) if row.day("DOLO_START") is None)


@rule("701", "DoLo", ["DOLO_END"], "The end date of the DoLO is not a valid date.", first_year=FIRST)
def end_not_a_date(child, s):
    return (row for row in _orders(child) if row.get("DOLO_END") and row.day("DOLO_END") is None)


@rule("702", "DoLo", ["DOLO_END"], "The date that the DoLO ended is before the date that it started.", first_year=FIRST)
def ended_before_it_started(child, s):
    return (row for row in _orders(child) if le(row.day("DOLO_END"), row.day("DOLO_START")))  # the same day too, as DfE's


@rule("703", "DoLo", ["DOLO_START"], "The date that the DoLO started is after the end of the collection year.", first_year=FIRST)
def started_after_the_year(child, s):
    return (row for row in _orders(child) if lt(s.end, row.day("DOLO_START")))


@rule("704", "DoLo", ["DOLO_END"], "The date that the DoLO ended is before the start or after the end of the collection year.",
      first_year=FIRST)
def ended_outside_the_year(child, s):
    return (row for row in _orders(child) if lt(row.day("DOLO_END"), s.start) or lt(s.end, row.day("DOLO_END")))


@rule("705", "DoLo", ["DOLO_START"], "A DoLO cannot start when the previous DoLO is still open.", first_year=FIRST)
def starts_while_the_previous_is_open(child, s):
    dated = [row for row in _orders(child) if row.day("DOLO_START") is not None]
    ordered = sorted(dated, key=lambda r: r.day("DOLO_END") or r.day("DOLO_START"))  # an open order sorts by its start
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous.day("DOLO_END") is None or lt(current.day("DOLO_START"), previous.day("DOLO_END")):
            yield current


@rule("706", ["DoLo", "DoLo_last"], ["DOLO_START"], "There is an open DoLO in last year's return and there is no "
      "corresponding DoLO recorded at the start of this year.", first_year=FIRST)
def last_years_open_order_missing(child, s):
    starts = {row.get("DOLO_START") for row in _orders(child)}
    for before in s.last_of(child).table("DoLo"):
        if before.get("DOLO_START") and not before.get("DOLO_END") and before.get("DOLO_START") not in starts:
            yield f"last year's DoLo row {before.line} (from {before['DOLO_START']})"


@rule("707", ["DoLo", "Episodes"], ["DOLO_END"], "Child ceased to be looked after but there is a DoLO without an end date.",
      first_year=FIRST)
def order_outside_a_period_of_care(child, s):
    periods = periods_of_care(child)
    if not periods:
        return
    for row in _orders(child):
        start, end = row.day("DOLO_START"), row.day("DOLO_END")
        if start is None:
            continue
        if all((end is None and p_end is not None) or (end is None and start < p_start) or lt(p_end, end) or lt(end, p_start)
               for p_start, p_end in periods):
            yield row


@rule("708", "DoLo", ["DOLO_START"], "Dates of DoLOs are before child's date of birth.", first_year=FIRST)
def before_birth(child, s):
    return (row for row in _orders(child) if le(row.day("DOLO_START"), row.day("DOB")))  # the row's own DOB, as DfE's


def _overlapping_placements(child, s, row):
    start, end = row.day("DOLO_START"), row.day("DOLO_END") or s.end
    if start is None:
        return set()
    return {ep.get("PLACE") for ep in child.table("Episodes") if ep.day("DECOM") is not None
            and le(ep.day("DECOM"), end) and (ep.day("DEC") is None or le(start, ep.day("DEC")))}


@rule("709", ["DoLo", "Episodes"], ["DOLO_START", "PLACE"], "Child with a DoLO is in an unexpected placement type.",
      first_year=FIRST)
def in_an_unexpected_placement(child, s):
    return (row for row in _orders(child) if _overlapping_placements(child, s, row) - EXPECTED_PLACEMENTS)


@rule("710", ["DoLo", "Episodes"], ["DOLO_START", "PLACE"], "Child with a DoLO can not be placed in secure children's homes, "
      "with parents, young offender institutions, or supported accommodation.", first_year=FIRST)
def in_a_placement_an_order_cannot_be(child, s):
    return (row for row in _orders(child) if _overlapping_placements(child, s, row) & NOT_WITH_AN_ORDER)
