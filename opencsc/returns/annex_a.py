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

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from opencsc.casework import models as m
from opencsc.codes import lists
from opencsc.people.models import Disability, Person

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

        from .spreadsheets import safe_cell

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
    six = reference - relativedelta(months=6)
    twelve = reference - relativedelta(months=12)
    window = (six, reference)
    sheets = {name: [] for name in LISTS}
    disabled = set(Disability.objects.exclude(code="NONE").values_list("person_id", flat=True))
    allocations = {}
    for a in m.Allocation.objects.filter(kind="social_worker", start_date__lte=reference).filter(
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
    for e in m.EarlyHelpAssessment.objects.filter(start_date__range=window).select_related("child").order_by("start_date"):
        sheets["List 2"].append(common(e.child) + [e.start_date, e.completed_date, e.organisation])
    # List 3: referrals in the window, with the number in the 12 months before each.
    referrals = list(m.Referral.objects.select_related("child").order_by("referral_date"))
    by_child = {}
    for r in referrals:
        by_child.setdefault(r.child_id, []).append(r.referral_date)
    for r in referrals:
        if six <= r.referral_date <= reference:
            earlier = sum(1 for d in by_child[r.child_id] if r.referral_date - relativedelta(months=12) <= d < r.referral_date)
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
        year_before = (e.start_date - relativedelta(months=12), e.start_date)
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


def _last_seen(child_id, reference):
    visit = m.StatutoryVisit.objects.filter(child_id=child_id, seen=True, date__lte=reference).order_by("-date").first()
    return visit


def _cin(sheets, reference, six, common, allocated, disability, open_in):
    for r in open_in(m.Referral.objects.filter(nfa=False).select_related("child"), "referral_date", "closure_date").order_by("referral_date"):
        cid = r.child_id
        status = ("a) Looked after child" if m.PeriodOfCare.objects.filter(child_id=cid, end_date__isnull=True).exists() else
                  "b) Child Protection plan" if m.ChildProtectionPlan.objects.filter(referral=r, end_date__isnull=True).exists() else
                  "c) Child in need plan" if m.CINPlan.objects.filter(referral=r, end_date__isnull=True).exists() else
                  "d) Open assessment" if m.Assessment.objects.filter(referral=r, authorised_date__isnull=True).exists() else
                  "e) Closed episode")
        seen = _last_seen(cid, reference)
        sheets["List 6"].append(common(r.child) + [
            disability(r.child), r.referral_date,
            f"{r.primary_need} - {lists.PRIMARY_NEED.label(r.primary_need).split(': ', 1)[-1]}" if r.primary_need else "",
            seen.date if seen else None, r.closure_date,
            f"{r.closure_reason} - {lists.REASON_FOR_CLOSURE.label(r.closure_reason)}" if r.closure_reason else "", status,
        ] + allocated(r.child))


def _cp(sheets, reference, six, common, allocated, disability, open_in):
    for plan in open_in(m.ChildProtectionPlan.objects.select_related("child"), "start_date", "end_date").order_by("start_date"):
        cid = plan.child_id
        visit = m.StatutoryVisit.objects.filter(child_id=cid, date__lte=reference).order_by("-date").first()
        review = m.ChildProtectionConference.objects.filter(plan=plan, kind="review").order_by("-date").first()
        protected = m.LegalOrder.objects.filter(child_id=cid, kind__in=("epo", "police_protection"),
                                                start_date__gte=reference - relativedelta(months=6)).exists()
        previous = m.ChildProtectionPlan.objects.filter(child_id=cid, start_date__lt=plan.start_date).count()
        sheets["List 7"].append(common(plan.child) + [
            disability(plan.child), plan.start_date, CATEGORY.get(plan.initial_category, ""),
            CATEGORY.get(plan.latest_category, ""), visit.date if visit else None,
            yes_no(visit.seen_alone) if visit else "", review.date if review else None, plan.end_date,
            "a) Yes" if protected else "b) No", previous,
        ] + allocated(plan.child))


def _care(sheets, reference, six, twelve, common, allocated, disability, open_in):
    for period in open_in(m.PeriodOfCare.objects.select_related("child"), "start_date", "end_date").order_by("start_date"):
        cid, child = period.child_id, period.child
        status = period.legal_statuses.filter(start_date__lte=reference).order_by("-start_date").first()
        placements = list(period.placements.filter(start_date__lte=reference).order_by("start_date"))
        latest = placements[-1] if placements else None
        review = m.LookedAfterReview.objects.filter(child_id=cid, date__lte=reference).order_by("-date").first()
        visit = m.StatutoryVisit.objects.filter(child_id=cid, date__lte=reference).exclude(kind="iro").order_by("-date").first()
        iro = m.StatutoryVisit.objects.filter(child_id=cid, kind="iro", date__lte=reference).order_by("-date").first()
        health = m.HealthAssessment.objects.filter(child_id=cid, date__lte=reference).order_by("-date").first()
        dental = m.DentalCheck.objects.filter(child_id=cid, date__lte=reference).order_by("-date").first()
        plan = m.PermanencePlan.objects.filter(child_id=cid, date__lte=reference).order_by("-date").first()
        missing = list(m.MissingEpisode.objects.filter(child_id=cid, start_date__range=(twelve, reference)).order_by("start_date"))
        last_missing = [e for e in missing if e.kind == "M"][-1:] or [None]
        uasc = m.UASCStatus.objects.filter(child_id=cid, start_date__lte=reference).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=twelve)).exists()
        earlier_period = m.PeriodOfCare.objects.filter(child_id=cid, end_date__gte=twelve, start_date__lt=period.start_date).exists()
        placement_count = sum(1 for p in placements if p.start_date >= twelve or (p.end_date is None or p.end_date >= twelve))
        sheets["List 8"].append(common(child) + [
            "a) Yes" if uasc else "b) No", disability(child), period.start_date, period.category_of_need,
            "a) Yes" if earlier_period else "b) No", status.start_date if status else None,
            f"{status.code}: {lists.LEGAL_STATUS.label(status.code)}" if status else "", review.date if review else None,
            visit.date if visit else None, plan.get_plan_display() if plan else "", iro.date if iro else None,
            health.date if health else None, dental.date if dental else None, placement_count, period.end_date,
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
    for journey in m.AdoptionJourney.objects.select_related("child", "household").order_by("should_be_placed_date"):
        relevant = (journey.adoption_order_date and twelve <= journey.adoption_order_date <= reference) or (
            journey.should_be_placed_date <= reference and not journey.adoption_order_date) or (
            journey.decision_reversed_date and twelve <= journey.decision_reversed_date <= reference)
        if not relevant:
            continue
        child = journey.child
        entered = m.PeriodOfCare.objects.filter(child=child, start_date__lte=reference).order_by("-start_date").first()
        order = m.LegalOrder.objects.filter(child=child, kind="placement").order_by("start_date").first()
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
