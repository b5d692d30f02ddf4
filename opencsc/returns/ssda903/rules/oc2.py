"""SSDA903 rules on OC2: children looked after continuously for 12 months (health, SDQ, convictions), in DfE
code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from opencsc.codes import lists

from .common import TWELVE_MONTH_ITEMS, add_years, any_of, continuously_looked_after, le, lt, oc2_needs_the_rest, rows_where, rule, valid_code


@rule("157", ["OC2", "Episodes"], ["SDQ_REASON"], "Child is aged 4 years or over at the beginning of the year or 16 years "
      "or under at the end of the year and SDQ1 has been recorded as the reason for no SDQ score.")
def sdq1_for_a_child_of_sdq_age(child, s):
    for r in child.table("OC2"):
        dob = r.day("DOB")
        if continuously_looked_after(child, s) and le(add_years(dob, 4), s.start) and le(s.end, add_years(dob, 16)) \
                and not r["SDQ_SCORE"] and r["SDQ_REASON"] == "SDQ1":
            yield r


@rule("158", "OC2", ["INTERVENTION_OFFERED"], "If a child has been recorded as receiving an intervention for their substance "
      "misuse problem, then the additional item on whether an intervention was offered should be left blank.")
def intervention_received_without_offered(child, s):
    return rows_where(child, "OC2", lambda r: r["INTERVENTION_RECEIVED"] == "1" and r["INTERVENTION_OFFERED"])


@rule("159", "OC2", ["INTERVENTION_OFFERED"], "If a child has been recorded as not receiving an intervention for their "
      "substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.")
def intervention_not_received_without_offered(child, s):
    return rows_where(child, "OC2", lambda r: r["SUBSTANCE_MISUSE"] == "1" and r["INTERVENTION_RECEIVED"] == "0"
                      and not r["INTERVENTION_OFFERED"])


@rule("180", "OC2", ["SDQ_SCORE"], "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.")
def sdq_score_invalid(child, s):
    def invalid(r):
        value = r["SDQ_SCORE"]
        if not value:
            return False
        try:
            return float(value) not in range(41)
        except ValueError:
            return True
    return rows_where(child, "OC2", invalid)


@rule("181", "OC2", ["CONVICTED"], "Data items relating to children looked after continuously for 12 months should be "
      "completed with a 0 or 1.")
def oc2_flags_not_0_or_1(child, s):
    columns = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
               "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
    return rows_where(child, "OC2", lambda r: any(r[c] and r[c] not in ("0", "1") for c in columns))


@rule("182", "OC2", ["IMMUNISATIONS"], "Data entries on immunisations, teeth checks, health assessments and substance misuse "
      "problem identified should be completed or all OC2 fields should be left blank.")
def oc2_health_items_partly_completed(child, s):
    return rows_where(child, "OC2", lambda r: not all(r[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                                                                     "SUBSTANCE_MISUSE"))
                      and any_of(r, ("CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")))


@rule("188", "OC2", ["SDQ_SCORE"], "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties "
      "(SDQ) score or a reason for no SDQ score has been completed.")
def sdq_for_under_4(child, s):
    return rows_where(child, "OC2", lambda r: lt(s.end, add_years(r.day("DOB"), 4)) and (r["SDQ_SCORE"] or r["SDQ_REASON"]))


@rule("189", "OC2", ["SDQ_SCORE"], "Child is aged 17 years or over at the beginning of the year, but an SDQ score or a "
      "reason for no SDQ score has been completed.")
def sdq_for_17_and_over(child, s):
    return rows_where(child, "OC2", lambda r: lt(add_years(r.day("DOB"), 17), s.start) and (r["SDQ_REASON"] or r["SDQ_SCORE"]))


@rule("190", ["OC2", "Episodes"], ["CONVICTED"], "Child has not been looked after continuously for at least 12 months at "
      "31 March but one or more data items relating to children looked after for 12 months have been completed.")
def oc2_details_for_child_not_looked_after_12_months(child, s):
    return rows_where(child, "OC2", lambda r: not continuously_looked_after(child, s) and any_of(r, TWELVE_MONTH_ITEMS))


@rule("191", ["OC2", "Episodes"], ["IMMUNISATIONS"], "Child has been looked after continuously for at least 12 months at "
      "31 March but one or more data items relating to children looked after for 12 months have been left blank.")
def oc2_details_missing_after_twelve_months(child, s):
    if not continuously_looked_after(child, s):
        return
    yield from rows_where(child, "OC2", lambda r: not all(r[c] for c in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                                                                         "SUBSTANCE_MISUSE")))
    if not child.table("OC2") and child.table("Episodes"):
        yield child.episodes[0]


@rule("192", "OC2", ["INTERVENTION_RECEIVED"], "Child has been identified as having a substance misuse problem but the "
      "additional item on whether an intervention was received has been left blank.")
def intervention_received_missing(child, s):
    return rows_where(child, "OC2", lambda r: r["SUBSTANCE_MISUSE"] == "1" and not r["INTERVENTION_RECEIVED"])


@rule("193", "OC2", ["INTERVENTION_RECEIVED"], "Child not identified as having a substance misuse problem but at least one "
      "of the two additional items on whether an intervention were offered and received have been completed.")
def intervention_items_without_a_substance_misuse_problem(child, s):
    return rows_where(child, "OC2", lambda r: r["SUBSTANCE_MISUSE"] in ("", "0") and (r["INTERVENTION_RECEIVED"] or
                                                                                     r["INTERVENTION_OFFERED"]))


valid_code("196", "OC2", "SDQ_REASON", lists.SDQ_REASON, "Strengths and Difficulties (SDQ) reason is not a valid code.")


@rule("197B", ["OC2", "Episodes"], ["SDQ_REASON"], "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.")
def sdq_missing_at_4_or_17(child, s):
    for r in child.table("OC2"):
        four, seventeen = add_years(r.day("DOB"), 4), add_years(r.day("DOB"), 17)
        turning = (four is not None and s.start <= four <= s.end) or (seventeen is not None and s.start <= seventeen <= s.end)
        if turning and continuously_looked_after(child, s) and not r["SDQ_SCORE"] and not r["SDQ_REASON"]:
            yield r


@rule("215", ["OC2", "OC3"], ["IN_TOUCH"], "Child has care leaver information but one or more data items relating to "
      "children looked after for 12 months have been completed.")
def oc2_details_for_a_care_leaver(child, s):
    oc2_given = any(any_of(r, ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                               "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")) for r in child.table("OC2"))
    if oc2_given:
        yield from rows_where(child, "OC3", lambda r: any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))


@rule("542", "OC2", ["CONVICTED"], "A child aged under 10 at 31 March should not have conviction information completed.")
def conviction_for_under_10(child, s):
    return rows_where(child, "OC2", lambda r: lt(s.end, add_years(r.day("DOB"), 10)) and r["CONVICTED"])


oc2_needs_the_rest("544", "CONVICTED", "Any child who has conviction information completed must also have immunisation, "
                   "teeth check, health assessment and substance misuse problem identified fields completed.")


@rule("545", ["OC2", "Episodes"], ["HEALTH_CHECK"], "Child is aged under 5 at 31 March and has been looked after "
      "continuously for 12 months yet health promotion information has not been completed.")
def health_promotion_missing_for_under_5(child, s):
    return rows_where(child, "OC2", lambda r: lt(s.end, add_years(r.day("DOB"), 5)) and continuously_looked_after(child, s)
                      and not r["HEALTH_CHECK"])


oc2_needs_the_rest("547", "HEALTH_CHECK", "Any child who has health promotion information completed must also have "
                   "immunisation, teeth check, health assessment and substance misuse problem identified fields completed.")


@rule("197a", "OC2", ["SDQ_REASON"], "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and "
      "Difficulties Questionnaire score is filled in.")
def sdq_reason_with_a_score(child, s):
    return rows_where(child, "OC2", lambda r: r["SDQ_SCORE"] and r["SDQ_REASON"])
