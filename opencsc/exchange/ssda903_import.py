"""Import an SSDA903 return (the CSV set or the XML form, any year since 2015/16) into the record.

Files are recognised as DfE recognises them: a CSV by its exact set of column headers (order
ignored, values upper-cased), the XML by its ``EXPSSDA903`` root. The rows are stored as the facts
the return is derived from, so a re-export of the same year gives the same rows back:

* Episodes become periods of care (a new period at each RNE ``S``, or after an episode whose REC
  is not ``X1``), legal statuses (a new one when LS changes) and placements (a new one at each RNE
  P/T/B/U; T and U keep the carer). A period whose first episode in the file is not ``S`` began
  before the file: its first reason is kept as given. HOME_POST becomes the child's address from the
  period's start. REASON_PLACE_CHANGE is kept on the placement that ended.
* Reviews, Missing, UASC, OC2 (dated 31 March of the year), OC3 (dated the birthday in the year),
  AD1 and PlacedAdoption (one adoption journey per decision date; the adoption order is the DEC of
  an episode ending E11/E12), PrevPerm (DATE_PERM kept as text: its day or month may be 'zz'),
  SWEpisodes (the worker is found by SW_ID, or named for it), MOTHER/MC_DOB (the girl's child).

Imperfect facts are stored as given and reported (a code not valid in the year, episodes the record
would derive differently). Only what cannot be stored at all is refused, and then the whole set is
refused, row by row, and nothing changes: a file that is neither UTF-8 CSV nor safe XML, a CSV whose
columns are no table's, two files for one table, an unreadable date, flag or number, a row without
CHILD, a value longer than the record can hold. Children are matched on CHILD only; a UPN shared
with another child is offered as a candidate, never merged. Importing the same set again changes
nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from opencsc.anniversaries import birthday
from opencsc.as_given import max_length
from opencsc.casework import loading as load
from opencsc.casework import models as m
from opencsc.codes import lists
from opencsc.people import loading as load_people
from opencsc.people.models import Address, Person
from opencsc.people.plausible import EARLIEST_TEXT, too_early
from opencsc.proceedings import loading as load_court
from opencsc.returns.engine import validate
from opencsc.returns.formats.safe_xml import Refused
from opencsc.returns.formats.ssda903_files import TABLES, parse_date, read_collection_year, read_files, whole_number
from opencsc.returns.formats.years import CollectionYear
from opencsc.returns.ssda903 import export
from opencsc.returns.ssda903.episodes import episodes_for
from opencsc.returns.ssda903.export import d
from opencsc.returns.ssda903.reading import from_tables
from opencsc.returns.ssda903.rules import SSDA903
from opencsc.returns.ssda903.validation import authority_code, providers
from opencsc.staff.models import Professional, RoleCode
from opencsc.staff.stepping import loading

from .cin_import import Finding, Row
from .cin_import import ImportReport as _Report

FIRST_YEAR = 2016  # 2015/16
COURT_NOT_IN_FILE = "not given in the imported SSDA903 file"
DATE_COLUMNS = {"DOB", "MC_DOB", "DECOM", "DEC", "REVIEW", "DUC", "DATE_INT", "DATE_MATCH", "DATE_PLACED",
                "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "SW_DECOM", "SW_DEC", "DOLO_START", "DOLO_END"}
FLAG_COLUMNS = {"MOTHER", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED", "FOSTER_CARE", "UASC"}
NUMBER_COLUMNS = {"SDQ_SCORE", "NB_ADOPTR"}
# The date each dated table's row cannot be stored without; it also tells a child's rows of the table
# apart (tables with one row per child have none).
REQUIRED = {"Episodes": "DECOM", "Reviews": "REVIEW", "Missing": "MIS_START", "SWEpisodes": "SW_DECOM",
            "PlacedAdoption": "DATE_PLACED", "AD1": "DATE_INT", "DoLo": "DOLO_START"}

# Where each coded column is stored, so a value too long for the record is refused before writing.
STORED_IN = {
    "CHILD": (Person, "la_child_id"), "ETHNIC": (Person, "ethnicity"), "UPN": (Person, "upn"),
    "LS": (m.LegalStatus, "code"), "CIN": (m.PeriodOfCare, "category_of_need"), "REC": (m.PeriodOfCare, "reason_ended"),
    "PLACE": (m.Placement, "placement_type"), "PLACE_PROVIDER": (m.Placement, "provider"),
    "PL_POST": (m.Placement, "postcode"), "URN": (m.Placement, "urn"), "HOME_POST": (Address, "postcode"),
    "REASON_PLACE_CHANGE": (m.Placement, "reason_changed"), "REVIEW_CODE": (m.LookedAfterReview, "participation"),
    "MISSING": (m.MissingEpisode, "kind"), "SDQ_REASON": (m.SDQScore, "reason_not_completed"),
    "IN_TOUCH": (m.CareLeaverContact, "in_touch"), "ACTIV": (m.CareLeaverContact, "activity"),
    "ACCOM": (m.CareLeaverContact, "accommodation"), "SEX_ADOPTR": (m.AdopterHousehold, "sex_of_adopters"),
    "LS_ADOPTR": (m.AdopterHousehold, "legal_status"), "REASON_PLACED_CEASED": (m.AdoptionJourney, "reason_reversed"),
    "PREV_PERM": (m.PreviousPermanence, "kind"), "LA_PERM": (m.PreviousPermanence, "la_code"),
    "DATE_PERM": (m.PreviousPermanence, "order_date"), "SW_ID": (Professional, "sw_england_number"),
    "SW_REASON": (m.Allocation, "reason"),
}
CODE_LISTS = {
    "ETHNIC": lists.ETHNICITY, "RNE": lists.REASON_NEW_EPISODE, "LS": lists.LEGAL_STATUS, "CIN": lists.PRIMARY_NEED,
    "PLACE": lists.PLACEMENT_TYPE, "PLACE_PROVIDER": lists.PLACEMENT_PROVIDER, "REC": lists.REASON_EPISODE_CEASED,
    "REASON_PLACE_CHANGE": lists.REASON_PLACE_CHANGE, "REVIEW_CODE": lists.REVIEW_PARTICIPATION,
    "MISSING": lists.MISSING_TYPE, "SDQ_REASON": lists.SDQ_REASON, "IN_TOUCH": lists.CARE_LEAVER_IN_TOUCH,
    "ACTIV": lists.CARE_LEAVER_ACTIVITY, "ACCOM": lists.CARE_LEAVER_ACCOMMODATION, "SEX_ADOPTR": lists.SEX_ADOPTER,
    "LS_ADOPTR": lists.LEGAL_STATUS_ADOPTER, "REASON_PLACED_CEASED": lists.REASON_PLACED_CEASED,
    "PREV_PERM": lists.PREVIOUS_PERMANENCE, "SW_REASON": lists.SW_REASON,
}
UPN_UNKNOWN = re.compile(r"^UN[1-7]$")


@dataclass
class ImportReport(_Report):
    tables: dict = field(default_factory=dict)
    year_reason: str = ""  # which collection year was read, and why

    def summary(self) -> str:
        prefix = "Dry run, nothing written: would have " if self.dry_run else ""
        rules = sum(1 for f in self.findings if not isinstance(f, Finding))
        return (f"{prefix}created {self.created}, updated {self.updated}, unchanged {self.unchanged} children "
                f"from the {self.year - 1}/{self.year % 100:02d} SSDA903 set ({self.year_reason}); {rules} DfE rule "
                f"findings and {len(self.findings) - rules} import notes to check")


# ---- reading and refusing -------------------------------------------------------------------------------


def check_storable(tables, year: int) -> list[str]:
    problems = []
    if not FIRST_YEAR <= year <= 2100:
        problems.append(f"the collection year {year - 1}/{year % 100:02d} is before 2015/16")
    headers = defaultdict(list)
    for table, rows in tables.items():
        for row in rows:
            where = f"{row['_where']} ({table})"
            if not row.get("CHILD"):
                problems.append(f"{where}: no CHILD, so the row cannot be matched or stored")
                continue
            if table == "Header":
                headers[row["CHILD"]].append(row)
            if table in REQUIRED and not row.get(REQUIRED[table]):
                problems.append(f"{where}: child {row['CHILD']} has no {REQUIRED[table]}")
            for column, value in row.items():
                if not value or column == "_where":
                    continue
                if column in DATE_COLUMNS:
                    try:
                        day = parse_date(value)
                    except ValueError:
                        problems.append(f"{where}: {column} '{value}' is not a date (use dd/mm/yyyy)")
                    else:
                        if too_early(day):
                            problems.append(f"{where}: {column} '{value}' is before {EARLIEST_TEXT}: not a possible date; "
                                            "correct it in the system the file came from")
                elif column in FLAG_COLUMNS and value not in ("0", "1"):
                    problems.append(f"{where}: {column} '{value}' is not 0 or 1")
                elif column in NUMBER_COLUMNS and not _is_whole(value):
                    problems.append(f"{where}: {column} '{value}' is not a whole number")
                elif column in STORED_IN:
                    model, name = STORED_IN[column]
                    limit = max_length(model, name)
                    if limit and len(value) > limit:
                        problems.append(f"{where}: {column} '{value}' is longer than {limit} characters")
    for child, rows in headers.items():
        if len({tuple(sorted((k, v) for k, v in r.items() if k != "_where")) for r in rows}) > 1:
            problems.append(f"child {child} has {len(rows)} different Header rows ({', '.join(r['_where'] for r in rows)})")
    return problems


def code_findings(tables, year) -> list[Finding]:
    findings = []
    sex_list = lists.SEX if year >= 2025 else lists.SSDA903_SEX_OLD
    for table, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                code_list = sex_list if column == "SEX" else CODE_LISTS.get(column)
                if value and code_list is not None and not code_list.valid_in(value, year):
                    known = code_list.get(value)
                    why = "was retired before" if known else "is not a code in"
                    findings.append(Finding(row["CHILD"], f"{table} {column} '{value}' {why} the {year - 1}/{year % 100:02d} "
                                                          f"list ({row['_where']}); stored as given — the source "
                                                          "system's data owner should correct it"))
    return findings


# ---- writing --------------------------------------------------------------------------------------------


def _date(value):
    return parse_date(value) if value else None


def _sex(value: str) -> str:
    return {"1": "M", "2": "F"}.get(value, value)


def _person(child_id, header, year):
    values = {}
    if header is not None:
        upn = header.get("UPN", "")
        values = {"sex": _sex(header.get("SEX", "")), "date_of_birth": _date(header.get("DOB")),
                  "ethnicity": header.get("ETHNIC", ""),
                  "upn": "" if UPN_UNKNOWN.match(upn) else upn, "upn_unknown_reason": upn if UPN_UNKNOWN.match(upn) else ""}
    person, action, changed = load_people.load_child(la_child_id=child_id, values=values)
    return person, action, changed


def _mother(person, header) -> list[str]:
    if header is None or header.get("MOTHER") != "1":
        return []
    return load_people.load_mothers_child(mother=person, born=_date(header.get("MC_DOB")))


def _periods(rows):
    """Split a child's episode rows (sorted by DECOM) into periods of care."""
    periods: list = []
    current: list = []
    for row in rows:
        if current and (row["RNE"] == "S" or current[-1]["REC"] not in ("X1", "")):
            periods.append(current)
            current = []
        current.append(row)
    if current:
        periods.append(current)
    return periods


def _care(person, rows, year) -> list[str]:
    """Store a child's episodes as periods of care, legal statuses and placements."""
    if not rows:
        return []
    rows = sorted(rows, key=lambda r: _date(r["DECOM"]))
    existing = episodes_for([person.pk]).get(person.pk, [])
    wanted = [(_date(r["DECOM"]), r["RNE"], r["LS"], r["CIN"], r["PLACE"], r["PLACE_PROVIDER"], r["PL_POST"], r["URN"])
              for r in rows]
    have = {(e.decom, e.rne, e.ls, e.cin, e.place, e.place_provider, e.pl_post, e.urn) for e in existing}
    if all(w in have for w in wanted) and _ends_match(existing, rows, year):
        return []
    changed = []
    for group in _periods(rows):
        ended = group[-1]["REC"] not in ("", "X1")
        episodes = [{**row, "start": _date(row["DECOM"]),
                     "end": _date(row["DEC"]) if i == len(group) - 1 and ended else None} for i, row in enumerate(group)]
        period, made = load.load_period_of_care(person, episodes=episodes)
        changed += made
        load_people.load_home_postcode(person=person, postcode=group[0]["HOME_POST"], start=period.start_date)
    return changed


def _ends_match(existing, rows, year) -> bool:
    y = CollectionYear(year)
    ends = {(e.decom, e.dec if e.dec and e.dec <= y.end else None, e.rec if e.dec and e.dec <= y.end else "")
            for e in existing}
    return all((_date(r["DECOM"]), _date(r["DEC"]), r["REC"]) in ends for r in rows)


def _flag(value) -> bool:
    return value == "1"


def _oc2(person, row, y) -> list[str]:
    changed = []
    on = y.end
    if row["SDQ_SCORE"] or row["SDQ_REASON"]:
        changed += load.load_fact("sdq", person, match={"date": on},
                                  values={"score": int(row["SDQ_SCORE"]) if row["SDQ_SCORE"] else None,
                                          "reason_not_completed": row["SDQ_REASON"]})
    if _flag(row["CONVICTED"]):
        changed += load.load_fact("conviction", person, match={"date": on}, values={})
    if _flag(row["HEALTH_CHECK"]):
        changed += load.load_fact("health_assessment", person, match={"date": on, "kind": "development"}, values={})
    if _flag(row["HEALTH_ASSESSMENT"]):
        changed += load.load_fact("health_assessment", person, match={"date": on, "kind": "review"}, values={})
    if row["IMMUNISATIONS"]:
        changed += load.load_fact("immunisation", person, match={"date": on}, values={"up_to_date": _flag(row["IMMUNISATIONS"])})
    if _flag(row["TEETH_CHECK"]):
        changed += load.load_fact("dental_check", person, match={"date": on}, values={})
    if _flag(row["SUBSTANCE_MISUSE"]):
        changed += load.load_fact("substance_misuse", person, match={"date_identified": on},
                                  values={"intervention_received": _flag(row["INTERVENTION_RECEIVED"]),
                                          "intervention_offered": _flag(row["INTERVENTION_OFFERED"])})
    return changed


def _worker(sw_id: str):
    if not sw_id:
        return None
    worker = Professional.objects.filter(sw_england_number=sw_id).first()
    if worker is None:
        worker = Professional.objects.create(name=f"Social worker {sw_id} (from SSDA903)", sw_england_number=sw_id,
                                             role_id=RoleCode.SOCIAL_WORKER)
    return worker


def _adoption(person, ad1_rows, placed_rows, episode_rows) -> list[str]:
    changed = []
    order = next((_date(r["DEC"]) for r in episode_rows if r["REC"] in ("E11", "E12") and r["DEC"]), None)
    for row in placed_rows:
        changed += load.load_fact("adoption", person, match={"should_be_placed_date": _date(row["DATE_PLACED"])},
                                  values={"decision_reversed_date": _date(row["DATE_PLACED_CEASED"]),
                                          "reason_reversed": row["REASON_PLACED_CEASED"]})
    for row in ad1_rows:
        identifier = f"903-{person.la_child_id}"[:20]
        household, c = load.load_adopter_household(
            family_identifier=identifier, values={"number_of_adopters": int(row["NB_ADOPTR"]) if row["NB_ADOPTR"] else 0,
                                                  "sex_of_adopters": row["SEX_ADOPTR"], "legal_status": row["LS_ADOPTR"]})
        changed += c
        changed += load.load_fact("adoption", person, match={"should_be_placed_date": _date(row["DATE_INT"])},
                                  values={"matched_date": _date(row["DATE_MATCH"]), "adopted_by_foster_carers": _flag(row["FOSTER_CARE"]),
                                          "household": household, "adoption_order_date": order})
    return changed


def _candidates(person) -> list[str]:
    if not person.upn:
        return []
    return [f"same UPN as {other.la_child_id}: check whether this is the same child (not merged)"
            for other in Person.objects.filter(upn=person.upn).exclude(pk=person.pk)[:3]]


def _store_child(child_id, rows_of, y) -> tuple[str, list[str], list[Finding]]:
    header = (rows_of.get("Header") or [None])[0]
    person, action, changed = _person(child_id, header, y.year)
    changed += _mother(person, header)
    episodes = rows_of.get("Episodes", [])
    changed += _care(person, episodes, y.year)
    period_of = m.PeriodOfCare.objects.filter(child=person)
    for row in rows_of.get("Reviews", []):
        day = _date(row["REVIEW"])
        period = period_of.filter(start_date__lte=day).order_by("-start_date").first()
        changed += load.load_fact("review", person, match={"date": day},
                                  values={"participation": row["REVIEW_CODE"], "period": period})
    for row in rows_of.get("DoLo", []):  # the file does not say which court: said so, never guessed
        changed += load_court.load_liberty_order(person, start=_date(row["DOLO_START"]), end=_date(row["DOLO_END"]),
                                                 court=COURT_NOT_IN_FILE)
    for row in rows_of.get("Missing", []):
        changed += load.load_fact("missing", person, match={"start_date": _date(row["MIS_START"])},
                                  values={"kind": row["MISSING"], "end_date": _date(row["MIS_END"])})
    flag = (header or {}).get("UASC", "1")
    for row in rows_of.get("UASC", []):
        if flag != "1" and not row["DUC"]:
            continue  # the XML form gives every child a UASC flag; 0 without a date ceased is not UASC
        first = min((_date(r["DECOM"]) for r in episodes), default=y.start)
        changed += load.load_uasc(person, start=min(first, y.start), ceased=_date(row["DUC"]))
    for row in rows_of.get("OC2", []):
        changed += _oc2(person, row, y)
    for row in rows_of.get("OC3", []):
        dob = person.date_of_birth
        day = next((birthday(dob, age) for age in (17, 18, 19, 20, 21) if y.start <= birthday(dob, age) <= y.end), y.end) \
            if dob else y.end
        changed += load.load_fact("care_leaver_contact", person, match={"date": day},
                                  values={"in_touch": row["IN_TOUCH"], "activity": row["ACTIV"], "accommodation": row["ACCOM"]})
    changed += _adoption(person, rows_of.get("AD1", []), rows_of.get("PlacedAdoption", []), episodes)
    for row in rows_of.get("PrevPerm", []):
        changed += load.load_previous_permanence(person, kind=row["PREV_PERM"], la_code=row["LA_PERM"],
                                                 order_date=row["DATE_PERM"])
    for row in rows_of.get("SWEpisodes", []):
        # Kept as history for the returns only (from_file): a file never makes anyone responsible for a child.
        changed += load.load_worker_episode(person, start=_date(row["SW_DECOM"]), worker=_worker(row["SW_ID"]),
                                            end=_date(row["SW_DEC"]), reason=row["SW_REASON"])
    if action == "unchanged" and changed:
        action = "updated"
    return action, changed + _candidates(person), []


def _is_whole(value: str) -> bool:
    try:
        whole_number(value)
    except ValueError:
        return False
    return True


def spreadsheet_numbers(tables) -> list[Finding]:
    """Counts and flags as spreadsheet tools write them (``1.0`` for 1) read as the number they are."""
    notes = []
    for table, rows in tables.items():
        for row in rows:
            for column in NUMBER_COLUMNS | FLAG_COLUMNS:
                value = row.get(column, "")
                if value and "." in value and _is_whole(value):
                    row[column] = str(whole_number(value))
                    notes.append(Finding(row.get("CHILD", ""), f"{table} {column} '{value}' ({row['_where']}) read as "
                                                               f"{row[column]}, the whole number a spreadsheet wrote it as"))
    return notes


def _episode_reasons(row, rows) -> list[str]:
    """Why an episode may not come back as given: the ways a set's episodes contradict one another."""
    reasons = []
    ordered = sorted(rows, key=lambda r: (parse_date(r["DECOM"]) or parse_date("01/01/1900"), r["_where"]))
    at = ordered.index(row)
    following = ordered[at + 1] if at + 1 < len(ordered) else None
    ends, next_starts = parse_date(row["DEC"]), parse_date(following["DECOM"]) if following is not None else None
    if following is not None and ends is not None and next_starts is not None and ends > next_starts:
        reasons.append(f"its DEC {row['DEC']} is after the next episode's DECOM {following['DECOM']} (the episodes "
                       "overlap): the record holds one placement at a time, so it ends when the next begins")
    if sum(1 for r in rows if r["DECOM"] == row["DECOM"]) > 1:
        reasons.append("another episode starts the same day: the record keeps one episode a day")
    if row["REC"] not in ("", "X1") and not row["DEC"]:
        reasons.append(f"REC {row['REC']} is given without a DEC: care ends only on a date, so it comes back open")
    if row["DEC"] and not row["REC"]:
        reasons.append("a DEC is given without a REC")
    period_start = next((r for r in reversed(ordered[:at + 1]) if r["RNE"] == "S"), ordered[0])
    if row["HOME_POST"] != period_start["HOME_POST"]:
        reasons.append(f"HOME_POST differs within one period of care: the return reads the home postcode at the start "
                       f"of care ({period_start['HOME_POST'] or 'none'}), and a placement move never changes it")
    return reasons


def _column_reason(table, column, row, rows) -> str:
    if table == "Episodes" and column == "RNE":
        return (f"RNE {row['RNE']} does not match the legal status and placement changes given; stored as given, the return "
                "will show the reason the record implies — the worker should check")
    if table == "Episodes" and column == "LS":
        return "a legal status the period of care cannot hold as given (the record keeps one legal status at a time)"
    return ""


def round_trip_findings(imported: dict[str, Person], tables, y) -> list[Finding]:
    """Every value of the set that a re-export of the year would not give back, named with the reason;
    nothing is changed or dropped silently."""
    if not imported:
        return []
    built = export.build(y.year, only=[p.pk for p in imported.values()]).tables
    findings = []
    for table, rows in tables.items():
        columns = TABLES.get(table)
        if not columns or not rows:
            continue
        back = defaultdict(list)
        for row in built.get(table, []):
            back[row["CHILD"]].append({c: row.get(c, "") for c in columns})
        given_of = defaultdict(list)
        for row in rows:
            given_of[row["CHILD"]].append(row)
        for child_id, given in given_of.items():
            if child_id not in imported:
                continue  # not written in this part of the import (waiting for its team's approval)
            pool = list(back[child_id])
            unmatched = []
            for row in given:
                values = {c: row.get(c, "") for c in columns}
                if values in pool:
                    pool.remove(values)
                else:
                    unmatched.append(row)
            for row in unmatched:
                findings.append(Finding(child_id, _not_back(table, row, given, pool, columns, y, back[child_id])))
    return findings


def _after_the_year(value: str, y) -> bool:
    try:
        day = parse_date(value)
    except ValueError:
        return False
    return day is not None and day > y.end


def _not_back(table, row, given, pool, columns, y, exported) -> str:
    key = REQUIRED.get(table)
    what = f"{table} {'from ' + row[key] + ' ' if key and row.get(key) else ''}({row['_where']})"
    twin = next((r for r in pool if key is None or r.get(key) == row.get(key)), None)
    if twin is not None:
        pool.remove(twin)
    same = [r for r in given if r is not row and all(r.get(c, "") == row.get(c, "") for c in columns)]
    if same and twin is None:
        return f"{what}: the same row is given twice; the record keeps it once, so re-export gives it once"
    reasons = _episode_reasons(row, given) if table == "Episodes" else []
    if twin is None:
        if table == "Episodes" and row["RNE"] not in ("S", ""):
            reasons.append(f"RNE {row['RNE']} does not match the legal status and placement changes given (nothing else "
                           f"changes on {row['DECOM']}), so the record holds no new episode that day")
        why = "; ".join(reasons) or "the record does not report it in this year"
        return f"{what}: does not come back on re-export — {why}. Stored as far as it can be; check it in the source system"
    changed = [c for c in columns if row.get(c, "") != twin.get(c, "")]
    said = "; ".join(f"{c} '{row.get(c, '')}' comes back as '{twin.get(c, '')}'" for c in changed)
    if table == "Episodes" and "DEC" in changed and row["DEC"] and \
            not any(r.get("DECOM") == row["DEC"] for r in exported) and any(r["DECOM"] == row["DEC"] for r in given):
        reasons.append(f"the next episode, from {row['DEC']}, is not a new episode in the record (see its note), so this "
                       "one runs on")
    later = [c for c in changed if _after_the_year(row.get(c, ""), y)]
    if later:
        reasons.append(f"{', '.join(later)} after the year's end ({d(y.end)}) has not happened in the year, so the "
                       "year's return does not carry it")
    why = "; ".join(filter(None, [*(_column_reason(table, c, row, given) for c in changed), *reasons])) or \
        "the record derives it from the child's other facts"
    return f"{what}: {said} — {why}"


def children_in_903(files: list[tuple[str, bytes]]) -> list[str]:
    """The CHILD IDs an SSDA903 set names (read safely; nothing stored)."""
    return sorted({row["CHILD"] for rows in read_files(files).values() for row in rows if row.get("CHILD")})


ASK_FOR_YEAR = ("Say which year it is for: give --year (2026 for 2025/26) to the import command, or choose the "
                "collection year on the import page, and import it again.")


def import_903(files: list[tuple[str, bytes]], *, year: int | None = None, dry_run: bool = False,
               only: set[str] | None = None, today=None) -> ImportReport:
    """Store the set's children (``only``: just these CHILD IDs; the whole set is still checked). The
    collection year is read from the set's dates (never one after today) unless ``year`` is given."""
    tables = read_files(files)
    numbers = spreadsheet_numbers(tables)
    reading = read_collection_year(tables, today or timezone.localdate())
    if year is None:
        if reading.year is None:
            raise Refused(f"The set was refused and nothing was changed: {reading.reason}. {ASK_FOR_YEAR}",
                          [reading.reason, *(note for _, note in reading.future)])
        year, year_reason = reading.year, f"read as {CollectionYear(reading.year).label}: {reading.reason}"
    else:
        year_reason = f"{CollectionYear(year).label}, as given" + (
            f" (its dates alone suggest {CollectionYear(reading.year).label})" if reading.year and reading.year != year else "")
    problems = check_storable(tables, year)
    if problems:
        raise Refused(f"The set was refused and nothing was changed: {len(problems)} value"
                      f"{'s' if len(problems) > 1 else ''} cannot be stored.", problems)
    y = CollectionYear(year)
    report = ImportReport(year, dry_run, tables=tables, year_reason=year_reason)
    # The DfE rules on the file as given, then the import's own notes (retired codes, episodes the record
    # would derive differently).
    report.findings.extend(validate(from_tables(tables, year, authority=authority_code(), providers=providers()), SSDA903, year))
    report.findings.extend(code_findings(tables, year))
    report.findings.extend(numbers)
    report.findings.extend(Finding(row_child, note) for row_child, note in reading.future)
    by_child: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for table, rows in tables.items():
        for row in rows:
            by_child[row["CHILD"]][table].append(row)

    with loading(f"SSDA903 {y.year} imported", label=f"import of the SSDA903 return {y.year}"):
        imported = {}
        for child_id in sorted(by_child):
            if only is not None and child_id not in only:
                continue
            action, changed, _ = _store_child(child_id, by_child[child_id], y)
            imported[child_id] = Person.objects.get(la_child_id=child_id)
            report.rows.append(Row(child_id, action, "; ".join(changed[:8])))
        report.findings.extend(round_trip_findings(imported, tables, y))
        findings_of = defaultdict(list)
        for finding in report.findings:
            findings_of[finding.la_child_id].append(getattr(finding, "message", None) or
                                                    f"{finding.code}: {finding.rule.message} ({finding.where})")
        for row in report.rows:
            row.findings = " | ".join(findings_of.get(row.child, []))
        if dry_run:
            transaction.set_rollback(True)
    return report
