"""SSDA903 files as DfE defines them: the tables and their columns, the file names, and reading a set
given as CSV files (one per table) or as the XML form. Reading refuses, with the person's next step,
what cannot be read at all; everything readable comes back as rows of upper-cased text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from opencsc.codes.base import collection_year_of

from .safe_xml import MAX_BYTES, Refused, declares_entities, safe_parser
from .years import CollectionYear

TABLES = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
                 "HOME_POST", "PL_POST", "URN"],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
            "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    # From 2026/27: deprivation of liberty orders. Known only by its columns (there is no file-name
    # convention); the XML form's tags are NOT ESTABLISHED, so the table is written as CSV only.
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}
FIRST_DOLO_YEAR = 2027
FILE_NAMES = {"Header": "header", "Episodes": "episodes", "Reviews": "reviews", "UASC": "uasc", "OC2": "oc2", "OC3": "oc3",
              "AD1": "ad1", "PlacedAdoption": "placed_for_adoption", "PrevPerm": "previous_permanence",
              "Missing": "missing", "SWEpisodes": "social_worker_episodes", "DoLo": "deprivation_of_liberty_orders"}


def _clean(value) -> str:
    return (value or "").strip().upper()


def _closest_table(columns: set[str]) -> str:
    name, wanted = min(TABLES.items(), key=lambda item: len(set(item[1]) ^ columns))
    missing, extra = sorted(set(wanted) - columns), sorted(columns - set(wanted))
    parts = [f"missing {', '.join(missing)}" if missing else "", f"not expected {', '.join(extra)}" if extra else ""]
    return f"the nearest is {name} ({'; '.join(p for p in parts if p)})"


def read_csv(name: str, data: bytes) -> tuple[str, list[dict]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{name} is not UTF-8 text. Open it in a text editor and save it as UTF-8 CSV, "
                      "then import the whole set again.") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise Refused(f"{name} is empty: an SSDA903 CSV starts with a row of column names.")
    columns = [_clean(c) for c in header]
    found = [t for t, cols in TABLES.items() if set(cols) == set(columns)]
    if not found:
        raise Refused(f"{name}: its columns ({', '.join(columns)}) are not the columns of any SSDA903 table; "
                      f"{_closest_table(set(columns))}. Export the table again from the source system.")
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            raise Refused(f"{name} line {line} has {len(values)} values for {len(columns)} columns; "
                          "check for an unquoted comma.")
        row = {c: _clean(v) for c, v in zip(columns, values, strict=True)}
        row["_where"] = f"{name} line {line}"
        rows.append(row)
    return found[0], rows


def read_xml(name: str, data: bytes) -> dict[str, list[dict]]:
    if declares_entities(data):
        raise Refused(f"{name} declares a document type or entities, which an SSDA903 file never needs. "
                      "It was refused to keep the system safe; export it again from the source system.")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise Refused(f"{name} is not readable XML ({error.msg}, line {error.lineno}).") from None
    if root.tag != "EXPSSDA903":
        raise Refused(f"{name} is XML but not an SSDA903 file: its root is <{root.tag}>, not <EXPSSDA903>.")
    tables: dict[str, list[dict]] = {t: [] for t in TABLES if t != "SWEpisodes"}

    def leaves(element):
        return {("CHILD" if e.tag == "CHILDID" else "PLACE" if e.tag == "PL" else e.tag): _clean(e.text)
                for e in element if len(e) == 0 and isinstance(e.tag, str)}

    def row(table, values, element):
        out = {c: values.get(c, "") for c in TABLES[table]}
        out["_where"] = f"{name} line {element.sourceline}"
        tables[table].append(out)

    for child in root.iterfind("CHILD"):
        head = child.find("HEADER")
        base = leaves(head) if head is not None else {}
        row("Header", base, child)
        tables["Header"][-1]["UASC"] = base.get("UASC", "")  # given in the XML form (rules 105, 303 read it)
        if base.get("UASC") is not None:  # as DfE's reader does: any UASC flag gives a UASC row
            row("UASC", base, child)
        if any(base.get(c) for c in ("IN_TOUCH", "ACTIV", "ACCOM")):
            row("OC3", base, child)
        if base.get("DATE_INT"):
            row("AD1", base, child)
        for tag, table in (("AREVIEW", "Reviews"), ("AMISSING", "Missing"), ("PERMANENCE", "PrevPerm"),
                           ("OC2", "OC2"), ("AD_PLACED", "PlacedAdoption")):
            for element in (head.iterfind(tag) if head is not None else []):
                row(table, {**base, **leaves(element)}, element)
        for element in child.iterfind("EPISODE"):
            row("Episodes", {**base, **leaves(element)}, element)
    return tables


def read_files(files: list[tuple[str, bytes]]) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    source: dict[str, str] = {}
    for name, data in files:
        if len(data) > MAX_BYTES:
            raise Refused(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB; split it or ask an administrator.")
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            read = read_xml(name, data)
        else:
            table, rows = read_csv(name, data)
            read = {table: rows}
        for table, rows in read.items():
            if table in source:
                raise Refused(f"Both {source[table]} and {name} give the {table} table; import one set at a time.")
            source[table] = name
            tables[table] = rows
    return tables


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy as DfE writes it (yyyy-mm-dd also read, as some XML exports write it)."""
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def whole_number(text: str) -> int | None:
    """A count as spreadsheet tools write it: ``1``, `` 1 ``, ``1.0`` and ``1.00`` are all 1; anything
    else (``1.5``, ``one``) is not a whole number (ValueError)."""
    text = (text or "").strip()
    if not text:
        return None
    whole, dot, fraction = text.partition(".")
    if whole.isdigit() and (not dot or set(fraction) <= {"0"}):
        return int(whole)
    raise ValueError(text)


# Dates a return carries only when they fall in its own year (an episode ending, a review, a missing
# spell, a worker episode ending, an adoption decision reversed, an order ending), and dates that can be
# earlier (an episode or worker episode beginning) and so only say the year is not before theirs.
IN_YEAR_DATES = ("DEC", "REVIEW", "MIS_START", "MIS_END", "SW_DEC", "DATE_PLACED_CEASED", "DOLO_END")
START_DATES = ("DECOM", "SW_DECOM", "DATE_PLACED", "DATE_INT", "DOLO_START")
PLAUSIBLE_SHARE = 0.1  # a year holding fewer of the in-year dates than this is strays (DfE's rules report them)


@dataclass
class YearReading:
    """Which collection year a legacy set is for, and why (or the years it could be, when it cannot tell)."""

    year: int | None
    reason: str
    plausible: list[int] = field(default_factory=list)
    future: list[tuple[str, str]] = field(default_factory=list)  # (child, note): dates after today, not used


def _label(year: int) -> str:
    return CollectionYear(year).label


def read_collection_year(tables, today: date) -> YearReading:
    """The collection year from the set's own dates, never from a date after ``today``."""
    in_year: dict[int, int] = {}
    latest_start = None
    future = []
    for rows in tables.values():
        for row in rows:
            for column in IN_YEAR_DATES + START_DATES:
                try:
                    day = parse_date(row.get(column, ""))
                except ValueError:
                    continue
                if day is None:
                    continue
                if day > today:
                    future.append((row.get("CHILD", ""), f"{column} '{row[column]}' ({row.get('_where', '')}) is after "
                                                         "today, so it was not used to tell the collection year"))
                    continue
                year = collection_year_of(day)
                if column in IN_YEAR_DATES:
                    in_year[year] = in_year.get(year, 0) + 1
                elif latest_start is None or year > latest_start:
                    latest_start = year
    now = collection_year_of(today)
    if in_year:
        total = sum(in_year.values())
        plausible = sorted(y for y, n in in_year.items() if n >= max(1, PLAUSIBLE_SHARE * total))
        if len(plausible) == 1:
            year = plausible[0]
            strays = total - in_year[year]
            reason = (f"{in_year[year]} of the set's {total} dates that fall in the year they are reported for (episode "
                      f"ends, reviews, missing spells, worker episode ends) are in {_label(year)}")
            if strays:
                reason += f"; {strays} in other years are too few to be the set's year (DfE's rules report them)"
            return YearReading(year, reason, plausible, future)
        said = ", ".join(f"{_label(y)} ({in_year[y]} dates)" for y in plausible)
        return YearReading(None, f"the set's dates fit more than one collection year: {said}", plausible, future)
    if latest_start is None:
        return YearReading(None, "the set has no dates that tell its collection year", [], future)
    if latest_start >= now:
        return YearReading(latest_start, f"it has no episode ends, reviews or missing spells, and its latest start "
                                         f"date is in {_label(latest_start)}, the year in progress", [latest_start], future)
    plausible = list(range(latest_start, now + 1))
    return YearReading(None, f"it has no episode ends, reviews or missing spells, so it could be for any year from "
                             f"{_label(latest_start)} (its latest start date) to {_label(now)}", plausible, future)
