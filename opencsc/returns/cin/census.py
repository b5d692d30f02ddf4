"""The Children in Need census, built from the record for any collection year.

The census describes the year as it stood on 31 March: a child is in it if a CIN episode was open
at any point between 1 April and 31 March; anything dated after 31 March is left out (an episode
closed in May is still open in that year's census). Each year is written in that year's structure
(``GenderCurrent`` up to 2023/24, ``Sex`` from 2024/25) and checked against that year's schema
before it is offered. Reading is a fixed number of queries, whatever the number of children.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from opencsc.casework import models as m
from opencsc.people.models import Disability, Person
from opencsc.people.selectors import apply_as_at
from opencsc.proceedings.models import PreProceedings

from ..formats.safe_xml import safe_parser
from ..formats.years import CollectionYear

SCHEMA_DIR = Path(__file__).parent / "schemas"
FIRST_SEX_YEAR = 2025  # 2024/25: GenderCurrent becomes Sex
FIRST_PRE_PROCEEDINGS_YEAR = 2027  # 2026/27: the PreProceedingsandFGDM block
DERIVED_NOTE = (" The PreProceedingsandFGDM block follows OpenCSC's own derivation of the 2026/27 structure "
                "(opencsc/returns/cin/schemas/cin_2027.xsd) until DfE's schema is available. ")
SOFTWARE_CODE = "OpenCSC"
RELEASE = "0.1"


def schema_year(year: int) -> int:
    available = sorted(int(p.stem.split("_")[1]) for p in SCHEMA_DIR.glob("cin_*.xsd"))
    earlier = [y for y in available if y <= year]
    return earlier[-1] if earlier else available[0]


@lru_cache(maxsize=8)
def schema_for(year: int) -> etree.XMLSchema:
    path = SCHEMA_DIR / f"cin_{schema_year(year)}.xsd"
    return etree.XMLSchema(etree.parse(str(path), safe_parser()))


# ---- reading the record ---------------------------------------------------------------------------


@dataclass
class CensusData:
    children: list = field(default_factory=list)
    referrals: dict = field(default_factory=lambda: defaultdict(list))  # child id -> [Referral]
    assessments: dict = field(default_factory=lambda: defaultdict(list))  # referral id -> [Assessment]
    cin_plans: dict = field(default_factory=lambda: defaultdict(list))
    section47s: dict = field(default_factory=lambda: defaultdict(list))
    cp_plans: dict = field(default_factory=lambda: defaultdict(list))
    icpc_by_s47: dict = field(default_factory=dict)  # s47 id -> date of its initial conference
    icpc_by_referral: dict = field(default_factory=dict)  # referral id -> conference date with no s47
    reviews: dict = field(default_factory=lambda: defaultdict(list))  # plan id -> [dates]
    previous_plans: dict = field(default_factory=dict)  # plan id -> number of earlier plans
    disabilities: dict = field(default_factory=lambda: defaultdict(list))
    pre_proceedings: dict = field(default_factory=lambda: defaultdict(list))  # referral id -> [PreProceedings]


def load(year: CollectionYear, child_id: int | None = None) -> CensusData:
    """Everything the census needs for the year (or for one child in it), in one query per table."""
    data = CensusData()
    in_scope = m.Referral.objects.filter(referral_date__lte=year.end).filter(
        Q(closure_date__isnull=True) | Q(closure_date__gte=year.start))
    if child_id is not None:
        in_scope = in_scope.filter(child_id=child_id)
    referrals = list(in_scope.order_by("child_id", "referral_date", "pk"))
    for referral in referrals:
        data.referrals[referral.child_id].append(referral)
    child_ids = in_scope.values("child_id")
    data.children = list(Person.objects.filter(pk__in=child_ids).order_by("la_child_id", "pk"))
    apply_as_at(data.children, year.end, ids=child_ids)  # a name or UPN changed after the year is reported as it was

    def by_referral(model, start_field, end_field):
        rows = model.objects.filter(referral__in=in_scope, **{f"{start_field}__lte": year.end}).filter(
            Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": year.start})).order_by(start_field, "pk")
        grouped = defaultdict(list)
        for row in rows:
            grouped[row.referral_id].append(row)
        return grouped

    data.assessments = by_referral(m.Assessment, "start_date", "authorised_date")
    data.cin_plans = by_referral(m.CINPlan, "start_date", "end_date")
    data.section47s = by_referral(m.Section47Enquiry, "start_date", "end_date")
    data.cp_plans = by_referral(m.ChildProtectionPlan, "start_date", "end_date")

    conferences = m.ChildProtectionConference.objects.filter(child_id__in=child_ids, date__lte=year.end)
    for conference in conferences.order_by("date", "pk"):
        if conference.kind == "initial" and conference.section47_id:
            data.icpc_by_s47.setdefault(conference.section47_id, conference.date)
        elif conference.kind in ("initial", "transfer_in") and not conference.section47_id:
            data.icpc_by_referral.setdefault(conference.referral_id, conference.date)
        elif conference.kind == "review" and conference.plan_id and conference.date >= year.start:
            data.reviews[conference.plan_id].append(conference.date)

    # NumberOfPreviousCPP: the child's plans that started before this one, in any year.
    starts: defaultdict[int, list] = defaultdict(list)
    for plan_id, child_id, start in m.ChildProtectionPlan.objects.filter(child_id__in=child_ids).order_by(
            "start_date", "pk").values_list("pk", "child_id", "start_date"):
        data.previous_plans[plan_id] = sum(1 for s in starts[child_id] if s < start)
        starts[child_id].append(start)

    for person_id, code, times in Disability.objects.filter(person_id__in=child_ids).order_by("code").values_list(
            "person_id", "code", "times_given"):
        data.disabilities[person_id] += [code] * max(1, times)  # a code an imported census gave twice comes back twice
    if year.year >= FIRST_PRE_PROCEEDINGS_YEAR:
        _load_pre_proceedings(data, year, child_ids)
    return data


def _load_pre_proceedings(data: CensusData, year: CollectionYear, child_ids) -> None:
    """Each pre-proceedings started in the year goes on the CIN episode of each of its children open on
    the day it started (brothers and sisters each report it)."""
    started = (PreProceedings.objects.filter(children__in=child_ids, decision_date__range=(year.start, year.end)).distinct()
               .prefetch_related("children", "meetings").select_related("proceedings").order_by("decision_date", "pk"))
    for pre in started:
        for child in pre.children.all():
            episode = episode_open_on(data.referrals.get(child.pk, []), pre.decision_date)
            if episode is not None:
                data.pre_proceedings[episode.pk].append(pre)


def episode_open_on(referrals, day):
    """The CIN episode open on ``day`` (else the latest to start before it)."""
    open_then = [r for r in referrals if r.referral_date <= day and (r.closure_date is None or r.closure_date >= day)]
    before = [r for r in referrals if r.referral_date <= day]
    return (open_then or before or [None])[-1]


# ---- writing the XML --------------------------------------------------------------------------------


def _text(parent, tag, value):
    if value is None or value == "":
        return None
    element = etree.SubElement(parent, tag)
    element.text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}


def child_element(child: Person, data: CensusData, year: CollectionYear):
    element = etree.Element("Child")
    ids = etree.SubElement(element, "ChildIdentifiers")
    _text(ids, "LAchildID", child.la_child_id)
    _text(ids, "UPN", child.upn)
    _text(ids, "FormerUPN", child.former_upn)
    _text(ids, "UPNunknown", child.upn_unknown_reason if not child.upn else "")
    born = year.clip(child.date_of_birth)
    _text(ids, "PersonBirthDate", born)
    _text(ids, "ExpectedPersonBirthDate", child.expected_date_of_birth if not born else None)
    sex = child.sex if born else "U"
    if year.year >= FIRST_SEX_YEAR:
        _text(ids, "Sex", sex or "U")
    else:
        _text(ids, "GenderCurrent", GENDER_CURRENT.get(sex, "0"))
    _text(ids, "PersonDeathDate", year.clip(child.date_of_death))

    characteristics = etree.SubElement(element, "ChildCharacteristics")
    _text(characteristics, "Ethnicity", child.ethnicity or "NOBT")
    codes = data.disabilities.get(child.pk) if born else None
    if codes:
        disabilities = etree.SubElement(characteristics, "Disabilities")
        for code in codes:
            _text(disabilities, "Disability", code)

    for referral in data.referrals[child.pk]:
        element.append(episode_element(referral, data, year))
    return element


def episode_element(referral, data: CensusData, year: CollectionYear):
    details = etree.Element("CINdetails")
    _text(details, "CINreferralDate", referral.referral_date)
    _text(details, "ReferralSource", referral.source)
    _text(details, "PrimaryNeedCode", referral.primary_need)
    closed = year.clip(referral.closure_date)
    _text(details, "CINclosureDate", closed)
    _text(details, "ReasonForClosure", referral.closure_reason if closed else None)
    _text(details, "DateOfInitialCPC", data.icpc_by_referral.get(referral.pk))
    for assessment in data.assessments.get(referral.pk, []):
        block = etree.SubElement(details, "Assessments")
        _text(block, "AssessmentActualStartDate", assessment.start_date)
        _text(block, "AssessmentInternalReviewDate", year.clip(assessment.internal_review_date))
        authorised = year.clip(assessment.authorised_date)
        _text(block, "AssessmentAuthorisationDate", authorised)
        if authorised and assessment.factors:
            factors = etree.SubElement(block, "FactorsIdentifiedAtAssessment")
            for factor in assessment.factors:
                _text(factors, "AssessmentFactors", factor)
    for plan in data.cin_plans.get(referral.pk, []):
        block = etree.SubElement(details, "CINPlanDates")
        _text(block, "CINPlanStartDate", plan.start_date)
        _text(block, "CINPlanEndDate", year.clip(plan.end_date))
    for enquiry in data.section47s.get(referral.pk, []):
        block = etree.SubElement(details, "Section47")
        _text(block, "S47ActualStartDate", enquiry.start_date)
        _text(block, "InitialCPCtarget", enquiry.icpc_target_date)
        _text(block, "DateOfInitialCPC", data.icpc_by_s47.get(enquiry.pk))
        # Concluded as "no conference needed" by 31 March (an imported enquiry may carry the flag
        # without the date it was concluded).
        concluded = enquiry.end_date is None or enquiry.end_date <= year.end
        _text(block, "ICPCnotRequired", _bool(concluded and enquiry.icpc_not_required))
    _text(details, "ReferralNFA", _bool(referral.nfa))
    for plan in data.cp_plans.get(referral.pk, []):
        block = etree.SubElement(details, "ChildProtectionPlans")
        _text(block, "CPPstartDate", plan.start_date)
        ended = year.clip(plan.end_date)
        _text(block, "CPPendDate", ended)
        _text(block, "InitialCategoryOfAbuse", plan.initial_category)
        # A category changed after 31 March was not yet the latest on the census date; the record
        # keeps only the current one, so the latest known category is reported.
        _text(block, "LatestCategoryOfAbuse", plan.latest_category)
        # Counted from the record, unless an imported file said more (plans held only in the old system).
        counted = data.previous_plans.get(plan.pk, 0)
        reported = plan.previous_plans_reported
        _text(block, "NumberOfPreviousCPP", reported if reported and not (reported.isdigit() and int(reported) < counted)
              else counted)
        review_dates = data.reviews.get(plan.pk)
        if review_dates:
            reviews = etree.SubElement(block, "Reviews")
            for day in review_dates:
                _text(reviews, "CPPreviewDate", day)
    for pre in data.pre_proceedings.get(referral.pk, []):
        details.append(pre_proceedings_element(pre, year))
    return details


def pp_outcome(outcome: str) -> str:
    """PPOutcome only through the authority's mapping of its outcomes to CS131 (ships empty: the
    meanings of A, B and C are not established, so nothing is guessed)."""
    return settings.PP_OUTCOME_CODES.get(outcome, "") if outcome else ""


def pre_proceedings_element(pre, year: CollectionYear):
    """One PreProceedingsandFGDM block, in the element order of the 2026 sample; as the year saw it."""
    block = etree.Element("PreProceedingsandFGDM")
    _text(block, "PPStartDate", pre.decision_date)
    letter = year.clip(pre.letter_sent_on)
    _text(block, "LBPSentDate", letter)
    offered = pre.fgdm_offered if letter else None
    _text(block, "FGDMMeetingOffer", None if offered is None else _bool(offered))
    if offered:
        _text(block, "FGDMMeetingFac", _bool(year.clip(pre.fgdm_held_on) is not None or pre.fgdm_held_undated))
    meetings = [meeting for meeting in pre.meetings.all() if meeting.date <= year.end]
    initial = next((meeting.date for meeting in meetings if meeting.kind == "initial"), None)
    _text(block, "InitialPPMeetingDate", initial)
    if initial:
        reviews = sum(1 for meeting in meetings if meeting.kind == "review") + pre.review_meetings_undated
        _text(block, "ReviewMeetingsCount", reviews)  # counted, never typed (an imported census's count kept)
    decided = year.clip(pre.step_decision_date)
    _text(block, "StepDecisionDate", decided)
    _text(block, "PPOutcome", (pp_outcome(pre.outcome) if pre.outcome else pre.pp_outcome_as_given) if decided else "")
    proceedings = getattr(pre, "proceedings", None)
    _text(block, "CourtAppDate", year.clip(proceedings.application_date) if proceedings else None)
    _text(block, "LetterInitCPDate", year.clip(pre.issue_letter_sent_on))
    return block


def build(year: CollectionYear, now: datetime | None = None, serial: int = 1) -> tuple[bytes, int]:
    """The census XML for ``year`` and the number of children in it."""
    now = now or timezone.localtime()
    data = load(year)
    message = etree.Element("Message")
    header = etree.SubElement(message, "Header")
    collection = etree.SubElement(header, "CollectionDetails")
    _text(collection, "Collection", "CIN")
    _text(collection, "Year", year.year)
    _text(collection, "ReferenceDate", year.end)
    source = etree.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", settings.AUTHORITY["la_number"])
    _text(source, "SoftwareCode", SOFTWARE_CODE)
    _text(source, "Release", RELEASE)
    _text(source, "SerialNo", f"{serial:03d}")
    _text(source, "DateTime", now.replace(microsecond=0, tzinfo=None))
    children = etree.SubElement(message, "Children")
    for child in data.children:
        children.append(child_element(child, data, year))
    if year.year >= FIRST_PRE_PROCEEDINGS_YEAR:  # said in the file, outside the message DfE reads
        message.addprevious(etree.Comment(DERIVED_NOTE))
    xml = etree.tostring(message.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml, len(data.children)


@dataclass
class SchemaProblem:
    line: int
    la_child_id: str
    message: str

    def __str__(self):
        who = f"child {self.la_child_id}" if self.la_child_id else "the file"
        return f"line {self.line} ({who}): {self.message}"


def schema_problems(xml: bytes, year: int) -> list[SchemaProblem]:
    """What the year's schema rejects, each tied to the child it is about."""
    document = etree.fromstring(xml, safe_parser()).getroottree()
    schema = schema_for(year)
    if schema.validate(document):
        return []
    lines_to_child = {}
    for child in document.iter("Child"):
        child_id = child.findtext("ChildIdentifiers/LAchildID") or ""
        for element in child.iter():
            lines_to_child[element.sourceline] = child_id
    return [SchemaProblem(error.line, lines_to_child.get(error.line, ""), error.message) for error in schema.error_log]


@dataclass
class Export:
    year: CollectionYear
    xml: bytes
    children: int
    problems: list

    @property
    def ok(self) -> bool:
        return not self.problems


def child_census_xml(person: Person, year: int) -> bytes | None:
    """One child's part of the year's census, or None when the child is not in it."""
    collection = CollectionYear(year)
    data = load(collection, child_id=person.pk)
    if not data.children:
        return None
    message = etree.Element("Message")
    children = etree.SubElement(message, "Children")
    children.append(child_element(data.children[0], data, collection))
    return etree.tostring(message)


def export(year: int, now: datetime | None = None) -> Export:
    collection = CollectionYear(year)
    xml, count = build(collection, now=now)
    return Export(collection, xml, count, schema_problems(xml, year))
