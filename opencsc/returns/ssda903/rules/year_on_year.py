"""SSDA903 rules on comparisons with last year's return (they run when the set carries last year's), in DfE
code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date

from .common import (
    NoChangeNeeded,
    _last_header,
    add_years,
    differs_from_last_year,
    distance_changed,
    eq,
    first_episode,
    has_rows,
    latest_episode,
    lt,
    pl_la,
    rows_where,
    rule,
    uasc_flag,
)


@rule("202", ["Header", "Header_last"], ["SEX"], "The gender code conflicts with the gender already recorded for this child.")
def sex_differs_from_last_year(child, s):
    before = _last_header(child, s)
    if before is not None:
        yield from rows_where(child, "Header", lambda h: (h["SEX"] or "nan") != (before["SEX"] or "nan"))


@rule("203", ["Header", "Header_last"], ["DOB"], "Date of birth disagrees with the date of birth already recorded for this child.")
def birth_date_differs_from_last_year(child, s):
    before = _last_header(child, s)
    if before is not None:
        yield from rows_where(child, "Header", lambda h: h.day("DOB") != before.day("DOB"))


@rule("204", ["Header", "Header_last"], ["ETHNIC"], "Ethnic origin code disagrees with the ethnic origin already recorded for "
      "this child.")
def ethnicity_differs_from_last_year(child, s):
    before = _last_header(child, s)
    if before is not None:
        yield from rows_where(child, "Header", lambda h: (h["ETHNIC"] or "nan").upper() != (before["ETHNIC"] or "nan").upper())


@rule("205A", ["UASC", "UASC_last"], ["DUC"], "Child identified as UASC last year is no longer UASC this year, but date UASC "
      "ceased in both years does not support this.")
def uasc_ceased_dates_disagree_after_status_ended(child, s):
    last = s.last_of(child)
    start_last, end_last = add_years(s.start, -1), add_years(s.end, -1)
    for r in child.table("UASC"):
        for b in last.table("UASC"):
            in_last_year = b.day("DUC") is not None and start_last <= b.day("DUC") <= end_last
            if (uasc_flag(child) or "nan") != "1" and uasc_flag(last) == "1" and (r["DUC"] or not in_last_year):
                yield r


@rule("205B", ["UASC", "UASC_last"], ["DUC"], "Child previously identified as UASC is also UASC this year, but date UASC "
      "ceased in both years does not support this.")
def uasc_ceased_dates_disagree_while_still_uasc(child, s):
    last = s.last_of(child)
    for r in child.table("UASC"):
        for b in last.table("UASC"):
            if uasc_flag(child) == "1" and uasc_flag(last) == "1":
                duc, duc_last = r.day("DUC"), b.day("DUC")
                in_year = duc is not None and s.start <= duc <= s.end
                prev_is_18th = duc_last is not None and duc_last == add_years(b.day("DOB"), 18)
                same = duc is not None and duc == duc_last
                if (not in_year and not same) or not prev_is_18th:
                    yield r


@rule("205C", ["UASC", "UASC_last"], ["DUC"], "Child not identified as UASC either this year or last year but date UASC "
      "ceased has been provided.")
def uasc_ceased_date_never_uasc(child, s):
    last = s.last_of(child)
    pairs = [(r, b) for r in child.table("UASC") for b in (last.table("UASC") or [None])]
    for r, b in pairs:
        never = uasc_flag(child) in (None, "0") and (b is None or uasc_flag(last) in (None, "0"))
        if never and (r.day("DUC") or (b is not None and b.day("DUC"))):
            yield r


@rule("205D", ["Header", "UASC", "Header_last", "UASC_last"], ["UASC"], "Child identified as UASC this year but not "
      "identified as UASC status provided for the child last year.")
def uasc_this_year_but_not_last(child, s):
    last = s.last_of(child)
    if last.header is not None and uasc_flag(child) == "1" and uasc_flag(last) != "1":
        yield child.header


@rule("207", ["Episodes", "Header", "Header_last"], ["MOTHER"], "Mother status for the current year disagrees with the "
      "mother status already recorded for this child.")
def mother_status_differs_from_last_year(child, s):
    before = _last_header(child, s)
    if before is not None and child.table("Episodes") and before["MOTHER"] == "1":
        yield from rows_where(child, "Header", lambda h: (h["MOTHER"] or "nan") != "1")


@rule("208", ["Header", "Header_last"], ["UPN"], "Unique Pupil Number (UPN) for the current year disagrees with the Unique "
      "Pupil Number (UPN) already recorded for this child.")
def upn_differs_from_last_year(child, s):
    before = _last_header(child, s)
    if before is None:
        return
    unknown = ("UN1", "UN2", "UN3", "UN4", "UN5")
    then = before["UPN"]
    for h in child.table("Header"):
        now = h["UPN"]
        if not now and not then:
            continue
        if (now or "nan") == (then or "nan"):
            continue
        valid_unknown_change = ((then == "UN1" or not then) and now in unknown[1:]) or (not then and then == "UN1")
        unknown_to_known = (then in unknown or not then) and not (now in unknown or not now)
        if not valid_unknown_change and not unknown_to_known:
            yield h


@rule("348", ["OC3", "OC3_last"], ["IN_TOUCH"], "Care leaver has previously been reported as having died.")
def care_leaver_reported_dead_before(child, s):
    if any(r["IN_TOUCH"] == "DIED" for r in s.last_of(child).table("OC3")):
        yield from rows_where(child, "OC3", lambda r: r["IN_TOUCH"] != "DIED")


@rule("452", ["Episodes", "Episodes_last"], ["PL_POST"], "Contradiction between local authority of placement code in the "
      "last episode of the previous year and in the first episode of the current year.")
def la_of_placement_differs_from_last_year(child, s):
    first, before = first_episode(child), latest_episode(s.last_of(child))
    if first is None or before is None or before["DEC"]:
        return
    if eq(first["RNE"], before["RNE"]) and str(pl_la(first, s)) != str(pl_la(before, s)):
        yield first


distance_changed("453", "Contradiction between placement distance in the last episode of the previous year and in the first "
                 "episode of the current year.", same_rne=True)


@rule("502", ["Episodes", "Episodes_last"], ["DECOM"], "Last year's record ended with an open episode. The date on which "
      "that episode started does not match the start date of the first episode on this year's record.")
def open_episode_start_differs_from_last_year(child, s):
    first = first_episode(child)
    if first is None:
        return
    for before in s.last_of(child).table("Episodes"):
        if not before["DEC"] and first.day("DECOM") != before.day("DECOM"):
            yield first
            return


differs_from_last_year("503A", "RNE", "The reason for new episode in the first episode does not match open episode at end of "
                       "last year.")


differs_from_last_year("503B", "LS", "The legal status in the first episode does not match open episode at end of last year.")


differs_from_last_year("503C", "CIN", "The category of need in the first episode does not match open episode at end of "
                       "last year.")


differs_from_last_year("503D", "PLACE", "The placement type in the first episode does not match open episode at end of "
                       "last year")


differs_from_last_year("503E", "PLACE_PROVIDER", "The placement provider in the first episode does not match open episode "
                       "at end of last year.")


differs_from_last_year("503F", "URN", "The Ofsted URN in the  first episode does not match open episode at end of last year.")


distance_changed("503G", "The distance in first episode does not match open episode at end of last year.", same_rne=False)


differs_from_last_year("503H", "PL_LA", "The placement LA in first episode does not match open episode at end of last year.",
                       derived=True)


differs_from_last_year("503J", "PL_LOCATION", "The placement location in first episode does not match open episode at end "
                       "of last year.", derived=True)


@rule("559", ["PlacedAdoption", "PlacedAdoption_last"], ["DATE_PLACED"], "Date of decision that a child should be placed "
      "for adoption was not in the current year but the date of the decision that the child should be placed for adoption "
      "was not completed in a previous return.")
def adoption_decision_date_changed_from_last_year(child, s):
    before = s.last_of(child).table("PlacedAdoption")
    for r in child.table("PlacedAdoption"):
        if lt(r.day("DATE_PLACED"), s.start) and (not before or any(b.day("DATE_PLACED") is None for b in before)):
            yield r


@rule("560", ["PlacedAdoption", "PlacedAdoption_last"], ["DATE_PLACED"], "Date of decision that the child should be placed "
      "for adoption this year is different from that recorded last year but the decision to place the child for adoption "
      "did not change.")
def adoption_decision_differs_without_a_reversal(child, s):
    before = s.last_of(child).table("PlacedAdoption")
    for r in child.table("PlacedAdoption"):
        if any(b["DATE_PLACED"] and not b["DATE_PLACED_CEASED"] and r["DATE_PLACED"] != b["DATE_PLACED"] for b in before):
            yield r


@rule("561", ["PlacedAdoption", "PlacedAdoption_last"], ["DATE_PLACED"], "Date of the decision that the child should be "
      "placed for adoption this year is the same as that recorded last year but records show that the decision changed, "
      "and the child should no longer be placed for adoption last year.")
def adoption_decision_same_despite_a_reversal(child, s):
    before = s.last_of(child).table("PlacedAdoption")
    for r in child.table("PlacedAdoption"):
        if any(eq(r["DATE_PLACED"], b["DATE_PLACED"]) and (b["REASON_PLACED_CEASED"] or b["DATE_PLACED_CEASED"])
               for b in before):
            yield r


@rule("562", ["Episodes", "Episodes_last"], ["DECOM"], "Episode commenced before the start of the current collection year "
      "but there is a missing continuous episode in the previous year.")
def continuous_episode_missing_from_last_year(child, s):
    earlier = [e for e in child.table("Episodes") if lt(e.day("DECOM"), s.start)]
    if not earlier:
        return
    first = min(earlier, key=lambda e: e.day("DECOM"))
    before = latest_episode(s.last_of(child))
    if before is None or before.day("DECOM") != first.day("DECOM"):
        yield first


@rule("576", ["Missing", "Missing_last"], ["MIS_START"], "There is an open missing/away from placement without authorisation "
      "period in last year's return and there is no corresponding period recorded at the start of this year.")
def last_years_open_missing_period_missing(child, s):
    rows = child.table("Missing")
    if not rows:
        return
    first = min(rows, key=lambda r: r.day("MIS_START") or date(2099, 1, 1))
    start = first.day("MIS_START") or date(2099, 1, 1)
    for before in s.last_of(child).table("Missing"):
        if not before["MIS_END"] and before.day("MIS_START") is not None and before.day("MIS_START") != start:
            yield first
            return


def placement_decision_reversed_since_last_year(s):
    """DfE's implementation compares positions in a merged table with row numbers in the file, so which
    rows it reports depends on both tables' order; this follows it exactly."""
    rows = s.rows("PlacedAdoption")
    last_rows = [b for b in (s.last.rows("PlacedAdoption") if s.last else [])
                 if b["DATE_PLACED_CEASED"] or b["REASON_PLACED_CEASED"]]
    by_child: dict = {}
    for b in last_rows:
        by_child.setdefault(b["CHILD"], []).append(b)
    merged = [(i, r, b) for i, r in enumerate(rows) for b in by_child.get(r["CHILD"], [])]
    earlier = {pos for pos, (_, r, b) in enumerate(merged) if r["DATE_PLACED"] and b["DATE_PLACED"]
               and r["DATE_PLACED"] <= b["DATE_PLACED"]}
    blank = {i for i, r, _ in merged if not r["DATE_PLACED"]}
    for i, r in enumerate(rows):
        if i in earlier or i in blank:
            yield s.by_id[r["CHILD"]], r


rule("584", "PlacedAdoption", ["DATE_PLACED"], "Date of decision that the child should be placed for adoption this "
             "year is different from that recorded last year, but the decision to placed the child for adoption changed and "
             "the child should no longer be placed for adoption.", scope="return")(
    lambda s: placement_decision_reversed_since_last_year(s) if s.provides(("PlacedAdoption", "PlacedAdoption_last")) else ())


@rule("624", ["Header", "Header_last"], ["MC_DOB"], "Date of birth of the first child contradicts the date of birth of the "
      "first child previously recorded.")
def first_childs_birth_date_differs_from_last_year(child, s):
    before = _last_header(child, s)
    if before is not None and before["MC_DOB"]:
        yield from rows_where(child, "Header", lambda h: h["MC_DOB"] != before["MC_DOB"])


@rule("626", ["Header", "Header_last"], ["MOTHER"], "Child was reported as a mother but the date of birth of the first child "
      "is before the current year which contradicts with the mother status recorded last year.")
def mother_status_contradicts_last_year(child, s):
    before = _last_header(child, s)
    if before is not None and before["MOTHER"] == "0":
        yield from rows_where(child, "Header", lambda h: h["MOTHER"] == "1" and lt(h.day("MC_DOB"), s.start))


# DfE's tool sees only this year's and last year's files; its own note to 1002 warns of false positives
# for a care leaver whose care ended before last year. Built from the record, the whole history is known.
BEFORE_LAST_YEAR = ("DfE's validator sees only this year's and last year's files; the record holds this young person's "
                    "care from before last year's return, which makes them a care leaver (the tool's own note says this "
                    "check gives false positives then)")


@rule("1001", ["Episodes", "OC3", "Header", "Episodes_last"], ["IN_TOUCH"], "The episodes recorded for this young person "
      "suggest they are not a relevant or a former relevant child and therefore should not have care leaver information "
      "completed.")
def care_leaver_details_for_a_child_not_relevant(child, s):
    oc3 = child.table("OC3")
    # DfE skips the rule when any of its tables is empty in the whole set.
    if not oc3 or not has_rows(s, "Episodes") or not has_rows(s, "Header") or s.last is None \
            or not has_rows(s.last, "Episodes"):
        return
    episodes = child.table("Episodes") + s.last_of(child).table("Episodes")
    # One row per start date, keeping the one that ended first; the latest start runs to 31 March if open.
    by_start: dict = {}
    for e in sorted(episodes, key=lambda e: (e.day("DEC") is None, e.day("DEC") or date.min)):
        by_start.setdefault(e.day("DECOM"), e)
    kept = list(by_start.values())
    dated = [e for e in episodes if e.day("DECOM")]
    latest = max(dated, key=lambda e: e.day("DECOM")) if dated else None
    headers = [h for h in child.table("Header") if h.day("DOB") and add_years(h.day("DOB"), 20) > s.end]
    total14 = total16 = None
    for header in headers:
        dob14, dob16 = add_years(header.day("DOB"), 14), add_years(header.day("DOB"), 16)
        for e in kept:
            if e["LS"] in ("V3", "V4"):
                continue
            dec = e.day("DEC")
            if dec is None and e is latest:
                dec = s.end
            start = e.day("DECOM")
            if dec is None or start is None:
                continue
            total14 = (total14 or 0) + max(0, (dec - max(start, dob14)).days)
            total16 = (total16 or 0) + max(0, (dec - max(start, dob16)).days)
    valid = total14 is not None and total14 >= 91 and total16 is not None and total16 >= 1
    adopted = latest is not None and latest["REC"] in ("E11", "E12")
    if adopted or not valid:
        if not adopted and child.la_child_id in s.care_leavers_by_history:
            yield from (NoChangeNeeded(r, BEFORE_LAST_YEAR) for r in oc3)
        else:
            yield from oc3


@rule("1002", ["Episodes", "OC3", "Episodes_last"], ["IN_TOUCH"], "This child has no previous episodes of care, therefore "
      "should not have care leaver information recorded.")
def care_leaver_details_without_care(child, s):
    if not child.table("Episodes") and not s.last_of(child).table("Episodes"):
        if child.la_child_id in s.care_before_last_year:
            yield from (NoChangeNeeded(r, BEFORE_LAST_YEAR) for r in child.table("OC3"))
        else:
            yield from child.table("OC3")


@rule("1010", ["Episodes", "Episodes_last", "OC3"], ["IN_TOUCH"], "This child has no episodes loaded for current year even "
      "though there was an open episode of care at the end of the previous year, and care leaver data has been entered.")
def care_leaver_details_with_episodes_missing(child, s):
    before = latest_episode(s.last_of(child))
    if not child.table("Episodes") and before is not None and not before["DEC"]:
        yield from child.table("OC3")


@rule("NoE", ["Episodes", "Episodes_last"], ["DECOM"], "This child has no episodes loaded for previous year even though "
      "child started to be looked after before this current year.")
def last_years_episodes_missing(child, s):
    if not s.last_of(child).table("Episodes"):
        yield from rows_where(child, "Episodes", lambda e: lt(e.day("DECOM"), s.start))
