"""SSDA903 rules on adoption: AD1 (the decision and matching) and placed for adoption, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date

from opencsc.codes import lists

from .common import any_of, lt, rows_where, rule, valid_code, valid_date

valid_date("112", "AD1", "DATE_INT", "Date should be placed for adoption is not a valid date.")


valid_date("113", "AD1", "DATE_MATCH", "Date matching child and adopter(s) is not a valid date.")


valid_code("114", "AD1", "FOSTER_CARE", {"0", "1"}, "Data entry to record the status of former carer(s) of an adopted "
           "child is invalid.")


valid_date("115", "PlacedAdoption", "DATE_PLACED", "Date of Local Authority's (LA) decision that a child should be placed "
           "for adoption is not a valid date.")


valid_date("116", "PlacedAdoption", "DATE_PLACED_CEASED", "Date of Local Authority's (LA) decision that a child should "
           "no longer be placed for adoption is not a valid date.")


@rule("118", ["PlacedAdoption", "Episodes"], ["DATE_PLACED_CEASED"], "Date of decision that a child should no longer be "
      "placed for adoption is before the current collection year or before the date the child started to be looked after.")
def no_longer_to_be_placed_for_adoption_before_year_or_decision(child, s):
    eps = [e for e in child.table("Episodes") if e["LS"] not in ("V3", "V4") and e.day("DECOM")]
    if not eps:
        return
    first = min(eps, key=lambda e: e.day("DECOM")).day("DECOM")
    for r in child.table("PlacedAdoption"):
        ceased = r.day("DATE_PLACED_CEASED")
        if ceased and (ceased < first or ceased < s.start):
            yield r


@rule("119", "PlacedAdoption", ["REASON_PLACED_CEASED"], "If the decision is made that a child should no longer be placed "
      "for adoption, then the date of this decision and the reason why this decision was made must be completed.")
def no_longer_to_be_placed_without_date_or_reason(child, s):
    return rows_where(child, "PlacedAdoption", lambda r: bool(r["DATE_PLACED_CEASED"]) != bool(r["REASON_PLACED_CEASED"]))


valid_code("120", "PlacedAdoption", "REASON_PLACED_CEASED", lists.REASON_PLACED_CEASED,
           "The reason for the reversal of the decision that the child should be placed for adoption code is not valid.")


@rule("151", "AD1", ["DATE_INT"], "All data items relating to a childs adoption must be coded or left blank.")
def adoption_items_partly_completed(child, s):
    columns = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
    return rows_where(child, "AD1", lambda r: any_of(r, columns) and not all(r[c] for c in columns))


valid_code("175", "AD1", "NB_ADOPTR", {"1", "2"}, "The number of adopter(s) code is not a valid code.")


valid_code("176", "AD1", "SEX_ADOPTR", lists.SEX_ADOPTER, "The gender of adopter(s) at the date of adoption code is not a "
           "valid code.")


valid_code("177", "AD1", "LS_ADOPTR", lists.LEGAL_STATUS_ADOPTER, "The legal status of adopter(s) code is not a valid code.")


@rule("331", ["AD1", "Episodes"], ["DATE_MATCH"], "Date of matching child and adopter(s) should be the same as, or prior "
      "to, the date of placement of adoption.")
def matched_after_placed_for_adoption(child, s):
    adopted = [e for e in child.table("Episodes") if e["REC"] in ("E11", "E12")]
    for r in child.table("AD1"):
        if any(lt(e.day("DECOM"), r.day("DATE_MATCH")) for e in adopted):
            yield r


@rule("333", "AD1", ["DATE_INT", "DATE_MATCH"], "Date should be placed for adoption must be on or prior to the date of "
      "matching child with adopter(s).")
def should_be_placed_after_matching(child, s):
    return rows_where(child, "AD1", lambda r: r.day("DATE_MATCH") is not None and (
        r.day("DATE_INT") is None or r.day("DATE_INT") > r.day("DATE_MATCH")))


@rule("511", "AD1", ["NB_ADOPTR", "SEX_ADOPTR"], "If reporting that the number of person(s) adopting the looked after child "
      "is two adopters then the code should only be MM, FF or MF.")
def two_adopters_with_a_single_sex_code(child, s):
    return rows_where(child, "AD1", lambda r: r["NB_ADOPTR"] == "2" and r["SEX_ADOPTR"] in ("M1", "F1"))


@rule("514", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "Data entry on the legal status of adopters shows a single adopter but data "
      "entry for the numbers of adopters shows it as a couple.")
def single_adopter_status_with_a_couple_recorded(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L0" and r["SEX_ADOPTR"] not in ("M1", "F1"))


@rule("517", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "If reporting legal status of adopters is L3 then the genders of adopters "
      "should be coded as MF.")
def l3_adopters_not_mf(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L3" and r["SEX_ADOPTR"] != "MF")


@rule("518", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "If reporting legal status of adopters is L4 then the genders of adopters "
      "should be coded as MM or FF.")
def l4_adopters_not_mm_or_ff(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L4" and r["SEX_ADOPTR"] not in ("MM", "FF"))


@rule("519", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "Data entered on the legal status of adopters shows civil partnership "
      "couple, but data entered on genders of adopters does not show it as a couple.")
def civil_partners_not_recorded_as_a_couple(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L2" and r["SEX_ADOPTR"] not in ("MM", "FF", "MF"))


@rule("520", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "Data entry on the legal status of adopters shows different gender married "
      "couple but data entry on genders of adopters shows it as a same gender couple.")
def married_couple_of_different_sex_recorded_as_same_sex(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L11" and r["SEX_ADOPTR"] != "MF")


@rule("522", "PlacedAdoption", ["DATE_PLACED_CEASED"], "Date of decision that the child should be placed for adoption must "
      "be on or before the date that a child should no longer be placed for adoption.")
def should_be_placed_after_no_longer_to_be(child, s):
    return rows_where(child, "PlacedAdoption", lambda r: lt(r.day("DATE_PLACED_CEASED"), r.day("DATE_PLACED")))


@rule("523", ["PlacedAdoption", "AD1"], ["DATE_PLACED", "DATE_INT"], "Date of decision that the child should be placed for "
      "adoption should be the same date as the decision that adoption is in the best interest (date should be placed).")
def should_be_placed_differs_from_best_interests_date(child, s):
    ints = [r.day("DATE_INT") for r in child.table("AD1") if r.day("DATE_INT")]
    return rows_where(child, "PlacedAdoption", lambda r: r.day("DATE_PLACED") and any(i != r.day("DATE_PLACED") for i in ints))


@rule("524", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "If reporting legal status of adopters is L12 then the genders of adopters "
      "should be coded as MM or FF.")
def l12_adopters_not_mm_or_ff(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L12" and r["SEX_ADOPTR"] not in ("MM", "FF"))


@rule("525", ["PlacedAdoption", "AD1"], ["DATE_PLACED_CEASED"], "A child for whom the decision to be placed for adoption "
      "has been reversed cannot be adopted during the year.")
def adopted_after_the_adoption_decision_was_reversed(child, s):
    adopted = any(any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"))
                  for r in child.table("AD1"))
    if adopted:
        yield from rows_where(child, "PlacedAdoption", lambda r: r["DATE_PLACED_CEASED"])


@rule("563", "PlacedAdoption", ["DATE_PLACED"], "The child should no longer be placed for adoption but the date of the "
      "decision that the child should be placed for adoption is blank")
def no_longer_to_be_placed_without_a_decision_to_place(child, s):
    return rows_where(child, "PlacedAdoption", lambda r: r["REASON_PLACED_CEASED"] and r["DATE_PLACED_CEASED"]
                      and not r["DATE_PLACED"])


@rule("579", "PlacedAdoption", ["DATE_PLACED"], "A new decision that the child should be placed for adoption this year "
      "cannot start when the previous decision is still open.")
def adoption_decision_while_the_previous_is_open(child, s):
    rows = sorted(child.table("PlacedAdoption"), key=lambda r: (r.day("DATE_PLACED") is None, r.day("DATE_PLACED") or date.min))
    for prev, r in zip(rows, rows[1:], strict=False):
        if prev.day("DATE_PLACED_CEASED") is None or lt(r.day("DATE_PLACED"), prev.day("DATE_PLACED_CEASED")):
            yield r


@rule("583", "PlacedAdoption", ["DATE_PLACED_CEASED"], "More than one date the child should be placed for adoption has "
      "been reported, but an earlier decision has not been revoked.")
def second_adoption_decision_without_revoking_the_first(child, s):
    rows = child.table("PlacedAdoption")
    if len(rows) < 2:
        return
    # DfE sorts the text of DATE_PLACED (dd/mm/yyyy) descending and keeps the first as the latest.
    latest = sorted(rows, key=lambda r: r["DATE_PLACED"], reverse=True)[0]
    yield from (r for r in rows if r is not latest and not r["DATE_PLACED_CEASED"])
