"""The CIN census as the validation rules see it: one in-memory view read from census XML.

Exports (built from the record) and imports (files from a legacy system) both become this view,
so every rule runs the same way on both. Values are kept as given: a code the DfE does not know,
or a boolean written oddly, stays as it was, for a rule to report. A date that cannot be read is
kept as text (``BadDate``) so the rules can name it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from opencsc.people.plausible import too_early

from ..formats.safe_xml import safe_parser
from .census import CollectionYear


@dataclass(frozen=True)
class BadDate:
    text: str


def read_date(text: str | None):
    if text is None or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip()[:10])
    except ValueError:
        return BadDate(text.strip())
    # A date before 1900 is no date a child's record can mean (and overflows the rules' arithmetic):
    # read it as DfE's tool does (pandas cannot hold it), as not a date.
    return BadDate(text.strip()) if too_early(day) else day


def is_date(value) -> bool:
    return isinstance(value, date)


def _show(value) -> str:
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, BadDate):
        return f"'{value.text}'"
    return "(no date)"


@dataclass
class Assessment:
    start: object = None
    internal_review: object = None
    authorised: object = None
    factors: list = field(default_factory=list)
    has_factors_block: bool = False
    line: int = 0

    def describe(self):
        return f"assessment starting {_show(self.start)}"


@dataclass
class CINPlan:
    start: object = None
    end: object = None
    line: int = 0

    def describe(self):
        return f"CIN plan starting {_show(self.start)}"


@dataclass
class Section47:
    start: object = None
    icpc_target: object = None
    icpc: object = None
    icpc_not_required: str | None = None
    line: int = 0

    def describe(self):
        return f"section 47 enquiry starting {_show(self.start)}"


@dataclass
class CPPlan:
    start: object = None
    end: object = None
    initial_category: str | None = None
    latest_category: str | None = None
    previous_plans: str | None = None
    reviews: list = field(default_factory=list)
    line: int = 0

    def describe(self):
        return f"child protection plan starting {_show(self.start)}"


@dataclass
class PreProceedings:
    """A PreProceedingsandFGDM block (2026/27), values as given."""

    start: object = None  # PPStartDate
    letter: object = None  # LBPSentDate
    fgdm_offer: str | None = None  # FGDMMeetingOffer
    fgdm_facilitated: str | None = None  # FGDMMeetingFac
    initial_meeting: object = None  # InitialPPMeetingDate
    review_count: str | None = None  # ReviewMeetingsCount
    step_decision: object = None  # StepDecisionDate
    outcome: str | None = None  # PPOutcome
    court_application: object = None  # CourtAppDate
    letter_issuing: object = None  # LetterInitCPDate
    line: int = 0

    def describe(self):
        return f"pre-proceedings starting {_show(self.start)}"

    @property
    def offered(self) -> bool:
        return (self.fgdm_offer or "").strip().lower() in ("true", "1")


@dataclass
class Episode:
    referral_date: object = None
    source: str | None = None
    primary_need: str | None = None
    closure_date: object = None
    closure_reason: str | None = None
    icpc: object = None
    nfa: str | None = None
    assessments: list = field(default_factory=list)
    cin_plans: list = field(default_factory=list)
    section47s: list = field(default_factory=list)
    cp_plans: list = field(default_factory=list)
    pre_proceedings: list = field(default_factory=list)
    line: int = 0

    def describe(self):
        return f"CIN episode referred {_show(self.referral_date)}"

    @property
    def is_nfa(self) -> bool:
        return (self.nfa or "").strip().lower() in ("true", "1")


@dataclass
class Child:
    la_child_id: str | None = None
    upn: str | None = None
    former_upn: str | None = None
    upn_unknown: str | None = None
    birth_date: object = None
    expected_birth_date: object = None
    sex: str | None = None
    gender_current: str | None = None
    death_date: object = None
    ethnicity: str | None = None
    disabilities: list = field(default_factory=list)
    episodes: list = field(default_factory=list)
    line: int = 0

    @property
    def is_unborn(self) -> bool:
        return self.birth_date is None and self.expected_birth_date is not None


@dataclass
class Census:
    year: CollectionYear
    reference_date: object = None
    lea: str | None = None
    children: list = field(default_factory=list)


def _t(element, path):
    if element is None:
        return None
    found = element.find(path)
    if found is None or found.text is None:
        return None
    text = found.text.strip()
    return text or None


def read_child(element) -> Child:
    ids = element.find("ChildIdentifiers")
    characteristics = element.find("ChildCharacteristics")
    child = Child(
        la_child_id=_t(ids, "LAchildID"), upn=_t(ids, "UPN"), former_upn=_t(ids, "FormerUPN"),
        upn_unknown=_t(ids, "UPNunknown"), birth_date=read_date(_t(ids, "PersonBirthDate")),
        expected_birth_date=read_date(_t(ids, "ExpectedPersonBirthDate")), sex=_t(ids, "Sex"),
        gender_current=_t(ids, "GenderCurrent"), death_date=read_date(_t(ids, "PersonDeathDate")),
        ethnicity=_t(characteristics, "Ethnicity"),
        disabilities=[(d.text or "").strip() for d in element.iterfind("ChildCharacteristics/Disabilities/Disability")],
        line=element.sourceline or 0,
    )
    for details in element.iterfind("CINdetails"):
        episode = Episode(
            referral_date=read_date(_t(details, "CINreferralDate")), source=_t(details, "ReferralSource"),
            primary_need=_t(details, "PrimaryNeedCode"), closure_date=read_date(_t(details, "CINclosureDate")),
            closure_reason=_t(details, "ReasonForClosure"), icpc=read_date(_t(details, "DateOfInitialCPC")),
            nfa=_t(details, "ReferralNFA"), line=details.sourceline or 0,
        )
        for a in details.iterfind("Assessments"):
            episode.assessments.append(Assessment(
                start=read_date(_t(a, "AssessmentActualStartDate")),
                internal_review=read_date(_t(a, "AssessmentInternalReviewDate")),
                authorised=read_date(_t(a, "AssessmentAuthorisationDate")),
                factors=[(f.text or "").strip() for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")],
                has_factors_block=a.find("FactorsIdentifiedAtAssessment") is not None, line=a.sourceline or 0))
        for p in details.iterfind("CINPlanDates"):
            episode.cin_plans.append(CINPlan(read_date(_t(p, "CINPlanStartDate")), read_date(_t(p, "CINPlanEndDate")),
                                             p.sourceline or 0))
        for s in details.iterfind("Section47"):
            episode.section47s.append(Section47(
                read_date(_t(s, "S47ActualStartDate")), read_date(_t(s, "InitialCPCtarget")),
                read_date(_t(s, "DateOfInitialCPC")), _t(s, "ICPCnotRequired"), s.sourceline or 0))
        for p in details.iterfind("ChildProtectionPlans"):
            episode.cp_plans.append(CPPlan(
                read_date(_t(p, "CPPstartDate")), read_date(_t(p, "CPPendDate")), _t(p, "InitialCategoryOfAbuse"),
                _t(p, "LatestCategoryOfAbuse"), _t(p, "NumberOfPreviousCPP"),
                [read_date(r.text) for r in p.iterfind("Reviews/CPPreviewDate")], p.sourceline or 0))
        for b in details.iterfind("PreProceedingsandFGDM"):
            episode.pre_proceedings.append(PreProceedings(
                read_date(_t(b, "PPStartDate")), read_date(_t(b, "LBPSentDate")), _t(b, "FGDMMeetingOffer"),
                _t(b, "FGDMMeetingFac"), read_date(_t(b, "InitialPPMeetingDate")), _t(b, "ReviewMeetingsCount"),
                read_date(_t(b, "StepDecisionDate")), _t(b, "PPOutcome"), read_date(_t(b, "CourtAppDate")),
                read_date(_t(b, "LetterInitCPDate")), b.sourceline or 0))
        child.episodes.append(episode)
    return child


def read_census(root, year: int | None = None) -> Census:
    """The view of a whole census ``Message``. The year comes from the header unless given."""
    reference = read_date(_t(root, "Header/CollectionDetails/ReferenceDate"))
    header_year = _t(root, "Header/CollectionDetails/Year")
    if year is None:
        year = int(header_year) if header_year and header_year.isdigit() else (
            reference.year if is_date(reference) else None)
    # No year at all is read as year 0, which no rule applies to and the import refuses (check_storable).
    census = Census(CollectionYear(year if year is not None else 0), reference, _t(root, "Header/Source/LEA"))
    census.children = [read_child(element) for element in root.iterfind("Children/Child")]
    return census


def parse(xml: bytes, year: int | None = None) -> Census:

    return read_census(etree.fromstring(xml, safe_parser()), year)
