"""CIN census rules on the child's identifiers and characteristics (LA child ID, UPN, dates of birth and
death, sex, ethnicity, disabilities), in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/cin/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from opencsc.codes import lists
from opencsc.people.identifiers import upn_check_letter

from .common import FALSE, SEX_YEAR, TRUE, UPN_LAST, D, _years_after, _years_before, after_death, flag, rule


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


rule("4008", "ChildIdentifiers", ["CINPlanStartDate", "PersonDeathDate"],
      "CIN Plan shown as starting after the child’s Date of Death.")(after_death("cin_plans", "start"))


rule("4009Q", "ChildIdentifiers", ["CINPlanEndDate", "PersonDeathDate"],
      "CIN Plan cannot end after the child’s Date of Death")(after_death("cin_plans", "end"))


@rule("4180", "ChildIdentifiers", ["Sex"], "Sex must be provided and equal M, F, or U", first_year=SEX_YEAR)
def sex_valid(child, census):
    if child.sex not in ("M", "F", "U"):
        yield f"sex '{child.sex or ''}'"


@rule("4180", "ChildIdentifiers", ["GenderCurrent"], "Gender must be provided and be a valid code", last_year=SEX_YEAR - 1)
def gender_valid(child, census):
    if child.gender_current not in ("0", "1", "2", "9"):
        yield f"gender '{child.gender_current or ''}'"


@rule("4220", "ChildCharacteristics", ["Ethnicity"], "Ethnicity is missing or invalid (see Ethnicity table)")
def ethnicity_valid(child, census):
    if child.ethnicity not in lists.ETHNICITY:
        yield f"ethnicity '{child.ethnicity or ''}'"


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


@rule("8540", "ChildCharacteristics", ["Disability"],
      "Child’s disability is missing or invalid (see Disability table)")
def disability_valid(child, census):
    if child.birth_date is not None and any(flag(e.nfa) in FALSE for e in child.episodes):
        if not child.disabilities:
            yield "no disability recorded"
        for code in child.disabilities:
            if code not in lists.DISABILITY:
                yield f"disability '{code}'"


@rule("8545Q", "ChildIdentifiers", ["PersonDeathDate"],
      "Please check and either amend data or provide a reason: Child's date of death should be within the census year")
def death_in_year(child, census):
    if D(child.death_date) and not census.year.start <= child.death_date <= census.year.end:
        yield f"date of death {child.death_date}"


@rule("8590", "ChildIdentifiers", ["LAchildID"], "Child does not have a recorded CIN episode.")
def has_episode(child, census):
    if not child.episodes:
        yield "child with no CIN details"


@rule("8750", "ChildIdentifiers", ["Sex"], "Sex must equal U for an unborn child", first_year=SEX_YEAR)
def unborn_sex_u(child, census):
    if child.expected_birth_date and not child.birth_date and child.sex != "U":
        yield "unborn child"


@rule("8750", "ChildIdentifiers", ["GenderCurrent"], "Gender must equal 0 for an unborn child", last_year=SEX_YEAR - 1)
def unborn_gender_0(child, census):
    if child.expected_birth_date and not child.birth_date and child.gender_current != "0":
        yield "unborn child"


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


@rule("8790", "Disabilities", ["Disability"], "Disability information includes both None and other values")
def none_alone(child, census):
    if "NONE" in child.disabilities and len(set(child.disabilities)) > 1:
        yield "NONE with other codes"


@rule("8794", "Disabilities", ["Disability"], "Child has two or more disabilities with the same code")
def disability_repeated(child, census):
    for code, count in Counter(child.disabilities).items():
        if count > 1 and code != "NONE" or count > 1 and code == "NONE":
            yield f"{code} recorded {count} times"
