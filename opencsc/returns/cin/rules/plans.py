"""CIN census rules on child in need plans, child protection plans and their reviews, in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/cin/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from datetime import timedelta

from opencsc.codes import lists

from .common import D, after_death, all_of, episodes, nfa_without, not_before_referral, one_open, overlaps, rule, same_day, within_year

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


rule("4000", "CINplanDates", ["ReferralNFA"], "CIN Plan details provided for a referral with no further action")(
    nfa_without("cin_plans"))


@rule("4001", "CINplanDates", ["CINPlanEndDate", "CPPendDate"], "A CIN Plan cannot run concurrently with a Child Protection Plan")
def cin_and_cp_both_open(child, census):
    for episode in episodes(child):
        if any(p.end is None for p in episode.cp_plans):
            for plan in episode.cin_plans:
                if plan.end is None:
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
