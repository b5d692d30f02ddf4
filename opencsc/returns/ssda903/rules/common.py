"""What the SSDA903 rules share: the rule set and its one decorator, helpers that read the set as DfE's
validator does, and families of rules of one shape (registered from the table modules)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from opencsc.codes import lists

from ...dfe_dates import dfe_add_years
from ...engine import RuleSet

SSDA903 = RuleSet("SSDA903", needs_its_tables=True)


# Rules not on the engine, and why (the coverage test accepts exactly these: none at present).
NEEDS_LAST_YEAR = "compares with last year's return"


NEEDS_POSTCODES = "uses the distance / placement LA DfE derives from postcodes"


NEEDS_PROVIDERS = "needs Ofsted's provider list"


NOT_IMPLEMENTED: dict[str, str] = {}


def not_implemented(reason: str, *codes: str):
    for code in codes:
        NOT_IMPLEMENTED[code] = reason


# The one decorator, as the CIN rules have it: a rule runs only when the set provides all its tables.
rule = SSDA903.rule


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


class NotYetDue:
    """A row reported for something that, in a year still in progress, has not happened yet (a birthday
    ahead): found all the same, shown as not yet due (returns/year_end.py)."""

    def __init__(self, row, reason: str):
        self.row, self.not_yet_due = row, reason

    def describe(self) -> str:
        return self.row.describe()

    @property
    def line(self) -> int:
        return self.row.line


def add_years(day: date | None, years: int) -> date | None:
    """As DfE's tool moves a date (``dfe_add_years``); None stays None."""
    return None if day is None else dfe_add_years(day, years)


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


def valid_date(code, table, column, message, *, required=False):
    @rule(code, table, [column], message)
    def check(child, s):
        for row in child.table(table):
            if row.get(column) and row.day(column) is None or required and not row.get(column):
                yield row
    return check


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


def oc2_needs_the_rest(code, column, message):
    @rule(code, "OC2", [column], message)
    def check(child, s):
        return rows_where(child, "OC2", lambda r: r[column] == "1" and not all(
            r[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")))
    return check


def same_dob_as_header(code, table):
    @rule(code, ["Header", table], ["DOB"], f"Internal Check: DOB in {table} is different to DOB in Header.")
    def check(child, s):
        dob = child.dob
        if dob is not None:
            yield from rows_where(child, table, lambda r: r.day("DOB") is not None and r.day("DOB") != dob)
    return check


LA_CODES = set(
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,896,381,909,202,908,331,"
    "306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,203,876,850,311,204,884,312,205,313,805,919,310,"
    "309,420,921,206,207,886,810,382,314,340,888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,"
    "926,892,813,802,928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,373,342,"
    "893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,880,358,211,937,869,320,359,865,"
    "384,335,336,212,868,872,885,344,877,213,938,816,999".split(",")) | {"WAL", "SCO", "NUK", "NIR"}


CEASED_CARE = {"E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14", "E15", "E16", "E17",
               "E41", "E45", "E46", "E47", "E48"}


def is_uasc(child) -> bool:
    """The header's UASC flag: given in the XML form, derived from the UASC table for a CSV set."""
    header = child.header
    if header is None:
        return False
    return header["UASC"] == "1" if "UASC" in header else bool(child.table("UASC"))


def uasc_now_or_last_year(child, s) -> bool:
    return is_uasc(child) or (s.provides(("Header_last",)) and is_uasc(s.last_of(child)))


def status_too_long_in_file_order(code, status, days, message):
    """DfE pairs these episodes in file order (its sort is not kept): consecutive ones that flow make
    one period, whose summed days may not exceed ``days``."""
    @rule(code, "Episodes", ["LS"], message)
    def check(child, s):
        rows = [e for e in child.table("Episodes") if e["LS"] == status and e.day("DECOM")]
        periods: list = []
        prev_dec = None
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


def order_too_long(code, status, days, message):
    """Consecutive episodes under ``status`` that flow into one another, together longer than ``days``."""
    @rule(code, "Episodes", ["LS"], message)
    def check(child, s):
        eps = child.episodes
        groups: list = []
        flows = False
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


UPN = re.compile(r"(^((?![IOS])[A-Z]){1}(\d{12}|\d{11}[A-Z]{1})$)|^(UN[1-5])$")


TWELVE_MONTH_ITEMS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                      "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")


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


YEAR_DAYS = 365.2425  # numpy's "Y", which DfE's age checks use


def years(n: float) -> timedelta:
    return timedelta(days=n * YEAR_DAYS)


def sw_sorted(child):
    def key(r):
        return (r.day("SW_DECOM") is None, r.day("SW_DECOM") or date.min, r.day("SW_DEC") is None, r.day("SW_DEC") or date.min)
    return sorted(child.table("SWEpisodes"), key=key)


def not_within_a_week(r, prev):
    start, prev_end = r.day("SW_DECOM"), prev.day("SW_DEC")
    return not (start and prev_end and prev_end - timedelta(days=7) <= start <= prev_end + timedelta(days=7))


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
                                  or (s.year == 2026 and now in lists.OTHER_PLACEMENTS and then == "Z1")):
            return
        if now != then and (not same_rne or eq(first["RNE"], before["RNE"])):
            yield first
    return check


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


def has_rows(s, table) -> bool:
    """Does any child in the set have rows in ``table``? (worked out once per set)"""
    cache = s.__dict__.setdefault("_has_rows", {})
    if table not in cache:
        cache[table] = any(c.table(table) for c in s.children)
    return cache[table]


def _last_header(child, s):
    return s.last_of(child).header


def uasc_flag(child):
    """The header's UASC flag as DfE reads it: None without a header row."""
    header = child.header
    if header is None:
        return None
    return header["UASC"] if "UASC" in header else ("1" if child.table("UASC") else "0")


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
