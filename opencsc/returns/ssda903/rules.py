"""The DfE SSDA903 validation rules (``lac2025_26``), one small unit per DfE rule code.

Each rule reads the set as DfE's validator does (``view.py``: text values, dd/mm/yyyy dates, a
blank never equal to anything) and runs only when the set provides the tables it needs, as DfE's
rules do. Where DfE's implementation reads a rule narrowly or oddly, the rule here follows it, so
the findings agree with what COLLECT reports; ``docs/rules-exceptions.md`` lists where they differ.

All 316 rules of the registry are here (``NOT_IMPLEMENTED`` is empty; the coverage test keeps it so).
Rules that compare with last year's return run when the set carries last year's; the URN rules run
when Ofsted's provider lists have been loaded (``Set903.providers``), as DfE's do.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from opencsc.codes import lists

from ..engine import RuleSet
from . import postcodes

SSDA903 = RuleSet("SSDA903")

# Rules not on the engine, and why (the coverage test accepts exactly these: none at present).
NEEDS_LAST_YEAR = "compares with last year's return"
NEEDS_POSTCODES = "uses the distance / placement LA DfE derives from postcodes"
NEEDS_PROVIDERS = "needs Ofsted's provider list"
NOT_IMPLEMENTED: dict[str, str] = {}


def not_implemented(reason: str, *codes: str):
    for code in codes:
        NOT_IMPLEMENTED[code] = reason


def rule(code, tables, fields, message, *, query=False):
    """Register a child-level check that runs only when the set provides all ``tables``."""
    needs = (tables,) if isinstance(tables, str) else tuple(tables)

    def register(check):
        SSDA903.rule(code, needs[0], fields, message, query=query, needs=needs)(check)
        return check

    return register


# ---- helpers ----------------------------------------------------------------------------------------


class NoChangeNeeded:
    """A row DfE's validator reports although the record is right as it is: found all the same (so the
    findings agree with the tool's), but shown as needing no change, with the reason."""

    def __init__(self, row, reason: str):
        self.row, self.no_change_needed = row, reason

    def describe(self) -> str:
        return f"{self.row.describe()}: {self.no_change_needed}"

    @property
    def line(self) -> int:
        return self.row.line


def add_years(day: date | None, years: int) -> date | None:
    """As pandas' DateOffset(years=): 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def eq(a: str, b: str) -> bool:
    """Equal as pandas compares: a blank is never equal to anything."""
    return bool(a) and a == b


def lt(a, b) -> bool:
    return a is not None and b is not None and a < b


def le(a, b) -> bool:
    return a is not None and b is not None and a <= b


def any_of(row, columns) -> bool:
    return any(row.get(c) for c in columns)


def rows_where(child, table, predicate):
    return [row for row in child.table(table) if predicate(row)]


def continuously_looked_after(child, s) -> bool:
    """DfE's CONTINUOUSLY_LOOKED_AFTER: looked after at some point in the year, and no episode
    starting care in it, ending care before 31 March, or under V3/V4."""
    cached = child.__dict__.get("_cla")
    if cached is not None:
        return cached
    during = implies_not = False
    for e in child.table("Episodes"):
        decom, dec = e.day("DECOM"), e.day("DEC")
        in_year = le(decom, s.end) and (dec is None or dec >= s.start)
        during |= in_year
        enters = e["RNE"] == "S" and lt(s.start, decom) and le(decom, s.end)
        leaves = e.get("REC") != "X1" and le(s.start, dec) and lt(dec, s.end)
        implies_not |= enters or leaves or (e["LS"] in ("V3", "V4") and in_year)
    child.__dict__["_cla"] = result = during and not implies_not
    return result


def previous_pairs(child):
    """(previous, episode) pairs in DECOM order, as DfE pairs consecutive rows of a child."""
    eps = child.episodes
    return list(zip(eps, eps[1:], strict=False))


OUTSIDE_ENGLAND = ("CON", "NIR", "SCO", "WAL", "NUK")
NOT_REGISTERED = lists.URN_NOT_OFSTED_REGISTERED  # the URN given for a provider Ofsted does not register


def pl_la(e, s):
    return e.derived("PL_LA", s.authority)


def pl_location(e, s):
    return e.derived("PL_LOCATION", s.authority)


def pl_distance(e, s):
    return e.derived("PL_DISTANCE", s.authority)


# ---- code lists ----------------------------------------------------------------------------------------


def valid_code(code, table, column, code_list, message, *, allow_blank=True, year_list=True):
    """The column holds a code valid in the collection year (blank allowed unless told)."""
    @rule(code, table, [column], message)
    def check(child, s):
        for row in child.table(table):
            value = row.get(column, "")
            if not value:
                if not allow_blank:
                    yield row
                continue
            ok = code_list.valid_in(value, s.year) if year_list and hasattr(code_list, "valid_in") else value in code_list
            if not ok:
                yield row
    return check


valid_code("143", "Episodes", "RNE", lists.REASON_NEW_EPISODE, "The reason for new episode code is not a valid code.")
valid_code("144", "Episodes", "LS", lists.LEGAL_STATUS, "The legal status code is not a valid code.")
valid_code("145", "Episodes", "CIN", {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"},
           "Category of need code is not a valid code.")
valid_code("146", "Episodes", "PLACE", lists.PLACEMENT_TYPE, "Placement type code is not a valid code.")
valid_code("120", "PlacedAdoption", "REASON_PLACED_CEASED", lists.REASON_PLACED_CEASED,
           "The reason for the reversal of the decision that the child should be placed for adoption code is not valid.")
valid_code("631", "PrevPerm", "PREV_PERM", lists.PREVIOUS_PERMANENCE, "Previous permanence option not a valid value.")
valid_code("1006", "Missing", "MISSING", lists.MISSING_TYPE, "Missing type invalid.")
valid_code("131", "OC3", "IN_TOUCH", lists.CARE_LEAVER_IN_TOUCH,
           "Data entry for being in touch after leaving care is invalid.", allow_blank=False)


@rule("101", "Header", ["SEX"], "The child or young person's reported sex is not valid.")
def _101(child, s):
    return rows_where(child, "Header", lambda r: r["SEX"] not in ("M", "F", "U"))


# ---- dates that must be readable -------------------------------------------------------------------------


def valid_date(code, table, column, message, *, required=False):
    @rule(code, table, [column], message)
    def check(child, s):
        for row in child.table(table):
            if row.get(column) and row.day(column) is None or required and not row.get(column):
                yield row
    return check


valid_date("116", "PlacedAdoption", "DATE_PLACED_CEASED", "Date of Local Authority's (LA) decision that a child should "
           "no longer be placed for adoption is not a valid date.")
valid_date("166", "Reviews", "REVIEW", "Date of review is invalid or blank.", required=True)
valid_date("171", "Header", "MC_DOB", "Date of birth of mother's child is not a valid date.")


# ---- each child once, in the header, with the header's date of birth --------------------------------------


def only_once(code, table):
    @rule(code, table, ["CHILD"], f"Internal Check: Child should only exist once in {table}.")
    def check(child, s):
        rows = child.table(table)
        return rows if len(rows) > 1 else ()
    return check


def in_header(code, table):
    @rule(code, ["Header", table], ["CHILD"], f"Internal Check: Child in {table} does not exist in Header.")
    def check(child, s):
        return child.table(table) if child.header is None else ()
    return check


for _code, _table in (("INT31", "AD1"), ("INT33", "OC2"), ("INT34", "OC3"), ("INT35", "PrevPerm"), ("INT36", "UASC")):
    only_once(_code, _table)
for _code, _table in (("INT02", "PlacedAdoption"), ("INT03", "Episodes"), ("INT04", "Missing"), ("INT05", "OC2"),
                      ("INT06", "OC3"), ("INT07", "PrevPerm"), ("INT08", "Reviews"), ("INT09", "UASC")):
    in_header(_code, _table)


# ---- episodes on their own -------------------------------------------------------------------------------


@rule("531", "Episodes", ["PLACE", "PLACE_PROVIDER"], "A placement provider code of PR5 cannot be associated with placements P1.")
def _531(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] == "P1" and e["PLACE_PROVIDER"] == "PR5")


@rule("378", "Episodes", ["PLACE", "LS"], "A child who is placed with parent(s) cannot be looked after under a single "
      "period of accommodation under Section 20 of the Children Act 1989.")
def _378(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] == "P1" and e["LS"] == "V2")


@rule("355", "Episodes", ["DECOM", "DEC"], "Episode appears to have lasted for less than 24 hours", query=True)
def _355(child, s):
    return rows_where(child, "Episodes", lambda e: e["DECOM"] == e["DEC"])  # two blanks are equal here (as text)


@rule("356", "Episodes", ["DEC"], "The date the episode ceased is before the date the same episode started.")
def _356(child, s):
    return rows_where(child, "Episodes", lambda e: lt(e.day("DEC"), e.day("DECOM")))


@rule("353", "Episodes", ["DECOM"], "No episode submitted can start before 14 October 1991.")
def _353(child, s):
    return rows_where(child, "Episodes", lambda e: lt(e.day("DECOM"), date(1991, 10, 14)))


@rule("408", "Episodes", ["PLACE", "LS"], "Child is placed for adoption with a placement order, but no placement order "
      "has been recorded.")
def _408(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("A5", "A6") and e["LS"] != "E1")


@rule("222", "Episodes", ["URN"], "Ofsted Unique reference number (URN) should not be recorded for this placement type.")
def _222(child, s):
    no_urn = {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in no_urn and e["URN"] and e["URN"] != NOT_REGISTERED)


@rule("142", "Episodes", ["DEC", "REC"], "A new episode has started, but the previous episode has not ended.")
def _142(child, s):
    eps = child.episodes
    return [e for e in eps[:-1] if (not e.day("DEC") or not e["REC"]) and e.day("DECOM") is not None]


@rule("501", "Episodes", ["DECOM"], "A new episode has started before the end date of the previous episode.")
def _501(child, s):
    return [e for prev, e in previous_pairs(child) if lt(e.day("DECOM"), prev.day("DEC"))]


@rule("435", "Episodes", ["RNE"], "Reason for new episode is that child's placement has changed but not the legal status, "
      "but this is not reflected in the episode data recorded.")
def _435(child, s):
    for prev, e in previous_pairs(child):
        if e["RNE"] in ("P", "T"):
            same_place = all(eq(e[c], prev[c]) for c in ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))
            if not eq(e["LS"], prev["LS"]) or same_place:
                yield e


def placed_too_young(code, place, years, message):
    """DfE's decom_before_dob: closed episodes in ``place`` that began before the child was ``years``."""
    @rule(code, ["Episodes", "Header"], ["PLACE", "DECOM"], message)
    def check(child, s):
        dob = child.dob
        if dob is None:
            return
        for e in child.table("Episodes"):
            if e["PLACE"] == place and e.day("DECOM") and e.day("DEC") and e.day("DECOM") < add_years(dob, years):
                yield e
    return check


def placement_too_long(code, place, days, message):
    """DfE's dec_after_decom: closed episodes in ``place`` that lasted more than ``days``."""
    @rule(code, ["Episodes", "Header"], ["PLACE", "DEC"], message)
    def check(child, s):
        if child.dob is None:
            return
        for e in child.table("Episodes"):
            if e["PLACE"] == place and e.day("DECOM") and e.day("DEC") and e.day("DEC") > e.day("DECOM") + timedelta(days=days):
                yield e
    return check


placed_too_young("371", "K3", 16, "Child in supported accomodation not subject to children's homes regulations should be at least 16.")
placed_too_young("372", "R5", 10, "Child in youth custody or prison should be at least 10.")
placed_too_young("373", "S1", 4, "Child placed in a school should be at least 4 years old.")
placed_too_young("374", "P3", 14, "Child in residential employment should be at least 14 years old.")
placement_too_long("379", "T4", 7, "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.")


@rule("389", ["Episodes", "Header"], ["REC"], "Reason episode ceased is that child transferred to care of adult social "
      "care services, but child is aged under 16.")
def _389(child, s):
    sixteen = add_years(child.dob, 16)
    return rows_where(child, "Episodes", lambda e: e["REC"] == "E7" and not le(sixteen, e.day("DEC")))


@rule("460", ["Episodes", "Header"], ["REC"], "Reason episode ceased is that child stayed with current carers at age 18 "
      "(or above), but child is aged under 18.")
def _460(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["REC"] == "E17" and lt(e.day("DEC"), eighteen))


@rule("442", ["Episodes", "Header"], ["UPN"], "Unique Pupil Number (UPN) field is not completed.")
def _442(child, s):
    header = child.header
    if header is not None and not header["UPN"] and any(e["LS"] not in ("V3", "V4") for e in child.table("Episodes")):
        yield header


# ---- header -----------------------------------------------------------------------------------------------


@rule("612", "Header", ["MC_DOB"], "Date of birth field has been completed but mother field indicates child is not a mother.")
def _612(child, s):
    return rows_where(child, "Header", lambda h: h["MOTHER"] in ("0", "") and h["SEX"] == "F" and h["MC_DOB"])


@rule("611", "Header", ["MC_DOB"], "Date of birth field is blank, but child is a mother.")
def _611(child, s):
    return rows_where(child, "Header", lambda h: h["MOTHER"] == "1" and not h["MC_DOB"])


@rule("209", "Header", ["UPN"], "Child looked after is of school age and should not have an unknown Unique Pupil Number "
      "(UPN) code of UN1.")
def _209(child, s):
    reference = date(s.start.year - 1, 8, 31)
    return rows_where(child, "Header", lambda h: h["UPN"] == "UN1" and le(add_years(h.day("DOB"), 4), reference))


@rule("EPI", "Header", ["CHILD"], "WARNING: Episodes need to be loaded for this child before further validation is possible")
def _epi(child, s):
    if child.header is not None and not child.table("Episodes") and not child.table("OC3"):
        yield child.header


@rule("165", ["Header", "Episodes", "OC3"], ["MOTHER"], "Data entry for mother status is invalid.")
def _165(child, s):
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


# ---- OC2: children looked after for 12 months -----------------------------------------------------------


@rule("157", ["OC2", "Episodes"], ["SDQ_REASON"], "Child is aged 4 years or over at the beginning of the year or 16 years "
      "or under at the end of the year and SDQ1 has been recorded as the reason for no SDQ score.")
def _157(child, s):
    for r in child.table("OC2"):
        dob = r.day("DOB")
        if continuously_looked_after(child, s) and le(add_years(dob, 4), s.start) and le(s.end, add_years(dob, 16)) \
                and not r["SDQ_SCORE"] and r["SDQ_REASON"] == "SDQ1":
            yield r


@rule("186", ["Episodes", "OC2"], ["SDQ_SCORE"], "Children aged 4 or over at the start of the year and children aged under "
      "17 at the end of the year and who have been looked after for at least 12 months continuously should have a "
      "Strengths and Difficulties (SDQ) score completed.")
def _186(child, s):
    for r in child.table("OC2"):
        dob = r.day("DOB")
        if le(add_years(dob, 4), s.start) and lt(s.end, add_years(dob, 17)) and continuously_looked_after(child, s) \
                and not r["SDQ_SCORE"] and not r["SDQ_REASON"]:
            yield r


@rule("542", "OC2", ["CONVICTED"], "A child aged under 10 at 31 March should not have conviction information completed.")
def _542(child, s):
    return rows_where(child, "OC2", lambda r: lt(s.end, add_years(r.day("DOB"), 10)) and r["CONVICTED"])


@rule("181", "OC2", ["CONVICTED"], "Data items relating to children looked after continuously for 12 months should be "
      "completed with a 0 or 1.")
def _181(child, s):
    columns = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
               "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
    return rows_where(child, "OC2", lambda r: any(r[c] and r[c] not in ("0", "1") for c in columns))


@rule("187", ["OC3", "AD1", "Episodes"], ["IN_TOUCH", "DATE_INT"], "Child cannot be looked after continuously for 12 months "
      "at 31 March (OC2) and have any of adoption or care leavers returns completed.")
def _187(child, s):
    if not continuously_looked_after(child, s):
        return
    yield from rows_where(child, "OC3", lambda r: any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))
    yield from rows_where(child, "AD1", lambda r: any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                                             "SEX_ADOPTR", "LS_ADOPTR")))


# ---- OC3: care leavers -----------------------------------------------------------------------------------


@rule("3001", ["Header", "OC3"], ["ACCOM"], "Where care leavers information is being returned for a young person around "
      "their 17th birthday, the accommodation cannot be with their former foster carer(s).")
def _3001(child, s):
    seventeen = add_years(child.dob, 17)
    if le(s.start, seventeen) and le(seventeen, s.end):
        yield from rows_where(child, "OC3", lambda r: r["ACCOM"] in ("Z1", "Z2"))


@rule("1007", ["Episodes", "OC3"], ["IN_TOUCH"], "Care leaver information is not required for 17- or 18-year olds who are "
      "still looked after [on their 17th or 18th birthday.]")
def _1007(child, s):
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


@rule("1014", ["UASC", "Episodes", "OC3"], ["DUC"], "UASC information is not required for care leavers")
def _1014(child, s):
    eps = child.table("Episodes")
    uasc = child.table("UASC")
    if not eps or not uasc:
        return
    in_year = sum(1 for e in eps if (le(s.start, e.day("DEC")) and le(e.day("DECOM"), s.end))
                  or (le(e.day("DECOM"), s.end) and not e.has("DEC")))
    if in_year == 0 and any(any_of(r, ("ACTIV", "ACCOM", "IN_TOUCH")) for r in child.table("OC3")):
        yield from uasc


# ---- adoption --------------------------------------------------------------------------------------------


@rule("519", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "Data entered on the legal status of adopters shows civil partnership "
      "couple, but data entered on genders of adopters does not show it as a couple.")
def _519(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L2" and r["SEX_ADOPTR"] not in ("MM", "FF", "MF"))


@rule("552", ["Episodes", "PlacedAdoption"], ["DATE_PLACED", "DECOM"], "Date of Decision to place a child for adoption "
      "should be on or prior to the date that the child was placed for adoption.")
def _552(child, s):
    decisions = [r for r in child.table("PlacedAdoption") if r.day("DATE_PLACED")]
    placed = [e for e in child.table("Episodes") if e["PLACE"] in ("A3", "A4", "A5", "A6") and e.day("DECOM")]
    if decisions and placed:
        last = max(decisions, key=lambda r: r.day("DATE_PLACED"))
        first = min(placed, key=lambda e: e.day("DECOM"))
        if first.day("DECOM") < last.day("DATE_PLACED"):
            yield last


@rule("184", ["Header", "PlacedAdoption"], ["DATE_PLACED"], "Date of decision that a child should be placed for adoption "
      "is before the child was born.")
def _184(child, s):
    # DfE's merge keeps the PlacedAdoption row's own DOB (the header's is renamed away).
    return rows_where(child, "PlacedAdoption", lambda r: r.day("DATE_PLACED") is not None
                      and not le(r.day("DOB"), r.day("DATE_PLACED")))


@rule("334", ["Episodes", "AD1"], ["DATE_INT"], "Date child started to be looked after in latest period of care must be on "
      "or prior to the date should be placed for adoption.")
def _334(child, s):
    starts = [e for e in child.table("Episodes") if e["RNE"] == "S" and e.day("DECOM")]
    if starts:
        latest = max(starts, key=lambda e: e.day("DECOM")).day("DECOM")
        yield from rows_where(child, "AD1", lambda r: lt(r.day("DATE_INT"), latest))


@rule("525", ["PlacedAdoption", "AD1"], ["DATE_PLACED_CEASED"], "A child for whom the decision to be placed for adoption "
      "has been reversed cannot be adopted during the year.")
def _525(child, s):
    adopted = any(any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"))
                  for r in child.table("AD1"))
    if adopted:
        yield from rows_where(child, "PlacedAdoption", lambda r: r["DATE_PLACED_CEASED"])


@rule("601", ["Episodes", "AD1"], ["DATE_INT"], "The additional fields relating to adoption have not been completed although "
      "the episode data shows that the child was adopted during the year.")
def _601(child, s):
    adopted = any(le(s.start, e.day("DEC")) and le(e.day("DEC"), s.end) and e["REC"] in ("E11", "E12")
                  for e in child.table("Episodes"))
    if adopted:
        yield from rows_where(child, "AD1", lambda r: not all(r[c] for c in ("DATE_INT", "DATE_MATCH", "FOSTER_CARE",
                                                                              "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")))


@rule("117", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Date of decision that a child should/should no longer be "
      "placed for adoption is beyond the current collection year or after the child ceased to be looked after.")
def _117(child, s):
    ended = [e for e in child.table("Episodes") if e.day("DECOM") and e["REC"] != "X1"]
    if not ended:
        return
    last = max(ended, key=lambda e: e.day("DECOM"))
    dec = last.day("DEC")
    for r in child.table("PlacedAdoption"):
        placed, ceased = r.day("DATE_PLACED"), r.day("DATE_PLACED_CEASED")
        if lt(s.end, placed) or lt(dec, placed) or lt(s.end, ceased) or lt(dec, ceased):
            yield r


def periods_of_care(child) -> list[list]:
    """[start, end] of each period of care as DfE's missing-episode rules join episodes: a new period
    when an episode starts after the previous one's DEC; the period ends with its last episode's DEC."""
    periods: list = []
    prev_dec = None
    for e in [e for e in child.episodes if e.day("DECOM")]:
        if not periods or (prev_dec is not None and e.day("DECOM") > prev_dec):
            periods.append([e.day("DECOM"), e.day("DEC")])
        else:
            periods[-1][1] = e.day("DEC")
        prev_dec = e.day("DEC")
    return periods


# ---- missing ---------------------------------------------------------------------------------------------


@rule("578", ["Episodes", "Missing"], ["MIS_START"], "The date that the child started to be missing is after the child "
      "ceased to be looked after.")
def _578(child, s):
    periods = periods_of_care(child)
    if not periods:
        return
    for r in child.table("Missing"):
        start = r.day("MIS_START")
        if all(lt(start, p_start) or lt(p_end, start) for p_start, p_end in periods):
            yield r


# ---- children with no episodes ---------------------------------------------------------------------------


@rule("1012", "Episodes", ["CHILD"], "No other data should be returned for OC3 children who had no episodes in the current year")
def _1012(child, s):
    if child.table("Episodes"):
        return
    for table in ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"):
        if s.provides((table,)):
            yield from child.table(table)




# ---- batch 2 ----------------------------------------------------------------------------------------------


@rule("431", "Episodes", ["RNE"], "The reason for new episode is started to be looked after, but the previous episode ended "
      "on the same day.")
def _431(child, s):
    return [e for prev, e in previous_pairs(child) if e["RNE"] == "S" and le(e.day("DECOM"), prev.day("DEC"))]


@rule("520", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "Data entry on the legal status of adopters shows different gender married "
      "couple but data entry on genders of adopters shows it as a same gender couple.")
def _520(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L11" and r["SEX_ADOPTR"] != "MF")


@rule("524", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "If reporting legal status of adopters is L12 then the genders of adopters "
      "should be coded as MM or FF.")
def _524(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L12" and r["SEX_ADOPTR"] not in ("MM", "FF"))


@rule("148", "Episodes", ["DEC", "REC"], "Date episode ceased and reason episode ceased must both be coded, or both left blank.")
def _148(child, s):
    return rows_where(child, "Episodes", lambda e: bool(e["DEC"]) != bool(e["REC"]))


@rule("174", "Header", ["MC_DOB"], "Mother's child date of birth is recorded but sex shows that the child is a male.")
def _174(child, s):
    return rows_where(child, "Header", lambda h: h["SEX"] == "M" and h["MC_DOB"])


@rule("344", "OC3", ["ACTIV", "ACCOM"], "The record shows the young person has died or returned home to live with parent(s) "
      "for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.")
def _344(child, s):
    return rows_where(child, "OC3", lambda r: r["IN_TOUCH"] in ("DIED", "RHOM") and (r["ACTIV"] != "0" or r["ACCOM"] != "0"))


placement_too_long("375", "T1", 42, "Hospitalisation coded as a temporary placement exceeds six weeks.")


@rule("331", ["AD1", "Episodes"], ["DATE_MATCH"], "Date of matching child and adopter(s) should be the same as, or prior "
      "to, the date of placement of adoption.")
def _331(child, s):
    adopted = [e for e in child.table("Episodes") if e["REC"] in ("E11", "E12")]
    for r in child.table("AD1"):
        if any(lt(e.day("DECOM"), r.day("DATE_MATCH")) for e in adopted):
            yield r


@rule("189", "OC2", ["SDQ_SCORE"], "Child is aged 17 years or over at the beginning of the year, but an SDQ score or a "
      "reason for no SDQ score has been completed.")
def _189(child, s):
    return rows_where(child, "OC2", lambda r: lt(add_years(r.day("DOB"), 17), s.start) and (r["SDQ_REASON"] or r["SDQ_SCORE"]))


@rule("365", "Episodes", ["DEC"], "Any individual short- term respite placement must not exceed 17 days.")
def _365(child, s):
    def too_long(e):
        dec = e.day("DEC") if e["DEC"] else s.end
        return e["LS"] == "V3" and lt(e.day("DECOM") and e.day("DECOM") + timedelta(days=17), dec)
    return rows_where(child, "Episodes", too_long)


@rule("225", "Episodes", ["REASON_PLACE_CHANGE"], "Reason for placement change must be recorded.")
def _225(child, s):
    temporary = ("T0", "T1", "T2", "T3", "T4")
    for e, following in previous_pairs(child):
        if e["REC"] == "X1" and not e["REASON_PLACE_CHANGE"] and e["PLACE"] not in temporary \
                and following["RNE"] in ("P", "B", "T", "U") and following["PLACE"] not in temporary:
            yield e


@rule("1000", ["Episodes", "OC3"], ["IN_TOUCH"], "This child is recorded as having died in care and therefore should not "
      "have the care leaver information completed.")
def _1000(child, s):
    episodes = child.table("Episodes") + (s.last_of(child).table("Episodes") if s.provides(("Episodes_last",)) else [])
    if any(e["REC"] == "E2" for e in episodes):
        yield from child.table("OC3")


@rule("215", ["OC2", "OC3"], ["IN_TOUCH"], "Child has care leaver information but one or more data items relating to "
      "children looked after for 12 months have been completed.")
def _215(child, s):
    oc2_given = any(any_of(r, ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                               "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")) for r in child.table("OC2"))
    if oc2_given:
        yield from rows_where(child, "OC3", lambda r: any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))


@rule("521", ["Episodes", "AD1"], ["DATE_INT"], "Date of local authority's decision (LA) that adoption is in the best "
      "interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.")
def _521(child, s):
    placed = [e for e in child.table("Episodes") if e["PLACE"] in ("A3", "A4", "A5", "A6")]
    for r in child.table("AD1"):
        if any(lt(e.day("DECOM"), r.day("DATE_INT")) for e in placed):
            yield r


@rule("550", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR0 can only be associated with placement P1.")
def _550(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] != "P1" and e["PLACE_PROVIDER"] == "PR0")


@rule("118", ["PlacedAdoption", "Episodes"], ["DATE_PLACED_CEASED"], "Date of decision that a child should no longer be "
      "placed for adoption is before the current collection year or before the date the child started to be looked after.")
def _118(child, s):
    eps = [e for e in child.table("Episodes") if e["LS"] not in ("V3", "V4") and e.day("DECOM")]
    if not eps:
        return
    first = min(eps, key=lambda e: e.day("DECOM")).day("DECOM")
    for r in child.table("PlacedAdoption"):
        ceased = r.day("DATE_PLACED_CEASED")
        if ceased and (ceased < first or ceased < s.start):
            yield r


@rule("577", ["Episodes", "Missing"], ["MIS_END"], "Child ceased to be looked after but there is a missing/away from "
      "placement without authorisation period without an end date.")
def _577(child, s):
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


valid_code("114", "AD1", "FOSTER_CARE", {"0", "1"}, "Data entry to record the status of former carer(s) of an adopted "
           "child is invalid.")


@rule("516", "Episodes", ["REC", "PLACE"], "The episode data submitted for this child does not show that he/she was with "
      "their former foster carer(s) during the year. If the code in the reason episode ceased is E45 or E46 the child "
      "must have a placement code of U1 to U6.")
def _516(child, s):
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E45", "E46") and e["PLACE"] not in
                      ("U1", "U2", "U3", "U4", "U5", "U6"))


@rule("303", ["UASC", "Header"], ["DUC"], "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, "
      "UASC status must be coded 1.")
def _303(child, s):
    # The header's UASC flag is derived from the UASC table's presence (CSV) or given (XML).
    header = child.header
    if header is not None and "UASC" in header and header["UASC"] != "1":
        yield from rows_where(child, "UASC", lambda r: r["DUC"])




# ---- batch 3 ----------------------------------------------------------------------------------------------


@rule("391", "OC3", ["DOB"], "Young person was not 17, 18, 19, 20 or 21 during the current collection year.")
def _391(child, s):
    return rows_where(child, "OC3", lambda r: lt(s.end, add_years(r.day("DOB"), 17)) and any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))


@rule("185", ["Episodes", "OC2"], ["SDQ_SCORE"], "Child has not been looked after continuously for at least 12 months at "
      "31 March but a Strengths and Difficulties (SDQ) score has been completed.")
def _185(child, s):
    return rows_where(child, "OC2", lambda r: r["SDQ_SCORE"] and not continuously_looked_after(child, s))


@rule("625", ["Episodes", "Header"], ["MC_DOB"], "Date of birth of the first child is beyond the end of this reporting year "
      "or the date the child ceased to be looked after.")
def _625(child, s):
    ended = [e for e in child.table("Episodes") if e.day("DEC")]
    header = child.header
    if ended and header is not None:
        dec = max(e.day("DEC") for e in ended)
        mc_dob = header.day("MC_DOB")
        if lt(s.end, mc_dob) or lt(dec, mc_dob):
            yield header


@rule("213", "Episodes", ["PLACE_PROVIDER"], "Placement provider information not required.")
def _213(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14")
                      and e["PLACE_PROVIDER"])


@rule("581", ["Episodes", "Missing"], ["MIS_START"], "Child is missing but has not yet started to be looked after.")
def _581(child, s):
    eps = child.table("Episodes")
    if not eps:
        return
    for r in child.table("Missing"):
        start = r.day("MIS_START")
        if not any(le(e.day("DECOM"), start) and (le(start, e.day("DEC")) or e.day("DEC") is None) for e in eps):
            yield r


@rule("426", "Episodes", ["LS"], "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in "
      "the same year.")
def _426(child, s):
    eps = child.table("Episodes")
    if any(e["LS"] == "V3" for e in eps) and any(e["LS"] == "V4" for e in eps):
        yield from (e for e in eps if e["LS"] in ("V3", "V4"))


@rule("104", "UASC", ["DUC"], "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.")
def _104(child, s):
    return rows_where(child, "UASC", lambda r: (r["DUC"] and r.day("DUC") is None) or lt(r.day("DUC"), s.start))


def oc2_needs_the_rest(code, column, message):
    @rule(code, "OC2", [column], message)
    def check(child, s):
        return rows_where(child, "OC2", lambda r: r[column] == "1" and not all(
            r[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")))
    return check


oc2_needs_the_rest("547", "HEALTH_CHECK", "Any child who has health promotion information completed must also have "
                   "immunisation, teeth check, health assessment and substance misuse problem identified fields completed.")
oc2_needs_the_rest("544", "CONVICTED", "Any child who has conviction information completed must also have immunisation, "
                   "teeth check, health assessment and substance misuse problem identified fields completed.")


@rule("571", "Missing", ["MIS_END"], "The date that the child ceased to be missing or away from placement without "
      "authorisation is before the start or after the end of the collection year.")
def _571(child, s):
    return rows_where(child, "Missing", lambda r: lt(r.day("MIS_END"), s.start) or lt(s.end, r.day("MIS_END")))


@rule("583", "PlacedAdoption", ["DATE_PLACED_CEASED"], "More than one date the child should be placed for adoption has "
      "been reported, but an earlier decision has not been revoked.")
def _583(child, s):
    rows = child.table("PlacedAdoption")
    if len(rows) < 2:
        return
    # DfE sorts the text of DATE_PLACED (dd/mm/yyyy) descending and keeps the first as the latest.
    latest = sorted(rows, key=lambda r: r["DATE_PLACED"], reverse=True)[0]
    yield from (r for r in rows if r is not latest and not r["DATE_PLACED_CEASED"])


@rule("357", "Episodes", ["RNE"], "If this is the first episode ever for this child, reason for new episode must be S.")
def _357(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if eps:
        first = min(eps, key=lambda e: e.day("DECOM"))
        if first.day("DECOM") >= s.start and first["RNE"] != "S":
            yield first


@rule("580", ["Episodes", "Missing"], ["REC"], "Child is missing when cease being looked after but reason episode ceased "
      "not 'E8'.")
def _580(child, s):
    for r in child.table("Missing"):
        eighteen = add_years(r.day("DOB"), 18)
        end = r.day("MIS_END")
        if end is not None and end == eighteen:
            yield from (e for e in child.table("Episodes") if e.day("DEC") == end and e["REC"] != "E8")


@rule("351", "Header", ["DOB"], "Child was over 25 at the start of the current collection year.")
def _351(child, s):
    return rows_where(child, "Header", lambda h: lt(add_years(h.day("DOB"), 25), s.start))


valid_date("113", "AD1", "DATE_MATCH", "Date matching child and adopter(s) is not a valid date.")


@rule("607", ["Episodes", "Header"], ["MOTHER"], "Child ceased to be looked after in the year, but mother field has not "
      "been completed.")
def _607(child, s):
    header = child.header
    if header is None or header["SEX"] != "F" or header["MOTHER"]:
        return
    if any(e.day("DEC") and e["REC"] and e["REC"] != "X1" and e["LS"] not in ("V3", "V4")
           and s.start <= e.day("DEC") <= s.end for e in child.table("Episodes")):
        yield header




# ---- batch 4 ----------------------------------------------------------------------------------------------


@rule("557", ["Episodes", "PlacedAdoption"], ["DATE_PLACED_CEASED"], "Child for whom the decision was made that they should "
      "be placed for adoption has left care but was not adopted and information on the decision that they should no "
      "longer be placed for adoption items has not been completed.")
def _557(child, s):
    decisions = child.table("PlacedAdoption")
    incomplete = [r for r in decisions if not r["DATE_PLACED_CEASED"] or not r["REASON_PLACED_CEASED"]]
    for e in child.table("Episodes"):
        if (e["PLACE"] in ("A3", "A4", "A5", "A6") or e["LS"] == "E1") and e["REC"] and e["REC"] not in ("E11", "E12", "X1"):
            if not decisions or incomplete:
                yield e


@rule("381", "Episodes", ["PLACE", "REC"], "A period of care cannot end with a temporary placement.")
def _381(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("T0", "T1", "T2", "T3", "T4") and e["REC"] and e["REC"] != "X1")


@rule("INT21", ["Header", "UASC"], ["SEX"], "Internal Check: SEX in UASC is different to SEX in Header.")
def _int21(child, s):
    header = child.header
    if header is not None and header["SEX"]:
        yield from rows_where(child, "UASC", lambda r: r["SEX"] and r["SEX"] != header["SEX"])


def same_dob_as_header(code, table):
    @rule(code, ["Header", table], ["DOB"], f"Internal Check: DOB in {table} is different to DOB in Header.")
    def check(child, s):
        dob = child.dob
        if dob is not None:
            yield from rows_where(child, table, lambda r: r.day("DOB") is not None and r.day("DOB") != dob)
    return check


for _code, _table in (("INT12", "PlacedAdoption"), ("INT13", "Missing"), ("INT14", "OC2"), ("INT15", "OC3"),
                      ("INT16", "PrevPerm"), ("INT17", "Reviews"), ("INT18", "UASC")):
    same_dob_as_header(_code, _table)
only_once("INT32", "Header")


@rule("393", ["Header", "Episodes"], ["MOTHER"], "Child is looked after but mother field is not completed.")
def _393(child, s):
    header = child.header
    if header is not None and header["SEX"] == "F" and not header["MOTHER"] \
            and any(e["LS"] not in ("V3", "V4") for e in child.table("Episodes")):
        yield header


valid_date("1005", "Missing", "MIS_END", "The end date of the missing episode or episode that the child was away from "
           "placement without authorisation is not a valid date.")
valid_date("115", "PlacedAdoption", "DATE_PLACED", "Date of Local Authority's (LA) decision that a child should be placed "
           "for adoption is not a valid date.")


@rule("575", ["Episodes", "Missing"], ["MIS_END"], "If the placement from which the child goes missing/away from placement "
      "without authorisation ends, the missing/away from placement without authorisation period in the missing module "
      "must also have an end date.")
def _575(child, s):
    ended = [e for e in child.table("Episodes") if e.day("DEC") and e.day("DECOM")]
    for r in child.table("Missing"):
        start = r.day("MIS_START")
        if not r["MIS_END"] and any(le(e.day("DECOM"), start) and le(start, e.day("DEC")) for e in ended):
            yield r


valid_code("1009", "Episodes", "REASON_PLACE_CHANGE", lists.REASON_PLACE_CHANGE, "Reason for placement change is not a "
           "valid code.")
valid_code("196", "OC2", "SDQ_REASON", lists.SDQ_REASON, "Strengths and Difficulties (SDQ) reason is not a valid code.")
valid_code("149", "Episodes", "REC", lists.REASON_EPISODE_CEASED, "Reason episode ceased code is not valid.")


@rule("151", "AD1", ["DATE_INT"], "All data items relating to a childs adoption must be coded or left blank.")
def _151(child, s):
    columns = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
    return rows_where(child, "AD1", lambda r: any_of(r, columns) and not all(r[c] for c in columns))


@rule("551", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Child has been placed for adoption but there is no date of "
      "the decision that the child should be placed for adoption.")
def _551(child, s):
    decisions = child.table("PlacedAdoption")
    if not decisions or any(not r["DATE_PLACED"] for r in decisions):
        yield from rows_where(child, "Episodes", lambda e: e["PLACE"] in ("A3", "A4", "A5", "A6"))


@rule("398", "Episodes", ["HOME_POST", "PL_POST"], "Distance field completed but child looked after under legal status V3 or V4.")
def _398(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and (e["HOME_POST"] or e["PL_POST"]))


@rule("574", "Missing", ["MIS_START"], "A new missing/away from placement without authorisation period cannot start when "
      "the previous missing/away from placement without authorisation period is still open.")
def _574(child, s):
    def key(r):
        end = r.day("MIS_END") or r.day("MIS_START")
        return (end is None, end or date.min, r.day("MIS_START") is None, r.day("MIS_START") or date.min)
    rows = sorted(child.table("Missing"), key=key)
    for prev, r in zip(rows, rows[1:], strict=False):
        if prev.day("MIS_END") is None or lt(r.day("MIS_START"), prev.day("MIS_END")):
            yield r


@rule("384", "Episodes", ["LS", "PLACE"], "A child receiving respite care cannot be in a long-term foster placement")
def _384(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and e["PLACE"] in ("U1", "U4"))


@rule("387", ["Header", "Episodes"], ["REC"], "Reason episode ceased is child moved into independent living arrangement, "
      "but the child is aged under 14.")
def _387(child, s):
    fourteen = add_years(child.dob, 14)
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E5", "E6") and e.day("DEC") and not le(fourteen, e.day("DEC")))


@rule("558", ["Episodes", "PlacedAdoption"], ["DATE_PLACED_CEASED"], "If a child has been adopted, then the decision to "
      "place them for adoption has not been disrupted and the date of the decision that a child should no longer be "
      "placed for adoption should be left blank.")
def _558(child, s):
    decisions = child.table("PlacedAdoption")
    adopted = [e for e in child.table("Episodes") if e["REC"] in ("E11", "E12")]
    if adopted and decisions and all(r["DATE_PLACED_CEASED"] for r in decisions):
        # DfE counts the ceased dates over the merged rows: more than one per child is an error.
        if len(adopted) * len(decisions) > 1:
            yield from adopted


@rule("178", "Episodes", ["PLACE_PROVIDER"], "Placement provider code is not a valid code.")
def _178(child, s):
    no_provider = {"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"}
    providers = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
    return rows_where(child, "Episodes", lambda e: e["PLACE_PROVIDER"] and not (
        e["PLACE_PROVIDER"] in providers and e["PLACE"] not in no_provider))


@rule("352", ["Header", "Episodes"], ["DECOM"], "Child who started to be looked after was aged 18 or over.")
def _352(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["RNE"] == "S" and le(eighteen, e.day("DECOM")))


placement_too_long("376", "T3", 21, "Temporary placements coded as being due to holiday of usual foster carer(s) cannot "
                   "exceed three weeks.")


@rule("358", ["Header", "Episodes"], ["LS"], "Child with this legal status should not be under 10.")
def _358(child, s):
    ten = add_years(child.dob, 10)
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("J1", "J2", "J3") and le(e.day("DECOM"), ten))




# ---- batch 5 ----------------------------------------------------------------------------------------------


@rule("579", "PlacedAdoption", ["DATE_PLACED"], "A new decision that the child should be placed for adoption this year "
      "cannot start when the previous decision is still open.")
def _579(child, s):
    rows = sorted(child.table("PlacedAdoption"), key=lambda r: (r.day("DATE_PLACED") is None, r.day("DATE_PLACED") or date.min))
    for prev, r in zip(rows, rows[1:], strict=False):
        if prev.day("DATE_PLACED_CEASED") is None or lt(r.day("DATE_PLACED"), prev.day("DATE_PLACED_CEASED")):
            yield r


@rule("180", "OC2", ["SDQ_SCORE"], "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.")
def _180(child, s):
    def invalid(r):
        value = r["SDQ_SCORE"]
        if not value:
            return False
        try:
            return float(value) not in range(41)
        except ValueError:
            return True
    return rows_where(child, "OC2", invalid)


@rule("388", "Episodes", ["REC"], "Reason episode ceased is coded new episode begins, but there is no continuation episode.")
def _388(child, s):
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


@rule("517", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "If reporting legal status of adopters is L3 then the genders of adopters "
      "should be coded as MF.")
def _517(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L3" and r["SEX_ADOPTR"] != "MF")


@rule("390", "Episodes", ["REC", "PLACE"], "Reason episode ceased is adopted but child has not been previously placed for "
      "adoption.")
def _390(child, s):
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E11", "E12") and e["PLACE"] not in ("A3", "A4", "A5", "A6"))


@rule("333", "AD1", ["DATE_INT", "DATE_MATCH"], "Date should be placed for adoption must be on or prior to the date of "
      "matching child with adopter(s).")
def _333(child, s):
    return rows_where(child, "AD1", lambda r: r.day("DATE_MATCH") is not None and (
        r.day("DATE_INT") is None or r.day("DATE_INT") > r.day("DATE_MATCH")))


@rule("504", "Episodes", ["CIN"], "The category of need code differs from that reported at start of current period of being "
      "looked after")
def _504(child, s):
    for prev, e in previous_pairs(child):
        if prev["REC"] == "X1" and prev.day("DEC") is not None and prev.day("DEC") == e.day("DECOM") \
                and not eq(e["CIN"], prev["CIN"]):
            yield e


@rule("134", ["OC3", "AD1"], ["DATE_INT"], "Data on adoption should not be entered for the OC3 cohort.")
def _134(child, s):
    if any(any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")) for r in child.table("OC3")):
        yield from rows_where(child, "AD1", lambda r: any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                                                 "SEX_ADOPTR", "LS_ADOPTR")))


same_dob_as_header("INT11", "AD1")


@rule("511", "AD1", ["NB_ADOPTR", "SEX_ADOPTR"], "If reporting that the number of person(s) adopting the looked after child "
      "is two adopters then the code should only be MM, FF or MF.")
def _511(child, s):
    return rows_where(child, "AD1", lambda r: r["NB_ADOPTR"] == "2" and r["SEX_ADOPTR"] in ("M1", "F1"))


valid_date("147", "Episodes", "DEC", "Date episode ceased is not a valid date.")


@rule("218", "Episodes", ["URN"], "Ofsted Unique reference number (URN) is required.")
def _218(child, s):
    exempt = {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
    return rows_where(child, "Episodes", lambda e: (le(s.start, e.day("DEC")) or not e["DEC"]) and not e["URN"]
                      and e["PLACE"] not in exempt and pl_la(e, s) not in OUTSIDE_ENGLAND)


@rule("546", ["Episodes", "OC2"], ["HEALTH_CHECK"], "Children aged 5 or over at 31 March should not have health promotion "
      "information completed.")
def _546(child, s):
    return rows_where(child, "OC2", lambda r: le(add_years(r.day("DOB"), 5), s.end) and continuously_looked_after(child, s)
                      and r["HEALTH_CHECK"])


@rule("433", "Episodes", ["RNE", "DECOM"], "The reason for new episode suggests that this is a continuation episode, but "
      "the episode does not start on the same day as the last episode finished.")
def _433(child, s):
    def key(e):
        return (e.day("DECOM") is None, e.day("DECOM") or date.min, e.day("DEC") is None, e.day("DEC") or date.min)
    eps = sorted(child.table("Episodes"), key=key)
    for prev, e in zip(eps, eps[1:], strict=False):
        if e["RNE"] in ("P", "L", "T", "U", "B") and (prev["DEC"] != e["DECOM"] or not prev["DEC"] or not e["DECOM"]):
            yield e


@rule("553", ["Episodes", "PlacedAdoption"], ["LS"], "Placement order has been granted but there is no date of decision "
      "that the child should be placed for adoption.")
def _553(child, s):
    decisions = child.table("PlacedAdoption")
    e1 = [e for e in child.table("Episodes") if e["LS"] == "E1"]
    if e1 and not decisions:
        yield from e1
    if any(not e["DEC"] for e in e1):
        yield from (r for r in decisions if r["DATE_PLACED_CEASED"] or r["REASON_PLACED_CEASED"])


@rule("188", "OC2", ["SDQ_SCORE"], "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties "
      "(SDQ) score or a reason for no SDQ score has been completed.")
def _188(child, s):
    return rows_where(child, "OC2", lambda r: lt(s.end, add_years(r.day("DOB"), 4)) and (r["SDQ_SCORE"] or r["SDQ_REASON"]))


@rule("301", "Header", ["DOB"], "Date of birth falls after the year ended.")
def _301(child, s):
    return rows_where(child, "Header", lambda h: lt(s.end, h.day("DOB")))


LA_CODES = set(
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,381,909,202,908,331,"
    "306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,850,311,204,884,312,205,313,805,919,310,"
    "309,420,921,206,207,886,810,382,314,340,888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,"
    "926,892,813,802,928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,"
    "893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,359,865,"
    "384,335,336,212,868,872,885,344,877,213,938,816,999".split(",")) | {"WAL", "SCO", "NUK", "NIR"}


@rule("633", "PrevPerm", ["LA_PERM"], "Local authority code where previous permanence option was arranged is not a valid value.")
def _633(child, s):
    return rows_where(child, "PrevPerm", lambda r: r["LA_PERM"] and r["LA_PERM"] not in LA_CODES)


@rule("407", ["Episodes", "Header"], ["REC"], "Reason episode ceased is Special Guardianship Order, but child has reached age 18.")
def _407(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E45", "E46", "E47", "E48") and lt(eighteen, e.day("DEC")))


@rule("198", ["Episodes", "OC2"], ["SDQ_REASON"], "Child has not been looked after continuously for at least 12 months at "
      "31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed.")
def _198(child, s):
    return rows_where(child, "OC2", lambda r: r["SDQ_REASON"] and not continuously_looked_after(child, s))




# ---- batch 6 ----------------------------------------------------------------------------------------------


@rule("566", "Missing", ["MISSING"], "The date that the child's episode of being missing or away from placement without "
      "authorisation ended has been completed but whether the child was missing or away without authorisation has not "
      "been completed.")
def _566(child, s):
    return rows_where(child, "Missing", lambda r: not r["MISSING"] and r["MIS_END"])


@rule("1011", ["Episodes", "OC3"], ["IN_TOUCH"], "This child is recorded as having his/her care transferred to another local "
      "authority for the final episode and therefore should not have the care leaver information completed.")
def _1011(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if eps and max(eps, key=lambda e: e.day("DECOM"))["REC"] == "E3":
        yield from rows_where(child, "OC3", lambda r: any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))


valid_code("175", "AD1", "NB_ADOPTR", {"1", "2"}, "The number of adopter(s) code is not a valid code.")
valid_code("177", "AD1", "LS_ADOPTR", lists.LEGAL_STATUS_ADOPTER, "The legal status of adopter(s) code is not a valid code.")


@rule("530", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR4 cannot be associated with placement P1.")
def _530(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] == "P1" and e["PLACE_PROVIDER"] == "PR4")


@rule("437", "Episodes", ["REC"], "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.")
def _437(child, s):
    eps = child.episodes
    return [e for i, e in enumerate(eps) if e.day("DECOM") and e["REC"] in ("E2", "E15") and i + 1 < len(eps)]


@rule("563", "PlacedAdoption", ["DATE_PLACED"], "The child should no longer be placed for adoption but the date of the "
      "decision that the child should be placed for adoption is blank")
def _563(child, s):
    return rows_where(child, "PlacedAdoption", lambda r: r["REASON_PLACED_CEASED"] and r["DATE_PLACED_CEASED"]
                      and not r["DATE_PLACED"])


@rule("380", "Episodes", ["PLACE", "RNE"], "A period of care cannot start with a temporary placement.")
def _380(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("T0", "T1", "T2", "T3", "T4") and e["RNE"] not in ("P", "B"))


@rule("567", "Missing", ["MIS_END"], "The date that the missing episode or episode that the child was away from placement "
      "without authorisation ended is before the date that it started.")
def _567(child, s):
    return rows_where(child, "Missing", lambda r: lt(r.day("MIS_END"), r.day("MIS_START")))


@rule("545", ["OC2", "Episodes"], ["HEALTH_CHECK"], "Child is aged under 5 at 31 March and has been looked after "
      "continuously for 12 months yet health promotion information has not been completed.")
def _545(child, s):
    return rows_where(child, "OC2", lambda r: lt(s.end, add_years(r.day("DOB"), 5)) and continuously_looked_after(child, s)
                      and not r["HEALTH_CHECK"])


@rule("226", "Episodes", ["REASON_PLACE_CHANGE"], "Reason for placement change is not required for temporary placements.")
def _226(child, s):
    eps = child.episodes
    for i, e in enumerate(eps):
        previous_reason = eps[i - 1]["REASON_PLACE_CHANGE"] if i else ""
        if e["PLACE"] in ("T0", "T1", "T2", "T3", "T4") and (e["REASON_PLACE_CHANGE"] or previous_reason):
            yield e


CEASED_CARE = {"E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14", "E15", "E16", "E17",
               "E41", "E45", "E46", "E47", "E48"}


@rule("432", "Episodes", ["RNE"], "The child ceased to be looked after at the end of the previous episode but the reason "
      "for the new episode is not started to be looked after.")
def _432(child, s):
    return [e for prev, e in previous_pairs(child) if prev["REC"] in CEASED_CARE and e["RNE"] != "S"]


@rule("440", "Reviews", ["REVIEW_CODE"], "Participation method indicates child was under 4 years old at the time of the "
      "review, but date of birth and review date indicates the child was 4 years old or over.")
def _440(child, s):
    return rows_where(child, "Reviews", lambda r: r["REVIEW_CODE"] == "PN0" and lt(add_years(r.day("DOB"), 4), r.day("REVIEW")))


@rule("526", "Episodes", ["PLACE_PROVIDER"], "Child is missing a placement provider code for at least one episode.")
def _526(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] not in ("T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14")
                      and not e["PLACE_PROVIDER"])


@rule("582", ["Episodes", "AD1"], ["DATE_MATCH"], "Child is showing as ceasing to be looked after due to adoption, but the "
      "date of adoption is the same as the date reported for being matched with adopters.", query=True)
def _582(child, s):
    matches = {r["DATE_MATCH"] for r in child.table("AD1") if r["DATE_MATCH"]}
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E11", "E12") and e["DEC"] and e["DEC"] in matches)


def is_uasc(child) -> bool:
    """The header's UASC flag: given in the XML form, derived from the UASC table for a CSV set."""
    header = child.header
    if header is None:
        return False
    return header["UASC"] == "1" if "UASC" in header else bool(child.table("UASC"))


def uasc_now_or_last_year(child, s) -> bool:
    return is_uasc(child) or (s.provides(("Header_last",)) and is_uasc(s.last_of(child)))


@rule("392b", "Episodes", ["HOME_POST", "PL_POST"], "Child is looked after but no postcodes are recorded.")
def _392b(child, s):
    if uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and (not e["HOME_POST"] or not e["PL_POST"]))


@rule("366", "Episodes", ["LS", "RNE"], "A child cannot change placement during the course of an individual short-term "
      "respite break.")
def _366(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] == "V3" and e["RNE"] != "S")


valid_date("1004", "Missing", "MIS_START", "The start date of the missing episode or episode that the child was away from "
           "placement without authorisation is not a valid date.", required=True)


@rule("436", "Episodes", ["RNE"], "Reason for new episode is that both child's placement and legal status have changed, "
      "but this is not reflected in the episode data.")
def _436(child, s):
    def same(a, b, column):  # DfE fills blanks with '*' first, so two blanks are equal here
        return (a[column] or "*") == (b[column] or "*")
    for prev, e in previous_pairs(child):
        if e["RNE"] in ("U", "B") and (same(e, prev, "LS") or all(same(e, prev, c) for c in
                                                                   ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER"))):
            yield e


@rule("336", "Episodes", ["PLACE"], "Child does not have a foster placement immediately prior to being placed for adoption.")
def _336(child, s):
    before = ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6")
    return [e for prev, e in previous_pairs(child) if e["PLACE"] in ("A3", "A4") and prev["PLACE"] not in before]




# ---- batch 7 ----------------------------------------------------------------------------------------------


def status_too_long_in_file_order(code, status, days, message):
    """DfE pairs these episodes in file order (its sort is not kept): consecutive ones that flow make
    one period, whose summed days may not exceed ``days``."""
    @rule(code, "Episodes", ["LS"], message)
    def check(child, s):
        rows = [e for e in child.table("Episodes") if e["LS"] == status and e.day("DECOM")]
        periods, prev_dec = [], None
        for e in rows:
            dec = e.day("DEC") or (s.end if not e["DEC"] else None)
            if not periods or (prev_dec is not None and e.day("DECOM") > prev_dec):
                periods.append([])
            periods[-1].append((e, (dec - e.day("DECOM")).days if dec else 0))
            prev_dec = dec
        for period in periods:
            if sum(days_ for _, days_ in period) > days:
                yield from (e for e, _ in period)
    return check


status_too_long_in_file_order("364", "J2", 21, "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely "
                              "limits the time a child can be detained in custody in Local Authority (LA) accommodation.")
status_too_long_in_file_order("363", "L3", 7, "Child assessment order (CAO) lasted longer than 7 days allowed in the "
                              "Children Act 1989.")


@rule("214", "Episodes", ["PL_POST", "URN"], "Placement location information not required.")
def _214(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and (e["PL_POST"] or e["URN"]))


@rule("634", ["Episodes", "PrevPerm"], ["PREV_PERM"], "There are entries for previous permanence options, but child has not "
      "started to be looked after from 1 April 2016 onwards.")
def _634(child, s):
    starts = [e.day("DECOM") for e in child.table("Episodes") if e.day("DECOM")]
    if starts and max(starts) < s.start:
        yield from rows_where(child, "PrevPerm", lambda r: any_of(r, ("PREV_PERM", "DATE_PERM", "LA_PERM")))


@rule("586", "Missing", ["MIS_START"], "Dates of missing periods are before child's date of birth.")
def _586(child, s):
    return rows_where(child, "Missing", lambda r: le(r.day("MIS_START"), r.day("DOB")))


@rule("523", ["PlacedAdoption", "AD1"], ["DATE_PLACED", "DATE_INT"], "Date of decision that the child should be placed for "
      "adoption should be the same date as the decision that adoption is in the best interest (date should be placed).")
def _523(child, s):
    ints = [r.day("DATE_INT") for r in child.table("AD1") if r.day("DATE_INT")]
    return rows_where(child, "PlacedAdoption", lambda r: r.day("DATE_PLACED") and any(i != r.day("DATE_PLACED") for i in ints))


@rule("386", ["Header", "Episodes"], ["REC"], "Reason episode ceased is adopted but child has reached age 18.")
def _386(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: e["REC"] in ("E11", "E12") and e.day("DEC") and le(eighteen, e.day("DEC")))


@rule("630", ["Episodes", "PrevPerm"], ["PREV_PERM"], "Information on previous permanence option should be returned.")
def _630(child, s):
    perms = child.table("PrevPerm")
    for e in child.table("Episodes"):
        if e["RNE"] == "S" and le(s.start, e.day("DECOM")):
            if not perms or any((r["PREV_PERM"] != "Z1" and (not r["LA_PERM"] or not r["DATE_PERM"])) or not r["PREV_PERM"]
                                for r in perms):
                yield e


@rule("304", "UASC", ["DUC"], "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th "
      "birthday of a child.")
def _304(child, s):
    return rows_where(child, "UASC", lambda r: lt(add_years(r.day("DOB"), 18), r.day("DUC")))


@rule("392d", "Episodes", ["HOME_POST", "PL_POST"], "Home and placement postcodes should not be same unless the placement "
      "type is P1.", query=True)
def _392d(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] != "P1" and eq(e["HOME_POST"], e["PL_POST"]))


@rule("193", "OC2", ["INTERVENTION_RECEIVED"], "Child not identified as having a substance misuse problem but at least one "
      "of the two additional items on whether an intervention were offered and received have been completed.")
def _193(child, s):
    return rows_where(child, "OC2", lambda r: r["SUBSTANCE_MISUSE"] in ("", "0") and (r["INTERVENTION_RECEIVED"] or
                                                                                     r["INTERVENTION_OFFERED"]))


@rule("602", ["Episodes", "AD1"], ["DATE_INT"], "The episode data submitted for this child does not show that he/she was "
      "adopted during the year.")
def _602(child, s):
    adopted = any(le(s.start, e.day("DEC")) and le(e.day("DEC"), s.end) and e["REC"] in ("E11", "E12")
                  for e in child.table("Episodes"))
    if not adopted:
        yield from rows_where(child, "AD1", lambda r: any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                                                 "SEX_ADOPTR", "LS_ADOPTR")))


@rule("192", "OC2", ["INTERVENTION_RECEIVED"], "Child has been identified as having a substance misuse problem but the "
      "additional item on whether an intervention was received has been left blank.")
def _192(child, s):
    return rows_where(child, "OC2", lambda r: r["SUBSTANCE_MISUSE"] == "1" and not r["INTERVENTION_RECEIVED"])


@rule("335", ["Episodes", "AD1"], ["FOSTER_CARE", "PLACE"], "The current foster value (0) suggests that child is not adopted "
      "by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child "
      "is adopted by current foster carer, but last placement is A1, A4 or A6.")
def _335(child, s):
    for e in child.table("Episodes"):
        if e["REC"] in ("E1", "E11", "E12"):
            for r in child.table("AD1"):
                if (e["PLACE"] in ("A2", "A3", "A5") and r["FOSTER_CARE"] == "0") or \
                        (e["PLACE"] in ("A1", "A4", "A6") and r["FOSTER_CARE"] == "1"):
                    yield e
                    break


@rule("182", "OC2", ["IMMUNISATIONS"], "Data entries on immunisations, teeth checks, health assessments and substance misuse "
      "problem identified should be completed or all OC2 fields should be left blank.")
def _182(child, s):
    return rows_where(child, "OC2", lambda r: not all(r[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                                                                     "SUBSTANCE_MISUSE"))
                      and any_of(r, ("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")))


def order_too_long(code, status, days, message):
    """Consecutive episodes under ``status`` that flow into one another, together longer than ``days``."""
    @rule(code, "Episodes", ["LS"], message)
    def check(child, s):
        eps = child.episodes
        groups, flows = [], False
        for i, e in enumerate(eps):
            dec = e.day("DEC") or s.end
            following = eps[i + 1] if i + 1 < len(eps) else None
            if e["LS"] != status:
                continue
            if not groups or not flows:
                groups.append([])
            groups[-1].append((e, dec))
            flows = following is not None and dec == following.day("DECOM")
        for group in groups:
            starts = [e.day("DECOM") for e, _ in group if e.day("DECOM")]
            if starts and (max(dec for _, dec in group) - min(starts)).days > days:
                yield from (e for e, _ in group)
    return check


order_too_long("362", "L2", 21, "Emergency protection order (EPO) lasted longer than 21 days")


@rule("620", "Header", ["MOTHER"], "Child has been recorded as a mother, but date of birth shows that the mother is under "
      "11 years of age.")
def _620(child, s):
    return rows_where(child, "Header", lambda h: h["MOTHER"] == "1" and lt(s.start, add_years(h.day("DOB"), 11)))




# ---- batch 8 ----------------------------------------------------------------------------------------------


valid_date("141", "Episodes", "DECOM", "Date episode began is not a valid date.")
valid_date("102", "Header", "DOB", "Date of birth is not a valid date.", required=True)

UPN = re.compile(r"(^((?![IOS])[A-Z]){1}(\d{12}|\d{11}[A-Z]{1})$)|^(UN[1-5])$")


@rule("168", "Header", ["UPN"], "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, "
      "UN3, UN4 or UN5.")
def _168(child, s):
    return rows_where(child, "Header", lambda h: h["UPN"] and not UPN.match(h["UPN"]))


@rule("159", "OC2", ["INTERVENTION_OFFERED"], "If a child has been recorded as not receiving an intervention for their "
      "substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.")
def _159(child, s):
    return rows_where(child, "OC2", lambda r: r["SUBSTANCE_MISUSE"] == "1" and r["INTERVENTION_RECEIVED"] == "0"
                      and not r["INTERVENTION_OFFERED"])


valid_code("176", "AD1", "SEX_ADOPTR", lists.SEX_ADOPTER, "The gender of adopter(s) at the date of adoption code is not a "
           "valid code.")
valid_code("103", "Header", "ETHNIC", lists.ETHNICITY, "The ethnicity code is either not valid or has not been entered.",
           allow_blank=False)
valid_code("132", "OC3", "ACTIV", lists.CARE_LEAVER_ACTIVITY, "Data entry for activity after leaving care is invalid.",
           allow_blank=False)


@rule("383", "Episodes", ["PLACE", "RNE"], "A child in a temporary placement must subsequently return to his/her normal "
      "placement.")
def _383(child, s):
    eps = sorted(child.table("Episodes"), key=lambda e: (e.loose("DECOM") is None, e.loose("DECOM") or date.min))
    for i in range(2, len(eps)):
        before, temporary, e = eps[i - 2], eps[i - 1], eps[i]
        if temporary["PLACE"] in ("T0", "T1", "T2", "T3", "T4") and (
                e["RNE"] != "P" or not eq(e["PLACE"], before["PLACE"]) or not eq(e["PL_POST"], before["PL_POST"])):
            yield e


@rule("522", "PlacedAdoption", ["DATE_PLACED_CEASED"], "Date of decision that the child should be placed for adoption must "
      "be on or before the date that a child should no longer be placed for adoption.")
def _522(child, s):
    return rows_where(child, "PlacedAdoption", lambda r: lt(r.day("DATE_PLACED_CEASED"), r.day("DATE_PLACED")))


@rule("105", "Header", ["UASC"], "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or "
      "has not been completed.")
def _105(child, s):
    # Only the XML form gives the header a UASC flag; for a CSV set it is derived, so cannot be wrong.
    return rows_where(child, "Header", lambda h: "UASC" in h and h["UASC"] not in ("0", "1"))


order_too_long("361", "L1", 3, "Police protection legal status lasted longer than maximum 72 hours allowed in the Children "
               "Act 1989.")


@rule("528", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR2 cannot be associated with placements P1, "
      "R2 or R5.")
def _528(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("P1", "R2", "R5") and e["PLACE_PROVIDER"] == "PR2")


@rule("119", "PlacedAdoption", ["REASON_PLACED_CEASED"], "If the decision is made that a child should no longer be placed "
      "for adoption, then the date of this decision and the reason why this decision was made must be completed.")
def _119(child, s):
    return rows_where(child, "PlacedAdoption", lambda r: bool(r["DATE_PLACED_CEASED"]) != bool(r["REASON_PLACED_CEASED"]))


@rule("529", "Episodes", ["PLACE_PROVIDER"], "Placement provider code of PR3 cannot be associated with placements P1, A3 to "
      "A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.")
def _529(child, s):
    places = {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6"}
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in places and e["PLACE_PROVIDER"] == "PR3")


@rule("217", "Episodes", ["RNE"], "Children who are placed for adoption with current foster carers (placement types A3 or "
      "A5) must have a reason for new episode of S, T or U.")
def _217(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("A3", "A5") and le(date(2015, 4, 1), e.day("DECOM"))
                      and e["RNE"] not in ("S", "T", "U"))


@rule("377", "Episodes", ["PLACE"], "Only two temporary placements coded as being due to holiday of usual foster carer(s) "
      "are allowed in any 12- month period.", query=True)
def _377(child, s):
    t3 = [e for e in child.table("Episodes") if e["PLACE"] == "T3"]
    return t3 if len(t3) > 2 else ()


@rule("628", ["Episodes", "Header", "OC3"], ["MOTHER"], "Motherhood details are not required for care leavers who have not "
      "been looked after during the year.")
def _628(child, s):
    header = child.header
    if header is not None and not child.table("Episodes") and header["MOTHER"] \
            and any(any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")) for r in child.table("OC3")):
        yield header


@rule("434", "Episodes", ["RNE"], "Reason for new episode is that child's legal status has changed but not the placement, "
      "but this is not reflected in the episode data.")
def _434(child, s):
    for prev, e in previous_pairs(child):
        if e["RNE"] == "L" and (eq(e["LS"], prev["LS"]) or any(e[c] != prev[c] for c in ("PLACE", "PL_POST", "URN",
                                                                                            "PLACE_PROVIDER"))):
            yield e


@rule("197B", ["OC2", "Episodes"], ["SDQ_REASON"], "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.")
def _197b(child, s):
    for r in child.table("OC2"):
        four, seventeen = add_years(r.day("DOB"), 4), add_years(r.day("DOB"), 17)
        turning = (four is not None and s.start <= four <= s.end) or (seventeen is not None and s.start <= seventeen <= s.end)
        if turning and continuously_looked_after(child, s) and not r["SDQ_SCORE"] and not r["SDQ_REASON"]:
            yield r


@rule("554", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Date of decision that the child should be placed for adoption "
      "should be on or prior to the date that the placement order was granted.")
def _554(child, s):
    e1 = [e for e in child.table("Episodes") if e["LS"] == "E1" and e.day("DECOM")]
    if e1:
        first = min(e1, key=lambda e: e.day("DECOM"))
        if any(lt(first.day("DECOM"), r.day("DATE_PLACED")) for r in child.table("PlacedAdoption")):
            yield first


@rule("518", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "If reporting legal status of adopters is L4 then the genders of adopters "
      "should be coded as MM or FF.")
def _518(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L4" and r["SEX_ADOPTR"] not in ("MM", "FF"))


@rule("635", "PrevPerm", ["PREV_PERM"], "There are entries for date of order and local authority code where previous "
      "permanence option was arranged but previous permanence code is Z1")
def _635(child, s):
    return rows_where(child, "PrevPerm", lambda r: (r["LA_PERM"] or r["DATE_PERM"]) and not r["PREV_PERM"])




# ---- batch 9 ----------------------------------------------------------------------------------------------


@rule("210", ["Header", "Episodes"], ["UPN"], "Children looked after for more than a week at 31 March should not have an "
      "unknown Unique Pupil Number (UPN) code of UN4.")
def _210(child, s):
    header = child.header
    reference = date(s.end.year, 3, 24)
    if header is not None and header["UPN"] == "UN4" and any(le(reference, e.day("DECOM")) for e in child.table("Episodes")):
        yield header


@rule("543", ["Episodes", "OC2"], ["CONVICTED"], "Child is aged 10 or over at 31 March and has been looked after "
      "continuously for 12 months yet conviction information has not been completed.")
def _543(child, s):
    return rows_where(child, "OC2", lambda r: lt(add_years(r.day("DOB"), 10), s.end) and continuously_looked_after(child, s)
                      and not r["CONVICTED"])


@rule("514", "AD1", ["LS_ADOPTR", "SEX_ADOPTR"], "Data entry on the legal status of adopters shows a single adopter but data "
      "entry for the numbers of adopters shows it as a couple.")
def _514(child, s):
    return rows_where(child, "AD1", lambda r: r["LS_ADOPTR"] == "L0" and r["SEX_ADOPTR"] not in ("M1", "F1"))


valid_date("112", "AD1", "DATE_INT", "Date should be placed for adoption is not a valid date.")
valid_code("133", "OC3", "ACCOM", lists.CARE_LEAVER_ACCOMMODATION, "Data entry for accommodation after leaving care is "
           "invalid. If reporting on a childs accommodation after leaving care the data entry must be valid",
           allow_blank=False)


@rule("158", "OC2", ["INTERVENTION_OFFERED"], "If a child has been recorded as receiving an intervention for their substance "
      "misuse problem, then the additional item on whether an intervention was offered should be left blank.")
def _158(child, s):
    return rows_where(child, "OC2", lambda r: r["INTERVENTION_RECEIVED"] == "1" and r["INTERVENTION_OFFERED"])


@rule("167", "Reviews", ["REVIEW_CODE"], "Data entry for participation is invalid or blank.")
def _167(child, s):
    def ok(r):
        return (r["REVIEW"] and lists.REVIEW_PARTICIPATION.valid_in(r["REVIEW_CODE"], s.year)) or \
            (not r["REVIEW"] and not r["REVIEW_CODE"])
    return rows_where(child, "Reviews", lambda r: not ok(r))


@rule("441", "Reviews", ["REVIEW_CODE"], "Participation method indicates child was 4 years old or over at the time of the "
      "review, but the date of birth and review date indicates the child was under 4 years old.")
def _441(child, s):
    return rows_where(child, "Reviews", lambda r: r["REVIEW_CODE"] in ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
                      and lt(r.day("REVIEW"), add_years(r.day("DOB"), 4)))


@rule("385", "Episodes", ["DEC"], "Date episode ceased must be on or before the end of the current collection year.")
def _385(child, s):
    return rows_where(child, "Episodes", lambda e: lt(s.end, e.day("DEC")))


@rule("354", "Episodes", ["DECOM"], "Date episode ceased must be on or before the end of the current collection year.")
def _354(child, s):
    return rows_where(child, "Episodes", lambda e: lt(s.end, e.day("DECOM")))


@rule("382", "Episodes", ["LS", "PLACE"], "A child receiving respite care cannot be in a temporary placement.")
def _382(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and e["PLACE"] in ("T0", "T1", "T2", "T3", "T4"))


@rule("570", "Missing", ["MIS_START"], "The date that the child started to be missing or away from placement without "
      "authorisation is after the end of the collection year.")
def _570(child, s):
    return rows_where(child, "Missing", lambda r: lt(s.end, r.day("MIS_START")))


@rule("564", "Missing", ["MIS_START"], "Child was missing or away from placement without authorisation and the date started "
      "is blank.")
def _564(child, s):
    return rows_where(child, "Missing", lambda r: r["MISSING"].upper() in ("M", "A") and not r["MIS_START"])


@rule("199", "Episodes", ["REC"], "Episode information shows child has been previously adopted from care.")
def _199(child, s):
    # With last year's episodes when given; only this year's are reported.
    this_year = [e for e in child.table("Episodes") if e.day("DECOM")]
    last_year = [e for e in s.last_of(child).table("Episodes") if e.day("DECOM")] if s.provides(("Episodes_last",)) else []
    adoptions = 0
    for e in sorted(this_year + last_year, key=lambda e: e.day("DECOM")):
        adopted = e["REC"] in ("E11", "E12")
        adoptions += adopted
        if adoptions > 0 and not (adopted and adoptions == 1) and e in this_year:
            yield e


TWELVE_MONTH_ITEMS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                      "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")


@rule("190", ["OC2", "Episodes"], ["CONVICTED"], "Child has not been looked after continuously for at least 12 months at "
      "31 March but one or more data items relating to children looked after for 12 months have been completed.")
def _190(child, s):
    return rows_where(child, "OC2", lambda r: not continuously_looked_after(child, s) and any_of(r, TWELVE_MONTH_ITEMS))


def partial_date(text: str) -> date | None:
    """DfE's reading of DATE_PERM: 'ZZ' for an unknown day or month means its last day; 'ZZZZ' is 2000."""
    parts = text.split("/")
    if len(parts) != 3:
        return None
    day, month, year = parts
    last = None
    if day == "ZZ":
        day, last = "01", "month"
    if month == "ZZ":
        month, last = "01", "year"
    if year == "ZZZZ":
        year = "2000"
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not (len(parts[2]) == 4 and len(parts[0]) <= 2 and len(parts[1]) <= 2):
        return None
    if last == "month":
        following = date(parsed.year + (parsed.month == 12), parsed.month % 12 + 1, 1)
        return following - timedelta(days=1)
    if last == "year":
        return date(parsed.year, 12, 31)
    return parsed


@rule("632", ["Episodes", "PrevPerm"], ["DATE_PERM"], "Date of previous permanence order not a valid value.")
def _632(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if not eps:
        return
    first = min(e.day("DECOM") for e in eps)
    for r in child.table("PrevPerm"):
        when = partial_date(r["DATE_PERM"]) if r["DATE_PERM"] else None
        if (when is not None and when >= first) or (r["DATE_PERM"] and when is None):
            yield r


@rule("399", ["Episodes", "Header", "Reviews"], ["MOTHER", "REVIEW"], "Mother field, review field or participation field "
      "are completed but child is looked after under legal status V3 or V4.")
def _399(child, s):
    eps = child.table("Episodes")
    if not eps or not all(e["LS"] in ("V3", "V4") for e in eps):
        return
    header = child.header
    reviews = child.table("Reviews")
    if (header is not None and header["MOTHER"]) or any(r["REVIEW"] or r["REVIEW_CODE"] for r in reviews):
        yield from eps


@rule("367", "Episodes", ["LS"], "The maximum amount of respite care allowable is 75 days in any 12-month period.")
def _367(child, s):
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


@rule("1003", ["Episodes", "PlacedAdoption"], ["DATE_PLACED"], "Date of LA's decision that a child should be placed for "
      "adoption is before the child started to be looked after.")
def _1003(child, s):
    starts = [e for e in child.table("Episodes") if e["RNE"] == "S" and e.day("DECOM")]
    if starts:
        first = min(e.day("DECOM") for e in starts)
        yield from rows_where(child, "PlacedAdoption", lambda r: lt(r.day("DATE_PLACED"), first))


@rule("INT01", ["Header", "AD1"], ["CHILD"], "Data Integrity Check: Child in AD1 does not exist in Header.")
def _int01(child, s):
    return child.table("AD1") if child.header is None else ()


@rule("527", "Episodes", ["PLACE_PROVIDER"], "A placement provider code of PR1 cannot be associated with placements P1, R2 "
      "or R5.")
def _527(child, s):
    return rows_where(child, "Episodes", lambda e: e["PLACE"] in ("P1", "R2", "R5") and e["PLACE_PROVIDER"] == "PR1")


@rule("191", ["OC2", "Episodes"], ["IMMUNISATIONS"], "Child has been looked after continuously for at least 12 months at "
      "31 March but one or more data items relating to children looked after for 12 months have been left blank.")
def _191(child, s):
    if not continuously_looked_after(child, s):
        return
    yield from rows_where(child, "OC2", lambda r: not all(r[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                                                                         "SUBSTANCE_MISUSE")))
    if not child.table("OC2") and child.table("Episodes"):
        yield child.episodes[0]


@rule("197a", "OC2", ["SDQ_REASON"], "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and "
      "Difficulties Questionnaire score is filled in.")
def _197a(child, s):
    return rows_where(child, "OC2", lambda r: r["SDQ_SCORE"] and r["SDQ_REASON"])


@rule("153", "OC3", ["IN_TOUCH", "ACTIV", "ACCOM"], "All data items relating to a child's activity or accommodation after "
      "leaving care must be coded or left blank.")
def _153(child, s):
    columns = ("IN_TOUCH", "ACTIV", "ACCOM")
    return rows_where(child, "OC3", lambda r: any_of(r, columns) and not all(r[c] for c in columns))


@rule("345", "OC3", ["ACTIV", "ACCOM"], "The data collection record shows the local authority is in touch with this young "
      "person, but activity and/or accommodation data items are zero.")
def _345(child, s):
    return rows_where(child, "OC3", lambda r: r["IN_TOUCH"] == "YES" and (r["ACTIV"] == "0" or r["ACCOM"] == "0"))




# ---- batch 10: the rest of the episodes, header and social worker episodes --------------------------------

YEAR_DAYS = 365.2425  # numpy's "Y", which DfE's age checks use


def years(n: float) -> timedelta:
    return timedelta(days=n * YEAR_DAYS)


@rule("359", ["Header", "Episodes"], ["LS", "PLACE"], "Child being looked after following 18th birthday must be accommodated "
      "under section 20(5) of the Children Act 1989 in a community home.")
def _359(child, s):
    eighteen = add_years(child.dob, 18)
    return rows_where(child, "Episodes", lambda e: lt(eighteen, s.end) and not e["DEC"]
                      and not (e["LS"] == "V2" and e["PLACE"] == "K2"))


@rule("621", "Header", ["MC_DOB"], "Mother's field has been completed but date of birth shows that the mother is younger "
      "than her child.")
def _621(child, s):
    return rows_where(child, "Header", lambda h: h.day("MC_DOB") is not None and not lt(h.day("DOB"), h.day("MC_DOB")))


@rule("302", ["Header", "Episodes"], ["DECOM"], "First episode starts before child was born.")
def _302(child, s):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    if eps:
        first = min(eps, key=lambda e: e.day("DECOM"))
        if lt(first.day("DECOM"), child.dob):
            yield first


@rule("565", "Missing", ["MISSING"], "The date that the child started to be missing or away from placement without "
      "authorisation has been completed but whether the child was missing or away from placement without authorisation "
      "has not been completed.")
def _565(child, s):
    return rows_where(child, "Missing", lambda r: r["MIS_START"] and not r["MISSING"])


@rule("446", "Episodes", ["LS"], "E1 is not a valid code for episodes starting before December 2005.")
def _446(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] == "E1" and lt(e.day("DECOM"), date(2005, 12, 1)))


@rule("234", ["Episodes", "Header"], ["REASON_PLACE_CHANGE"], "A child aged under 10 can not change placement due to being "
      "admitted to custody")
def _234(child, s):
    ten = add_years(child.header.loose("DOB") if child.header else None, 10)
    return rows_where(child, "Episodes", lambda e: e["REASON_PLACE_CHANGE"] == "CUSTOD" and lt(e.loose("DECOM"), ten))


@rule("242", "Episodes", ["URN"], f"URN = '{NOT_REGISTERED}' can only be used for regional adoption agencies")
def _242(child, s):
    return rows_where(child, "Episodes", lambda e: e["URN"] == NOT_REGISTERED and e["PLACE"] not in
                      ("A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"))


@rule("233", "Episodes", ["REASON_PLACE_CHANGE"], "Reason for placement change is not required when the episode has not ceased.")
def _233(child, s):
    # DfE's implementation reads a column that does not exist and never runs; this is the rule as written.
    return rows_where(child, "Episodes", lambda e: not e["DEC"] and e["REASON_PLACE_CHANGE"])


@rule("232", "Header", ["SEX"], "Sex of the child/young person has been reported as unknown.", query=True)
def _232(child, s):
    return rows_where(child, "Header", lambda h: h["SEX"].upper() == "U")


@rule("231", "Header", ["DOB"], "We expect that unaccompanied asylum seeking children are generally older young people. "
      "Please check the date of birth is correct.", query=True)
def _231(child, s):
    # DfE's implementation reads a UASC_STATUS column that does not exist and never runs; this is the rule as written.
    if is_uasc(child):
        yield from rows_where(child, "Header", lambda h: lt(add_years(s.end, -11), h.day("DOB")))


@rule("347", "OC3", ["ACCOM"], "Care leavers aged under 18 years, can not be accommodated in a Foyer.")
def _347(child, s):
    return rows_where(child, "OC3", lambda r: r["ACCOM"] == "T" and r.day("DOB") and s.start - r.day("DOB") < years(18))


@rule("1016", ["Episodes", "OC3"], ["IN_TOUCH"], "Care leaver information is not required for 17- or 18-year olds who cease "
      "to be looked after, after their birthday.")
def _1016(child, s):
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


# Social worker episodes.


@rule("SW02STG1", "SWEpisodes", ["SW_ID"], "Social worker ID does not begin with the characters 'SW' or 'XX'.")
def _sw02(child, s):
    return rows_where(child, "SWEpisodes", lambda r: r["SW_ID"][:2] not in ("SW", "XX") or len(r["SW_ID"]) < 4)


valid_date("SW04STG1", "SWEpisodes", "SW_DECOM", "Date social worker episode began is not a valid date..")
valid_date("SW05STG1", "SWEpisodes", "SW_DEC", "Date social worker episode began is not a valid date.")


@rule("SW06STG2", "SWEpisodes", ["SW_DECOM"], "Social worker episode data should be within the social worker data reporting year.")
def _sw06(child, s):
    return rows_where(child, "SWEpisodes", lambda r: lt(s.end, r.day("SW_DECOM")))


@rule("SW07STG2", "SWEpisodes", ["SW_DEC"], "Social worker episode end date should be on or after the start of the social "
      "worker reporting period, and should be on or before the collection end date.")
def _sw07(child, s):
    earliest = s.start - years(1)
    return rows_where(child, "SWEpisodes", lambda r: r.day("SW_DEC") is not None and
                      (r.day("SW_DEC") < earliest or r.day("SW_DEC") > s.end))


def sw_sorted(child):
    def key(r):
        return (r.day("SW_DECOM") is None, r.day("SW_DECOM") or date.min, r.day("SW_DEC") is None, r.day("SW_DEC") or date.min)
    return sorted(child.table("SWEpisodes"), key=key)


@rule("SW08STG2", "SWEpisodes", ["SW_DEC"], "A new social worker episode has started, but the previous episode has not ended.")
def _sw08(child, s):
    rows = sorted(child.table("SWEpisodes"), key=lambda r: (r.day("SW_DECOM") is None, r.day("SW_DECOM") or date.min))
    return [r for r in rows[:-1] if r.day("SW_DEC") is None and r.day("SW_DECOM") is not None]


@rule("SW09STG2", "SWEpisodes", ["SW_DEC"], "Social worker episode appears to have lasted for less than 24 hours.", query=True)
def _sw09(child, s):
    return rows_where(child, "SWEpisodes", lambda r: r.loose("SW_DEC") and r.loose("SW_DECOM")
                      and (r.loose("SW_DEC") - r.loose("SW_DECOM")).days < 3)


def not_within_a_week(r, prev):
    start, prev_end = r.day("SW_DECOM"), prev.day("SW_DEC")
    return not (start and prev_end and prev_end - timedelta(days=7) <= start <= prev_end + timedelta(days=7))


@rule("SW10STG2", "SWEpisodes", ["SW_DECOM"], "A new social worker episode has started before the end date of the previous "
      "social worker episode.")
def _sw10(child, s):
    rows = sw_sorted(child)
    return [r for prev, r in zip(rows, rows[1:], strict=False) if r["SW_REASON"] != "FCONTA" and not_within_a_week(r, prev)]


@rule("SW10aSTG2", "SWEpisodes", ["SW_DECOM"], "A new social worker episode has started and it is not within +/- 7 days of a "
      "previous episode.")
def _sw10a(child, s):
    rows = sw_sorted(child)
    return [r for prev, r in zip(rows, rows[1:], strict=False) if r["SW_REASON"] != "FCONTA" and not_within_a_week(r, prev)]


@rule("SW10bSTG2", "SWEpisodes", ["SW_DECOM"], "A new social worker episode has started with a reason of first contact "
      "before the previous episode has ended.")
def _sw10b(child, s):
    rows = sw_sorted(child)
    return [r for prev, r in zip(rows, rows[1:], strict=False) if r["SW_REASON"] == "FCONTA"
            and le(r.day("SW_DECOM"), prev.day("SW_DEC"))]


@rule("SW11bSTG2", "SWEpisodes", ["SW_DEC"], "Social worker episode has ended before 31 March and no subsequent social worker "
      "episode has been provided.")
def _sw11b(child, s):
    window = (s.end - timedelta(days=5), s.end)
    rows = sorted(child.table("SWEpisodes"), key=lambda r: (r.day("SW_DECOM") is None, r.day("SW_DECOM") or date.min))

    def in_window(day):
        return day is not None and window[0] <= day <= window[1]
    for prev, r in zip(rows, rows[1:], strict=False):
        if in_window(prev.day("SW_DEC")) and r.day("SW_DECOM") is None:
            yield r
        if lt(prev.day("SW_DECOM"), r.day("SW_DEC")) and in_window(r.day("SW_DEC")):
            yield r
    if len(rows) == 1 and in_window(rows[0].day("SW_DEC")):
        yield rows[0]


@rule("SW12STG2", ["SWEpisodes", "Episodes"], ["SW_DECOM"], "If a child is looked after on 31 March then all social worker "
      "episodes for the full previous year should be reported, even those whilst they were not looked after")
def _sw12(child, s):
    # As DfE's implementation reads it: every (episode, worker episode) pair is checked, so a worker episode
    # that began before care started is reported against the episode that started care (rules-exceptions.md).
    # An open episode runs to 31 March: as shipped, DfE's tool sees it so (rule 365 fills it in first);
    # run on its own, the rule would report every open episode that did not start care.
    earliest = s.start - years(1)
    workers = child.table("SWEpisodes") or [None]
    for e in child.table("Episodes"):
        dec = e.day("DEC") or (s.end if not e["DEC"] else None)
        if not ((dec is not None and earliest <= dec <= s.end) or dec is None):
            continue
        if e["LS"] in ("V3", "V4") or not (e["RNE"] == "S" or e["REC"] != "X1"):
            continue
        failing = []
        for w in workers:
            start = w.day("SW_DECOM") if w is not None else None
            before_end = le(start, dec) and e["REC"] != "X1"
            after_start = le(e.day("DECOM"), start) and e["RNE"] == "S"
            if not before_end and not after_start:
                failing.append(start)
        if failing and all(lt(start, e.day("DECOM")) for start in failing):
            yield NoChangeNeeded(e, "DfE's validator reports the social worker history from before care, which this "
                                    "return must include (SW12's own guidance; decision 007): no change is needed")
        elif failing:
            yield e


@rule("SW13STG1", "SWEpisodes", ["SW_REASON"], "The reason for social worker change is not valid.")
def _sw13(child, s):
    return rows_where(child, "SWEpisodes", lambda r: (r["SW_REASON"] and not lists.SW_REASON.valid_in(r["SW_REASON"], s.year))
                      or (not r["SW_REASON"] and le(date(2023, 4, 1), r.day("SW_DECOM"))))


@rule("SW17STG2", "SWEpisodes", ["SW_DEC"], "There is no social worker episode open at 31 March")
def _sw17(child, s):
    rows = [r for r in child.table("SWEpisodes") if r.loose("SW_DECOM")]
    if rows:
        latest = max(rows, key=lambda r: r.loose("SW_DECOM"))
        if latest["SW_DEC"]:
            yield latest


@rule("SW18STG2", "SWEpisodes", ["SW_DEC"], "The end date of the social worker episode is before the start date")
def _sw18(child, s):
    return rows_where(child, "SWEpisodes", lambda r: r.loose("SW_DEC") and r.loose("SW_DECOM")
                      and r.loose("SW_DEC") <= r.loose("SW_DECOM"))


@rule("SW19STG2", "SWEpisodes", ["SW_DECOM"], "There are 2 social worker episodes for the child starting on the same date.")
def _sw19(child, s):
    seen = set()
    for r in child.table("SWEpisodes"):
        if r["SW_DECOM"] in seen:
            yield r
        seen.add(r["SW_DECOM"])


# Return-level: a UPN given to two children.


def _444(s):
    holders = {}
    for child in s.children:
        for header in child.table("Header"):
            if header["UPN"] and header["UPN"] not in ("UN1", "UN2", "UN3", "UN4", "UN5"):
                holders.setdefault(header["UPN"], []).append((child, header))
    for rows in holders.values():
        if len(rows) > 1:
            yield from rows


SSDA903.rule("444", "Header", ["UPN"], "Duplicate UPN has been reported", scope="return")(
    lambda s: _444(s) if s.provides(("Header",)) else ())




# ---- batch 11: the fields DfE derives from postcodes ---------------------------------------------------------


@rule("392a", "Episodes", ["PL_DISTANCE"], "Child is looked after but no distance is recorded.")
def _392a(child, s):
    if uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and pl_distance(e, s) is None)


@rule("406", "Episodes", ["PL_DISTANCE"], "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. "
      "Distance should be blank.")
def _406(child, s):
    if not uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: pl_distance(e, s) is not None)


@rule("164", "Episodes", ["PL_DISTANCE"], "Distance is not valid. Please check a valid postcode has been entered.")
def _164(child, s):
    if uasc_now_or_last_year(child, s):
        return ()
    return rows_where(child, "Episodes", lambda e: pl_distance(e, s) is not None and not 0 <= pl_distance(e, s) <= 999.9)


@rule("454", "Episodes", ["PL_DISTANCE"], "Placement distance from home is over 350 miles.", query=True)
def _454(child, s):
    return rows_where(child, "Episodes", lambda e: pl_distance(e, s) is not None and pl_distance(e, s) > 350
                      and pl_distance(e, s) != 999.9)


@rule("392c", "Episodes", ["HOME_POST", "PL_POST"], "Postcode(s) provided are invalid.")
def _392c(child, s):

    return rows_where(child, "Episodes", lambda e: (e["HOME_POST"] and postcodes.lookup(e["HOME_POST"]) is None)
                      or (e["PL_POST"] and postcodes.lookup(e["PL_POST"]) is None))


@rule("169", "Episodes", ["PL_POST"], "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
      "postcode has been entered.")
def _169(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and pl_la(e, s) is None)


@rule("179", "Episodes", ["PL_POST"], "Placement location code is not a valid code.")
def _179(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] not in ("V3", "V4") and pl_location(e, s) is None)


@rule("420", "Episodes", ["PL_POST"], "LA of placement completed but child is looked after under legal status V3 or V4.")
def _420(child, s):
    return rows_where(child, "Episodes", lambda e: e["LS"] in ("V3", "V4") and pl_la(e, s) is not None)


@rule("411", "Episodes", ["PL_POST"], "Placement location code disagrees with LA of placement.")
def _411(child, s):
    return rows_where(child, "Episodes", lambda e: pl_location(e, s) == "IN" and pl_la(e, s) != s.authority)


@rule("1015", "Episodes", ["PLACE_PROVIDER", "PL_POST"], "Placement provider is own provision but child not placed in own LA.")
def _1015(child, s):
    fostering = {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K3"}
    return rows_where(child, "Episodes", lambda e: e["PLACE"] not in fostering and e["LS"] not in ("V3", "V4")
                      and e["PLACE_PROVIDER"] == "PR1" and e["LS"] and e["PLACE"] and pl_la(e, s) != s.authority)


@rule("243", "Episodes", ["URN"], "Only placements with providers registered with Ofsted should have a URN reported.")
def _243(child, s):
    return rows_where(child, "Episodes", lambda e: pl_la(e, s) in OUTSIDE_ENGLAND and e["URN"])


@rule("241", "Episodes", ["URN", "PL_POST"], "LA of placement is not an LA the provider has premises.")
def _241(child, s):
    return rows_where(child, "Episodes", lambda e: e["URN"] and e["URN"] != NOT_REGISTERED and e["PLACE"] == "K3"
                      and pl_la(e, s) != s.authority)


# ---- batch 12: comparisons with last year's return ------------------------------------------------------


def first_episode(child):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    return min(eps, key=lambda e: e.day("DECOM")) if eps else None


def latest_episode(child):
    eps = [e for e in child.table("Episodes") if e.day("DECOM")]
    return max(eps, key=lambda e: e.day("DECOM")) if eps else None


def differs_from_last_year(code, column, message, *, derived=False, same_rne=False):
    """DfE's field_different_from_previous: this year's first episode against last year's latest, when
    that was still open; compared as text, so two blanks are the same."""
    @rule(code, ["Episodes", "Episodes_last"], [column], message)
    def check(child, s):
        first, before = first_episode(child), latest_episode(s.last_of(child))
        if first is None or before is None or before.day("DEC") is not None:
            return
        if derived:
            now, then = first.derived(column, s.authority), before.derived(column, s.authority)
        else:
            now, then = first[column], before[column]
        now, then = ("nan" if now in ("", None) else str(now)), ("nan" if then in ("", None) else str(then))
        if column == "PLACE" and ((s.year in (2024, 2025) and now == "K3" and then == "H5")
                                  or (s.year == 2026 and now in ("Z11", "Z12", "Z13", "Z14") and then == "Z1")):
            return
        if now != then and (not same_rne or eq(first["RNE"], before["RNE"])):
            yield first
    return check


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
differs_from_last_year("503H", "PL_LA", "The placement LA in first episode does not match open episode at end of last year.",
                       derived=True)
differs_from_last_year("503J", "PL_LOCATION", "The placement location in first episode does not match open episode at end "
                       "of last year.", derived=True)


def distance_changed(code, message, *, same_rne):
    @rule(code, ["Episodes", "Episodes_last"], ["PL_DISTANCE"], message)
    def check(child, s):
        first, before = first_episode(child), latest_episode(s.last_of(child))
        if first is None or before is None or before.day("DEC") is not None:
            return
        now, then = pl_distance(first, s), pl_distance(before, s)
        changed = (now is not None and then is not None and abs(now - then) >= 0.2) or (then is None and now is not None)
        if changed and (not same_rne or eq(first["RNE"], before["RNE"])):
            yield first
    return check


distance_changed("503G", "The distance in first episode does not match open episode at end of last year.", same_rne=False)
distance_changed("453", "Contradiction between placement distance in the last episode of the previous year and in the first "
                 "episode of the current year.", same_rne=True)


@rule("452", ["Episodes", "Episodes_last"], ["PL_POST"], "Contradiction between local authority of placement code in the "
      "last episode of the previous year and in the first episode of the current year.")
def _452(child, s):
    first, before = first_episode(child), latest_episode(s.last_of(child))
    if first is None or before is None or before["DEC"]:
        return
    if eq(first["RNE"], before["RNE"]) and str(pl_la(first, s)) != str(pl_la(before, s)):
        yield first


@rule("502", ["Episodes", "Episodes_last"], ["DECOM"], "Last year's record ended with an open episode. The date on which "
      "that episode started does not match the start date of the first episode on this year's record.")
def _502(child, s):
    first = first_episode(child)
    if first is None:
        return
    for before in s.last_of(child).table("Episodes"):
        if not before["DEC"] and first.day("DECOM") != before.day("DECOM"):
            yield first
            return


@rule("562", ["Episodes", "Episodes_last"], ["DECOM"], "Episode commenced before the start of the current collection year "
      "but there is a missing continuous episode in the previous year.")
def _562(child, s):
    earlier = [e for e in child.table("Episodes") if lt(e.day("DECOM"), s.start)]
    if not earlier:
        return
    first = min(earlier, key=lambda e: e.day("DECOM"))
    before = latest_episode(s.last_of(child))
    if before is None or before.day("DECOM") != first.day("DECOM"):
        yield first


@rule("NoE", ["Episodes", "Episodes_last"], ["DECOM"], "This child has no episodes loaded for previous year even though "
      "child started to be looked after before this current year.")
def _noe(child, s):
    if not s.last_of(child).table("Episodes"):
        yield from rows_where(child, "Episodes", lambda e: lt(e.day("DECOM"), s.start))


@rule("1010", ["Episodes", "Episodes_last", "OC3"], ["IN_TOUCH"], "This child has no episodes loaded for current year even "
      "though there was an open episode of care at the end of the previous year, and care leaver data has been entered.")
def _1010(child, s):
    before = latest_episode(s.last_of(child))
    if not child.table("Episodes") and before is not None and not before["DEC"]:
        yield from child.table("OC3")


@rule("1002", ["Episodes", "OC3", "Episodes_last"], ["IN_TOUCH"], "This child has no previous episodes of care, therefore "
      "should not have care leaver information recorded.")
def _1002(child, s):
    if not child.table("Episodes") and not s.last_of(child).table("Episodes"):
        yield from child.table("OC3")


def has_rows(s, table) -> bool:
    """Does any child in the set have rows in ``table``? (worked out once per set)"""
    cache = s.__dict__.setdefault("_has_rows", {})
    if table not in cache:
        cache[table] = any(c.table(table) for c in s.children)
    return cache[table]


@rule("1001", ["Episodes", "OC3", "Header", "Episodes_last"], ["IN_TOUCH"], "The episodes recorded for this young person "
      "suggest they are not a relevant or a former relevant child and therefore should not have care leaver information "
      "completed.")
def _1001(child, s):
    oc3 = child.table("OC3")
    # DfE skips the rule when any of its tables is empty in the whole set.
    if not oc3 or not has_rows(s, "Episodes") or not has_rows(s, "Header") or s.last is None \
            or not has_rows(s.last, "Episodes"):
        return
    episodes = child.table("Episodes") + s.last_of(child).table("Episodes")
    # One row per start date, keeping the one that ended first; the latest start runs to 31 March if open.
    by_start = {}
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
        yield from oc3


def _last_header(child, s):
    return s.last_of(child).header


@rule("202", ["Header", "Header_last"], ["SEX"], "The gender code conflicts with the gender already recorded for this child.")
def _202(child, s):
    before = _last_header(child, s)
    if before is not None:
        yield from rows_where(child, "Header", lambda h: (h["SEX"] or "nan") != (before["SEX"] or "nan"))


@rule("203", ["Header", "Header_last"], ["DOB"], "Date of birth disagrees with the date of birth already recorded for this child.")
def _203(child, s):
    before = _last_header(child, s)
    if before is not None:
        yield from rows_where(child, "Header", lambda h: h.day("DOB") != before.day("DOB"))


@rule("204", ["Header", "Header_last"], ["ETHNIC"], "Ethnic origin code disagrees with the ethnic origin already recorded for "
      "this child.")
def _204(child, s):
    before = _last_header(child, s)
    if before is not None:
        yield from rows_where(child, "Header", lambda h: (h["ETHNIC"] or "nan").upper() != (before["ETHNIC"] or "nan").upper())


@rule("207", ["Episodes", "Header", "Header_last"], ["MOTHER"], "Mother status for the current year disagrees with the "
      "mother status already recorded for this child.")
def _207(child, s):
    before = _last_header(child, s)
    if before is not None and child.table("Episodes") and before["MOTHER"] == "1":
        yield from rows_where(child, "Header", lambda h: (h["MOTHER"] or "nan") != "1")


@rule("208", ["Header", "Header_last"], ["UPN"], "Unique Pupil Number (UPN) for the current year disagrees with the Unique "
      "Pupil Number (UPN) already recorded for this child.")
def _208(child, s):
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


@rule("624", ["Header", "Header_last"], ["MC_DOB"], "Date of birth of the first child contradicts the date of birth of the "
      "first child previously recorded.")
def _624(child, s):
    before = _last_header(child, s)
    if before is not None and before["MC_DOB"]:
        yield from rows_where(child, "Header", lambda h: h["MC_DOB"] != before["MC_DOB"])


@rule("626", ["Header", "Header_last"], ["MOTHER"], "Child was reported as a mother but the date of birth of the first child "
      "is before the current year which contradicts with the mother status recorded last year.")
def _626(child, s):
    before = _last_header(child, s)
    if before is not None and before["MOTHER"] == "0":
        yield from rows_where(child, "Header", lambda h: h["MOTHER"] == "1" and lt(h.day("MC_DOB"), s.start))


@rule("348", ["OC3", "OC3_last"], ["IN_TOUCH"], "Care leaver has previously been reported as having died.")
def _348(child, s):
    if any(r["IN_TOUCH"] == "DIED" for r in s.last_of(child).table("OC3")):
        yield from rows_where(child, "OC3", lambda r: r["IN_TOUCH"] != "DIED")


@rule("559", ["PlacedAdoption", "PlacedAdoption_last"], ["DATE_PLACED"], "Date of decision that a child should be placed "
      "for adoption was not in the current year but the date of the decision that the child should be placed for adoption "
      "was not completed in a previous return.")
def _559(child, s):
    before = s.last_of(child).table("PlacedAdoption")
    for r in child.table("PlacedAdoption"):
        if lt(r.day("DATE_PLACED"), s.start) and (not before or any(b.day("DATE_PLACED") is None for b in before)):
            yield r


@rule("560", ["PlacedAdoption", "PlacedAdoption_last"], ["DATE_PLACED"], "Date of decision that the child should be placed "
      "for adoption this year is different from that recorded last year but the decision to place the child for adoption "
      "did not change.")
def _560(child, s):
    before = s.last_of(child).table("PlacedAdoption")
    for r in child.table("PlacedAdoption"):
        if any(b["DATE_PLACED"] and not b["DATE_PLACED_CEASED"] and r["DATE_PLACED"] != b["DATE_PLACED"] for b in before):
            yield r


@rule("561", ["PlacedAdoption", "PlacedAdoption_last"], ["DATE_PLACED"], "Date of the decision that the child should be "
      "placed for adoption this year is the same as that recorded last year but records show that the decision changed, "
      "and the child should no longer be placed for adoption last year.")
def _561(child, s):
    before = s.last_of(child).table("PlacedAdoption")
    for r in child.table("PlacedAdoption"):
        if any(eq(r["DATE_PLACED"], b["DATE_PLACED"]) and (b["REASON_PLACED_CEASED"] or b["DATE_PLACED_CEASED"])
               for b in before):
            yield r


@rule("576", ["Missing", "Missing_last"], ["MIS_START"], "There is an open missing/away from placement without authorisation "
      "period in last year's return and there is no corresponding period recorded at the start of this year.")
def _576(child, s):
    rows = child.table("Missing")
    if not rows:
        return
    first = min(rows, key=lambda r: r.day("MIS_START") or date(2099, 1, 1))
    start = first.day("MIS_START") or date(2099, 1, 1)
    for before in s.last_of(child).table("Missing"):
        if not before["MIS_END"] and before.day("MIS_START") is not None and before.day("MIS_START") != start:
            yield first
            return


def uasc_flag(child):
    """The header's UASC flag as DfE reads it: None without a header row."""
    header = child.header
    if header is None:
        return None
    return header["UASC"] if "UASC" in header else ("1" if child.table("UASC") else "0")


@rule("205A", ["UASC", "UASC_last"], ["DUC"], "Child identified as UASC last year is no longer UASC this year, but date UASC "
      "ceased in both years does not support this.")
def _205a(child, s):
    last = s.last_of(child)
    start_last, end_last = add_years(s.start, -1), add_years(s.end, -1)
    for r in child.table("UASC"):
        for b in last.table("UASC"):
            in_last_year = b.day("DUC") is not None and start_last <= b.day("DUC") <= end_last
            if (uasc_flag(child) or "nan") != "1" and uasc_flag(last) == "1" and (r["DUC"] or not in_last_year):
                yield r


@rule("205B", ["UASC", "UASC_last"], ["DUC"], "Child previously identified as UASC is also UASC this year, but date UASC "
      "ceased in both years does not support this.")
def _205b(child, s):
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
def _205c(child, s):
    last = s.last_of(child)
    pairs = [(r, b) for r in child.table("UASC") for b in (last.table("UASC") or [None])]
    for r, b in pairs:
        never = uasc_flag(child) in (None, "0") and (b is None or uasc_flag(last) in (None, "0"))
        if never and (r.day("DUC") or (b is not None and b.day("DUC"))):
            yield r


@rule("205D", ["Header", "UASC", "Header_last", "UASC_last"], ["UASC"], "Child identified as UASC this year but not "
      "identified as UASC status provided for the child last year.")
def _205d(child, s):
    last = s.last_of(child)
    if last.header is not None and uasc_flag(child) == "1" and uasc_flag(last) != "1":
        yield child.header


def _584(s):
    """DfE's implementation compares positions in a merged table with row numbers in the file, so which
    rows it reports depends on both tables' order; this follows it exactly."""
    rows = s.rows("PlacedAdoption")
    last_rows = [b for b in (s.last.rows("PlacedAdoption") if s.last else [])
                 if b["DATE_PLACED_CEASED"] or b["REASON_PLACED_CEASED"]]
    by_child = {}
    for b in last_rows:
        by_child.setdefault(b["CHILD"], []).append(b)
    merged = [(i, r, b) for i, r in enumerate(rows) for b in by_child.get(r["CHILD"], [])]
    earlier = {pos for pos, (_, r, b) in enumerate(merged) if r["DATE_PLACED"] and b["DATE_PLACED"]
               and r["DATE_PLACED"] <= b["DATE_PLACED"]}
    blank = {i for i, r, _ in merged if not r["DATE_PLACED"]}
    for i, r in enumerate(rows):
        if i in earlier or i in blank:
            yield s.by_id[r["CHILD"]], r


SSDA903.rule("584", "PlacedAdoption", ["DATE_PLACED"], "Date of decision that the child should be placed for adoption this "
             "year is different from that recorded last year, but the decision to placed the child for adoption changed and "
             "the child should no longer be placed for adoption.", scope="return")(
    lambda s: _584(s) if s.provides(("PlacedAdoption", "PlacedAdoption_last")) else ())


# ---- batch 13: against Ofsted's provider list --------------------------------------------------------------
# These run only when the set is given the provider list (``Set903.providers``: URN -> {"provider_codes",
# "place_codes", "postcode", "reg_end", "la"}), as DfE's do only when Ofsted's extracts are uploaded.


def provider_rule(code, fields, message):
    def register(check):
        @rule(code, "Episodes", fields, message)
        def guarded(child, s):
            if s.providers is None:
                return ()
            return check(child, s)
        return check
    return register


def _registered(e):
    return e["URN"] and e["URN"] != NOT_REGISTERED


@provider_rule("224", ["URN", "PLACE_PROVIDER"], "The Ofsted Unique reference number (URN) provided for the child's "
               "placement does not match the placement provider recorded.")
def _224(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and not (
        e["PLACE_PROVIDER"] and e["PLACE_PROVIDER"] in s.providers.get(e["URN"], {}).get("provider_codes", ())))


@provider_rule("1008", ["URN"], "Ofsted Unique Reference Number (URN) is not valid.")
def _1008(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and e["URN"] not in s.providers)


@provider_rule("221", ["URN", "PL_POST"], "The Ofsted Unique reference number (URN) provided for the child's placement does "
               "not match the placement postcode provided.")
def _221(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and e["LS"] not in ("V3", "V4")
                      and e["PLACE"] in ("K1", "K2", "K3", "R3", "S1") and e["PL_POST"]
                      and e["PL_POST"].replace(" ", "") != s.providers.get(e["URN"], {}).get("postcode"))


@provider_rule("219", ["URN", "PLACE"], "The Ofsted Unique reference number (URN) provided for the child's placement does "
               "not match the placement type recorded.")
def _219(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and not (
        e["PLACE"] and e["PLACE"] in s.providers.get(e["URN"], {}).get("place_codes", ())))


@provider_rule("229", ["URN", "PLACE_PROVIDER"], "Placement provider does not match between the placing authority and the "
               "local authority code of the provider.")
def _229(child, s):
    exempt = {"K3", "P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}

    def wrong(e):
        la = s.providers.get(e["URN"], {}).get("la")
        return (e["PLACE_PROVIDER"] == "PR1" and la != s.authority) or (e["PLACE_PROVIDER"] == "PR2" and la == s.authority)
    return rows_where(child, "Episodes", lambda e: _registered(e) and e["PLACE"] not in exempt and wrong(e))


@provider_rule("228", ["URN", "DEC"], "Ofsted Unique reference number (URN) is not valid for the episode end date")
def _228(child, s):
    def closed(e):
        end = s.providers.get(e["URN"], {}).get("reg_end")
        if end is None:
            return False
        return (e.day("DEC") is not None and e.day("DEC") > end) or (e.day("DEC") is None and s.end > end)
    return rows_where(child, "Episodes", lambda e: _registered(e) and closed(e))


@provider_rule("227", ["URN", "DECOM"], "Ofsted Unique reference number (URN) is not valid for the episode start date.")
def _227(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and le(s.providers.get(e["URN"], {}).get("reg_end"),
                                                                        e.day("DECOM")))
