"""SSDA903 rules on episodes of care (legal status, placements, reasons, postcodes and what DfE derives from
them) and previous permanence, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date, timedelta

from opencsc.codes import lists

from .. import postcodes
from .common import (
    CEASED_CARE,
    LA_CODES,
    NOT_REGISTERED,
    OUTSIDE_ENGLAND,
    add_years,
    any_of,
    continuously_looked_after,
    eq,
    le,
    lt,
    order_too_long,
    partial_date,
    periods_of_care,
    pl_distance,
    pl_la,
    pl_location,
    placed_too_young,
    placement_too_long,
    previous_pairs,
    rows_where,
    rule,
    status_too_long_in_file_order,
    uasc_now_or_last_year,
    valid_code,
    valid_date,
    years,
)


@rule("117", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Date of decision that a child should/should no longer be "
      "placed for adoption is beyond the current collection year or after the child ceased to be looked after.")
def adoption_decisions_after_the_year_or_care_ended(child, s):
    ended = [e for e in child.table("Episodes") if e.day("DECOM") and e["REC"] != "X1"]
    if not ended:
        return
    last = max(ended, key=lambda e: e.day("DECOM"))
    dec = last.day("DEC")
    for r in child.table("PlacedAdoption"):
        placed, ceased = r.day("DATE_PLACED"), r.day("DATE_PLACED_CEASED")
        if lt(s.end, placed) or lt(dec, placed) or lt(s.end, ceased) or lt(dec, ceased):
            yield r


valid_date("141", "Episodes", "DECOM", "Date episode began is not a valid date.")


@rule("142", "Episodes", ["DEC", "REC"], "A new episode has started, but the previous episode has not ended.")
def episode_starts_while_the_previous_is_open(child, s):
    eps = child.episodes
    return [e for e in eps[:-1] if (not e.day("DEC") or not e["REC"]) and e.day("DECOM") is not None]


valid_code("143", "Episodes", "RNE", lists.REASON_NEW_EPISODE, "The reason for new episode code is not a valid code.")


valid_code("144", "Episodes", "LS", lists.LEGAL_STATUS, "The legal status code is not a valid code.")


valid_code("145", "Episodes", "CIN", {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"},
           "Category of need code is not a valid code.")


valid_code("146", "Episodes", "PLACE", lists.PLACEMENT_TYPE, "Placement type code is not a valid code.")


valid_date("147", "Episodes", "DEC", "Date episode ceased is not a valid date.")


@rule("148", "Episodes", ["DEC", "REC"], "Date episode ceased and reason episode ceased must both be coded, or both left blank.")
def ceased_date_and_reason_not_both_given(child, s):
    return rows_where(child, "Episodes", lambda e: bool(e["DEC"]) != bool(e["REC"]))


valid_code("149", "Episodes", "REC", lists.REASON_EPISODE_CEASED, "Reason episode ceased code is not valid.")


@rule("164", "Episodes", ["PL_DISTANCE"], "Distance is not valid. Please check a valid postcode has been entered.")
def distance_invalid(child, s):
    if uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: pl_distance(e, s) is not None and not 0 <= pl_distance(e, s) <= 999.9)


@rule("169", "Episodes", ["PL_POST"], "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
      "postcode has been entered.")
def la_of_placement_invalid_or_missing(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and pl_la(e, s) is None)


@rule("178", "Episodes", ["PLACE_PROVIDER"], "Placement provider code is not a valid code.")
def placement_provider_invalid(child, s):
    no_provider = {"T0", "T1", "T2", "T3", *lists.OTHER_PLACEMENTS}
    providers = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
    return rows_where(child, "Episodes", lambda e: e["PLACE_PROVIDER"] and not (
        e["PLACE_PROVIDER"] in providers and e["PLACE"] not in no_provider))


@rule("179", "Episodes", ["PL_POST"], "Placement location code is not a valid code.")
def placement_location_invalid(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and pl_location(e, s) is None)


@rule("185", ["Episodes", "OC2"], ["SDQ_SCORE"], "Child has not been looked after continuously for at least 12 months at "
      "31 March but a Strengths and Difficulties (SDQ) score has been completed.")
def sdq_score_before_twelve_months_in_care(child, s):
    return rows_where(child, "OC2", lambda r: r["SDQ_SCORE"] and not continuously_looked_after(child, s))


@rule("186", ["Episodes", "OC2"], ["SDQ_SCORE"], "Children aged 4 or over at the start of the year and children aged under "
      "17 at the end of the year and who have been looked after for at least 12 months continuously should have a "
      "Strengths and Difficulties (SDQ) score completed.")
def sdq_missing_for_a_child_who_needs_one(child, s):
    for r in child.table("OC2"):
        dob = r.day("DOB")
        if le(add_years(dob, 4), s.start) and lt(s.end, add_years(dob, 17)) and continuously_looked_after(child, s) \
                and not r["SDQ_SCORE"] and not r["SDQ_REASON"]:
            yield r


@rule("198", ["Episodes", "OC2"], ["SDQ_REASON"], "Child has not been looked after continuously for at least 12 months at "
      "31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed.")
def sdq_reason_before_twelve_months_in_care(child, s):
    return rows_where(child, "OC2", lambda r: r["SDQ_REASON"] and not continuously_looked_after(child, s))


@rule("199", "Episodes", ["REC"], "Episode information shows child has been previously adopted from care.")
def previously_adopted_from_care(child, s):
    # With last year's episodes when given; only this year's are reported.
    this_year = [e for e in child.table("Episodes") if e.day("DECOM")]
    last_year = [e for e in s.last_of(child).table("Episodes") if e.day("DECOM")] if s.provides(("Episodes_last",)) else []
    adoptions = 0
    for e in sorted(this_year + last_year, key=lambda e: e.day("DECOM")):
        adopted = e["REC"] in ("E11", "E12")
        adoptions += adopted
        if adoptions > 0 and not (adopted and adoptions == 1) and e in this_year:
            yield e


@rule("213", "Episodes", ["PLACE_PROVIDER"], "Placement provider information not required.")
def placement_provider_given_where_not_needed(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in (*lists.TEMPORARY_PLACEMENTS, *lists.OTHER_PLACEMENTS)
                      and e["PLACE_PROVIDER"])


@rule("214", "Episodes", ["PL_POST", "URN"], "Placement location information not required.")
def placement_location_given_where_not_needed(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and (e["PL_POST"] or e["URN"]))


@rule("217", "Episodes", ["RNE"], "Children who are placed for adoption with current foster carers (placement types A3 or "
      "A5) must have a reason for new episode of S, T or U.")
def adoption_by_foster_carers_with_wrong_new_episode_reason(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("A3", "A5") and le(date(2015, 4, 1), e.day("DECOM"))
                      and e["RNE"] not in ("S", "T", "U"))


@rule("218", "Episodes", ["URN"], "Ofsted Unique reference number (URN) is required.")
def ofsted_urn_missing(child, s):
    exempt = {"P1", "P3", "R1", "R2", "R5", *lists.TEMPORARY_PLACEMENTS, *lists.OTHER_PLACEMENTS}
    return rows_where(child, "Episodes", lambda e: (le(s.start, e.day("DEC")) or not e["DEC"]) and not e["URN"]
                      and e["PLACE"] not in exempt and pl_la(e, s) not in OUTSIDE_ENGLAND)


@rule("222", "Episodes", ["URN"], "Ofsted Unique reference number (URN) should not be recorded for this placement type.")
def ofsted_urn_for_a_placement_without_one(child, s):
    no_urn = {"P1", "P3", "R1", "R2", "R5", *lists.TEMPORARY_PLACEMENTS, *lists.OTHER_PLACEMENTS}
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in no_urn and e["URN"] and e["URN"] != NOT_REGISTERED)


@rule("225", "Episodes", ["REASON_PLACE_CHANGE"], "Reason for placement change must be recorded.")
def placement_change_without_a_reason(child, s):
    temporary = lists.TEMPORARY_PLACEMENTS
    for e, following in previous_pairs(child):
        if e["REC"] == "X1" and not e["REASON_PLACE_CHANGE"] and e["PLACE"] not in temporary \
                and following["RNE"] in ("P", "B", "T", "U") and following["PLACE"] not in temporary:
            yield e


@rule("226", "Episodes", ["REASON_PLACE_CHANGE"], "Reason for placement change is not required for temporary placements.")
def placement_change_reason_for_a_temporary_placement(child, s):
    eps = child.episodes
    for i, e in enumerate(eps):
        previous_reason = eps[i - 1]["REASON_PLACE_CHANGE"] if i else ""
        if e["PLACE"] in lists.TEMPORARY_PLACEMENTS and (e["REASON_PLACE_CHANGE"] or previous_reason):
            yield e


@rule("233", "Episodes", ["REASON_PLACE_CHANGE"], "Reason for placement change is not required when the episode has not ceased.")
def placement_change_reason_for_an_open_episode(child, s):
    # DfE's implementation reads a column that does not exist and never runs; this is the rule as written.
    return rows_where(child, "Episodes", lambda e: not e["DEC"] and e["REASON_PLACE_CHANGE"])


@rule("234", ["Episodes", "Header"], ["REASON_PLACE_CHANGE"], "A child aged under 10 can not change placement due to being "
      "admitted to custody")
def custody_placement_change_under_10(child, s):
    ten = add_years(child.header.loose("DOB") if child.header else None, 10)
    return rows_where(child, "Episodes", lambda e: e["REASON_PLACE_CHANGE"] == "CUSTOD" and lt(e.loose("DECOM"), ten))


@rule("241", "Episodes", ["URN", "PL_POST"], "LA of placement is not an LA the provider has premises.")
def la_of_placement_where_the_provider_has_no_premises(child, s):
    return rows_where(child, "Episodes", lambda e: e["URN"] and e["URN"] != NOT_REGISTERED and e["PLACE"] == "K3"
                      and pl_la(e, s) != s.authority)


@rule("242", "Episodes", ["URN"], f"URN = '{NOT_REGISTERED}' can only be used for regional adoption agencies")
def raa_urn_for_a_placement_not_made_by_a_raa(child, s):
    return rows_where(child, "Episodes", lambda e: e["URN"] == NOT_REGISTERED and e["PLACE"] not in
                      (*lists.PLACED_FOR_ADOPTION, "U1", "U2", "U3", "U4", "U5", "U6"))


@rule("243", "Episodes", ["URN"], "Only placements with providers registered with Ofsted should have a URN reported.")
def urn_for_a_provider_not_registered_with_ofsted(child, s):
    return rows_where(child, "Episodes", lambda e: pl_la(e, s) in OUTSIDE_ENGLAND and e["URN"])


@rule("334", ["Episodes", "AD1"], ["DATE_INT"], "Date child started to be looked after in latest period of care must be on "
      "or prior to the date should be placed for adoption.")
def should_be_placed_before_the_latest_period_began(child, s):
    starts = [e for e in child.table("Episodes") if e["RNE"] == "S" and e.day("DECOM")]
    if starts:
        latest = max(starts, key=lambda e: e.day("DECOM")).day("DECOM")
        yield from rows_where(child, "AD1", lambda r: lt(r.day("DATE_INT"), latest))


@rule("335", ["Episodes", "AD1"], ["FOSTER_CARE", "PLACE"], "The current foster value (0) suggests that child is not adopted "
      "by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child "
      "is adopted by current foster carer, but last placement is A1, A4 or A6.")
def foster_carer_adoption_flag_disagrees_with_last_placement(child, s):
    for e in child.table("Episodes"):
        if e["REC"] in ("E1", "E11", "E12"):
            for r in child.table("AD1"):
                if (e["PLACE"] in ("A2", "A3", "A5") and r["FOSTER_CARE"] == "0") or \
                        (e["PLACE"] in ("A1", "A4", "A6") and r["FOSTER_CARE"] == "1"):
                    yield e
                    break


@rule("336", "Episodes", ["PLACE"], "Child does not have a foster placement immediately prior to being placed for adoption.")
def no_foster_placement_before_adoption_by_foster_carers(child, s):
    before = (*lists.PLACED_FOR_ADOPTION, "U1", "U2", "U3", "U4", "U5", "U6")
    return [e for prev, e in previous_pairs(child) if e["PLACE"] in ("A3", "A4") and prev["PLACE"] not in before]


@rule("353", "Episodes", ["DECOM"], "No episode submitted can start before 14 October 1991.")
def episode_before_october_1991(child, s):
    return rows_where(child, "Episodes", lambda e: lt(e.day("DECOM"), date(1991, 10, 14)))


@rule("354", "Episodes", ["DECOM"], "Date episode ceased must be on or before the end of the current collection year.")
def episode_ceased_after_the_year(child, s):
    return rows_where(child, "Episodes", lambda e: lt(s.end, e.day("DECOM")))


@rule("355", "Episodes", ["DECOM", "DEC"], "Episode appears to have lasted for less than 24 hours", query=True)
def episode_shorter_than_a_day(child, s):
    return rows_where(child, "Episodes", lambda e: e["DECOM"] == e["DEC"])  # two blanks are equal here (as text)


@rule("356", "Episodes", ["DEC"], "The date the episode ceased is before the date the same episode started.")
def episode_ceased_before_it_started(child, s):
    return rows_where(child, "Episodes", lambda e: lt(e.day("DEC"), e.day("DECOM")))


@rule("357", "Episodes", ["RNE"], "If this is the first episode ever for this child, reason for new episode must be S.")
def first_episode_not_reason_s(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if eps:
        first = min(eps, key=lambda e: e.day("DECOM"))
        if first.day("DECOM") >= s.start and first["RNE"] != "S":
            yield first


order_too_long("361", "L1", 3, "Police protection legal status lasted longer than maximum 72 hours allowed in the Children "
               "Act 1989.")


order_too_long("362", "L2", 21, "Emergency protection order (EPO) lasted longer than 21 days")


status_too_long_in_file_order("363", "L3", 7, "Child assessment order (CAO) lasted longer than 7 days allowed in the "
                              "Children Act 1989.")


status_too_long_in_file_order("364", "J2", 21, "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely "
                              "limits the time a child can be detained in custody in Local Authority (LA) accommodation.")


@rule("365", "Episodes", ["DEC"], "Any individual short- term respite placement must not exceed 17 days.")
def respite_placement_over_17_days(child, s):
    def too_long(e):
        dec = e.day("DEC") if e["DEC"] else s.end
        return e["LS"] == "V3" and lt(e.day("DECOM") and e.day("DECOM") + timedelta(days=17), dec)
    return rows_where(child, "Episodes", too_long)


@rule("366", "Episodes", ["LS", "RNE"], "A child cannot change placement during the course of an individual short-term "
      "respite break.")
def placement_change_during_a_respite_break(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] == "V3" and e["RNE"] != "S")


@rule("367", "Episodes", ["LS"], "The maximum amount of respite care allowable is 75 days in any 12-month period.")
def respite_over_75_days_in_a_year(child, s):
    counted = []
    for e in child.table("Episodes"):
        if e["LS"] != "V3" or not e["DECOM"]:
            continue
        start, end = e.day("DECOM"), e.day("DEC")
        if not e["DEC"] or (end is not None and end > s.end):
            end = s.end
        if start is not None and start < s.start:
            start = s.start
        if start is None or end is None:
            continue
        days = (end - start).days
        if days > 0:
            counted.append((e, days))
    if sum(days for _, days in counted) > 75:
        yield from (e for e, _ in counted)


placed_too_young("371", "K3", 16, "Child in supported accomodation not subject to children's homes regulations should be at least 16.")


placed_too_young("372", "R5", 10, "Child in youth custody or prison should be at least 10.")


placed_too_young("373", "S1", 4, "Child placed in a school should be at least 4 years old.")


placed_too_young("374", "P3", 14, "Child in residential employment should be at least 14 years old.")


placement_too_long("375", "T1", 42, "Hospitalisation coded as a temporary placement exceeds six weeks.")


placement_too_long("376", "T3", 21, "Temporary placements coded as being due to holiday of usual foster carer(s) cannot "
                   "exceed three weeks.")


@rule("377", "Episodes", ["PLACE"], "Only two temporary placements coded as being due to holiday of usual foster carer(s) "
      "are allowed in any 12- month period.", query=True)
def more_than_two_holiday_placements_in_a_year(child, s):
    t3 = [e for e in child.table("Episodes") if e["PLACE"] == "T3"]
    return t3 if len(t3) > 2 else ()


@rule("378", "Episodes", ["PLACE", "LS"], "A child who is placed with parent(s) cannot be looked after under a single "
      "period of accommodation under Section 20 of the Children Act 1989.")
def parents_placement_needs_care_order(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] == "P1" and e["LS"] == "V2")


placement_too_long("379", "T4", 7, "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.")


@rule("380", "Episodes", ["PLACE", "RNE"], "A period of care cannot start with a temporary placement.")
def period_of_care_starts_in_a_temporary_placement(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in lists.TEMPORARY_PLACEMENTS and e["RNE"] not in ("P", "B"))


@rule("381", "Episodes", ["PLACE", "REC"], "A period of care cannot end with a temporary placement.")
def period_of_care_ends_in_a_temporary_placement(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in lists.TEMPORARY_PLACEMENTS and e["REC"] and e["REC"] != "X1")


@rule("382", "Episodes", ["LS", "PLACE"], "A child receiving respite care cannot be in a temporary placement.")
def respite_child_in_a_temporary_placement(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and e["PLACE"] in lists.TEMPORARY_PLACEMENTS)


@rule("383", "Episodes", ["PLACE", "RNE"], "A child in a temporary placement must subsequently return to his/her normal "
      "placement.")
def temporary_placement_without_return_to_the_usual(child, s):
    eps = sorted(child.table("Episodes"), key=lambda e: (e.loose("DECOM") is None, e.loose("DECOM") or date.min))
    for i in range(2, len(eps)):
        before, temporary, e = eps[i - 2], eps[i - 1], eps[i]
        if temporary["PLACE"] in lists.TEMPORARY_PLACEMENTS and (
                e["RNE"] != "P" or not eq(e["PLACE"], before["PLACE"]) or not eq(e["PL_POST"], before["PL_POST"])):
            yield e


@rule("384", "Episodes", ["LS", "PLACE"], "A child receiving respite care cannot be in a long-term foster placement")
def respite_child_in_long_term_fostering(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and e["PLACE"] in ("U1", "U4"))


@rule("385", "Episodes", ["DEC"], "Date episode ceased must be on or before the end of the current collection year.")
def episode_ceased_after_the_year_end(child, s):
    return rows_where(child, "Episodes", lambda e: lt(s.end, e.day("DEC")))


@rule("388", "Episodes", ["REC"], "Reason episode ceased is coded new episode begins, but there is no continuation episode.")
def new_episode_reason_without_a_next_episode(child, s):
    eps = sorted(child.table("Episodes"), key=lambda e: e.day("DECOM") or date(1901, 1, 1))
    for i, e in enumerate(eps):
        following = eps[i + 1] if i + 1 < len(eps) else None
        dec = e.day("DEC")
        if following is None:
            if dec and e["REC"] == "X1":
                yield e
            continue
        next_start = following.day("DECOM") or date(1901, 1, 1)
        if e["REC"] == "X1" and dec and dec != next_start:
            yield e
        elif e["REC"] and e["REC"] != "X1" and dec and dec == next_start:
            yield e


@rule("389", ["Episodes", "Header"], ["REC"], "Reason episode ceased is that child transferred to care of adult social "
      "care services, but child is aged under 16.")
def transferred_to_adult_care_under_16(child, s):
    sixteen = add_years(child.dob, 16)
    return rows_where(child, "Episodes", lambda e: e["REC"] == "E7" and not le(sixteen, e.day("DEC")))


@rule("390", "Episodes", ["REC", "PLACE"], "Reason episode ceased is adopted but child has not been previously placed for "
      "adoption.")
def adopted_without_placement_for_adoption(child, s):
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E11", "E12") and e["PLACE"] not in lists.PLACED_FOR_ADOPTION)


@rule("398", "Episodes", ["HOME_POST", "PL_POST"], "Distance field completed but child looked after under legal status V3 or V4.")
def distance_for_short_breaks(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and (e["HOME_POST"] or e["PL_POST"]))


@rule("399", ["Episodes", "Header", "Reviews"], ["MOTHER", "REVIEW"], "Mother field, review field or participation field "
      "are completed but child is looked after under legal status V3 or V4.")
def mother_or_review_details_for_short_breaks(child, s):
    eps = child.table("Episodes")
    if not eps or not all(e["LS"] in ("V3", "V4") for e in eps):
        return
    header = child.header
    reviews = child.table("Reviews")
    if (header is not None and header["MOTHER"]) or any(r["REVIEW"] or r["REVIEW_CODE"] for r in reviews):
        yield from eps


@rule("406", "Episodes", ["PL_DISTANCE"], "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. "
      "Distance should be blank.")
def distance_for_a_uasc(child, s):
    if not uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: pl_distance(e, s) is not None)


@rule("407", ["Episodes", "Header"], ["REC"], "Reason episode ceased is Special Guardianship Order, but child has reached age 18.")
def special_guardianship_at_18_or_over(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E45", "E46", "E47", "E48") and lt(eighteen, e.day("DEC")))


@rule("408", "Episodes", ["PLACE", "LS"], "Child is placed for adoption with a placement order, but no placement order "
      "has been recorded.")
def placed_for_adoption_without_a_placement_order(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("A5", "A6") and e["LS"] != "E1")


@rule("411", "Episodes", ["PL_POST"], "Placement location code disagrees with LA of placement.")
def placement_location_disagrees_with_la_of_placement(child, s):
    return rows_where(child, "Episodes", lambda e: pl_location(e, s) == "IN" and pl_la(e, s) != s.authority)


@rule("420", "Episodes", ["PL_POST"], "LA of placement completed but child is looked after under legal status V3 or V4.")
def la_of_placement_for_short_breaks(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and pl_la(e, s) is not None)


@rule("426", "Episodes", ["LS"], "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in "
      "the same year.")
def short_breaks_mixed_with_other_legal_statuses(child, s):
    eps = child.table("Episodes")
    if any(e["LS"] == "V3" for e in eps) and any(e["LS"] == "V4" for e in eps):
        yield from (e for e in eps if e["LS"] in ("V3", "V4"))


@rule("431", "Episodes", ["RNE"], "The reason for new episode is started to be looked after, but the previous episode ended "
      "on the same day.")
def new_period_starts_the_day_the_previous_ended(child, s):
    return [e for prev, e in previous_pairs(child) if e["RNE"] == "S" and le(e.day("DECOM"), prev.day("DEC"))]


@rule("432", "Episodes", ["RNE"], "The child ceased to be looked after at the end of the previous episode but the reason "
      "for the new episode is not started to be looked after.")
def new_period_not_reason_s_after_care_ended(child, s):
    return [e for prev, e in previous_pairs(child) if prev["REC"] in CEASED_CARE and e["RNE"] != "S"]


@rule("433", "Episodes", ["RNE", "DECOM"], "The reason for new episode suggests that this is a continuation episode, but "
      "the episode does not start on the same day as the last episode finished.")
def continuation_episode_not_continuous(child, s):
    def key(e):
        return (e.day("DECOM") is None, e.day("DECOM") or date.min, e.day("DEC") is None, e.day("DEC") or date.min)
    eps = sorted(child.table("Episodes"), key=key)
    for prev, e in zip(eps, eps[1:], strict=False):
        if e["RNE"] in ("P", "L", "T", "U", "B") and (prev["DEC"] != e["DECOM"] or not prev["DEC"] or not e["DECOM"]):
            yield e


@rule("434", "Episodes", ["RNE"], "Reason for new episode is that child's legal status has changed but not the placement, "
      "but this is not reflected in the episode data.")
def legal_status_change_not_in_the_episodes(child, s):
    for prev, e in previous_pairs(child):
        if e["RNE"] == "L" and (eq(e["LS"], prev["LS"]) or any(e[c] != prev[c] for c in ("PLACE", "PL_POST", "URN",
                                                                                            "PLACE_PROVIDER"))):
            yield e


@rule("435", "Episodes", ["RNE"], "Reason for new episode is that child's placement has changed but not the legal status, "
      "but this is not reflected in the episode data recorded.")
def placement_change_not_in_the_episodes(child, s):
    for prev, e in previous_pairs(child):
        if e["RNE"] in ("P", "T"):
            same_place = all(eq(e[c], prev[c]) for c in ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
            if not eq(e["LS"], prev["LS"]) or same_place:
                yield e


@rule("436", "Episodes", ["RNE"], "Reason for new episode is that both child's placement and legal status have changed, "
      "but this is not reflected in the episode data.")
def placement_and_legal_status_change_not_in_the_episodes(child, s):
    def same(a, b, column):  # DfE fills blanks with '*' first, so two blanks are equal here
        return (a[column] or "*") == (b[column] or "*")
    for prev, e in previous_pairs(child):
        if e["RNE"] in ("U", "B") and (same(e, prev, "LS") or all(same(e, prev, c) for c in
                                                                   ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))):
            yield e


@rule("437", "Episodes", ["REC"], "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.")
def episodes_after_death_or_eighteen(child, s):
    eps = child.episodes
    return [e for i, e in enumerate(eps) if e.day("DECOM") and e["REC"] in ("E2", "E15") and i + 1 < len(eps)]


@rule("442", ["Episodes", "Header"], ["UPN"], "Unique Pupil Number (UPN) field is not completed.")
def upn_missing(child, s):
    header = child.header
    if header is not None and not header["UPN"] and any(e["LS"] not in ("V3", "V4") for e in child.table("Episodes")):
        yield header


@rule("446", "Episodes", ["LS"], "E1 is not a valid code for episodes starting before December 2005.")
def e1_before_december_2005(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] == "E1" and lt(e.day("DECOM"), date(2005, 12, 1)))


@rule("454", "Episodes", ["PL_DISTANCE"], "Placement distance from home is over 350 miles.", query=True)
def placement_over_350_miles_from_home(child, s):
    return rows_where(child, "Episodes", lambda e: pl_distance(e, s) is not None and pl_distance(e, s) > 350
                      and pl_distance(e, s) != 999.9)


@rule("460", ["Episodes", "Header"], ["REC"], "Reason episode ceased is that child stayed with current carers at age 18 "
      "(or above), but child is aged under 18.")
def staying_put_under_18(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["REC"] == "E17" and lt(e.day("DEC"), eighteen))


@rule("501", "Episodes", ["DECOM"], "A new episode has started before the end date of the previous episode.")
def episode_starts_before_the_previous_ends(child, s):
    return [e for prev, e in previous_pairs(child) if lt(e.day("DECOM"), prev.day("DEC"))]


@rule("504", "Episodes", ["CIN"], "The category of need code differs from that reported at start of current period of being "
      "looked after")
def category_of_need_changed_within_a_period(child, s):
    for prev, e in previous_pairs(child):
        if prev["REC"] == "X1" and prev.day("DEC") is not None and prev.day("DEC") == e.day("DECOM") \
                and not eq(e["CIN"], prev["CIN"]):
            yield e


@rule("516", "Episodes", ["REC", "PLACE"], "The episode data submitted for this child does not show that he/she was with "
      "their former foster carer(s) during the year. If the code in the reason episode ceased is E45 or E46 the child "
      "must have a placement code of U1 to U6.")
def staying_put_without_former_foster_carers(child, s):
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E45", "E46") and e["PLACE"] not in
                      ("U1", "U2", "U3", "U4", "U5", "U6"))


@rule("521", ["Episodes", "AD1"], ["DATE_INT"], "Date of local authority's decision (LA) that adoption is in the best "
      "interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.")
def best_interests_decision_after_placement_for_adoption(child, s):
    placed = [e for e in child.table("Episodes") if e["PLACE"] in lists.PLACED_FOR_ADOPTION]
    for r in child.table("AD1"):
        if any(lt(e.day("DECOM"), r.day("DATE_INT")) for e in placed):
            yield r


@rule("526", "Episodes", ["PLACE_PROVIDER"], "Child is missing a placement provider code for at least one episode.")
def placement_provider_missing(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] not in (*lists.TEMPORARY_PLACEMENTS, *lists.OTHER_PLACEMENTS)
                      and not e["PLACE_PROVIDER"])


@rule("527", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR1 cannot be associated with placements P1, R2 "
      "or R5.")
def pr1_with_p1_r2_or_r5(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("P1", "R2", "R5") and e["PLACE_PROVIDER"] == "PR1")


@rule("528", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR2 cannot be associated with placements P1, "
      "R2 or R5.")
def pr2_with_p1_r2_or_r5(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("P1", "R2", "R5") and e["PLACE_PROVIDER"] == "PR2")


@rule("529", "Episodes", ["PLACE_PROVIDER"], "Placement provider code of PR3 cannot be associated with placements P1, A3 to "
      "A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.")
def pr3_with_a_placement_others_cannot_provide(child, s):
    places = {*lists.PLACED_FOR_ADOPTION, "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6"}
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in places and e["PLACE_PROVIDER"] == "PR3")


@rule("530", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR4 cannot be associated with placement P1.")
def pr4_with_p1(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] == "P1" and e["PLACE_PROVIDER"] == "PR4")


@rule("531", "Episodes", ["PLACE", "PLACE_PROVIDER"], "A placement provider code of PR5 cannot be associated with placements P1.")
def pr5_with_p1(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] == "P1" and e["PLACE_PROVIDER"] == "PR5")


@rule("543", ["Episodes", "OC2"], ["CONVICTED"], "Child is aged 10 or over at 31 March and has been looked after "
      "continuously for 12 months yet conviction information has not been completed.")
def conviction_missing_for_10_and_over(child, s):
    return rows_where(child, "OC2", lambda r: lt(add_years(r.day("DOB"), 10), s.end) and continuously_looked_after(child, s)
                      and not r["CONVICTED"])


@rule("546", ["Episodes", "OC2"], ["HEALTH_CHECK"], "Children aged 5 or over at 31 March should not have health promotion "
      "information completed.")
def health_promotion_for_5_and_over(child, s):
    return rows_where(child, "OC2", lambda r: le(add_years(r.day("DOB"), 5), s.end) and continuously_looked_after(child, s)
                      and r["HEALTH_CHECK"])


@rule("550", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR0 can only be associated with placement P1.")
def pr0_with_a_placement_other_than_p1(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] != "P1" and e["PLACE_PROVIDER"] == "PR0")


@rule("551", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Child has been placed for adoption but there is no date of "
      "the decision that the child should be placed for adoption.")
def placed_for_adoption_without_a_decision(child, s):
    decisions = child.table("PlacedAdoption")
    if not decisions or any(not r["DATE_PLACED"] for r in decisions):
        yield from rows_where(child, "Episodes", lambda e: e["PLACE"] in lists.PLACED_FOR_ADOPTION)


@rule("552", ["Episodes", "PlacedAdoption"], ["DATE_PLACED", "DECOM"], "Date of Decision to place a child for adoption "
      "should be on or prior to the date that the child was placed for adoption.")
def decision_to_place_after_placement(child, s):
    decisions = [r for r in child.table("PlacedAdoption") if r.day("DATE_PLACED")]
    placed = [e for e in child.table("Episodes") if e["PLACE"] in lists.PLACED_FOR_ADOPTION and e.day("DECOM")]
    if decisions and placed:
        last = max(decisions, key=lambda r: r.day("DATE_PLACED"))
        first = min(placed, key=lambda e: e.day("DECOM"))
        if first.day("DECOM") < last.day("DATE_PLACED"):
            yield last


@rule("553", ["Episodes", "PlacedAdoption"], ["LS"], "Placement order has been granted but there is no date of decision "
      "that the child should be placed for adoption.")
def placement_order_without_a_decision_to_place(child, s):
    decisions = child.table("PlacedAdoption")
    e1 = [e for e in child.table("Episodes") if e["LS"] == "E1"]
    if e1 and not decisions:
        yield from e1
    if any(not e["DEC"] for e in e1):
        yield from (r for r in decisions if r["DATE_PLACED_CEASED"] or r["REASON_PLACED_CEASED"])


@rule("554", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Date of decision that the child should be placed for adoption "
      "should be on or prior to the date that the placement order was granted.")
def decision_to_place_after_the_placement_order(child, s):
    e1 = [e for e in child.table("Episodes") if e["LS"] == "E1" and e.day("DECOM")]
    if e1:
        first = min(e1, key=lambda e: e.day("DECOM"))
        if any(lt(first.day("DECOM"), r.day("DATE_PLACED")) for r in child.table("PlacedAdoption")):
            yield first


@rule("557", ["Episodes", "PlacedAdoption"], ["DATE_PLACED_CEASED"], "Child for whom the decision was made that they should "
      "be placed for adoption has left care but was not adopted and information on the decision that they should no "
      "longer be placed for adoption items has not been completed.")
def left_care_unadopted_without_a_reversed_decision(child, s):
    decisions = child.table("PlacedAdoption")
    incomplete = [r for r in decisions if not r["DATE_PLACED_CEASED"] or not r["REASON_PLACED_CEASED"]]
    for e in child.table("Episodes"):
        if (e["PLACE"] in lists.PLACED_FOR_ADOPTION or e["LS"] == "E1") and e["REC"] and e["REC"] not in ("E11", "E12", "X1"):
            if not decisions or incomplete:
                yield e


@rule("558", ["Episodes", "PlacedAdoption"], ["DATE_PLACED_CEASED"], "If a child has been adopted, then the decision to "
      "place them for adoption has not been disrupted and the date of the decision that a child should no longer be "
      "placed for adoption should be left blank.")
def adopted_with_a_reversed_decision(child, s):
    decisions = child.table("PlacedAdoption")
    adopted = [e for e in child.table("Episodes") if e["REC"] in ("E11", "E12")]
    if adopted and decisions and all(r["DATE_PLACED_CEASED"] for r in decisions):
        # DfE counts the ceased dates over the merged rows: more than one per child is an error.
        if len(adopted) * len(decisions) > 1:
            yield from adopted


@rule("575", ["Episodes", "Missing"], ["MIS_END"], "If the placement from which the child goes missing/away from placement "
      "without authorisation ends, the missing/away from placement without authorisation period in the missing module "
      "must also have an end date.")
def missing_period_open_after_its_placement_ended(child, s):
    ended = [e for e in child.table("Episodes") if e.day("DEC") and e.day("DECOM")]
    for r in child.table("Missing"):
        start = r.day("MIS_START")
        if not r["MIS_END"] and any(le(e.day("DECOM"), start) and le(start, e.day("DEC")) for e in ended):
            yield r


@rule("577", ["Episodes", "Missing"], ["MIS_END"], "Child ceased to be looked after but there is a missing/away from "
      "placement without authorisation period without an end date.")
def missing_period_open_after_care_ended(child, s):
    periods = periods_of_care(child)
    if not periods:
        return
    for r in child.table("Missing"):
        start, end = r.day("MIS_START"), r.day("MIS_END")
        if start is None:
            continue
        if all((end is None and p_end is not None) or (end is None and start < p_start) or lt(p_end, end) or lt(end, p_start)
               for p_start, p_end in periods):
            yield r


@rule("578", ["Episodes", "Missing"], ["MIS_START"], "The date that the child started to be missing is after the child "
      "ceased to be looked after.")
def missing_after_care_ended(child, s):
    periods = periods_of_care(child)
    if not periods:
        return
    for r in child.table("Missing"):
        start = r.day("MIS_START")
        if all(lt(start, p_start) or lt(p_end, start) for p_start, p_end in periods):
            yield r


@rule("580", ["Episodes", "Missing"], ["REC"], "Child is missing when cease being looked after but reason episode ceased "
      "not 'E8'.")
def missing_at_the_end_of_care_but_not_e8(child, s):
    for r in child.table("Missing"):
        eighteen = add_years(r.day("DOB"), 18)
        end = r.day("MIS_END")
        if end is not None and end == eighteen:
            yield from (e for e in child.table("Episodes") if e.day("DEC") == end and e["REC"] != "E8")


@rule("581", ["Episodes", "Missing"], ["MIS_START"], "Child is missing but has not yet started to be looked after.")
def missing_before_care_began(child, s):
    eps = child.table("Episodes")
    if not eps:
        return
    for r in child.table("Missing"):
        start = r.day("MIS_START")
        if not any(le(e.day("DECOM"), start) and (le(start, e.day("DEC")) or e.day("DEC") is None) for e in eps):
            yield r


@rule("582", ["Episodes", "AD1"], ["DATE_MATCH"], "Child is showing as ceasing to be looked after due to adoption, but the "
      "date of adoption is the same as the date reported for being matched with adopters.", query=True)
def adopted_on_the_day_of_matching(child, s):
    matches = {r["DATE_MATCH"] for r in child.table("AD1") if r["DATE_MATCH"]}
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E11", "E12") and e["DEC"] and e["DEC"] in matches)


@rule("601", ["Episodes", "AD1"], ["DATE_INT"], "The additional fields relating to adoption have not been completed although "
      "the episode data shows that the child was adopted during the year.")
def adopted_without_adoption_details(child, s):
    adopted = any(le(s.start, e.day("DEC")) and le(e.day("DEC"), s.end) and e["REC"] in ("E11", "E12")
                  for e in child.table("Episodes"))
    if adopted:
        yield from rows_where(child, "AD1", lambda r: not all(r[c] for c in ("DATE_INT", "DATE_MATCH", "FOSTER_CARE",
                                                                              "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")))


@rule("602", ["Episodes", "AD1"], ["DATE_INT"], "The episode data submitted for this child does not show that he/she was "
      "adopted during the year.")
def adoption_details_without_an_adoption(child, s):
    adopted = any(le(s.start, e.day("DEC")) and le(e.day("DEC"), s.end) and e["REC"] in ("E11", "E12")
                  for e in child.table("Episodes"))
    if not adopted:
        yield from rows_where(child, "AD1", lambda r: any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                                                 "SEX_ADOPTR", "LS_ADOPTR")))


@rule("607", ["Episodes", "Header"], ["MOTHER"], "Child ceased to be looked after in the year, but mother field has not "
      "been completed.")
def mother_missing_for_a_child_leaving_care(child, s):
    header = child.header
    if header is None or header["SEX"] != "F" or header["MOTHER"]:
        return
    if any(e.day("DEC") and e["REC"] and e["REC"] != "X1" and e["LS"] not in ("V3", "V4")
           and s.start <= e.day("DEC") <= s.end for e in child.table("Episodes")):
        yield header


@rule("625", ["Episodes", "Header"], ["MC_DOB"], "Date of birth of the first child is beyond the end of this reporting year "
      "or the date the child ceased to be looked after.")
def first_childs_birth_after_the_year_or_care(child, s):
    ended = [e for e in child.table("Episodes") if e.day("DEC")]
    header = child.header
    if ended and header is not None:
        dec = max(e.day("DEC") for e in ended)
        mc_dob = header.day("MC_DOB")
        if lt(s.end, mc_dob) or lt(dec, mc_dob):
            yield header


@rule("628", ["Episodes", "Header", "OC3"], ["MOTHER"], "Motherhood details are not required for care leavers who have not "
      "been looked after during the year.")
def mother_details_for_a_care_leaver_not_in_care(child, s):
    header = child.header
    if header is not None and not child.table("Episodes") and header["MOTHER"] \
            and any(any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")) for r in child.table("OC3")):
        yield header


@rule("630", ["Episodes", "PrevPerm"], ["PREV_PERM"], "Information on previous permanence option should be returned.")
def previous_permanence_missing(child, s):
    perms = child.table("PrevPerm")
    for e in child.table("Episodes"):
        if e["RNE"] == "S" and le(s.start, e.day("DECOM")):
            if not perms or any((r["PREV_PERM"] != "Z1" and (not r["LA_PERM"] or not r["DATE_PERM"])) or not r["PREV_PERM"]
                                for r in perms):
                yield e


valid_code("631", "PrevPerm", "PREV_PERM", lists.PREVIOUS_PERMANENCE, "Previous permanence option not a valid value.")


@rule("632", ["Episodes", "PrevPerm"], ["DATE_PERM"], "Date of previous permanence order not a valid value.")
def previous_permanence_date_invalid(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if not eps:
        return
    first = min(e.day("DECOM") for e in eps)
    for r in child.table("PrevPerm"):
        when = partial_date(r["DATE_PERM"]) if r["DATE_PERM"] else None
        if (when is not None and when >= first) or (r["DATE_PERM"] and when is None):
            yield r


@rule("633", "PrevPerm", ["LA_PERM"], "Local authority code where previous permanence option was arranged is not a valid value.")
def previous_permanence_la_invalid(child, s):
    return rows_where(child, "PrevPerm", lambda r: r["LA_PERM"] and r["LA_PERM"] not in LA_CODES)


@rule("634", ["Episodes", "PrevPerm"], ["PREV_PERM"], "There are entries for previous permanence options, but child has not "
      "started to be looked after from 1 April 2016 onwards.")
def previous_permanence_before_april_2016(child, s):
    starts = [e.day("DECOM") for e in child.table("Episodes") if e.day("DECOM")]
    if starts and max(starts) < s.start:
        yield from rows_where(child, "PrevPerm", lambda r: any_of(r, ("PREV_PERM", "DATE_PERM", "LA_PERM")))


@rule("635", "PrevPerm", ["PREV_PERM"], "There are entries for date of order and local authority code where previous "
      "permanence option was arranged but previous permanence code is Z1")
def previous_permanence_details_with_z1(child, s):
    return rows_where(child, "PrevPerm", lambda r: (r["LA_PERM"] or r["DATE_PERM"]) and not r["PREV_PERM"])


@rule("1000", ["Episodes", "OC3"], ["IN_TOUCH"], "This child is recorded as having died in care and therefore should not "
      "have the care leaver information completed.")
def care_leaver_details_after_death_in_care(child, s):
    episodes = child.table("Episodes") + (s.last_of(child).table("Episodes") if s.provides(("Episodes_last",)) else [])
    if any(e["REC"] == "E2" for e in episodes):
        yield from child.table("OC3")


@rule("1003", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Date of LA's decision that a child should be placed for "
      "adoption is before the child started to be looked after.")
def adoption_decision_before_care_began(child, s):
    starts = [e for e in child.table("Episodes") if e["RNE"] == "S" and e.day("DECOM")]
    if starts:
        first = min(e.day("DECOM") for e in starts)
        yield from rows_where(child, "PlacedAdoption", lambda r: lt(r.day("DATE_PLACED"), first))


@rule("1007", ["Episodes", "OC3"], ["IN_TOUCH"], "Care leaver information is not required for 17- or 18-year olds who are "
      "still looked after [on their 17th or 18th birthday.]")
def care_leaver_details_while_still_in_care(child, s):
    for r in child.table("OC3"):
        dob = r.day("DOB")
        if dob is None or not any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")):
            continue
        if not (le(add_years(dob, 17), s.end) and lt(s.end, add_years(dob, 19))):
            continue
        bday = add_years(dob, s.end.year - dob.year)
        if bday > s.end:
            bday = add_years(bday, -1)
        if any(le(e.day("DECOM"), bday) and lt(bday, e.day("DEC")) for e in child.table("Episodes")):
            yield r


valid_code("1009", "Episodes", "REASON_PLACE_CHANGE", lists.REASON_PLACE_CHANGE, "Reason for placement change is not a "
           "valid code.")


@rule("1011", ["Episodes", "OC3"], ["IN_TOUCH"], "This child is recorded as having his/her care transferred to another local "
      "authority for the final episode and therefore should not have the care leaver information completed.")
def care_leaver_details_after_transfer_to_another_la(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if eps and max(eps, key=lambda e: e.day("DECOM"))["REC"] == "E3":
        yield from rows_where(child, "OC3", lambda r: any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))


@rule("1012", "Episodes", ["CHILD"], "No other data should be returned for OC3 children who had no episodes in the current year")
def other_data_for_an_oc3_child_not_in_care(child, s):
    if child.table("Episodes"):
        return
    for table in ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"):
        if s.provides((table,)):
            yield from child.table(table)


@rule("1015", "Episodes", ["PLACE_PROVIDER", "PL_POST"], "Placement provider is own provision but child not placed in own LA.")
def own_provision_outside_own_la(child, s):
    fostering = {*lists.PLACED_FOR_ADOPTION, "U1", "U2", "U3", "U4", "U5", "U6", "K3"}
    return rows_where(child, "Episodes", lambda e: e["PLACE"] not in fostering and e["LS"] not in ("V3", "V4")
                      and e["PLACE_PROVIDER"] == "PR1" and e["LS"] and e["PLACE"] and pl_la(e, s) != s.authority)


@rule("1016", ["Episodes", "OC3"], ["IN_TOUCH"], "Care leaver information is not required for 17- or 18-year olds who cease "
      "to be looked after, after their birthday.")
def care_leaver_details_for_those_leaving_care_after_birthday(child, s):
    for r in child.table("OC3"):
        dob = r.day("DOB")
        if dob is None or not any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")):
            continue
        age = s.end - dob
        for e in child.table("Episodes"):
            dec = e.day("DEC")
            if (years(17) <= age < years(18) and le(add_years(dob, 17), dec)) or \
                    (years(18) <= age < years(19) and le(add_years(dob, 18), dec)):
                yield r
                break


@rule("392a", "Episodes", ["PL_DISTANCE"], "Child is looked after but no distance is recorded.")
def distance_missing(child, s):
    if uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and pl_distance(e, s) is None)


@rule("392b", "Episodes", ["HOME_POST", "PL_POST"], "Child is looked after but no postcodes are recorded.")
def postcodes_missing(child, s):
    if uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and (not e["HOME_POST"] or not e["PL_POST"]))


@rule("392c", "Episodes", ["HOME_POST", "PL_POST"], "Postcode(s) provided are invalid.")
def postcode_invalid(child, s):

    return rows_where(child, "Episodes", lambda e: (e["HOME_POST"] and postcodes.lookup(e["HOME_POST"]) is None)
                      or (e["PL_POST"] and postcodes.lookup(e["PL_POST"]) is None))


@rule("392d", "Episodes", ["HOME_POST", "PL_POST"], "Home and placement postcodes should not be same unless the placement "
      "type is P1.", query=True)
def home_and_placement_postcodes_the_same(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] != "P1" and eq(e["HOME_POST"], e["PL_POST"]))
