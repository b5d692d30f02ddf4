"""CIN census rules on assessments (start, authorisation, factors), in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/cin/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from opencsc.codes import lists

from .common import (
    D,
    NotYetDue,
    all_of,
    episodes,
    in_time_today,
    not_before_referral,
    overlaps,
    retired_factor,
    rule,
    validator_working_days_before,
    within_year,
)

rule("1103", "Assessments", ["AssessmentActualStartDate", "CINreferralDate"],
      "The assessment start date cannot be before the referral date")(not_before_referral("assessments", "start"))


@rule("8608", "Assessments", ["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
      "Assessment Start Date cannot be later than its End Date")
def assessment_authorised_after_start(child, census):
    for _, a in all_of(child, "assessments"):
        if D(a.start) and D(a.authorised) and a.authorised < a.start:
            yield a


@rule("8614", "Assessments", ["AssessmentFactors", "AssessmentAuthorisationDate"],
      "Parental or child factors at assessment should only be present for a completed assessment.")
def factors_only_when_complete(child, census):
    for _, a in all_of(child, "assessments"):
        if a.authorised is None and any(a.factors):
            yield a


@rule("8670Q", "Assessments", ["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
      "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the "
      "end of the census year. However, there is no Assessment end date.")
def assessment_late(child, census):
    latest = validator_working_days_before(census.year.end, 45)
    for _, a in all_of(child, "assessments"):
        if a.authorised is None and D(a.start) and a.start < latest:
            yield NotYetDue(a, "not yet due: the assessment is within its 45 working days today") if in_time_today(
                a.start, 45, census.year.end) else a


rule("8696", "Assessments", ["AssessmentAuthorisationDate"], "Assessment end date must fall within the census year")(within_year("assessments", "authorised"))


@rule("8736", "Assessments", ["AssessmentActualStartDate"],
      "For an Assessment that has not been completed, the start date must fall within the census year")
def open_assessment_started_in_year(child, census):
    for _, a in all_of(child, "assessments"):
        if a.authorised is None and D(a.start) and not census.year.start <= a.start <= census.year.end:
            yield a


@rule("8863Q", "Assessments", ["AssessmentActualStartDate"],
      "An Assessment is shown as starting when there is another Assessment ongoing.")
def assessment_overlap(child, census):
    reference = census.year.end
    for episode in episodes(child):
        for a in episode.assessments:
            for b in episode.assessments:
                if a is not b and D(a.start) and D(b.start) and a.start != b.start and overlaps(
                        a.start, None, b.start, D(b.authorised), reference):
                    yield a
                    break


@rule("8869", "Assessments", ["AssessmentFactors"],
      "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.")
def factor_21_alone(child, census):
    for _, a in all_of(child, "assessments"):
        if "21" in a.factors and any(f != "21" for f in a.factors):
            yield a


@rule("8873Q", "Assessments", ["AssessmentFactors", "ReasonForClosure"],
      "Please check and either amend data or provide a reason: When there is only one assessment on the episode and "
      "the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure "
      "‘RC8’ must be used.")
def factor_21_closes_rc8(child, census):
    for episode in episodes(child):
        if len(episode.assessments) == 1 and "21" in episode.assessments[0].factors and (
                episode.closure_reason not in ("RC8", "RC9")):
            yield episode


@rule("8896", "Assessments", ["AssessmentAuthorisationDate"],
      "Within one CINDetails group there are 2 or more open Assessments groups")
def one_open_assessment(child, census):
    for episode in episodes(child):
        still_open = [a for a in episode.assessments if a.authorised is None]
        if len(still_open) > 1:
            yield from still_open


@rule("8897Q", "Assessments", ["AssessmentFactors"],
      "Parental or child factors at assessment information is missing from a completed assessment")
def completed_needs_factors(child, census):
    for _, a in all_of(child, "assessments"):
        if D(a.authorised) and a.authorised >= census.year.start and (
                not a.factors or any(f not in lists.ASSESSMENT_FACTOR for f in a.factors)):
            yield a


@rule("8898", "Assessments", ["AssessmentFactors"],
      " The assessment has more than one parental or child factors with the same code")
def factor_repeated(child, census):
    for _, a in all_of(child, "assessments"):
        if len([f for f in a.factors if f]) != len({f for f in a.factors if f}):
            yield a


rule("8945Q", "Assessments", ["AssessmentFactors"],
      "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used. "
      "Use 18B or 18C.", first_year=2025)(
    retired_factor("18A"))


rule("8950Q", "Assessments", ["AssessmentFactors"],
      "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used. "
      "Use 19B or 19C.", first_year=2025)(
    retired_factor("19A"))
