"""CIN census rules on section 47 enquiries and initial conferences, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/cin/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from .common import FALSE, TRUE, D, NotYetDue, all_of, episodes, flag, in_time_today, not_before_referral, rule, validator_working_days_before, within_year

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


@rule("8675Q", "Section47", ["S47ActualStartDate", "DateOfInitialCPC"],
      "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before "
      "the end of the census year. However, there is no date of Initial Child Protection Conference.")
def s47_late(child, census):
    latest = validator_working_days_before(census.year.end, 15)
    for _, s in all_of(child, "section47s"):
        if s.icpc is None and flag(s.icpc_not_required) in FALSE and D(s.start) and s.start < latest:
            yield NotYetDue(s, "not yet due: the initial conference can still be held within 15 working days") if in_time_today(
                s.start, 15, census.year.end) else s


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


@rule("8870Q", "Section47", ["InitialCPCtarget"],
      "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference "
      "should not be a weekend")
def icpc_target_not_weekend(child, census):
    for _, s in all_of(child, "section47s"):
        if D(s.icpc_target) and s.icpc_target.weekday() >= 5:
            yield s


@rule("8875", "Section47", ["DateOfInitialCPC"], "The Date of Initial Child Protection Conference cannot be a weekend")
def icpc_not_weekend(child, census):
    for _, s in all_of(child, "section47s"):
        if D(s.icpc) and s.icpc.weekday() >= 5:
            yield s
