"""The DfE CIN census validation rules, one small unit per DfE rule code.

The rule set for a collection year is every rule whose years include it: the 2025/26 set is the
2022/23 baseline, with 1530 updated for 2023/24 and the 2024/25 changes (sex, LA child ID, retired
factors). Working-day rules follow the DfE validator's counting (the anchor date is day 1), so the
findings agree with what COLLECT reports. Each check yields the items that break the rule.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from opencsc.casework.timescales import add_working_days, is_working_day
from opencsc.codes import lists
from opencsc.people.identifiers import upn_check_letter

from ..engine import RuleSet
from .view import is_date

CIN = RuleSet("CIN census")
rule = CIN.rule

SEX_YEAR = 2025  # Sex replaces GenderCurrent in 2024/25
TRUE = {"true", "1"}
FALSE = {"false", "0"}
UPN_LAST = set("0123456789ABCDEFGHJKLMNPQRTUVWXYZ")


def D(value):
    """A usable date, or None (missing or unreadable dates are other rules' business)."""
    return value if is_date(value) else None


def flag(value) -> str:
    return (value or "").strip().lower()


def validator_working_days_before(day: date, days: int) -> date:
    """``day`` minus N working days as the DfE validator counts them (the anchor is day 1)."""
    if days - 1 == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    return add_working_days(day, -(days - 1))


def episodes(child):
    return child.episodes


def all_of(child, attribute):
    for episode in child.episodes:
        for item in getattr(episode, attribute):
            yield episode, item


def overlaps(start_a, end_a, start_b, end_b, reference):
    """Does A's start fall on or between B's start and end (or the reference date when B is open)?"""
    end_b = end_b or reference
    return start_a is not None and start_b is not None and start_b <= start_a <= end_b


# ---- rule families: one shape, many rules --------------------------------------------------------------


def after_death(items: str, date_field: str):
    """The items' date (e.g. a CIN plan's start) must not be after the child's date of death."""
    def check(child, census):
        if D(child.death_date):
            for _, item in all_of(child, items):
                day = D(getattr(item, date_field))
                if day and day > child.death_date:
                    yield item
    return check


def not_before_referral(items: str, date_field: str):
    """The items' date must be on or after the episode's referral date."""
    def check(child, census):
        for episode, item in all_of(child, items):
            day = D(getattr(item, date_field))
            if day and D(episode.referral_date) and day < episode.referral_date:
                yield item
    return check


def within_year(items: str, date_field: str):
    """Where present, the items' date must fall within the collection year."""
    def check(child, census):
        for _, item in all_of(child, items):
            day = D(getattr(item, date_field))
            if day and not census.year.start <= day <= census.year.end:
                yield item
    return check


def nfa_without(module: str):
    """A referral with no further action must not carry this module (CIN plans, CP plans)."""
    def check(child, census):
        for episode in episodes(child):
            if flag(episode.nfa) in TRUE and getattr(episode, module):
                yield episode
    return check


def retired_factor(code: str):
    def check(child, census):
        for _, a in all_of(child, "assessments"):
            if any(f.upper() == code for f in a.factors):
                yield a
    return check


def same_day(items: str):
    """The item must not start and end on the same day."""
    def check(child, census):
        for _, item in all_of(child, items):
            if D(item.start) and item.start == item.end:
                yield item
    return check


def one_open(items: str):
    """A child may have only one of these open (no end date)."""
    def check(child, census):
        still_open = [item for _, item in all_of(child, items) if item.end is None]
        if len(still_open) > 1:
            yield from still_open
    return check


# ---- Header -------------------------------------------------------------------------------------------


@rule("100", "Header", ["ReferenceDate"], "Reference Date is incorrect", scope="return")
def reference_date_is_31_march(census):
    if census.reference_date != census.year.end:
        yield None, f"reference date {census.reference_date} should be {census.year.end}"


# ---- Child identifiers ------------------------------------------------------------------------------------


@rule("1510", "ChildIdentifiers", ["UPN"], "UPN invalid (wrong check letter at character 1)")
def upn_check_letter_wrong(child, census):
    upn = (child.upn or "").upper()
    if len(upn) == 13 and upn[1:13].isdigit() and upn_check_letter(upn[1:]) != upn[0]:
        yield f"UPN {child.upn}"


@rule("1520", "ChildIdentifiers", ["UPN"], "More than one record with the same UPN.", scope="return")
def upn_shared(census):
    counts = Counter(c.upn for c in census.children if c.upn)
    for child in census.children:
        if child.upn and counts[child.upn] > 1:
            yield child, f"UPN {child.upn} is on {counts[child.upn]} children"


@rule("1530", "ChildIdentifiers", ["UPN"], "UPN invalid (characters 2-4 not a recognised LA code)")
def upn_la_code(child, census):
    if child.upn and child.upn[1:4] not in lists.UPN_LA_CODES:
        yield f"UPN {child.upn}"


@rule("1540", "ChildIdentifiers", ["UPN"], "UPN invalid (characters 5-12 not all numeric)")
def upn_digits(child, census):
    if child.upn and not child.upn[4:12].isdigit():
        yield f"UPN {child.upn}"


@rule("1550", "ChildIdentifiers", ["UPN"], "UPN invalid (character 13 not a recognised value)")
def upn_last_character(child, census):
    if child.upn and (len(child.upn) != 13 or child.upn[12].upper() not in UPN_LAST):
        yield f"UPN {child.upn}"


@rule("1560Q", "ChildIdentifiers", ["FormerUPN"],
      "Please check and either amend or provide a reason: Former UPN wrongly formatted")
def former_upn_format(child, census):
    upn = child.former_upn
    if upn and not (len(upn) == 13 and upn[0].isalpha() and upn[1:12].isdigit() and upn[12].upper() in UPN_LAST):
        yield f"former UPN {upn}"


@rule("1570", "ChildIdentifiers", ["LAchildID"], "LA Child ID must not be longer than 20 characters", first_year=2025)
def la_child_id_length(child, census):
    if child.la_child_id and len(child.la_child_id) > 20:
        yield f"LA child ID {child.la_child_id}"


@rule("1580", "ChildIdentifiers", ["LAchildID"], "LA Child ID must not contain any non-alphanumeric characters",
      first_year=2025)
def la_child_id_characters(child, census):
    if child.la_child_id and not child.la_child_id.isalnum():
        yield f"LA child ID {child.la_child_id}"


@rule("4180", "ChildIdentifiers", ["Sex"], "Sex must be provided and equal M, F, or U", first_year=SEX_YEAR)
def sex_valid(child, census):
    if child.sex not in ("M", "F", "U"):
        yield f"sex '{child.sex or ''}'"


@rule("4180", "ChildIdentifiers", ["GenderCurrent"], "Gender must be provided and be a valid code", last_year=SEX_YEAR - 1)
def gender_valid(child, census):
    if child.gender_current not in ("0", "1", "2", "9"):
        yield f"gender '{child.gender_current or ''}'"


@rule("8750", "ChildIdentifiers", ["Sex"], "Sex must equal U for an unborn child", first_year=SEX_YEAR)
def unborn_sex_u(child, census):
    if child.expected_birth_date and not child.birth_date and child.sex != "U":
        yield "unborn child"


@rule("8750", "ChildIdentifiers", ["GenderCurrent"], "Gender must equal 0 for an unborn child", last_year=SEX_YEAR - 1)
def unborn_gender_0(child, census):
    if child.expected_birth_date and not child.birth_date and child.gender_current != "0":
        yield "unborn child"


@rule("2886Q", "ChildIdentifiers", ["Sex"],
      "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% "
      "(excluding unborn children)", scope="return")
def too_many_without_sex(census):
    born = [c for c in census.children]
    if not born:
        return
    field_name = "sex" if census.year.year >= SEX_YEAR else "gender_current"
    missing = [c for c in born if not c.expected_birth_date and getattr(c, field_name) in (None, "", "0", "U")]
    if len(missing) / len(born) > 0.02:
        yield None, f"{len(missing)} of {len(born)} children"


@rule("8500", "ChildIdentifiers", ["LAchildID"], "LA Child ID missing")
def la_child_id_missing(child, census):
    if not child.la_child_id:
        yield "child with no LA child ID"


@rule("8510", "ChildIdentifiers", ["LAchildID"], "More than one child record with the same LA Child ID", scope="return")
def la_child_id_shared(census):
    counts = Counter(c.la_child_id for c in census.children if c.la_child_id)
    for child in census.children:
        if child.la_child_id and counts[child.la_child_id] > 1:
            yield child, f"LA child ID {child.la_child_id} is on {counts[child.la_child_id]} children"


@rule("8520", "ChildIdentifiers", ["PersonBirthDate"],
      "Date of Birth is after data collection period (must be on or before the end of the census period)")
def born_after_year(child, census):
    if D(child.birth_date) and child.birth_date > census.year.end:
        yield f"date of birth {child.birth_date}"


@rule("8525Q", "ChildIdentifiers", ["PersonBirthDate", "ExpectedPersonBirthDate"],
      "Either Date of Birth or Expected Date of Birth must be provided (but not both)")
def one_birth_date(child, census):
    if (child.birth_date is None) == (child.expected_birth_date is None):
        yield "both dates given" if child.birth_date else "neither date given"


@rule("8530Q", "ChildIdentifiers", ["ExpectedPersonBirthDate"],
      "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range of "
      "births (is more than 30 days before the Reference Date, or more than 9 months after it)")
def expected_birth_in_range(child, census):
    expected = D(child.expected_birth_date)
    if expected:
        end = census.year.end
        nine_months = date(end.year, 12, 31)  # 31 March + 9 months
        if expected < end - timedelta(days=30) or expected > nine_months:
            yield f"expected date of birth {expected}"


@rule("8535Q", "ChildIdentifiers", ["PersonDeathDate", "PersonBirthDate"],
      "Please check and either amend data or provide a reason: Child's date of death should not be prior to the date "
      "of birth")
def death_after_birth(child, census):
    if D(child.death_date) and (not D(child.birth_date) or child.death_date < child.birth_date):
        yield f"date of death {child.death_date}"


@rule("8545Q", "ChildIdentifiers", ["PersonDeathDate"],
      "Please check and either amend data or provide a reason: Child's date of death should be within the census year")
def death_in_year(child, census):
    if D(child.death_date) and not census.year.start <= child.death_date <= census.year.end:
        yield f"date of death {child.death_date}"


@rule("8590", "ChildIdentifiers", ["LAchildID"], "Child does not have a recorded CIN episode.")
def has_episode(child, census):
    if not child.episodes:
        yield "child with no CIN details"


@rule("8770Q", "ChildIdentifiers", ["UPN", "UPNunknown"],
      "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a "
      "child of school age")
def school_age_needs_upn(child, census):
    # Of compulsory school age: born on or before 31 August, six years before the September after the census.
    cutoff = date(census.year.end.year - 5, 8, 31)
    if (D(child.birth_date) and child.birth_date <= cutoff and not child.upn
            and (child.upn_unknown or "").upper() not in ("UN2", "UN3", "UN4", "UN5", "UN6", "UN7")
            and any(flag(e.nfa) in FALSE for e in child.episodes)):
        yield f"born {child.birth_date}"


@rule("8772", "ChildIdentifiers", ["UPNunknown"],
      "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going "
      "on to further action")
def un7_only_for_nfa(child, census):
    if (child.upn_unknown or "").upper() == "UN7" and any(flag(e.nfa) not in TRUE for e in child.episodes):
        yield "UPN unknown reason UN7"


@rule("8775Q", "ChildIdentifiers", ["PersonBirthDate"],
      "Please check and either amend data or provide a reason: Child is over 25 years old")
def over_25(child, census):
    born = D(child.birth_date)
    if born and born < _years_before(census.year.end, 25):
        twenty_fifth = _years_after(born, 25)
        if any(e.closure_date is None or (D(e.closure_date) and e.closure_date > twenty_fifth) for e in child.episodes):
            yield f"born {born}"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _years_after(day: date, years: int) -> date:
    return _years_before(day, -years)


rule("4008", "ChildIdentifiers", ["CINPlanStartDate", "PersonDeathDate"],
      "CIN Plan shown as starting after the child’s Date of Death.")(after_death("cin_plans", "start"))


rule("4009Q", "ChildIdentifiers", ["CINPlanEndDate", "PersonDeathDate"],
      "CIN Plan cannot end after the child’s Date of Death")(after_death("cin_plans", "end"))


# ---- Characteristics and disabilities --------------------------------------------------------------------------


@rule("4220", "ChildCharacteristics", ["Ethnicity"], "Ethnicity is missing or invalid (see Ethnicity table)")
def ethnicity_valid(child, census):
    if child.ethnicity not in lists.ETHNICITY:
        yield f"ethnicity '{child.ethnicity or ''}'"


@rule("8540", "ChildCharacteristics", ["Disability"],
      "Child’s disability is missing or invalid (see Disability table)")
def disability_valid(child, census):
    if child.birth_date is not None and any(flag(e.nfa) in FALSE for e in child.episodes):
        if not child.disabilities:
            yield "no disability recorded"
        for code in child.disabilities:
            if code not in lists.DISABILITY:
                yield f"disability '{code}'"


@rule("8790", "Disabilities", ["Disability"], "Disability information includes both None and other values")
def none_alone(child, census):
    if "NONE" in child.disabilities and len(set(child.disabilities)) > 1:
        yield "NONE with other codes"


@rule("8794", "Disabilities", ["Disability"], "Child has two or more disabilities with the same code")
def disability_repeated(child, census):
    for code, count in Counter(child.disabilities).items():
        if count > 1 and code != "NONE" or count > 1 and code == "NONE":
            yield f"{code} recorded {count} times"


@rule("2887Q", "Disabilities", ["Disability"],
      "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return",
      scope="return")
def few_disability_codes(census):
    used = {code for c in census.children for code in c.disabilities if code and code != "NONE"}
    if len(used) < 8:
        yield None, f"{len(used)} disability codes used"


@rule("2888Q", "Disabilities", ["Disability"],
      "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple "
      "disabilities should be recorded where possible.", scope="return")
def only_single_disabilities(census):
    disabled = [c for c in census.children if any(code != "NONE" for code in c.disabilities)]
    if disabled and all(len([x for x in c.disabilities if x != "NONE"]) <= 1 for c in disabled):
        yield None, f"{len(disabled)} disabled children, each with one code"


# ---- CIN details (episodes) --------------------------------------------------------------------------------------


@rule("8568", "CINdetails", ["ReferralNFA"], "RNFA flag is missing or invalid")
def nfa_flag_valid(child, census):
    for episode in episodes(child):
        if flag(episode.nfa) not in TRUE | FALSE:
            yield episode


@rule("8600", "CINdetails", ["CINreferralDate"],
      "Child referral date missing or after data collection period")
def referral_date_present(child, census):
    for episode in episodes(child):
        if not D(episode.referral_date) or episode.referral_date > census.year.end:
            yield episode


@rule("8606", "CINdetails", ["CINreferralDate"],
      "Child referral date is more than 40 weeks before DOB or expected DOB")
def referral_long_before_birth(child, census):
    birth = D(child.birth_date) or D(child.expected_birth_date)
    if birth:
        for episode in episodes(child):
            if D(episode.referral_date) and episode.referral_date < birth - timedelta(days=280):
                yield episode


@rule("8610", "CINdetails", ["PrimaryNeedCode"],
      "Primary Need code is missing for a referral which led to further action.")
def primary_need_needed(child, census):
    for episode in episodes(child):
        if flag(episode.nfa) in FALSE and not episode.primary_need:
            yield episode


@rule("8620", "CINdetails", ["CINclosureDate"],
      "CIN Closure Date present and does not fall within the Census year")
def closure_in_year(child, census):
    for episode in episodes(child):
        if D(episode.closure_date) and not census.year.start <= episode.closure_date <= census.year.end:
            yield episode


@rule("8630", "CINdetails", ["CINclosureDate", "CINreferralDate"],
      "CIN Closure Date is before CIN Referral Date for the same CIN episode")
def closure_after_referral(child, census):
    for episode in episodes(child):
        if D(episode.closure_date) and D(episode.referral_date) and episode.closure_date < episode.referral_date:
            yield episode


@rule("8640", "CINdetails", ["ReasonForClosure"],
      "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)")
def closure_reason_valid(child, census):
    for episode in episodes(child):
        if episode.closure_reason and episode.closure_reason not in lists.REASON_FOR_CLOSURE:
            yield episode


@rule("8650", "CINdetails", ["PrimaryNeedCode"],
      "Primary Need Code invalid (see Primary Need table in CIN census code set)")
def primary_need_valid(child, census):
    for episode in episodes(child):
        if episode.primary_need and episode.primary_need not in lists.PRIMARY_NEED:
            yield episode


@rule("8805", "CINdetails", ["CINclosureDate", "ReasonForClosure"],
      "A CIN case cannot have a CIN closure date without a Reason for Closure")
def closure_needs_reason(child, census):
    for episode in episodes(child):
        if episode.closure_date is not None and not episode.closure_reason:
            yield episode


@rule("8810", "CINdetails", ["ReasonForClosure", "CINclosureDate"],
      "A CIN case cannot have a Reason for Closure without a CIN Closure Date")
def reason_needs_closure(child, census):
    for episode in episodes(child):
        if episode.closure_reason and episode.closure_date is None:
            yield episode


def _open_further_action(child):
    return [e for e in child.episodes if e.closure_date is None and flag(e.nfa) in FALSE]


@rule("8815", "CINdetails", ["CINclosureDate", "ReferralNFA"],
      "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and "
      "the case is not a referral with no further action")
def one_open_episode(child, census):
    still_open = _open_further_action(child)
    if len(still_open) > 1:
        yield from still_open


@rule("8816", "CINdetails", ["CINreferralDate", "CINclosureDate"],
      "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.")
def open_episode_is_latest(child, census):
    dates = [e.referral_date for e in child.episodes if D(e.referral_date)]
    if dates:
        latest = max(dates)
        for episode in _open_further_action(child):
            if D(episode.referral_date) and episode.referral_date < latest:
                yield episode


@rule("8820", "CINdetails", ["CINreferralDate", "CINclosureDate"], "The dates on the CIN episodes for this child overlap")
def episodes_do_not_overlap(child, census):
    reference = census.year.end
    for a in child.episodes:
        for b in child.episodes:
            if a is b or not D(a.referral_date) or not D(b.referral_date):
                continue
            if b.referral_date <= a.referral_date < (D(b.closure_date) or reference + timedelta(days=1)) and (
                    a.referral_date != b.referral_date or child.episodes.index(a) > child.episodes.index(b)):
                yield a
                break


@rule("8831", "CINdetails", ["ReferralNFA"], "Activity is recorded against a case marked as a referral with no further action")
def nfa_has_no_activity(child, census):
    for episode in episodes(child):
        if flag(episode.nfa) in TRUE and (
                any(a.start or a.authorised for a in episode.assessments)
                or any(s.start or s.icpc for s in episode.section47s) or episode.icpc):
            yield episode


@rule("8866", "CINdetails", ["ReferralSource"], "Source of Referral is missing or an invalid code")
def referral_source_valid(child, census):
    for episode in episodes(child):
        if D(episode.referral_date) and episode.referral_date >= date(2013, 4, 1) and episode.source not in lists.REFERRAL_SOURCE:
            yield episode


@rule("8867", "CINdetails", ["CINclosureDate", "AssessmentAuthorisationDate"],
      "CIN episode is shown as closed, however Assessment is not shown as completed")
def closed_with_open_assessment(child, census):
    for episode in episodes(child):
        if episode.closure_date is not None and any(a.authorised is None for a in episode.assessments):
            yield episode


@rule("8868", "CINdetails", ["CINclosureDate", "DateOfInitialCPC", "ICPCnotRequired"],
      "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not "
      "required flag")
def closed_with_open_s47(child, census):
    for episode in episodes(child):
        if episode.closure_date is not None and any(
                s.icpc is None and flag(s.icpc_not_required) not in TRUE for s in episode.section47s):
            yield episode


@rule("8890", "CINdetails", ["S47ActualStartDate"],
      "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing")
def s47_overlap(child, census):
    reference = census.year.end
    for episode in episodes(child):
        for a in episode.section47s:
            for b in episode.section47s:
                if a is not b and overlaps(D(a.start), None, D(b.start), D(b.icpc), reference) and a.start != b.start:
                    yield a
                    break


@rule("2990", "CINdetails", ["ReasonForClosure"],
      "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed "
      "after assessment, referred to early help'.")
def rc8_rc9_has_no_activity(child, census):
    for episode in episodes(child):
        if episode.closure_reason in ("RC8", "RC9") and (
                episode.section47s or episode.cp_plans or episode.icpc or episode.cin_plans):
            yield episode


@rule("2991Q", "CINdetails", ["S47ActualStartDate"],
      "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no "
      "assessment on the episode")
def s47_without_assessment(child, census):
    for episode in episodes(child):
        if episode.section47s and not episode.assessments:
            yield episode


@rule("8555Q", "CINdetails", ["CINreferralDate", "PersonDeathDate"],
      "Child cannot be referred after its recorded date of death")
def referred_after_death(child, census):
    if D(child.death_date):
        for episode in episodes(child):
            if D(episode.referral_date) and episode.referral_date > child.death_date:
                yield episode


@rule("8569Q", "CINdetails", ["CINreferralDate", "ReferralNFA"],
      "A case with referral date before one working day prior to the collection start date must not be flagged as a "
      "no further action case")
def nfa_only_for_new_referrals(child, census):
    cutoff = validator_working_days_before(census.year.start, 1)
    for episode in episodes(child):
        if D(episode.referral_date) and episode.referral_date < cutoff and flag(episode.nfa) in TRUE:
            yield episode


@rule("8585Q", "CINdetails", ["ReasonForClosure", "PersonDeathDate"],
      "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child "
      "has no recorded Date of Death")
def died_needs_death_date(child, census):
    for episode in episodes(child):
        if episode.closure_reason == "RC2" and not D(child.death_date):
            yield episode


@rule("8825Q", "CINdetails", ["ReasonForClosure"],
      "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after "
      "assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no "
      "assessment present for the episode.")
def rc8_needs_assessment(child, census):
    for episode in episodes(child):
        if episode.closure_reason in ("RC8", "RC9") and not episode.assessments:
            yield episode


# ---- Assessments -------------------------------------------------------------------------------------------------


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


rule("8696", "Assessments", ["AssessmentAuthorisationDate"], "Assessment end date must fall within the census year")(within_year("assessments", "authorised"))


@rule("8736", "Assessments", ["AssessmentActualStartDate"],
      "For an Assessment that has not been completed, the start date must fall within the census year")
def open_assessment_started_in_year(child, census):
    for _, a in all_of(child, "assessments"):
        if a.authorised is None and D(a.start) and not census.year.start <= a.start <= census.year.end:
            yield a


@rule("8869", "Assessments", ["AssessmentFactors"],
      "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.")
def factor_21_alone(child, census):
    for _, a in all_of(child, "assessments"):
        if "21" in a.factors and any(f != "21" for f in a.factors):
            yield a


@rule("8896", "Assessments", ["AssessmentAuthorisationDate"],
      "Within one CINDetails group there are 2 or more open Assessments groups")
def one_open_assessment(child, census):
    for episode in episodes(child):
        still_open = [a for a in episode.assessments if a.authorised is None]
        if len(still_open) > 1:
            yield from still_open


@rule("8898", "Assessments", ["AssessmentFactors"],
      " The assessment has more than one parental or child factors with the same code")
def factor_repeated(child, census):
    for _, a in all_of(child, "assessments"):
        if len([f for f in a.factors if f]) != len({f for f in a.factors if f}):
            yield a


@rule("8670Q", "Assessments", ["AssessmentActualStartDate", "AssessmentAuthorisationDate"],
      "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the "
      "end of the census year. However, there is no Assessment end date.")
def assessment_late(child, census):
    latest = validator_working_days_before(census.year.end, 45)
    for _, a in all_of(child, "assessments"):
        if a.authorised is None and D(a.start) and a.start < latest:
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


@rule("8873Q", "Assessments", ["AssessmentFactors", "ReasonForClosure"],
      "Please check and either amend data or provide a reason: When there is only one assessment on the episode and "
      "the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure "
      "‘RC8’ must be used.")
def factor_21_closes_rc8(child, census):
    for episode in episodes(child):
        if len(episode.assessments) == 1 and "21" in episode.assessments[0].factors and (
                episode.closure_reason not in ("RC8", "RC9")):
            yield episode


@rule("8897Q", "Assessments", ["AssessmentFactors"],
      "Parental or child factors at assessment information is missing from a completed assessment")
def completed_needs_factors(child, census):
    for _, a in all_of(child, "assessments"):
        if D(a.authorised) and a.authorised >= census.year.start and (
                not a.factors or any(f not in lists.ASSESSMENT_FACTOR for f in a.factors)):
            yield a


rule("8945Q", "Assessments", ["AssessmentFactors"],
      "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used. "
      "Use 18B or 18C.", first_year=2025)(
    retired_factor("18A"))


rule("8950Q", "Assessments", ["AssessmentFactors"],
      "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used. "
      "Use 19B or 19C.", first_year=2025)(
    retired_factor("19A"))


# ---- CIN plans -----------------------------------------------------------------------------------------------------


rule("4000", "CINplanDates", ["ReferralNFA"], "CIN Plan details provided for a referral with no further action")(
    nfa_without("cin_plans"))


@rule("4001", "CINplanDates", ["CINPlanEndDate", "CPPendDate"], "A CIN Plan cannot run concurrently with a Child Protection Plan")
def cin_and_cp_both_open(child, census):
    for episode in episodes(child):
        if any(p.end is None for p in episode.cp_plans):
            for plan in episode.cin_plans:
                if plan.end is None:
                    yield plan


rule("4004", "CINplanDates", ["CINPlanEndDate"], "This child is showing more than one open CIN Plan, i.e. with no End Date")(
    one_open("cin_plans"))


@rule("4010", "CINplanDates", ["CINPlanStartDate"], "CIN Plan start date is missing or out of data collection period")
def cin_plan_start_valid(child, census):
    for _, plan in all_of(child, "cin_plans"):
        if not D(plan.start) or plan.start > census.year.end:
            yield plan


@rule("4011", "CINplanDates", ["CINPlanEndDate", "CINPlanStartDate"], "CIN Plan End Date earlier than Start Date")
def cin_plan_end_after_start(child, census):
    for _, plan in all_of(child, "cin_plans"):
        if D(plan.start) and D(plan.end) and plan.end < plan.start:
            yield plan


rule("4012Q", "CINplanDates", ["CINPlanStartDate", "CINPlanEndDate"],
      "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day")(
    same_day("cin_plans"))


rule("4013", "CINplanDates", ["CINPlanEndDate"], "CIN Plan end date must fall within the census year")(within_year("cin_plans", "end"))


@rule("4014", "CINplanDates", ["CINPlanStartDate", "CINPlanEndDate"], "CIN Plan data contains overlapping dates")
def cin_plans_overlap(child, census):
    reference = census.year.end
    plans = [p for _, p in all_of(child, "cin_plans")]
    for a in plans:
        for b in plans:
            if a is not b and D(a.start) and D(b.start) and overlaps(a.start, None, b.start, D(b.end), reference) and (
                    a.start != b.start or plans.index(a) > plans.index(b)):
                yield a
                break


rule("4015", "CINplanDates", ["CINPlanStartDate", "CINreferralDate"],
      "The CIN Plan start date cannot be before the referral date")(not_before_referral("cin_plans", "start"))


@rule("4016", "CINplanDates", ["CINPlanStartDate", "CPPstartDate", "CPPendDate"],
      "A CIN Plan has been reported as open at the same time as a Child Protection Plan.")
def cin_plan_starts_during_cp(child, census):
    reference = census.year.end
    for _, plan in all_of(child, "cin_plans"):
        for _, cp in all_of(child, "cp_plans"):
            if D(plan.start) and D(cp.start) and cp.start <= plan.start and (
                    (D(cp.end) and plan.start < cp.end) or (cp.end is None and plan.start <= reference)):
                yield plan
                break


@rule("4017", "CINplanDates", ["CPPstartDate", "CINPlanStartDate", "CINPlanEndDate"],
      "A CIN Plan has been reported as open at the same time as a Child Protection Plan.")
def cp_starts_during_cin_plan(child, census):
    reference = census.year.end
    for _, cp in all_of(child, "cp_plans"):
        for _, plan in all_of(child, "cin_plans"):
            if D(plan.start) and D(cp.start) and plan.start <= cp.start and (
                    (D(plan.end) and cp.start < plan.end) or (plan.end is None and cp.start <= reference)):
                yield cp
                break


# ---- Section 47 ------------------------------------------------------------------------------------------------------


rule("1104", "Section47", ["DateOfInitialCPC", "CINreferralDate"],
      "The date of the initial child protection conference cannot be before the referral date")(not_before_referral("section47s", "icpc"))


@rule("2884", "Section47", ["DateOfInitialCPC"],
      "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be "
      "recorded in one")
def icpc_recorded_once(child, census):
    episode_dates = {e.icpc for e in child.episodes if D(e.icpc)}
    for _, s in all_of(child, "section47s"):
        if D(s.icpc) and s.icpc in episode_dates:
            yield s


rule("2889", "Section47", ["S47ActualStartDate", "CINreferralDate"],
     "The S47 start date cannot be before the referral date.")(not_before_referral("section47s", "start"))


@rule("8615", "Section47", ["S47ActualStartDate", "DateOfInitialCPC"],
      "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection "
      "Conference")
def s47_before_icpc(child, census):
    for _, s in all_of(child, "section47s"):
        if D(s.icpc) and (not D(s.start) or s.start > s.icpc):
            yield s


rule("8715", "Section47", ["DateOfInitialCPC"],
     "Date of Initial Child Protection Conference must fall within the census year")(within_year("section47s", "icpc"))


@rule("8740", "Section47", ["S47ActualStartDate"],
      "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census "
      "year, the start date must fall within the census year")
def open_s47_started_in_year(child, census):
    for _, s in all_of(child, "section47s"):
        if s.icpc is None and flag(s.icpc_not_required) in FALSE and D(s.start) and not (
                census.year.start <= s.start <= census.year.end):
            yield s


@rule("8839", "Section47", ["DateOfInitialCPC", "ICPCnotRequired"],
      "Within one CINDetails group there are 2 or more open S47 Assessments")
def one_open_s47(child, census):
    for episode in episodes(child):
        still_open = [s for s in episode.section47s if s.icpc is None and flag(s.icpc_not_required) not in TRUE]
        if len(still_open) > 1:
            yield from still_open


@rule("8875", "Section47", ["DateOfInitialCPC"], "The Date of Initial Child Protection Conference cannot be a weekend")
def icpc_not_weekend(child, census):
    for _, s in all_of(child, "section47s"):
        if D(s.icpc) and s.icpc.weekday() >= 5:
            yield s


@rule("8675Q", "Section47", ["S47ActualStartDate", "DateOfInitialCPC"],
      "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before "
      "the end of the census year. However, there is no date of Initial Child Protection Conference.")
def s47_late(child, census):
    latest = validator_working_days_before(census.year.end, 15)
    for _, s in all_of(child, "section47s"):
        if s.icpc is None and flag(s.icpc_not_required) in FALSE and D(s.start) and s.start < latest:
            yield s


@rule("8870Q", "Section47", ["InitialCPCtarget"],
      "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference "
      "should not be a weekend")
def icpc_target_not_weekend(child, census):
    for _, s in all_of(child, "section47s"):
        if D(s.icpc_target) and s.icpc_target.weekday() >= 5:
            yield s


# ---- Child protection plans and reviews --------------------------------------------------------------------------------


rule("1105", "ChildProtectionPlans", ["CPPstartDate", "CINreferralDate"],
      "The child protection plan start date cannot be before the referral date")(not_before_referral("cp_plans", "start"))


@rule("2883", "ChildProtectionPlans", ["CPPstartDate"],
      "There are more child protection plans starting than initial conferences taking place", scope="return")
def more_plans_than_conferences(census):
    def within(day):
        return D(day) and census.year.start <= day <= census.year.end

    plans = sum(1 for c in census.children for _, p in all_of(c, "cp_plans") if within(p.start))
    conferences = sum(1 for c in census.children for e in c.episodes if within(e.icpc))
    conferences += sum(1 for c in census.children for _, s in all_of(c, "section47s") if within(s.icpc))
    if plans > conferences:
        yield None, f"{plans} plans started, {conferences} initial conferences"


@rule("2885", "ChildProtectionPlans", ["CPPstartDate", "DateOfInitialCPC"],
      "Child protection plan shown as starting a different day to the initial child protection conference.")
def cp_starts_at_icpc(child, census):
    conferences = {e.icpc for e in child.episodes if D(e.icpc)}
    conferences |= {s.icpc for _, s in all_of(child, "section47s") if D(s.icpc)}
    for _, plan in all_of(child, "cp_plans"):
        if D(plan.start) and census.year.start <= plan.start <= census.year.end and plan.start not in conferences:
            yield plan


@rule("4003", "Reviews", ["CPPreviewDate"], "A CPP review date is shown as being held at the same time as an open CIN Plan.")
def review_during_cin_plan(child, census):
    for episode in episodes(child):
        for plan in episode.cp_plans:
            for review in plan.reviews:
                if not D(review) or review == plan.end:
                    continue
                if any(D(c.start) and c.start <= review <= (D(c.end) or census.year.end) for c in episode.cin_plans):
                    yield plan
                    break


@rule("8565", "ChildProtectionPlans", ["CINclosureDate"], "Activity shown after a case has been closed")
def activity_after_closure(child, census):
    for episode in episodes(child):
        closed = D(episode.closure_date)
        if not closed:
            continue
        dates = [a.start for a in episode.assessments] + [a.authorised for a in episode.assessments]
        dates += [s.start for s in episode.section47s] + [s.icpc for s in episode.section47s] + [episode.icpc]
        dates += [p.end for p in episode.cp_plans] + [p.start for p in episode.cin_plans] + [p.end for p in episode.cin_plans]
        if any(D(day) and day > closed for day in dates):
            yield episode


@rule("8720", "ChildProtectionPlans", ["CPPstartDate"],
      "Child Protection Plan Start Date missing or out of data collection period")
def cp_start_valid(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if not D(plan.start) or plan.start > census.year.end:
            yield plan


@rule("8730", "ChildProtectionPlans", ["NumberOfPreviousCPP"], "Total Number of previous Child Protection Plans missing")
def previous_plans_given(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if not (plan.previous_plans or "").strip().isdigit():
            yield plan


rule("8832", "ChildProtectionPlans", ["ReferralNFA"], "Child Protection details provided for a referral with no further action.")(
    nfa_without("cp_plans"))


rule("8840", "ChildProtectionPlans", ["CPPstartDate", "CPPendDate"], "Child Protection Plan cannot start and end on the same day")(
    same_day("cp_plans"))


@rule("8841", "ChildProtectionPlans", ["CPPreviewDate"],
      "The review date cannot be on the same day or before the Child protection Plan start date.")
def review_after_start(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if D(plan.start) and any(D(r) and r <= plan.start for r in plan.reviews):
            yield plan


@rule("8842Q", "Reviews", ["CPPreviewDate"],
      "Please check and either amend or provide a reason: Review Record has a missing date")
def review_has_date(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if any(not D(r) for r in plan.reviews):
            yield plan


@rule("8905", "ChildProtectionPlans", ["InitialCategoryOfAbuse"],
      "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)")
def initial_category_valid(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if plan.initial_category not in lists.CATEGORY_OF_ABUSE:
            yield plan


@rule("8910", "ChildProtectionPlans", ["LatestCategoryOfAbuse"],
      "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)")
def latest_category_valid(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if plan.latest_category not in lists.CATEGORY_OF_ABUSE:
            yield plan


rule("8915", "ChildProtectionPlans", ["CPPstartDate", "PersonDeathDate"],
      "Child Protection Plan shown as starting after the child’s Date of Death")(after_death("cp_plans", "start"))


rule("8920", "ChildProtectionPlans", ["CPPendDate", "PersonDeathDate"],
      "Child Protection Plan cannot end after the child’s Date of Death")(after_death("cp_plans", "end"))


@rule("8925", "ChildProtectionPlans", ["CPPendDate", "CPPstartDate"], "Child Protection Plan End Date earlier than Start Date")
def cp_end_after_start(child, census):
    for _, plan in all_of(child, "cp_plans"):
        if D(plan.start) and D(plan.end) and plan.end < plan.start:
            yield plan


rule("8930", "ChildProtectionPlans", ["CPPendDate"], "Child Protection Plan End Date must fall within the census year")(within_year("cp_plans", "end"))


rule("8935", "ChildProtectionPlans", ["CPPendDate"],
      "This child is showing more than one open Child Protection plan, i.e. with no End Date")(
    one_open("cp_plans"))


@rule("8940", "ChildProtectionPlans", ["CPPstartDate", "CPPendDate"], "Child Protection Plan data contains overlapping dates")
def cp_plans_overlap(child, census):
    reference = census.year.end
    plans = [p for _, p in all_of(child, "cp_plans")]
    for a in plans:
        for b in plans:
            if a is not b and D(a.start) and D(b.start) and (
                    b.start <= a.start < (D(b.end) or reference + timedelta(days=1))) and (
                    a.start != b.start or plans.index(a) > plans.index(b)):
                yield a
                break
