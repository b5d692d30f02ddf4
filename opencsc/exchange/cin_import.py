"""Import a CIN census XML file (any year since 2015/16) into the record.

The file is read into the same census view the validation rules use, then written through the
services the forms use, storing imperfect facts as given (a wrong UPN check letter, a retired or
unknown code, dates out of order) and reporting them as findings. Only what cannot be stored at all
is refused — a file that is not XML or declares entities, a date or yes/no value that cannot be
read, a child without an LA child ID — and then the whole file is refused, row by row, and nothing
changes. Children are matched on the LA child ID only; a UPN shared with another child is offered
as a candidate, never merged (adopted children get new identifiers). Importing the same file again
changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db import transaction

from opencsc.as_given import max_length
from opencsc.casework import loading as load
from opencsc.people import loading as load_people
from opencsc.people.models import Person
from opencsc.people.plausible import EARLIEST_TEXT
from opencsc.plain_english import counted
from opencsc.proceedings import loading as load_court
from opencsc.returns.cin import reading
from opencsc.returns.cin.rules import CIN
from opencsc.returns.engine import validate
from opencsc.returns.formats.cin_file import read
from opencsc.returns.formats.safe_xml import Refused
from opencsc.returns.formats.ssda903_files import whole_number
from opencsc.returns.spreadsheets import safe_row
from opencsc.staff.stepping import loading

FIRST_YEAR = 2016  # 2015/16
GENDER_TO_SEX = {"1": "M", "2": "F", "0": "U", "9": "U"}
TRUE = {"true", "1"}
PP_DATES = {"PPStartDate": "start", "LBPSentDate": "letter", "InitialPPMeetingDate": "initial_meeting",
            "StepDecisionDate": "step_decision", "CourtAppDate": "court_application", "LetterInitCPDate": "letter_issuing"}
NOT_IN_CENSUS = "not in the imported CIN census"
FALSE = {"false", "0"}


@dataclass
class Row:
    child: str
    action: str
    detail: str = ""
    findings: str = ""


@dataclass
class Finding:
    """Something stored as given that someone should look at (the import's own checks)."""

    la_child_id: str
    message: str
    is_query: bool = True

    @property
    def code(self):
        return "import"

    @property
    def rule(self):
        return self


@dataclass
class ImportReport:
    year: int
    dry_run: bool
    rows: list = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # DfE rule findings and the import's own notes (Finding)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self):
        return self.count("created")

    @property
    def updated(self):
        return self.count("updated")

    @property
    def unchanged(self):
        return self.count("unchanged")

    def summary(self) -> str:
        errors = sum(1 for f in self.findings if not f.rule.is_query)
        prefix = "Dry run, nothing written: would have " if self.dry_run else ""
        return (f"{prefix}created {self.created}, updated {self.updated}, unchanged {self.unchanged} children; "
                f"{counted(len(self.findings), 'finding')} ({counted(errors, 'error')}, {counted(len(self.findings) - errors, 'query', 'queries')})")

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["child", "action", "detail", "findings"])
        for row in self.rows:
            writer.writerow(safe_row([row.child, row.action, row.detail, row.findings]))
        return out.getvalue()


# ---- reading and refusing -------------------------------------------------------------------------------


def _bad_values(child: reading.Child):
    """Values that cannot be stored at all: unreadable dates and yes/no flags."""
    def dates(label, value):
        if isinstance(value, reading.BadDate):
            try:
                date.fromisoformat(value.text[:10])
            except ValueError:
                yield f"{label} '{value.text}' is not a date (use YYYY-MM-DD)"
            else:  # a real date, but before 1900 (the census view reads it as no date)
                yield (f"{label} '{value.text}' is before {EARLIEST_TEXT}: not a possible date; "
                       "correct it in the system the file came from")

    yield from dates("PersonBirthDate", child.birth_date)
    yield from dates("ExpectedPersonBirthDate", child.expected_birth_date)
    yield from dates("PersonDeathDate", child.death_date)
    for episode in child.episodes:
        where = f"episode referred {episode.referral_date}"
        if episode.referral_date is None:
            yield "CINdetails without a CINreferralDate"
        yield from dates(f"{where}: CINreferralDate", episode.referral_date)
        yield from dates(f"{where}: CINclosureDate", episode.closure_date)
        yield from dates(f"{where}: DateOfInitialCPC", episode.icpc)
        if (episode.nfa or "").strip().lower() not in TRUE | FALSE:
            yield f"{where}: ReferralNFA '{episode.nfa or ''}' is not true/false"
        for a in episode.assessments:
            for label in ("start", "internal_review", "authorised"):
                yield from dates(f"{where}: assessment {label} date", getattr(a, label))
            if a.start is None:
                yield f"{where}: an assessment has no AssessmentActualStartDate"
        for p in episode.cin_plans:
            yield from dates(f"{where}: CINPlanStartDate", p.start)
            yield from dates(f"{where}: CINPlanEndDate", p.end)
            if p.start is None:
                yield f"{where}: a CIN plan has no CINPlanStartDate"
        for s in episode.section47s:
            for label, value in (("S47ActualStartDate", s.start), ("InitialCPCtarget", s.icpc_target),
                                 ("DateOfInitialCPC", s.icpc)):
                yield from dates(f"{where}: {label}", value)
            if s.start is None:
                yield f"{where}: a section 47 enquiry has no S47ActualStartDate"
            if s.icpc_not_required is not None and s.icpc_not_required.lower() not in TRUE | FALSE:
                yield f"{where}: ICPCnotRequired '{s.icpc_not_required}' is not true/false"
        for b in episode.pre_proceedings:
            for label in ("PPStartDate", "LBPSentDate", "InitialPPMeetingDate", "StepDecisionDate", "CourtAppDate",
                          "LetterInitCPDate"):
                yield from dates(f"{where}: {label}", getattr(b, PP_DATES[label]))
            for label, value in (("FGDMMeetingOffer", b.fgdm_offer), ("FGDMMeetingFac", b.fgdm_facilitated)):
                if value is not None and value.strip().lower() not in TRUE | FALSE:
                    yield f"{where}: {label} '{value}' is not true/false"
            try:
                whole_number(b.review_count or "")
            except ValueError:
                yield f"{where}: ReviewMeetingsCount '{b.review_count}' is not a whole number"
        for p in episode.cp_plans:
            yield from dates(f"{where}: CPPstartDate", p.start)
            yield from dates(f"{where}: CPPendDate", p.end)
            if p.start is None:
                yield f"{where}: a child protection plan has no CPPstartDate"
            for r in p.reviews:
                yield from dates(f"{where}: CPPreviewDate", r)


LA_CHILD_ID_LENGTH = max_length(Person, "la_child_id")


def check_storable(census: reading.Census) -> list[str]:
    problems = []
    if not census.year.year:
        problems.append("the header gives no collection year (Header/CollectionDetails/Year or ReferenceDate)")
    elif not FIRST_YEAR <= census.year.year <= 2100:
        problems.append(f"the header's collection year '{census.year.year}' is not a census year from 2015/16 on")
    for n, child in enumerate(census.children, start=1):
        who = f"child {n} (line {child.line})"
        if not child.la_child_id:
            problems.append(f"{who}: no LAchildID, so the child cannot be matched or stored")
            continue
        if len(child.la_child_id) > LA_CHILD_ID_LENGTH:
            problems.append(f"{who}: LAchildID '{child.la_child_id[:30]}…' is {len(child.la_child_id)} characters; "
                            f"the record holds {LA_CHILD_ID_LENGTH} (check the file was exported whole)")
            continue
        for problem in _bad_values(child):
            problems.append(f"child {child.la_child_id} (line {child.line}): {problem}")
    return problems


# ---- writing --------------------------------------------------------------------------------------------


def _person(child: reading.Child, census: reading.Census):
    sex = child.sex if child.sex is not None else GENDER_TO_SEX.get(child.gender_current or "", child.gender_current or "")
    values = {
        "upn": child.upn or "", "former_upn": child.former_upn or "", "upn_unknown_reason": child.upn_unknown or "",
        "date_of_birth": child.birth_date, "expected_date_of_birth": child.expected_birth_date,
        "sex": sex or "", "date_of_death": child.death_date, "ethnicity": child.ethnicity or "",
    }
    return load_people.load_child(la_child_id=cast(str, child.la_child_id), values=values,
                                  disabilities=Counter(child.disabilities))


def repeated_codes(child: reading.Child) -> list[str]:
    """Codes a census lists twice for one thing (a disability, an assessment factor): kept as given, so
    re-export gives them back, and said for the source system's data owner to correct."""
    notes = [f"Disability '{code}' is listed {n} times: kept as given, so re-export gives it back; the source system's "
             "data owner should remove the repeat" for code, n in sorted(Counter(child.disabilities).items()) if n > 1]
    for episode in child.episodes:
        for a in episode.assessments:
            notes += [f"assessment from {a.start}: factor '{code}' is listed {n} times: kept as given, so re-export "
                      "gives it back; the source system's data owner should remove the repeat"
                      for code, n in sorted(Counter(a.factors).items()) if n > 1]
    return notes


def _episode(person, e: reading.Episode, notes: list[str]) -> list[str]:
    referral, changed = load.load_referral(
        person, referral_date=cast(date, e.referral_date),  # a date: check_storable refused the file otherwise
        source=e.source or "", primary_need=e.primary_need or "", nfa=e.is_nfa, closure_date=cast("date | None", e.closure_date),
        closure_reason=e.closure_reason or "")
    for a in e.assessments:
        changed += load.load_assessment(referral, start=a.start, internal_review=a.internal_review, authorised=a.authorised,
                                        factors=list(a.factors))
    for p in e.cin_plans:
        changed += load.load_cin_plan(referral, start=p.start, end=p.end)
    for s in e.section47s:
        changed += load.load_section47(referral, start=s.start, icpc_target=s.icpc_target, icpc=s.icpc,
                                       icpc_not_required=(s.icpc_not_required or "").lower() in TRUE)
    if e.icpc:
        changed += load.load_initial_conference(referral, date=cast(date, e.icpc))
    for p in e.cp_plans:
        changed += load.load_cp_plan(referral, start=p.start, end=p.end, initial_category=p.initial_category or "",
                                     latest_category=p.latest_category or "", previous_plans=p.previous_plans or "",
                                     reviews=list(p.reviews))
    for block in e.pre_proceedings:
        changed += _pre_proceedings(person, referral, block, notes)
    return changed


def _flag(text: str | None) -> bool | None:
    return None if text is None else text.strip().lower() in TRUE


def _pre_proceedings(person, referral, b: reading.PreProceedings, findings: list[str]) -> list[str]:
    """A PreProceedingsandFGDM block as the child's own pre-proceedings (the census does not say which
    brothers and sisters shared it). What the block gives without a date the record keeps is held as
    given; what would not come back on re-export is named, never dropped silently."""
    where = f"PreProceedingsandFGDM starting {b.start or '(no PPStartDate)'}"
    if b.start is None:
        findings.append(f"{where}: not stored — the record keeps pre-proceedings from the decision to start them "
                "(PPStartDate); add it in the source system and import again")
        return []
    start = cast(date, b.start)
    notes = []
    offered = _flag(b.fgdm_offer)
    facilitated = _flag(b.fgdm_facilitated)
    review_count = whole_number(b.review_count or "")
    changed = load_court.load_pre_proceedings(
        person, start=start, values={"letter_sent_on": b.letter, "fgdm_offered": offered, "step_decision_date": b.step_decision,
                                     "issue_letter_sent_on": b.letter_issuing, "pp_outcome_as_given": (b.outcome or "").strip()},
        review_count=review_count, fgdm_facilitated=facilitated, initial_meeting=cast("date | None", b.initial_meeting),
        court_application=cast("date | None", b.court_application), not_in_file=NOT_IN_CENSUS)
    if offered is not None and b.letter is None:
        notes.append("FGDMMeetingOffer without LBPSentDate (the offer is made in the letter)")
    if facilitated is not None and not offered:
        notes.append("FGDMMeetingFac without an offer")
    if offered and facilitated is None:
        notes.append("FGDMMeetingFac missing after an offer (re-export says false)")
    if review_count is not None and b.initial_meeting is None:
        notes.append("ReviewMeetingsCount without InitialPPMeetingDate")
    if b.outcome and b.step_decision is None:
        notes.append("PPOutcome without StepDecisionDate")
    if b.start < referral.referral_date or (referral.closure_date and b.start > referral.closure_date):
        notes.append("PPStartDate outside this CIN episode (re-export puts the block on the episode open that day)")
    findings += [f"{where}: {note}: kept, but it will not come back on re-export — correct it in the source system"
                for note in notes]
    return changed


def _candidates(child: reading.Child, person) -> list[str]:
    """Other children who may be the same child: offered, never merged."""
    found = []
    if child.upn:
        for other in Person.objects.filter(upn=child.upn).exclude(pk=person.pk)[:3]:
            found.append(f"same UPN as {other.la_child_id}: check whether this is the same child (not merged)")
    return found


def children_in_cin(data: bytes) -> list[str]:
    """The LA child IDs a census file names (read safely; nothing stored)."""
    return [c.la_child_id for c in reading.read_census(read(data)).children if c.la_child_id]


def import_cin(data: bytes, *, dry_run: bool = False, only: set[str] | None = None) -> ImportReport:
    """Store the file's children (``only``: just these LA child IDs; the whole file is still checked)."""
    root = read(data)
    census = reading.read_census(root)
    problems = check_storable(census)
    if problems:
        raise Refused(f"The file was refused and nothing was changed: {len(problems)} value"
                      f"{'s' if len(problems) > 1 else ''} cannot be stored.", problems)
    report = ImportReport(census.year.year, dry_run)
    report.findings.extend(validate(census, CIN, census.year.year))
    by_child: dict = {}
    for finding in report.findings:
        by_child.setdefault(finding.la_child_id, []).append(finding.code)

    with loading(f"CIN census {census.year.year} imported", label=f"import of the CIN census {census.year.year}"):
        for child in census.children:
            if only is not None and child.la_child_id not in only:
                continue
            person, action, changed = _person(child, census)
            notes: list[str] = repeated_codes(child)
            for episode in child.episodes:
                changed += _episode(person, episode, notes)
            report.findings.extend(Finding(child.la_child_id, note) for note in notes)
            if action == "unchanged" and changed:
                action = "updated"
            detail = "; ".join(changed[:8] + _candidates(child, person))
            codes = " ".join(sorted(set(by_child.get(child.la_child_id, [])) - {"import"}))
            report.rows.append(Row(child.la_child_id, action, detail, " | ".join(filter(None, [codes, *notes]))))
        if dry_run:
            transaction.set_rollback(True)
    return report
