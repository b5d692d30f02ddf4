"""SSDA903 rules on the header (the child: sex, date of birth, ethnicity, UPN, mother) and UASC, and each
child once, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date

from opencsc.codes import lists

from .common import (
    UPN,
    NotYetDue,
    add_years,
    any_of,
    in_header,
    is_uasc,
    le,
    lt,
    only_once,
    rows_where,
    rule,
    same_dob_as_header,
    valid_code,
    valid_date,
)

NOT_EIGHTEEN_YET = ("not yet due: the 18th birthday is later in the year, and what happens to the child's care on "
                    "that day has not happened yet")

for _code, _table in (("INT31", "AD1"), ("INT33", "OC2"), ("INT34", "OC3"), ("INT35", "PrevPerm"), ("INT36", "UASC")):
    only_once(_code, _table)


for _code, _table in (("INT02", "PlacedAdoption"), ("INT03", "Episodes"), ("INT04", "Missing"), ("INT05", "OC2"),
                      ("INT06", "OC3"), ("INT07", "PrevPerm"), ("INT08", "Reviews"), ("INT09", "UASC")):
    in_header(_code, _table)


for _code, _table in (("INT12", "PlacedAdoption"), ("INT13", "Missing"), ("INT14", "OC2"), ("INT15", "OC3"),
                      ("INT16", "PrevPerm"), ("INT17", "Reviews"), ("INT18", "UASC")):
    same_dob_as_header(_code, _table)


@rule("INT01", ["Header", "AD1"], ["CHILD"], "Data Integrity Check: Child in AD1 does not exist in Header.")
def ad1_child_not_in_header(child, s):
    return child.table("AD1") if child.header is None else ()


same_dob_as_header("INT11", "AD1")


@rule("INT21", ["Header", "UASC"], ["SEX"], "Internal Check: SEX in UASC is different to SEX in Header.")
def uasc_sex_differs_from_header(child, s):
    header = child.header
    if header is not None and header["SEX"]:
        yield from rows_where(child, "UASC", lambda r: r["SEX"] and r["SEX"] != header["SEX"])


only_once("INT32", "Header")


@rule("101", "Header", ["SEX"], "The child or young person's reported sex is not valid.")
def sex_invalid(child, s):
    return rows_where(child, "Header", lambda r: r["SEX"] not in ("M", "F", "U"))


valid_date("102", "Header", "DOB", "Date of birth is not a valid date.", required=True)


valid_code("103", "Header", "ETHNIC", lists.ETHNICITY, "The ethnicity code is either not valid or has not been entered.",
           allow_blank=False)


@rule("104", "UASC", ["DUC"], "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.")
def uasc_ceased_date_invalid(child, s):
    return rows_where(child, "UASC", lambda r: (r["DUC"] and r.day("DUC") is None) or lt(r.day("DUC"), s.start))


@rule("105", "Header", ["UASC"], "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or "
      "has not been completed.")
def uasc_status_invalid_or_missing(child, s):
    # Only the XML form gives the header a UASC flag; for a CSV set it is derived, so cannot be wrong.
    return rows_where(child, "Header", lambda h: "UASC" in h and h["UASC"] not in ("0", "1"))


@rule("165", ["Header", "Episodes", "OC3"], ["MOTHER"], "Data entry for mother status is invalid.")
def mother_status_invalid(child, s):
    header = child.header
    eps = [e for e in child.table("Episodes") if e["LS"] not in ("V3", "V4")]
    if header is None or not eps:
        return
    in_year = any(le(e.day("DECOM"), s.end) and (e.day("DEC") or s.end) >= s.start for e in eps)
    has_oc3 = any(any_of(r, ("ACTIV", "ACCOM", "IN_TOUCH")) for r in child.table("OC3"))
    for header in child.table("Header"):  # every header row, as DfE's merge sees them
        mother, sex = header["MOTHER"], header["SEX"]
        if (mother and mother not in ("0", "1")) or (mother and sex == "1") or (not mother and sex == "2" and in_year) \
                or (mother and sex == "2" and not in_year and has_oc3):
            yield header


@rule("168", "Header", ["UPN"], "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, "
      "UN3, UN4 or UN5.")
def upn_invalid(child, s):
    return rows_where(child, "Header", lambda h: h["UPN"] and not UPN.match(h["UPN"]))


valid_date("171", "Header", "MC_DOB", "Date of birth of mother's child is not a valid date.")


@rule("174", "Header", ["MC_DOB"], "Mother's child date of birth is recorded but sex shows that the child is a male.")
def mother_details_for_a_boy(child, s):
    return rows_where(child, "Header", lambda h: h["SEX"] == "M" and h["MC_DOB"])


@rule("184", ["Header", "PlacedAdoption"], ["DATE_PLACED"], "Date of decision that a child should be placed for adoption "
      "is before the child was born.")
def should_be_placed_before_birth(child, s):
    # DfE's merge keeps the PlacedAdoption row's own DOB (the header's is renamed away).
    return rows_where(child, "PlacedAdoption", lambda r: r.day("DATE_PLACED") is not None
                      and not le(r.day("DOB"), r.day("DATE_PLACED")))


@rule("209", "Header", ["UPN"], "Child looked after is of school age and should not have an unknown Unique Pupil Number "
      "(UPN) code of UN1.")
def un1_at_school_age(child, s):
    reference = date(s.start.year - 1, 8, 31)
    return rows_where(child, "Header", lambda h: h["UPN"] == "UN1" and le(add_years(h.day("DOB"), 4), reference))


@rule("210", ["Header", "Episodes"], ["UPN"], "Children looked after for more than a week at 31 March should not have an "
      "unknown Unique Pupil Number (UPN) code of UN4.")
def un4_after_a_week_in_care(child, s):
    header = child.header
    reference = date(s.end.year, 3, 24)
    if header is not None and header["UPN"] == "UN4" and any(le(reference, e.day("DECOM")) for e in child.table("Episodes")):
        yield header


@rule("231", "Header", ["DOB"], "We expect that unaccompanied asylum seeking children are generally older young people. "
      "Please check the date of birth is correct.", query=True)
def uasc_unusually_young(child, s):
    # DfE's implementation reads a UASC_STATUS column that does not exist and never runs; this is the rule as written.
    if is_uasc(child):
        yield from rows_where(child, "Header", lambda h: lt(add_years(s.end, -11), h.day("DOB")))


@rule("232", "Header", ["SEX"], "Sex of the child/young person has been reported as unknown.", query=True)
def sex_unknown(child, s):
    return rows_where(child, "Header", lambda h: h["SEX"].upper() == "U")


@rule("301", "Header", ["DOB"], "Date of birth falls after the year ended.")
def born_after_the_year(child, s):
    return rows_where(child, "Header", lambda h: lt(s.end, h.day("DOB")))


@rule("302", ["Header", "Episodes"], ["DECOM"], "First episode starts before child was born.")
def first_episode_before_birth(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if eps:
        first = min(eps, key=lambda e: e.day("DECOM"))
        if lt(first.day("DECOM"), child.dob):
            yield first


@rule("303", ["UASC", "Header"], ["DUC"], "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, "
      "UASC status must be coded 1.")
def uasc_ceased_date_without_uasc_status(child, s):
    # The header's UASC flag is derived from the UASC table's presence (CSV) or given (XML).
    header = child.header
    if header is not None and "UASC" in header and header["UASC"] != "1":
        yield from rows_where(child, "UASC", lambda r: r["DUC"])


@rule("304", "UASC", ["DUC"], "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th "
      "birthday of a child.")
def uasc_ceased_after_18th_birthday(child, s):
    return rows_where(child, "UASC", lambda r: lt(add_years(r.day("DOB"), 18), r.day("DUC")))


@rule("351", "Header", ["DOB"], "Child was over 25 at the start of the current collection year.")
def over_25_at_the_start_of_the_year(child, s):
    return rows_where(child, "Header", lambda h: lt(add_years(h.day("DOB"), 25), s.start))


@rule("352", ["Header", "Episodes"], ["DECOM"], "Child who started to be looked after was aged 18 or over.")
def care_began_at_18_or_over(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["RNE"] == "S" and le(eighteen, e.day("DECOM")))


@rule("358", ["Header", "Episodes"], ["LS"], "Child with this legal status should not be under 10.")
def legal_status_not_for_under_10(child, s):
    ten = add_years(child.dob, 10)
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("J1", "J2", "J3") and le(e.day("DECOM"), ten))


@rule("359", ["Header", "Episodes"], ["LS", "PLACE"], "Child being looked after following 18th birthday must be accommodated "
      "under section 20(5) of the Children Act 1989 in a community home.")
def in_care_after_18_not_under_section_20_5(child, s):
    eighteen = add_years(child.dob, 18)
    for e in rows_where(child, "Episodes", lambda e: lt(eighteen, s.end) and not e["DEC"]
                        and not (e["LS"] == "V2" and e["PLACE"] == "K2")):
        # Built during the year, a birthday still ahead has not happened: not yet due (returns/year_end.py).
        yield NotYetDue(e, NOT_EIGHTEEN_YET) if s.as_at is not None and lt(s.as_at, eighteen) else e


@rule("386", ["Header", "Episodes"], ["REC"], "Reason episode ceased is adopted but child has reached age 18.")
def adopted_at_18_or_over(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E11", "E12") and e.day("DEC") and le(eighteen, e.day("DEC")))


@rule("387", ["Header", "Episodes"], ["REC"], "Reason episode ceased is child moved into independent living arrangement, "
      "but the child is aged under 14.")
def independent_living_under_14(child, s):
    fourteen = add_years(child.dob, 14)
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E5", "E6") and e.day("DEC") and not le(fourteen, e.day("DEC")))


@rule("393", ["Header", "Episodes"], ["MOTHER"], "Child is looked after but mother field is not completed.")
def mother_missing(child, s):
    header = child.header
    if header is not None and header["SEX"] == "F" and not header["MOTHER"] \
            and any(e["LS"] not in ("V3", "V4") for e in child.table("Episodes")):
        yield header


# Return-level: a UPN given to two children.


def duplicate_upns_in_the_set(s):
    holders: dict = {}
    for child in s.children:
        for header in child.table("Header"):
            if header["UPN"] and header["UPN"] not in ("UN1", "UN2", "UN3", "UN4", "UN5"):
                holders.setdefault(header["UPN"], []).append((child, header))
    for rows in holders.values():
        if len(rows) > 1:
            yield from rows


rule("444", "Header", ["UPN"], "Duplicate UPN has been reported", scope="return")(
    lambda s: duplicate_upns_in_the_set(s) if s.provides(("Header",)) else ())


@rule("611", "Header", ["MC_DOB"], "Date of birth field is blank, but child is a mother.")
def mother_without_first_childs_birth_date(child, s):
    return rows_where(child, "Header", lambda h: h["MOTHER"] == "1" and not h["MC_DOB"])


@rule("612", "Header", ["MC_DOB"], "Date of birth field has been completed but mother field indicates child is not a mother.")
def first_childs_birth_date_for_a_non_mother(child, s):
    return rows_where(child, "Header", lambda h: h["MOTHER"] in ("0", "") and h["SEX"] == "F" and h["MC_DOB"])


@rule("620", "Header", ["MOTHER"], "Child has been recorded as a mother, but date of birth shows that the mother is under "
      "11 years of age.")
def mother_under_11(child, s):
    return rows_where(child, "Header", lambda h: h["MOTHER"] == "1" and lt(s.start, add_years(h.day("DOB"), 11)))


@rule("621", "Header", ["MC_DOB"], "Mother's field has been completed but date of birth shows that the mother is younger "
      "than her child.")
def mother_younger_than_her_child(child, s):
    return rows_where(child, "Header", lambda h: h.day("MC_DOB") is not None and not lt(h.day("DOB"), h.day("MC_DOB")))


@rule("1014", ["UASC", "Episodes", "OC3"], ["DUC"], "UASC information is not required for care leavers")
def uasc_details_for_a_care_leaver(child, s):
    eps = child.table("Episodes")
    uasc = child.table("UASC")
    if not eps or not uasc:
        return
    in_year = sum(1 for e in eps if (le(s.start, e.day("DEC")) and le(e.day("DECOM"), s.end))
                  or (le(e.day("DECOM"), s.end) and not e.has("DEC")))
    if in_year == 0 and any(any_of(r, ("ACTIV", "ACCOM", "IN_TOUCH")) for r in child.table("OC3")):
        yield from uasc


@rule("3001", ["Header", "OC3"], ["ACCOM"], "Where care leavers information is being returned for a young person around "
      "their 17th birthday, the accommodation cannot be with their former foster carer(s).")
def care_leaver_with_former_foster_carers_at_17(child, s):
    seventeen = add_years(child.dob, 17)
    if le(s.start, seventeen) and le(seventeen, s.end):
        yield from rows_where(child, "OC3", lambda r: r["ACCOM"] in ("Z1", "Z2"))


@rule("EPI", "Header", ["CHILD"], "WARNING: Episodes need to be loaded for this child before further validation is possible")
def no_episodes_loaded(child, s):
    if child.header is not None and not child.table("Episodes") and not child.table("OC3"):
        yield child.header
