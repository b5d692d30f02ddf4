"""Reads that pages share: a child's findings under the statutory returns' rules."""

from dataclasses import dataclass

from .cin import census, view
from .cin.rules import CIN
from .engine import validate_child

# Where in the record each CIN table's facts are recorded (the chronology filter that shows them).
RECORD_PLACES = {
    "ChildIdentifiers": ("the child's details", ""),
    "ChildCharacteristics": ("the child's details", ""),
    "Disabilities": ("the child's details", ""),
    "CINdetails": ("referrals and closures", "referral"),
    "Assessments": ("assessments", "assessment"),
    "CINplanDates": ("child in need plans", "cin"),
    "Section47": ("child protection", "protection"),
    "ChildProtectionPlans": ("child protection", "protection"),
    "Reviews": ("child protection", "protection"),
}


@dataclass
class ChildFinding:
    code: str
    is_query: bool
    message: str
    where: str
    fields: tuple
    place: str
    chronology_type: str


def cin_findings_for_child(person, year: int | None = None) -> tuple[int, list[ChildFinding]]:
    """The child's CIN census findings for the collection year (default: the current one)."""
    year = year or census.current_year()
    xml = census.child_census_xml(person, year)
    if xml is None:
        return year, []
    data = view.parse(xml, year)
    findings = validate_child(data.children[0], data, CIN.for_year(year))
    out = []
    for f in sorted(findings, key=lambda f: (f.rule.is_query, f.code)):
        place, chronology_type = RECORD_PLACES.get(f.rule.table, ("the record", ""))
        out.append(ChildFinding(f.code, f.rule.is_query, f.rule.message, f.where, f.rule.fields, place, chronology_type))
    return year, out


def year_label(year: int) -> str:
    return census.CollectionYear(year).label

