"""What a seeded authority must never show: a mother too young or too old at a birth, two births too
close together (not twins), or a clean return with findings beyond the documented ones (decision 007).

One implementation, read by the tests (a small seed) and by ``bench/seed_plausibility.py`` (large seeds)."""

from collections import defaultdict
from dataclasses import dataclass, field

from opencsc.people.models import Relationship
from opencsc.returns.cin import census, reading
from opencsc.returns.cin.rules import CIN
from opencsc.returns.engine import validate
from opencsc.returns.ssda903.validation import validate_year

YOUNGEST_MOTHER, OLDEST_MOTHER = 13, 50  # years at a birth
RARELY_UNDER = 16  # a mother under 16 at a birth is possible but rare
MOST_UNDER_16 = 0.02  # "rare": at most this share of births
RARE_NEEDS_BIRTHS = 100  # ... judged over at least this many births
BIRTHS_APART_DAYS = 300  # siblings of one mother, unless twins
TWINS_WITHIN_DAYS = 1
DOCUMENTED_903 = {"SW12STG2"}  # decision 007: DfE's tool's pairwise SW12 on social worker history before care


@dataclass
class Report:
    births: int = 0
    under_16: int = 0
    problems: list = field(default_factory=list)

    @property
    def under_16_share(self) -> float:
        return self.under_16 / self.births if self.births else 0.0


def years_between(earlier, later) -> int:
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def check_births() -> Report:
    report = Report()
    births: dict = defaultdict(list)
    for child_born, mother_id, mother_born, child_ref in (
            Relationship.objects.filter(relationship="mother", person__date_of_birth__isnull=False)
            .values_list("person__date_of_birth", "relative_id", "relative__date_of_birth", "person__la_child_id")):
        births[mother_id].append((child_born, child_ref))
        if mother_born is None:
            continue
        report.births += 1
        age = years_between(mother_born, child_born)
        if not YOUNGEST_MOTHER <= age <= OLDEST_MOTHER:
            report.problems.append(f"mother {mother_id} was {age} at the birth of {child_ref}")
        report.under_16 += age < RARELY_UNDER
    for mother_id, theirs in births.items():
        theirs.sort()
        for (a, a_ref), (b, b_ref) in zip(theirs, theirs[1:], strict=False):
            apart = (b - a).days
            if TWINS_WITHIN_DAYS < apart < BIRTHS_APART_DAYS:
                report.problems.append(f"mother {mother_id}: {a_ref} and {b_ref} born {apart} days apart")
    if report.births >= RARE_NEEDS_BIRTHS and report.under_16_share > MOST_UNDER_16:  # one in a small seed says nothing
        report.problems.append(f"{report.under_16} of {report.births} births to a mother under 16: not rare")
    return report


def check_returns(years) -> list[str]:
    """The seeded record's returns: no CIN census error (queries are the analyst's to answer) and no
    SSDA903 finding but the documented ones (and those marked as needing no change, or not yet due), for
    each collection year given. From 2025/26: a 2024/25 set compared with its 2023/24 return gives 202
    for every child in both, in DfE's tool as in ours, because SEX changed from 1/2 to M/F that year."""
    problems = []
    for year in years:
        xml, _ = census.build(census.CollectionYear(year))
        for f in validate(reading.parse(xml), CIN, year):
            if not f.rule.is_query and not f.no_change_needed and not f.not_yet_due:
                problems.append(f"CIN {year}: {f.code} for {f.la_child_id} at {f.where}")
        _, findings = validate_year(year)
        for f in findings:
            if f.code not in DOCUMENTED_903 and not f.no_change_needed and not f.not_yet_due:
                problems.append(f"SSDA903 {year}: {f.code} for {f.la_child_id}")
    return problems
