"""CIN census 2026/27 rules on the PreProceedingsandFGDM block, in DfE code order.

Implemented from their meanings (shared/domain/year-2026-27.md §2.3), not from the draft code on the
validator's ``pre-proceedings-rules`` branch, which has known defects (9007 tests the wrong way round,
9011 flags a blank outcome, 9000Q fires only when 8995Q does). No released validator has these rules:
docs/rules-exceptions.md lists them as "no DfE tool to agree with yet". Every element is optional, so
each rule checks a value only "if present".
"""

from __future__ import annotations

from .common import TRUE, D, all_of, flag, rule

FIRST = 2027  # 2026/27
PP_OUTCOMES = {"A", "B", "C"}  # CS131: the codes are known, their meanings are not established


def _blocks(child):
    return all_of(child, "pre_proceedings")


def _outside(day, census) -> bool:
    return bool(D(day)) and not census.year.start <= day <= census.year.end


def _outside_or_before(day, earlier, census) -> bool:
    """A date given outside the census year, or before the date it follows (each only if present)."""
    return _outside(day, census) or bool(D(day) and D(earlier) and day < earlier)


@rule("8995Q", "PreProceedingsandFGDM", ["PPStartDate"], "Please check: no pre-proceedings (module 5) data has been "
      "provided in this return. If you hold it, include it; if not, please give a reason.", scope="return", first_year=FIRST)
def no_pre_proceedings_at_all(census):
    if not any(True for child in census.children for _ in _blocks(child)):
        yield None, "no PreProceedingsandFGDM block in the return"


@rule("9000Q", "PreProceedingsandFGDM", ["PPStartDate"], "Please check: pre-proceedings data has been provided without "
      "any PPStartDate. Leave it blank only if you do not collect it, and give a reason.", scope="return", first_year=FIRST)
def blocks_without_any_start_date(census):
    blocks = [block for child in census.children for _, block in _blocks(child)]
    if blocks and not any(block.start is not None for block in blocks):
        yield None, f"{len(blocks)} blocks, none with PPStartDate"


@rule("9005", "PreProceedingsandFGDM", ["PPStartDate"], "The pre-proceedings start date must fall within the census year",
      first_year=FIRST)
def start_outside_the_year(child, census):
    for _, block in _blocks(child):
        if _outside(block.start, census):
            yield block


@rule("9006", "PreProceedingsandFGDM", ["LBPSentDate", "PPStartDate"], "The date the letter before proceedings was sent "
      "must fall within the census year and not be before the pre-proceedings start date", first_year=FIRST)
def letter_outside_the_year_or_before_the_start(child, census):
    for _, block in _blocks(child):
        if _outside_or_before(block.letter, block.start, census):
            yield block


@rule("9007", "PreProceedingsandFGDM", ["FGDMMeetingOffer", "LBPSentDate"], "A letter before proceedings was sent: say "
      "whether it offered a family group decision-making meeting", first_year=FIRST)
def letter_without_the_offer_answered(child, census):
    for _, block in _blocks(child):
        if block.letter is not None and not flag(block.fgdm_offer):
            yield block


@rule("9008", "PreProceedingsandFGDM", ["InitialPPMeetingDate"], "The initial pre-proceedings meeting date must fall "
      "within the census year", first_year=FIRST)
def initial_meeting_outside_the_year(child, census):
    for _, block in _blocks(child):
        if _outside(block.initial_meeting, census):
            yield block


@rule("9009", "PreProceedingsandFGDM", ["StepDecisionDate", "PPStartDate"], "The step-up or step-down decision date must "
      "fall within the census year and not be before the pre-proceedings start date", first_year=FIRST)
def decision_outside_the_year_or_before_the_start(child, census):
    for _, block in _blocks(child):
        if _outside_or_before(block.step_decision, block.start, census):
            yield block


@rule("9010Q", "PreProceedingsandFGDM", ["FGDMMeetingFac", "FGDMMeetingOffer"], "Please check: a family group "
      "decision-making meeting was offered but whether one was facilitated is not given", first_year=FIRST)
def offer_without_whether_it_was_facilitated(child, census):
    for _, block in _blocks(child):
        if flag(block.fgdm_offer) in TRUE and not flag(block.fgdm_facilitated):
            yield block


@rule("9011", "PreProceedingsandFGDM", ["PPOutcome"], "The pre-proceedings outcome, if given, must be a valid code",
      first_year=FIRST)
def outcome_not_a_code(child, census):
    for _, block in _blocks(child):
        if block.outcome is not None and block.outcome.strip() not in PP_OUTCOMES:
            yield block


@rule("9012", "PreProceedingsandFGDM", ["CourtAppDate", "StepDecisionDate"], "The court application date must fall within "
      "the census year and not be before the step decision date", first_year=FIRST)
def court_application_outside_the_year_or_before_the_decision(child, census):
    for _, block in _blocks(child):
        if _outside_or_before(block.court_application, block.step_decision, census):
            yield block


@rule("9013", "PreProceedingsandFGDM", ["LetterInitCPDate", "CourtAppDate"], "The date of the letter telling parents care "
      "proceedings are being issued must fall within the census year and not be before the court application date",
      first_year=FIRST)
def issue_letter_outside_the_year_or_before_the_application(child, census):
    for _, block in _blocks(child):
        if _outside_or_before(block.letter_issuing, block.court_application, census):
            yield block


@rule("9015Q", "PreProceedingsandFGDM", ["ReviewMeetingsCount", "InitialPPMeetingDate"], "Please check: an initial "
      "pre-proceedings meeting is recorded but the number of review meetings is not given", first_year=FIRST)
def initial_meeting_without_a_review_count(child, census):
    for _, block in _blocks(child):
        if block.initial_meeting is not None and block.review_count is None:
            yield block
