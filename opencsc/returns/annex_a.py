"""Ofsted ILACS Annex A: the eleven child-level lists for a reference date, as one workbook.

Columns and their order are exactly those of ``docs/spec/annex-a.md`` (a copy of
``../shared/domain/annex-a.md``; tested against it).
Windows count back from the reference date: 6 months for lists 1–8 (episodes open at any point in
the window count), 12 months for lists 10–11; list 9 is as at the date. Dates are real Excel dates
shown dd/mm/yyyy; dropdown values carry Ofsted's letter prefixes. Restricted children are included
(the workbook goes to the inspectors); nothing here is shown on screen.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from opencsc.anniversaries import add_months
from opencsc.casework import models as m
from opencsc.codes import lists
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Disability, Person

from .spreadsheets import safe_cell

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ["Allocated Team", "Allocated Worker"]

LISTS = {
    "List 1": COMMON + ["Date of Contact", "Contact Source"],
    "List 2": COMMON + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    "List 3": COMMON + ["Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", *ALLOCATED],
    "List 4": COMMON + [DISABILITY, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                        "Continuous Assessment Date of Authorisation",
                        "Was the child assessed as requiring LA children's social care support?", *ALLOCATED],
    "List 5": COMMON + [DISABILITY, "Strategy discussion initiating Section 47 Enquiry Start Date",
                        "Was an ICPC deemed unnecessary?", "Date of ICPC", "Did the ICPC result in a CP plan",
                        "Number of s47 enquiries in the last 12 months", "Number of ICPCs in the last 12 months", *ALLOCATED],
    "List 6": COMMON + [DISABILITY, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
                        "Reason for Closure", "Case Status", *ALLOCATED],
    "List 7": COMMON + [DISABILITY, "CP Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
                        "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference",
                        "CP Plan End Date", "Subject to EPO or Police Protection in Last Six Months",
                        "Number of Previous CP Plans", *ALLOCATED],
    "List 8": COMMON + ["UASC within the last 12 months", DISABILITY, "Date Started to be Looked After", "Category of Need",
                        "Second or subsequent period of care within the last 12 months", "Start date of current legal status",
                        "Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit", "Permanence plan",
                        "Date of Last IRO Visit/Contact", "Date of Last Health Assessment", "Date of Last Dental Check",
                        "Number of Placements in the Last 12 Months", "Date Ceased to be Looked After", "Reason Ceased",
                        "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode",
                        "URN of Placement", "Placement Location", "LA of Placement", "Number of episodes 'Missing' in the last 12 months",
                        "Number of episodes 'Absent' (away) in the last 12 months",
                        "Offered a return interview after last missing episode", "Accepted it", *ALLOCATED],
    "List 9": COMMON + [DISABILITY, *ALLOCATED, "Eligibility Category", "LA in Touch", "Type of Accommodation",
                        "Suitability of Accommodation", "Activity Status"],
    "List 10": ["Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age", DISABILITY,
                "Date the Child Entered Care", "Date of decision that child should be placed for adoption",
                "Date of Placement Order", "Date of Matching", "Date Placed for Adoption", "Date of Adoption Order",
                "Date of decision that child should no longer be placed", "Reason no longer placed",
                "Date placed in FFA / concurrent planning placement"],
    "List 11": ["Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
                "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started",
                "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
                "Date application approved", "Date matched with child(ren)", "Date child(ren) placed",
                "Number of children placed", "Date of Adoption Order", "Date of leaving the adoption process",
                "Reason for leaving"],
}

GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "": "c) Not stated/recorded"}
CATEGORY = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse",
            "MUL": "e) Multiple/not recommended"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def yes_no(value) -> str:
    return "c) Unknown" if value is None else ("a) Yes" if value else "b) No")


def lettered(code_list, code) -> str:
    """A code as Ofsted's dropdown shows it: its position's letter, the code and its label."""
    if not code:
        return ""
    codes = [c for c, _ in code_list.choices()]
    letter = LETTERS[codes.index(code)] if code in codes and codes.index(code) < len(LETTERS) else "z"
    return f"{letter}) {code}: {code_list.label(code).split(': ', 1)[-1]}"


@dataclass
class AnnexA:
    reference: date
    sheets: dict[str, list[list]]

    def workbook(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font


        book = Workbook()
        book.remove(book.active)
        for name, columns in LISTS.items():
            sheet = book.create_sheet(name)
            sheet.append(columns)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in self.sheets.get(name, []):
                sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
            for column_cells in sheet.iter_cols(min_row=2):
                for cell in column_cells:
                    if isinstance(cell.value, date):
                        cell.number_format = "dd/mm/yyyy"
            for i, title in enumerate(columns, start=1):
                sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, min(40, len(title) + 2))
            sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def build(reference: date) -> AnnexA:
    six = add_months(reference, -6)
    twelve = add_months(reference, -12)
    window = (six, reference)
    sheets: dict[str, list] = {name: [] for name in LISTS}
    disabled = set(Disability.objects.exclude(code="NONE").values_list("person_id", flat=True))
    allocations = {}
    for a in m.Allocation.with_history.filter(kind=AllocationKind.SOCIAL_WORKER, start_date__lte=reference).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=reference)).select_related("team", "worker"):
        allocations[a.child_id] = [a.team.name if a.team else "", a.worker.name if a.worker else ""]

    def common(p: Person):
        return [p.la_child_id, GENDER.get(p.sex, GENDER[""]), p.ethnicity, p.date_of_birth,
                p.age_on(reference) if p.date_of_birth else None]

    def allocated(p):
        return allocations.get(p.pk, ["", ""])

    def disability(p):
        return yes_no(p.pk in disabled)

    def open_in(qs, start_field, end_field):
        return qs.filter(**{f"{start_field}__lte": reference}).filter(
            Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": six}))

    # List 1: contacts in the window, one row per contact.
    for c in m.Contact.objects.filter(received_at__date__range=window).select_related("child").order_by("received_at"):
        sheets["List 1"].append(common(c.child) + [c.received_at.date(), lettered(lists.REFERRAL_SOURCE, c.source)])
    # List 2: early help assessments in the window.
    for help_assessment in m.EarlyHelpAssessment.objects.filter(start_date__range=window).select_related("child").order_by("start_date"):
        sheets["List 2"].append(common(help_assessment.child) + [help_assessment.start_date, help_assessment.completed_date,
                                                                 help_assessment.organisation])
    # List 3: referrals in the window, with the number in the 12 months before each.
    referrals = list(m.Referral.objects.select_related("child").order_by("referral_date"))
    by_child: dict = {}
    for r in referrals:
        by_child.setdefault(r.child_id, []).append(r.referral_date)
    for r in referrals:
        if six <= r.referral_date <= reference:
            earlier = sum(1 for d in by_child[r.child_id] if add_months(r.referral_date, -12) <= d < r.referral_date)
            sheets["List 3"].append(common(r.child) + [r.referral_date, lettered(lists.REFERRAL_SOURCE, r.source),
                                                       yes_no(r.nfa), earlier] + allocated(r.child))
    # List 4: assessments open at any point in the window.
    for a in open_in(m.Assessment.objects.select_related("child"), "start_date", "authorised_date").order_by("start_date"):
        needs = None if not a.outcome else a.outcome not in ("nfa", "early_help", "other_agency")
        sheets["List 4"].append(common(a.child) + [disability(a.child), a.start_date, yes_no(a.child_seen), a.authorised_date,
                                                   yes_no(needs)] + allocated(a.child))
    # List 5: s47 enquiries open at any point in the window.
    s47s = list(m.Section47Enquiry.objects.select_related("child", "strategy_discussion"))
    icpcs = list(m.ChildProtectionConference.objects.filter(kind="initial"))
    for e in sorted((e for e in s47s if e.start_date <= reference and (e.end_date is None or e.end_date >= six)),
                    key=lambda e: e.start_date):
        initial = next((c for c in icpcs if c.section47_id == e.pk), None)
        year_before = (add_months(e.start_date, -12), e.start_date)
        sheets["List 5"].append(common(e.child) + [
            disability(e.child), e.strategy_discussion.date if e.strategy_discussion else e.start_date,
            yes_no(e.icpc_not_required), initial.date if initial else None,
            yes_no(initial.plan_id is not None) if initial else "",
            sum(1 for o in s47s if o.child_id == e.child_id and year_before[0] <= o.start_date < year_before[1]),
            sum(1 for c in icpcs if c.child_id == e.child_id and year_before[0] <= c.date < e.start_date),
        ] + allocated(e.child))
    _cin(sheets, reference, six, common, allocated, disability, open_in)
    _cp(sheets, reference, six, common, allocated, disability, open_in)
    _care(sheets, reference, six, twelve, common, allocated, disability, open_in)
    _adoption(sheets, reference, twelve, common, disability)
    return AnnexA(reference, sheets)


def _batches(ids, size=900):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _latest(queryset, field, child_ids, reference, key="child_id"):
    """{child id (or ``key``): the latest row whose ``field`` is on or before the reference date}, in one
    query per 900 children."""
    out = {}
    for batch in _batches(child_ids):
        for row in queryset.filter(**{f"{key}__in": batch, f"{field}__lte": reference}).order_by(field, "pk"):
            out[getattr(row, key)] = row
    return out


def _rows(queryset, child_ids, key="child_id"):
    out: dict = {}
    for batch in _batches(child_ids):
        for row in queryset.filter(**{f"{key}__in": batch}):
            out.setdefault(getattr(row, key), []).append(row)
    return out


def _cin(sheets, reference, six, common, allocated, disability, open_in):
    referrals = list(open_in(m.Referral.objects.filter(nfa=False).select_related("child"), "referral_date", "closure_date")
                     .order_by("referral_date"))
    ids = {r.child_id for r in referrals}
    looked_after = set(m.PeriodOfCare.objects.filter(end_date__isnull=True).values_list("child_id", flat=True))
    with_cp = set(m.ChildProtectionPlan.objects.filter(end_date__isnull=True).values_list("referral_id", flat=True))
    with_cin = set(m.CINPlan.objects.filter(end_date__isnull=True).values_list("referral_id", flat=True))
    assessing = set(m.Assessment.objects.filter(authorised_date__isnull=True).values_list("referral_id", flat=True))
    last_seen = _latest(m.StatutoryVisit.objects.filter(seen=True), "date", ids, reference)
    for r in referrals:
        cid = r.child_id
        status = ("a) Looked after child" if cid in looked_after else
                  "b) Child Protection plan" if r.pk in with_cp else
                  "c) Child in need plan" if r.pk in with_cin else
                  "d) Open assessment" if r.pk in assessing else
                  "e) Closed episode")
        seen = last_seen.get(cid)
        sheets["List 6"].append(common(r.child) + [
            disability(r.child), r.referral_date,
            f"{r.primary_need} - {lists.PRIMARY_NEED.label(r.primary_need).split(': ', 1)[-1]}" if r.primary_need else "",
            seen.date if seen else None, r.closure_date,
            f"{r.closure_reason} - {lists.REASON_FOR_CLOSURE.label(r.closure_reason)}" if r.closure_reason else "", status,
        ] + allocated(r.child))


def _cp(sheets, reference, six, common, allocated, disability, open_in):
    plans = list(open_in(m.ChildProtectionPlan.objects.select_related("child"), "start_date", "end_date").order_by("start_date"))
    ids = {p.child_id for p in plans}
    visits = _latest(m.StatutoryVisit.objects.all(), "date", ids, reference)
    reviews = _latest(m.ChildProtectionConference.objects.filter(kind="review"), "date", {p.pk for p in plans}, date.max,
                      key="plan_id")
    protected = set(m.LegalOrder.objects.filter(kind__in=("epo", "police_protection"),
                                                start_date__gte=add_months(reference, -6))
                    .values_list("child_id", flat=True))
    all_plans = _rows(m.ChildProtectionPlan.objects.all(), ids)
    for plan in plans:
        cid = plan.child_id
        visit, review = visits.get(cid), reviews.get(plan.pk)
        previous = sum(1 for p in all_plans.get(cid, []) if p.start_date < plan.start_date)
        sheets["List 7"].append(common(plan.child) + [
            disability(plan.child), plan.start_date, CATEGORY.get(plan.initial_category, ""),
            CATEGORY.get(plan.latest_category, ""), visit.date if visit else None,
            yes_no(visit.seen_alone) if visit else "", review.date if review else None, plan.end_date,
            "a) Yes" if cid in protected else "b) No", previous,
        ] + allocated(plan.child))


def _care(sheets, reference, six, twelve, common, allocated, disability, open_in):
    periods = list(open_in(m.PeriodOfCare.objects.select_related("child"), "start_date", "end_date").order_by("start_date"))
    ids = {p.child_id for p in periods}
    statuses = _rows(m.LegalStatus.objects.filter(start_date__lte=reference).order_by("start_date"), {p.pk for p in periods},
                     key="period_id")
    placements_of = _rows(m.Placement.objects.filter(start_date__lte=reference).order_by("start_date"),
                          {p.pk for p in periods}, key="period_id")
    reviews = _latest(m.LookedAfterReview.objects.all(), "date", ids, reference)
    visits = _latest(m.StatutoryVisit.objects.exclude(kind="iro"), "date", ids, reference)
    iro_visits = _latest(m.StatutoryVisit.objects.filter(kind="iro"), "date", ids, reference)
    health = _latest(m.HealthAssessment.objects.all(), "date", ids, reference)
    dental = _latest(m.DentalCheck.objects.all(), "date", ids, reference)
    plans = _latest(m.PermanencePlan.objects.all(), "date", ids, reference)
    missing_of = _rows(m.MissingEpisode.objects.filter(start_date__range=(twelve, reference)).order_by("start_date"), ids)
    uasc = set(m.UASCStatus.objects.filter(start_date__lte=reference).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=twelve)).values_list("child_id", flat=True))
    all_periods = _rows(m.PeriodOfCare.objects.filter(end_date__gte=twelve), ids)
    for period in periods:
        cid, child = period.child_id, period.child
        status = (statuses.get(period.pk) or [None])[-1]
        placements = placements_of.get(period.pk, [])
        latest = placements[-1] if placements else None
        review, visit, iro = reviews.get(cid), visits.get(cid), iro_visits.get(cid)
        checked, teeth, plan = health.get(cid), dental.get(cid), plans.get(cid)
        missing = missing_of.get(cid, [])
        last_missing = [e for e in missing if e.kind == "M"][-1:] or [None]
        earlier_period = any(p.start_date < period.start_date for p in all_periods.get(cid, []))
        placement_count = sum(1 for p in placements if p.start_date >= twelve or (p.end_date is None or p.end_date >= twelve))
        sheets["List 8"].append(common(child) + [
            "a) Yes" if cid in uasc else "b) No", disability(child), period.start_date, period.category_of_need,
            "a) Yes" if earlier_period else "b) No", status.start_date if status else None,
            f"{status.code}: {lists.LEGAL_STATUS.label(status.code)}" if status else "", review.date if review else None,
            visit.date if visit else None, plan.get_plan_display() if plan else "", iro.date if iro else None,
            checked.date if checked else None, teeth.date if teeth else None, placement_count, period.end_date,
            period.reason_ended, latest.start_date if latest else None,
            f"{latest.placement_type}: {lists.PLACEMENT_TYPE.label(latest.placement_type).split(': ', 1)[-1]}" if latest else "",
            latest.provider if latest else "", latest.postcode if latest else "", latest.urn if latest else "", "", "",
            sum(1 for e in missing if e.kind == "M"), sum(1 for e in missing if e.kind == "A"),
            yes_no(last_missing[0].return_interview_offered) if last_missing[0] else "",
            yes_no(last_missing[0].return_interview_accepted) if last_missing[0] else "",
        ] + allocated(child))
    leavers = {}
    for contact in m.CareLeaverContact.objects.filter(date__lte=reference).select_related("child").order_by("date"):
        leavers[contact.child_id] = contact
    for contact in leavers.values():
        child = contact.child
        if not child.date_of_birth or child.age_on(reference) > 21:
            continue
        sheets["List 9"].append(common(child) + [disability(child)] + allocated(child) + [
            "", lettered(lists.CARE_LEAVER_IN_TOUCH, contact.in_touch), contact.accommodation, "", contact.activity])


def _adoption(sheets, reference, twelve, common, disability):
    journeys = list(m.AdoptionJourney.objects.select_related("child", "household").order_by("should_be_placed_date"))
    ids = {j.child_id for j in journeys}
    entered_of = _latest(m.PeriodOfCare.objects.all(), "start_date", ids, reference)
    orders = {}
    for order in m.LegalOrder.objects.filter(kind="placement", child_id__in=ids).order_by("-start_date", "-pk"):
        orders[order.child_id] = order  # the earliest
    for journey in journeys:
        relevant = (journey.adoption_order_date and twelve <= journey.adoption_order_date <= reference) or (
            journey.should_be_placed_date <= reference and not journey.adoption_order_date) or (
            journey.decision_reversed_date and twelve <= journey.decision_reversed_date <= reference)
        if not relevant:
            continue
        child = journey.child
        entered, order = entered_of.get(child.pk), orders.get(child.pk)
        base = common(child)
        sheets["List 10"].append([base[0], journey.household.family_identifier if journey.household else "", *base[1:],
                                  disability(child), entered.start_date if entered else None, journey.should_be_placed_date,
                                  order.start_date if order else None, journey.matched_date, journey.placed_date,
                                  journey.adoption_order_date, journey.decision_reversed_date, journey.reason_reversed,
                                  journey.ffa_placement_date])
    for household in m.AdopterHousehold.objects.prefetch_related("adopters", "children").order_by("family_identifier"):
        dates = [household.enquiry_date, household.approval_date, household.left_process_date]
        if not any(d and twelve <= d <= reference for d in dates):
            continue
        children = list(household.children.all())
        matched = min((c.matched_date for c in children if c.matched_date), default=None)
        placed = min((c.placed_date for c in children if c.placed_date), default=None)
        ordered = min((c.adoption_order_date for c in children if c.adoption_order_date), default=None)
        for n in range(1, household.number_of_adopters + 1):
            sheets["List 11"].append([f"{household.family_identifier}-{n}", household.family_identifier, "", "", "",
                                      yes_no(household.fostering_for_adoption), household.enquiry_date, household.stage_1_start,
                                      household.stage_1_end, household.stage_2_start, household.stage_2_end,
                                      household.application_date, household.approval_date, matched, placed,
                                      sum(1 for c in children if c.placed_date), ordered, household.left_process_date,
                                      household.left_process_reason])
