"""The SSDA903 return for a collection year, built from the record: the CSV set (one table per
file, columns exactly as DfE names them, dates dd/mm/yyyy) and the XML form.

Scope (documented simplifications are marked "simplified"):

* Episodes: every derived episode (``episodes.py``) open at any time in the year; an episode still
  open at 31 March has no DEC or REC.
* Header: every child in any table.
* Reviews, Missing: those in the year, for children with episodes.
* UASC: children with episodes who were unaccompanied asylum seekers in the year; DUC is the date
  the status ended, or the 18th birthday.
* OC2: children looked after on 31 March who had been for at least 12 months.
* OC3: care leavers whose 17th to 21st birthday falls in the year and who were not looked after on
  it; values from the contact nearest the birthday (simplified: eligibility is taken from having
  care-leaver contacts recorded).
* AD1: children adopted (adoption order) in the year. PlacedAdoption: should-be-placed decisions
  in force at any time in the year. PrevPerm: children starting a period of care in the year (Z1
  when nothing is recorded).
* SWEpisodes: the year's social worker allocations of every child with episodes (an allocation
  ended and replaced on the same day is not an episode); each child's latest is reported open, as
  DfE asks (rule SW17), even when the case has closed.
* OC3: a young person who ceased care on the birthday itself counts as looked after on it (1016).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from lxml import etree

from opencsc.anniversaries import age_on, birthday
from opencsc.casework import models as m
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Address, Person, Relationship
from opencsc.people.selectors import details_as_at
from opencsc.proceedings.models import DeprivationOfLibertyOrder
from opencsc.returns.spreadsheets import formula_values

from ..formats.ssda903_files import FILE_NAMES, FIRST_DOLO_YEAR, TABLES
from ..formats.years import CollectionYear
from .episodes import episodes_for


def d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def flag(value) -> str:
    return "" if value is None else ("1" if value else "0")


def sex_for(year: int, sex: str) -> str:
    """M/F/U from 2024/25; 1 (male) / 2 (female) before."""
    if year >= 2025:
        return sex or "U"
    return {"M": "1", "F": "2"}.get(sex, "")


@dataclass
class Return903:
    year: CollectionYear
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def rows(self, table):
        return self.tables.get(table, [])

    @property
    def stops(self) -> list[str]:
        """Values that stop the file (a machine reads it, so it is never altered to make them safe)."""

        return formula_values(self.tables, lambda table, row, column: f" (child {row.get('CHILD', '')})")

    def csv_files(self) -> dict[str, str]:
        files = {}
        for table, columns in TABLES.items():
            if table == "SWEpisodes" and self.year.year < 2024:
                continue  # social worker episodes were first collected in 2023/24
            if table == "DoLo" and self.year.year < FIRST_DOLO_YEAR:
                continue  # deprivation of liberty orders are first collected in 2026/27
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(self.rows(table))
            files[f"{FILE_NAMES[table]}.csv"] = out.getvalue()
        return files

    def write_csv(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self.csv_files().items():
            path = directory / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
        return written

    def xml(self) -> bytes:
        """The XML form (root EXPSSDA903, one CHILD per child; CHILDID and PL as DfE names them)."""
        root = etree.Element("EXPSSDA903")
        by_child: dict = {}
        for table, rows in self.tables.items():
            for row in rows:
                by_child.setdefault(row["CHILD"], {}).setdefault(table, []).append(row)

        def leaf(parent, tag, value):
            etree.SubElement(parent, tag).text = value or None

        for header in self.rows("Header"):
            child_id = header["CHILD"]
            tables = by_child.get(child_id, {})
            child = etree.SubElement(root, "CHILD")
            head = etree.SubElement(child, "HEADER")
            leaf(head, "CHILDID", child_id)
            for column in ("UPN", "SEX", "DOB", "ETHNIC"):
                leaf(head, column, header[column])
            uasc = tables.get("UASC", [])
            leaf(head, "UASC", "1" if uasc else "0")
            if uasc:
                leaf(head, "DUC", uasc[0]["DUC"])
            leaf(head, "MOTHER", header["MOTHER"])
            leaf(head, "MC_DOB", header["MC_DOB"])
            for row in tables.get("OC3", []):
                for column in ("IN_TOUCH", "ACTIV", "ACCOM"):
                    leaf(head, column, row[column])
            for row in tables.get("AD1", []):
                for column in TABLES["AD1"][2:]:
                    leaf(head, column, row[column])
            for row in tables.get("Reviews", []):
                review = etree.SubElement(head, "AREVIEW")
                leaf(review, "REVIEW", row["REVIEW"])
                leaf(review, "REVIEW_CODE", row["REVIEW_CODE"])
            for row in tables.get("Missing", []):
                missing = etree.SubElement(head, "AMISSING")
                for column in ("MISSING", "MIS_START", "MIS_END"):
                    leaf(missing, column, row[column])
            for row in tables.get("PrevPerm", []):
                perm = etree.SubElement(head, "PERMANENCE")
                for column in ("PREV_PERM", "LA_PERM", "DATE_PERM"):
                    leaf(perm, column, row[column])
            for row in tables.get("OC2", []):
                oc2 = etree.SubElement(head, "OC2")
                for column in TABLES["OC2"][2:]:
                    leaf(oc2, column, row[column])
            for row in tables.get("PlacedAdoption", []):
                placed = etree.SubElement(head, "AD_PLACED")
                for column in ("DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"):
                    leaf(placed, column, row[column])
            for row in tables.get("Episodes", []):
                episode = etree.SubElement(child, "EPISODE")
                for column in ("DECOM", "RNE", "LS", "CIN", "PLACE", "PL_POST", "HOME_POST", "URN", "PLACE_PROVIDER",
                               "DEC", "REC", "REASON_PLACE_CHANGE"):
                    leaf(episode, "PL" if column == "PLACE" else column, row[column])
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _home_postcodes(child_ids):

    homes: dict = {}
    for address in Address.objects.filter(person_id__in=child_ids).order_by("start_date").values_list(
            "person_id", "start_date", "end_date", "postcode", named=True):
        homes.setdefault(address.person_id, []).append(address)
    return homes


def _home_at(addresses, day):
    current = [a for a in addresses or [] if a.start_date <= day and (a.end_date is None or a.end_date >= day)]
    return current[-1].postcode if current else ""


# What the return reads of a person, as plain rows (thousands of model instances cost more than the rest).
PERSON_FIELDS = ("pk", "la_child_id", "date_of_birth", "sex", "ethnicity", "upn", "upn_unknown_reason")


def _people(day, **lookup) -> list:
    """The people as they were on ``day`` (a UPN changed after the year is reported as it was)."""
    found = Person.objects.filter(**lookup)
    overrides = details_as_at(found.values("pk"), day, fields=("upn", "upn_unknown_reason", "sex"))
    return [row._replace(**overrides[row.pk]) if row.pk in overrides else row
            for row in found.values_list(*PERSON_FIELDS, named=True)]


def build(year: int, only=None) -> Return903:
    """The year's return; ``only`` limits it to those children's ids (a child's own rows, for the record page)."""
    y = CollectionYear(year)
    periods = m.PeriodOfCare.objects.filter(start_date__lte=y.end).filter(Q(end_date__isnull=True) | Q(end_date__gte=y.start))
    if only is not None:
        periods = periods.filter(child_id__in=only)
    period_starts = set(periods.values_list("child_id", "start_date"))
    child_ids = {child_id for child_id, _ in period_starts}
    all_episodes = episodes_for(child_ids)
    homes = _home_postcodes(child_ids)
    people = {p.pk: p for p in _people(y.end, pk__in=child_ids)}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}

    def ident(child):
        return {"CHILD": child.la_child_id, "DOB": d(child.date_of_birth)}

    for child_id, episodes in all_episodes.items():
        child = people[child_id]
        starts = set(_period_starts(episodes))
        period_start = None
        for episode in episodes:
            if episode.decom in starts:
                period_start = episode.decom
            if not y.overlaps(episode.decom, episode.dec) or episode.decom > y.end:
                continue
            ended = episode.dec is not None and episode.dec <= y.end
            tables["Episodes"].append({
                "CHILD": child.la_child_id, "DECOM": d(episode.decom), "RNE": episode.rne, "LS": episode.ls,
                "CIN": episode.cin, "PLACE": episode.place, "PLACE_PROVIDER": episode.place_provider,
                "DEC": d(episode.dec) if ended else "", "REC": episode.rec if ended else "",
                "REASON_PLACE_CHANGE": episode.reason_place_change if ended else "",
                "HOME_POST": _home_at(homes.get(child_id), period_start), "PL_POST": episode.pl_post, "URN": episode.urn,
            })
    returned = {row["CHILD"] for row in tables["Episodes"]}
    in_return = {pk for pk in child_ids if people[pk].la_child_id in returned}

    for child_id, day, participation in m.LookedAfterReview.objects.filter(
            child_id__in=in_return, date__range=(y.start, y.end)).order_by("child_id", "date").values_list("child_id", "date", "participation"):
        tables["Reviews"].append({**ident(people[child_id]), "REVIEW": d(day), "REVIEW_CODE": participation})
    for missing in m.MissingEpisode.objects.filter(child_id__in=in_return, start_date__lte=y.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=y.start)).order_by("child_id", "start_date"):
        tables["Missing"].append({**ident(people[missing.child_id]), "MISSING": missing.kind, "MIS_START": d(missing.start_date),
                                  "MIS_END": d(y.clip(missing.end_date))})
    for status in m.UASCStatus.objects.filter(child_id__in=in_return, start_date__lte=y.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=y.start)):
        child = people[status.child_id]
        ceased = status.end_date or (birthday(child.date_of_birth, 18) if child.date_of_birth else None)
        tables["UASC"].append({"CHILD": child.la_child_id, "SEX": sex_for(year, child.sex), "DOB": d(child.date_of_birth),
                               "DUC": d(ceased)})

    _oc2(y, tables, people, in_return, all_episodes)
    _adoption(y, tables, people, in_return)
    permanence: dict = {}
    for perm in m.PreviousPermanence.objects.filter(child_id__in=in_return).order_by("recorded_at", "pk").values_list(
            "child_id", "kind", "la_code", "order_date", named=True):
        permanence[perm.child_id] = perm  # the latest recorded
    for child_id, start in sorted(period_starts):
        if child_id in in_return and y.start <= start <= y.end:
            latest = permanence.get(child_id)
            tables["PrevPerm"].append({**ident(people[child_id]), "PREV_PERM": latest.kind if latest else "Z1",
                                       "LA_PERM": latest.la_code if latest else "", "DATE_PERM": latest.order_date if latest else ""})
    # Social worker episodes: the year's worker history of every child in the return (the DfE's rules
    # compare them with the episodes that start and end care, so children who left care need theirs too).
    for allocation in m.Allocation.with_history.filter(child_id__in=in_return, kind=AllocationKind.SOCIAL_WORKER, start_date__lte=y.end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=y.start)).order_by("child_id", "start_date").values_list(
            "child_id", "start_date", "end_date", "reason", "worker__sw_england_number", named=True):
        if allocation.end_date == allocation.start_date:
            continue  # reallocated the same day: no time with this worker to report
        # SW_REASON is why this worker's episode started (the change of worker).
        tables["SWEpisodes"].append({**ident(people[allocation.child_id]),
                                     "SW_ID": allocation.worker__sw_england_number or "",
                                     "SW_DECOM": d(allocation.start_date), "SW_DEC": d(y.clip(allocation.end_date)),
                                     "SW_REASON": allocation.reason})
    # DfE reports each child's latest worker episode as open, even after the case closed (SW17).
    latest = {}
    for row in tables["SWEpisodes"]:
        latest[row["CHILD"]] = row
    for row in latest.values():
        row["SW_DEC"] = ""
    _care_leavers(y, tables, only)
    if year >= FIRST_DOLO_YEAR:
        _liberty_orders(y, tables, people, in_return)

    # Header: every child named in any table.
    named = {row["CHILD"] for rows in tables.values() for row in rows}
    everyone = {p.la_child_id: p for p in _people(y.end, la_child_id__in=named)}
    mothers = _mothers(everyone.values())
    for child_id in sorted(named):
        child = everyone[child_id]
        first_child = mothers.get(child.pk)
        tables["Header"].append({"CHILD": child_id, "SEX": sex_for(year, child.sex), "DOB": d(child.date_of_birth),
                                 "ETHNIC": child.ethnicity, "UPN": child.upn or child.upn_unknown_reason,
                                 # Motherhood is asked only of girls looked after in the year (rule 628).
                                 "MOTHER": ("1" if child.pk in mothers else "0") if child.sex == "F" and child.pk in in_return else "",
                                 "MC_DOB": d(first_child) if child.pk in in_return else ""})
    return Return903(y, tables)


def _liberty_orders(y, tables, people, in_return) -> None:
    """DoLo: each deprivation of liberty order of a child in the return that was in force in the year,
    an end after 31 March not yet known (blank, as an order still in force)."""
    orders = DeprivationOfLibertyOrder.objects.filter(child_id__in=in_return, start_date__lte=y.end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=y.start)).order_by("child_id", "start_date", "pk")
    for order in orders:
        child = people[order.child_id]
        tables["DoLo"].append({"CHILD": child.la_child_id, "DOB": d(child.date_of_birth), "DOLO_START": d(order.start_date),
                               "DOLO_END": d(order.end_date) if order.end_date and order.end_date <= y.end else ""})


def _mothers(children) -> dict[int, date | None]:
    """{girl's id: date of birth of her first child (None if not known)} for girls recorded as mothers."""
    girls = [c.pk for c in children if c.sex == "F"]
    out: dict = {}
    for rel in Relationship.objects.filter(person_id__in=girls, relationship="child").values_list(
            "person_id", "relative__date_of_birth", named=True):
        dob = rel.relative__date_of_birth
        if rel.person_id not in out or (dob and (out[rel.person_id] is None or dob < out[rel.person_id])):
            out[rel.person_id] = dob
    return out


def _by_child(queryset, order="pk"):
    out: dict = {}
    for row in queryset.order_by("child_id", order):
        out.setdefault(row.child_id, []).append(row)
    return out


def _oc2(y, tables, people, in_return, all_episodes):
    """Looked after on 31 March and continuously for the 12 months before it (each fact read once for all)."""
    year_ago = date(y.end.year - 1, y.end.month, y.end.day)
    cohort = []
    for child_id in sorted(in_return):
        episodes = all_episodes.get(child_id, [])
        current = [e for e in episodes if e.decom <= y.end and (e.dec is None or e.dec > y.end)]
        if current and max(_period_starts(episodes)) <= year_ago:
            cohort.append(child_id)
    in_year = dict(child_id__in=cohort, date__range=(y.start, y.end))
    sdqs = _by_child(m.SDQScore.objects.filter(**in_year), "date")
    misuse = _by_child(m.SubstanceMisuse.objects.filter(child_id__in=cohort, date_identified__range=(y.start, y.end)))
    immunised = _by_child(m.ImmunisationStatus.objects.filter(**in_year), "date")
    convicted = set(m.Conviction.objects.filter(**in_year).values_list("child_id", flat=True))
    checks: dict = {}
    for child_id, kind in m.HealthAssessment.objects.filter(**in_year).values_list("child_id", "kind"):
        checks.setdefault(child_id, set()).add(kind)
    teeth = set(m.DentalCheck.objects.filter(**in_year).values_list("child_id", flat=True))
    for child_id in cohort:
        child = people[child_id]
        sdq = sdqs.get(child_id, [None])[-1]
        problem = misuse.get(child_id, [None])[0]
        immunisation = immunised.get(child_id, [None])[-1]
        kinds = checks.get(child_id, set())
        age = age_on(child.date_of_birth, y.end)
        tables["OC2"].append({
            "CHILD": child.la_child_id, "DOB": d(child.date_of_birth),
            "SDQ_SCORE": "" if sdq is None or sdq.score is None else str(sdq.score),
            "SDQ_REASON": sdq.reason_not_completed if sdq else "",
            "CONVICTED": flag(child_id in convicted) if age and age >= 10 else "",
            "HEALTH_CHECK": flag("development" in kinds) if age is not None and age < 5 else "",
            "IMMUNISATIONS": flag(immunisation.up_to_date if immunisation else False),
            "TEETH_CHECK": flag(child_id in teeth),
            "HEALTH_ASSESSMENT": flag(bool(kinds - {"development"})),
            "SUBSTANCE_MISUSE": flag(problem is not None),
            "INTERVENTION_RECEIVED": flag(problem.intervention_received) if problem else "",
            "INTERVENTION_OFFERED": flag(problem.intervention_offered) if problem and not problem.intervention_received else "",
        })


def _period_starts(episodes) -> list[date]:
    """The first day of each period of care (a period imported from an older file may not begin with S)."""
    return [e.decom for i, e in enumerate(episodes) if i == 0 or e.rne == "S" or episodes[i - 1].rec not in ("X1", "")]


def _adoption(y, tables, people, in_return):
    for journey in m.AdoptionJourney.objects.filter(child_id__in=in_return).select_related("household").order_by("child_id"):
        child = people[journey.child_id]
        ident = {"CHILD": child.la_child_id, "DOB": d(child.date_of_birth)}
        if journey.should_be_placed_date <= y.end and (journey.decision_reversed_date is None
                                                      or journey.decision_reversed_date >= y.start):
            reversed_in_year = y.clip(journey.decision_reversed_date)
            tables["PlacedAdoption"].append({**ident, "DATE_PLACED": d(journey.should_be_placed_date),
                                             "DATE_PLACED_CEASED": d(reversed_in_year),
                                             "REASON_PLACED_CEASED": journey.reason_reversed if reversed_in_year else ""})
        if journey.adoption_order_date and y.start <= journey.adoption_order_date <= y.end:
            household = journey.household
            tables["AD1"].append({**ident, "DATE_INT": d(journey.should_be_placed_date), "DATE_MATCH": d(journey.matched_date),
                                  "FOSTER_CARE": flag(journey.adopted_by_foster_carers),
                                  "NB_ADOPTR": str(household.number_of_adopters) if household else "",
                                  "SEX_ADOPTR": household.sex_of_adopters if household else "",
                                  "LS_ADOPTR": household.legal_status if household else ""})


def _care_leavers(y, tables, child_ids=None):
    """OC3: 17th to 21st birthday in the year, not looked after on it; the contact nearest it."""
    contacts: dict = {}
    # Only those whose 17th to 21st birthday falls in the year (born 21 years before its start to
    # 17 years before its end), so the read does not grow with every care leaver the authority has had.
    born = (birthday(y.start, -21) - timedelta(days=2), birthday(y.end, -17) + timedelta(days=2))  # the loop decides
    found = m.CareLeaverContact.objects.filter(child__date_of_birth__range=born).order_by("date").values_list(
        "child_id", "child__la_child_id", "child__date_of_birth", "date", "in_touch", "activity", "accommodation", named=True)
    if child_ids is not None:
        found = found.filter(child_id__in=child_ids)
    for contact in found:
        contacts.setdefault(contact.child_id, []).append(contact)
    periods: dict = {}
    for period in m.PeriodOfCare.objects.filter(child_id__in=contacts).values_list("child_id", "start_date", "end_date", named=True):
        periods.setdefault(period.child_id, []).append(period)
    for child_id, rows in contacts.items():
        dob = rows[0].child__date_of_birth
        if not dob:
            continue
        for age in (17, 18, 19, 20, 21):
            day = birthday(dob, age)
            if y.start <= day <= y.end:
                # Ceasing on the birthday itself counts as looked after on it (rule 1016).
                looked_after = any(p.start_date <= day and (p.end_date is None or p.end_date >= day)
                                   for p in periods.get(child_id, []))
                if looked_after:
                    break
                nearest = min(rows, key=lambda c: abs((c.date - day).days))
                tables["OC3"].append({"CHILD": rows[0].child__la_child_id, "DOB": d(dob), "IN_TOUCH": nearest.in_touch,
                                      "ACTIV": nearest.activity, "ACCOM": nearest.accommodation})
                break


def care_history(child_ids: list[str], last_year_start: date) -> tuple[set[str], set[str]]:
    """For these LA child IDs: those whose record holds care that ended before ``last_year_start`` (so
    neither year's file shows it), and those whose whole care history makes them relevant or former
    relevant children — 13 weeks looked after from the age of 14, some of it from 16, short breaks (V3,
    V4) left out (the count DfE's rule 1001 makes from the two years it can see)."""
    if not child_ids:
        return set(), set()
    before = {str(c) for c in m.PeriodOfCare.objects.filter(child__la_child_id__in=child_ids, end_date__lt=last_year_start)
              .values_list("child__la_child_id", flat=True)}
    days14: dict[str, int] = {}
    days16: dict[str, int] = {}
    for child_id, dob, start, end in m.LegalStatus.objects.filter(child__la_child_id__in=child_ids).exclude(
            code__in=["V3", "V4"]).values_list("child__la_child_id", "child__date_of_birth", "start_date", "end_date"):
        if dob is None or child_id is None:
            continue
        end = end or timezone.localdate()
        days14[child_id] = days14.get(child_id, 0) + max(0, (end - max(start, birthday(dob, 14))).days)
        days16[child_id] = days16.get(child_id, 0) + max(0, (end - max(start, birthday(dob, 16))).days)
    eligible = {c for c in days14 if days14[c] >= 91 and days16.get(c, 0) >= 1}
    return before, eligible
