"""SSDA903 rules on OC3: care leavers (in touch, activity, accommodation), in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from opencsc.codes import lists

from .common import add_years, any_of, continuously_looked_after, lt, rows_where, rule, valid_code, years

valid_code("131", "OC3", "IN_TOUCH", lists.CARE_LEAVER_IN_TOUCH,
           "Data entry for being in touch after leaving care is invalid.", allow_blank=False)


valid_code("132", "OC3", "ACTIV", lists.CARE_LEAVER_ACTIVITY, "Data entry for activity after leaving care is invalid.",
           allow_blank=False)


valid_code("133", "OC3", "ACCOM", lists.CARE_LEAVER_ACCOMMODATION, "Data entry for accommodation after leaving care is "
           "invalid. If reporting on a childs accommodation after leaving care the data entry must be valid",
           allow_blank=False)


@rule("134", ["OC3", "AD1"], ["DATE_INT"], "Data on adoption should not be entered for the OC3 cohort.")
def adoption_details_for_an_oc3_child(child, s):
    if any(any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")) for r in child.table("OC3")):
        yield from rows_where(child, "AD1", lambda r: any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                                                 "SEX_ADOPTR", "LS_ADOPTR")))


@rule("153", "OC3", ["IN_TOUCH", "ACTIV", "ACCOM"], "All data items relating to a child's activity or accommodation after "
      "leaving care must be coded or left blank.")
def care_leaver_items_partly_completed(child, s):
    columns = ("IN_TOUCH", "ACTIV", "ACCOM")
    return rows_where(child, "OC3", lambda r: any_of(r, columns) and not all(r[c] for c in columns))


@rule("187", ["OC3", "AD1", "Episodes"], ["IN_TOUCH", "DATE_INT"], "Child cannot be looked after continuously for 12 months "
      "at 31 March (OC2) and have any of adoption or care leavers returns completed.")
def oc2_child_with_adoption_or_care_leaver_details(child, s):
    if not continuously_looked_after(child, s):
        return
    yield from rows_where(child, "OC3", lambda r: any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))
    yield from rows_where(child, "AD1", lambda r: any_of(r, ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                                             "SEX_ADOPTR", "LS_ADOPTR")))


@rule("344", "OC3", ["ACTIV", "ACCOM"], "The record shows the young person has died or returned home to live with parent(s) "
      "for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.")
def activity_for_a_care_leaver_who_died_or_went_home(child, s):
    return rows_where(child, "OC3", lambda r: r["IN_TOUCH"] in ("DIED", "RHOM") and (r["ACTIV"] != "0" or r["ACCOM"] != "0"))


@rule("345", "OC3", ["ACTIV", "ACCOM"], "The data collection record shows the local authority is in touch with this young "
      "person, but activity and/or accommodation data items are zero.")
def in_touch_without_activity_or_accommodation(child, s):
    return rows_where(child, "OC3", lambda r: r["IN_TOUCH"] == "YES" and (r["ACTIV"] == "0" or r["ACCOM"] == "0"))


@rule("347", "OC3", ["ACCOM"], "Care leavers aged under 18 years, can not be accommodated in a Foyer.")
def foyer_under_18(child, s):
    return rows_where(child, "OC3", lambda r: r["ACCOM"] == "T" and r.day("DOB") and s.start - r.day("DOB") < years(18))


@rule("391", "OC3", ["DOB"], "Young person was not 17, 18, 19, 20 or 21 during the current collection year.")
def care_leaver_outside_17_to_21(child, s):
    return rows_where(child, "OC3", lambda r: lt(s.end, add_years(r.day("DOB"), 17)) and any_of(r, ("IN_TOUCH", "ACTIV", "ACCOM")))
