"""CIN census rules on CIN details: each episode (referral, source, need, closure, NFA) and its section 47
and conference dates, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/cin/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import date, timedelta

from opencsc.codes import lists

from .common import FALSE, TRUE, D, _open_further_action, episodes, flag, overlaps, rule, validator_working_days_before


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


@rule("8568", "CINdetails", ["ReferralNFA"], "RNFA flag is missing or invalid")
def nfa_flag_valid(child, census):
    for episode in episodes(child):
        if flag(episode.nfa) not in TRUE | FALSE:
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


@rule("8825Q", "CINdetails", ["ReasonForClosure"],
      "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after "
      "assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no "
      "assessment present for the episode.")
def rc8_needs_assessment(child, census):
    for episode in episodes(child):
        if episode.closure_reason in ("RC8", "RC9") and not episode.assessments:
            yield episode


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
