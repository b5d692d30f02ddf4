"""The journey as steps: one page per step, each pre-filled from the record, saved through the
services, audited, kept as a draft while typed, and saved once however often it is submitted.
Steps that need a manager's sign-off ask for it; managers decide on the authorisations page."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from opencsc import versions
from opencsc.access import policy
from opencsc.access.gate import open_child, require
from opencsc.access.policy import can_read, documents_visible_to, name_for_lists
from opencsc.casework.due import DueKind
from opencsc.codes import lists
from opencsc.codes.base import collection_year_of
from opencsc.meetings import forms as meeting_forms
from opencsc.meetings import steps as meeting_steps
from opencsc.meetings.models import MeetingRecord
from opencsc.meetings.rows import guess_agency
from opencsc.people.selectors import family_members
from opencsc.plain_english import counted
from opencsc.recording.models import Document
from opencsc.recording.services import record_visit
from opencsc.staff.models import Professional, RoleCode
from opencsc.staff.steps import StepKey, may_book, may_record, meeting_step
from opencsc.web.forms import aware
from opencsc.web.step_pages import child_for_step, save_step, step_page

from . import extensions, services, steps
from . import journey_forms as f
from . import models as m
from .selectors import waiting_for
from .timescales import ASSESSMENT_WORKING_DAYS, add_working_days

Kind = m.Authorisation.Kind


def _from_meeting_held(child, kinds, statutory, last) -> dict:
    """A conference or review already recorded as held (who came, the minutes) but not yet as the journey's
    fact: its date and chair are filled in, so they are typed once."""
    held = MeetingRecord.objects.filter(child=child, kind__in=kinds).order_by("-held_on").first()
    if held is not None and not statutory.objects.filter(child=child, date=held.held_on).exists():
        return {"date": held.held_on, "chair": held.chair_id}
    return {"date": timezone.localdate(), "chair": last.chair_id if last else None}


def _open_referral(child):
    return m.Referral.objects.filter(child=child, closure_date__isnull=True).order_by("-referral_date").first()


def _no_referral(request, child, what):
    messages.warning(request, f"There is no open referral for {child.full_name}: {what} belongs to an open case.")
    return redirect("web:child-record", pk=child.pk)


def _yes(value):
    return value == "yes"


# ---- Assessment ---------------------------------------------------------------------------------------


def assessment(request, pk):
    child = child_for_step(request, pk, "Child and family assessment", StepKey.ASSESSMENT)
    referral = _open_referral(child)
    if referral is None:
        return _no_referral(request, child, "an assessment")
    current = m.Assessment.objects.filter(referral=referral, authorised_date__isnull=True).first()
    last = (m.Assessment.objects.filter(child=child, authorised_date__isnull=False).exclude(pk=getattr(current, "pk", None))
            .order_by("-authorised_date").first())
    initial = {"start_date": current.start_date if current else referral.referral_date}
    copied, copied_sections = None, []
    if current:
        initial |= {"factors": current.factors, "outcome": current.outcome,
                    "child_seen": "yes" if current.child_seen else ("no" if current.child_seen is False else ""),
                    "child_seen_date": current.child_seen_date}
        initial |= {section: getattr(current, section) for section in m.Assessment.SECTIONS}
    wanted = request.GET.getlist("copy")
    if wanted and last:  # copy forward: every section ("1"), or the sections named
        copied = last
        copied_sections = list(m.Assessment.SECTIONS) if "1" in wanted else [s for s in m.Assessment.SECTIONS if s in wanted]
        initial |= {section: getattr(last, section) for section in copied_sections}
        if "1" in wanted:
            initial["factors"] = last.factors
        initial |= {"copied_from": last.pk, "copied_sections": " ".join(copied_sections)}
    returned = m.Authorisation.objects.filter(child=child, kind=Kind.ASSESSMENT, decision="returned",
                                              assessment_id=getattr(current, "pk", 0)).order_by("-decided_at").first()

    def save(data, me):
        source = m.Assessment.objects.filter(pk=data.get("copied_from"), child=child).first() if data.get("copied_from") else None
        services.submit_assessment(referral, start_date=data["start_date"], factors=data["factors"], outcome=data["outcome"],
                                   child_seen=_yes(data["child_seen"]), child_seen_date=data["child_seen_date"],
                                   summary=data["summary"], sections={s: data[s] for s in m.Assessment.SECTIONS},
                                   copied_from=source, copied_sections=(data.get("copied_sections") or "").split(),
                                   copied_reviewed=data["copied_reviewed"], by=me)
        return "Assessment sent to your manager for authorisation"

    known = [("Referral", f"{referral.referral_date:%-d %b %Y}, from {lists.REFERRAL_SOURCE.label(referral.source)}"),
             ("Primary need", lists.PRIMARY_NEED.label(referral.primary_need) if referral.primary_need else "Not yet known"),
             ("Assessment due", f"{add_working_days(referral.referral_date, ASSESSMENT_WORKING_DAYS):%-d %b %Y} "
                                f"({ASSESSMENT_WORKING_DAYS} working days from the referral)")]
    def being_written(lock):
        found = m.Assessment.objects.select_for_update() if lock else m.Assessment.objects
        return found.filter(referral=referral, authorised_date__isnull=True).first()

    return step_page(request, child, form_class=f.AssessmentForm, key=f"assessment-{referral.pk}", title="Child and family assessment",
                 button="Send for authorisation", save=save, initial=initial, known=known, template="casework/assessment_form.html",
                 edits=being_written, form_kwargs={"year": collection_year_of(timezone.localdate())},
                 extra={"last": last, "copied": copied or _unreviewed_copy(current), "returned": returned,
                        "copied_sections": copied_sections or _unreviewed_sections(current),
                        "sections": [(name, getattr(m.Assessment._meta.get_field(name), "verbose_name", name)) for name in m.Assessment.SECTIONS]})


def _unreviewed_copy(assessment):
    return assessment.copied_from if assessment and assessment.copied_from_id and not assessment.copied_reviewed else None


def _unreviewed_sections(assessment):
    return list(assessment.copied_sections) if _unreviewed_copy(assessment) else []


# ---- Child protection ---------------------------------------------------------------------------------


def strategy_discussion(request, pk):
    child = child_for_step(request, pk, "Strategy discussion", StepKey.STRATEGY_DISCUSSION)
    referral = _open_referral(child)
    if referral is None:
        return _no_referral(request, child, "a strategy discussion")

    held = (MeetingRecord.objects.filter(child=child, kind="strategy").exclude(
        held_on__in=m.StrategyDiscussion.objects.filter(child=child).values("date")).order_by("-held_on").first())
    if held is not None:  # already recorded as held on the meetings page: only its outcome is asked
        return _strategy_outcome(request, child, referral, held)
    booking = m.MeetingBooking.objects.filter(child=child, kind="strategy", held_on__isnull=True, cancelled_at__isnull=True,
                                              pk=request.GET.get("booking") or 0).first()
    rows = [(line.strip(), guess_agency(line)) for line in (booking.invitees.splitlines() if booking else []) if line.strip()]
    def save(data, me):
        chair = Professional.objects.filter(pk=data["chair"]).first() if data.get("chair") else None
        recorded = meeting_steps.hold_strategy_discussion(
            referral, held_on=data["held_on"], attendance=meeting_forms.attendance_of(data),
            information_shared=data["information_shared"], section47_agreed=_yes(data["section47_agreed"]),
            decisions=data["decisions"], actions=meeting_forms.recommendations_of(data), chair=chair, booking=booking, by=me)
        return "Strategy discussion recorded" + (" and section 47 enquiry started" if recorded.enquiry else "")

    initial = {"held_on": timezone.localtime(booking.starts_at).date() if booking else timezone.localdate(),
               "chair": booking.chair_id if booking else None}
    return step_page(request, child, form_class=meeting_forms.StrategyDiscussionHeldForm, key=f"strategy-{getattr(booking, 'pk', 'new')}",
                 title="Strategy discussion", button="Save", save=save, initial=initial, form_kwargs={"rows": rows},
                 template="meetings/strategy_form.html", extra={"booking": booking})


def _strategy_outcome(request, child, referral, held):
    """The outcome of a strategy discussion already recorded as held: its date, who came and what it decided
    are not typed again."""

    def save(data, me):
        took_part = ", ".join(sorted({a.get_agency_display() for a in held.attendance.all() if a.status == "attended"}))
        recorded = steps.record_strategy_discussion(referral, date=held.held_on, attendees=took_part[:500],
                                                    section47_agreed=_yes(data["section47_agreed"]), by=me)
        return "Strategy discussion recorded" + (" and section 47 enquiry started" if recorded.enquiry else "")

    known = [("Held", f"{held.held_on:%-d %b %Y}"), ("Decided", held.decisions)]
    return step_page(request, child, form_class=f.StrategyOutcomeForm, key=f"strategy-held-{held.pk}", title="Strategy discussion",
                 button="Save", save=save, known=known, initial={"section47_agreed": "yes"})


def section47_outcome(request, pk):
    child = child_for_step(request, pk, "Section 47 outcome", StepKey.SECTION47_OUTCOME)
    enquiry = m.Section47Enquiry.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    if enquiry is None:
        return _no_referral(request, child, "a section 47 outcome")

    def save(data, me):
        seen = _yes(data["child_seen"])
        steps.record_section47_outcome(enquiry, end_date=data["end_date"], outcome=data["outcome"], by=me, child_seen=seen,
                                       child_seen_date=data["child_seen_date"] if seen else None,
                                       seen_alone=_yes(data["seen_alone"]) if seen else None, child_said=data["child_said"],
                                       findings=data["findings"], concerns_substantiated=data["concerns_substantiated"],
                                       outcome_reasons=data["outcome_reasons"])
        return "Section 47 outcome recorded and sent to your manager for authorisation"

    known = [("Enquiry started", f"{enquiry.start_date:%-d %b %Y}"),
             ("Initial conference due", f"{enquiry.icpc_target_date:%-d %b %Y}" if enquiry.icpc_target_date else "–")]
    return step_page(request, child, form_class=f.Section47OutcomeForm, key=f"s47-{enquiry.pk}", title="Section 47 outcome",
                 button="Send for authorisation", save=save, initial={"end_date": timezone.localdate()}, known=known,
                 edits=lambda lock: (m.Section47Enquiry.objects.select_for_update() if lock else m.Section47Enquiry.objects)
                 .filter(pk=enquiry.pk).first())


def conference(request, pk):
    child = child_for_step(request, pk, "Child protection conference", StepKey.CONFERENCE)
    referral = _open_referral(child)
    if referral is None:
        return _no_referral(request, child, "a child protection conference")
    plan = m.ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).first()
    enquiry = (m.Section47Enquiry.objects.filter(child=child, referral=referral).exclude(conferences__kind="initial")
               .order_by("-start_date").first())
    initial_conference = plan is None
    last = m.ChildProtectionConference.objects.filter(child=child).exclude(chair=None).order_by("-date").first()
    outcomes = ([("plan", "Child protection plan"), ("no_plan", "No plan; child in need")] if initial_conference
                else [("continue", "Plan continues"), ("end", "Plan ends")])

    def save(data, me):
        chair = m.Professional.objects.filter(pk=data["chair"]).first() if data["chair"] else None
        held = steps.record_conference(referral, date=data["date"], outcome=data["outcome"], chair=chair, enquiry=enquiry,
                                       plan=plan, category=data["category"], by=me)
        if held.plan is not None:
            return "Conference recorded: child protection plan started"
        return "Review conference recorded: the plan has ended" if held.plan_ended else "Conference recorded"

    known = [("Conference", "Initial child protection conference" if initial_conference else "Review child protection conference")]
    if enquiry and enquiry.icpc_target_date and initial_conference:
        known.append(("Due by", f"{enquiry.icpc_target_date:%-d %b %Y} (15 working days from the strategy discussion)"))
    if plan:
        known.append(("Plan", f"since {plan.start_date:%-d %b %Y}, {lists.CATEGORY_OF_ABUSE.label(plan.latest_category).lower()}"))
    kinds = ["initial_conference", "review_conference"]
    held = MeetingRecord.objects.filter(child=child, kind__in=kinds).exclude(
        held_on__in=m.ChildProtectionConference.objects.filter(child=child).values("date")).order_by("-held_on").first()
    if held is not None:  # already recorded as held on the meetings page: only its outcome is asked
        return step_page(request, child, form_class=f.ConferenceForm, key="conference", title="Child protection conference",
                     button="Save", save=save, form_kwargs={"outcomes": outcomes}, known=known,
                     initial=_from_meeting_held(child, kinds, m.ChildProtectionConference, last))
    booking = m.MeetingBooking.objects.filter(child=child, kind="initial_conference" if initial_conference else "review_conference",
                                              held_on__isnull=True, cancelled_at__isnull=True,
                                              pk=request.GET.get("booking") or 0).first()
    rows = [(line.strip(), guess_agency(line)) for line in (booking.invitees.splitlines() if booking else []) if line.strip()]
    documents = list(documents_visible_to(request.user, Document.objects.filter(child=child)).order_by("-date")[:30])

    def save_once(data, me):
        chair = Professional.objects.filter(pk=data["chair"]).first() if data.get("chair") else None
        recorded = meeting_steps.hold_conference(
            referral, held_on=data["held_on"], attendance=meeting_forms.attendance_of(data, documents), decisions=data["decisions"],
            outcome=data["outcome"], chair=chair, minutes=data["minutes"], child_participation=data["child_participation"],
            parents_participation=data["parents_participation"], recommendations=meeting_forms.recommendations_of(data),
            enquiry=enquiry, plan=plan, category=data["category"], plan_purpose=data["plan_purpose"], booking=booking, by=me)
        if recorded.plan is not None:
            actions = recorded.outline.actions.count() if recorded.outline else 0
            return f"Conference recorded: child protection plan started, its outline plan with {counted(actions, 'action')}"
        return "Review conference recorded: the plan has ended" if plan is not None and data["outcome"] == "end" else "Conference recorded"

    chair = booking.chair_id if booking else (last.chair_id if last else None)
    initial = {"held_on": timezone.localtime(booking.starts_at).date() if booking else timezone.localdate(), "chair": chair}
    return step_page(request, child, form_class=meeting_forms.ConferenceHeldForm, key=f"conference-{getattr(booking, 'pk', 'new')}",
                 title="Child protection conference", button="Save", save=save_once, known=known, initial=initial,
                 form_kwargs={"outcomes": outcomes, "rows": rows, "documents": documents},
                 template="meetings/conference_form.html", extra={"booking": booking})


def core_group(request, pk):
    child = child_for_step(request, pk, "Core group meeting", StepKey.CORE_GROUP)
    plan = m.ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).first()
    if plan is None:
        return _no_referral(request, child, "a core group")

    def save(data, me):
        services.record_core_group(plan, date=data["date"], recorded_by=me)
        return "Core group meeting recorded"

    return step_page(request, child, form_class=f.CoreGroupForm, key="core-group", title="Core group meeting", button="Save",
                 save=save, initial={"date": timezone.localdate()})


# ---- Visits ---------------------------------------------------------------------------------------------


def visit_kind(child) -> str:
    """The kind of visit the child's current status calls for (the worker can change it)."""
    if m.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).exists():
        return "cla"
    if m.ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).exists():
        return "cp"
    return "cin"


def visit(request, pk):
    child = child_for_step(request, pk, "Statutory visit", StepKey.VISIT)

    def save(data, me):
        record_visit(child, date=data["date"], kind=data["kind"], seen=data["seen"], seen_alone=data["seen_alone"],
                     bedroom_seen={"yes": True, "no": False}.get(data["bedroom_seen"]), child_views=data["child_views"],
                     observed=data["observed"], next_steps=data["next_steps"], note=data["note"], by=me)
        return "Visit recorded"

    return step_page(request, child, form_class=f.VisitForm, key="visit", title="Statutory visit", button="Save visit",
                 save=save, initial={"date": timezone.localdate(), "kind": visit_kind(child)})  # "seen" is said, never assumed


# ---- Looked after ---------------------------------------------------------------------------------------


def looked_after(request, pk):
    child = child_for_step(request, pk, "Becoming looked after", StepKey.LOOKED_AFTER)
    referral = _open_referral(child)

    def save(data, me):
        placement = {k: data[k] for k in ("placement_type", "provider", "carer_reference", "postcode", "urn", "intended_until_18")}
        iro = Professional.objects.get(pk=data["iro"], role_id=RoleCode.IRO) if data.get("iro") else None
        steps.record_becoming_looked_after(child, start_date=data["start_date"], legal_status=data["legal_status"],
                                           category_of_need=data["category_of_need"], placement=placement,
                                           referral=referral, iro=iro, by=me)
        return "Recorded as looked after and sent to your manager for authorisation"

    return step_page(request, child, form_class=f.LookedAfterForm, key="looked-after", title="Becoming looked after",
                 button="Save and send for authorisation", save=save, check_ssda903=True,
                 initial={"start_date": timezone.localdate(), "category_of_need": referral.primary_need if referral else ""})


def meeting_book(request, pk):
    """Book a strategy discussion, conference or looked-after review; the chair is told."""
    child = child_for_step(request, pk, "Book a meeting", StepKey.MEETING, or_step=StepKey.BOOK_MEETING)

    def save(data, me):
        may_book_meeting(request, data["kind"])
        chair = Professional.objects.filter(pk=data["chair"]).first() if data.get("chair") else None
        booking = services.book_meeting(child, kind=data["kind"], starts_at=aware(data["starts_on"], data["starts_time"]),
                                        venue=data["venue"], chair=chair, invitees=data["invitees"], recorded_by=me)
        return f"{booking.get_kind_display()} booked for {timezone.localtime(booking.starts_at):%-d %B %Y at %H:%M}"

    return step_page(request, child, form_class=f.MeetingBookingForm, key="meeting", title="Book a meeting", button="Book it", save=save)


def may_book_meeting(request, kind: str) -> None:
    """Booking, moving or cancelling: whoever records a meeting of this kind, or whoever arranges meetings."""
    role = policy.role_of(request.user)
    if role is not None and not may_book(role.code, kind):
        raise ValidationError({"kind": f"Your role does not book or record a {meeting_step(kind).label.lower()}: ask the child's social worker"})


def may_hold_meeting(request, kind: str) -> None:
    """A meeting's kind is its step: booking a strategy discussion is a section 47 step (staff.steps)."""
    role = policy.role_of(request.user)
    step = meeting_step(kind)
    if role is not None and not may_record(role.code, step):
        raise ValidationError({"kind": f"Your role does not book or record a {step.label.lower()}: ask the child's social worker"})


def kinship_new(request, pk):
    """A child cared for by family or friends; the carer is someone already on the family."""
    child = child_for_step(request, pk, "Kinship arrangement", StepKey.KINSHIP)
    carers = [(member.person, member.label) for member in family_members(child) if member.person.kind == "adult" and not member.ended]

    def save(data, me):
        carer = next(p for p, _ in carers if p.pk == data["carer"])
        made = services.record_kinship(child, carer=carer, kind=data["kind"], start_date=data["start_date"],
                                       approved_until=data["approved_until"], support=data["support"], recorded_by=me)
        return f"{made.get_kind_display()} recorded"

    return step_page(request, child, form_class=f.KinshipForm, key="kinship", title="Kinship arrangement", button="Save", save=save,
                 form_kwargs={"carers": carers}, initial={"start_date": timezone.localdate()})


def kinship_end(request, pk, arrangement_pk):
    child = child_for_step(request, pk, "End a kinship arrangement", StepKey.KINSHIP)
    arrangement = get_object_or_404(m.KinshipArrangement, pk=arrangement_pk, child=child)

    def save(data, me):
        services.end_kinship(arrangement, end_date=data["end_date"])
        return "Kinship arrangement ended"

    return step_page(request, child, form_class=f.KinshipEndForm, key=f"kinship-end-{arrangement.pk}", title="End a kinship arrangement",
                 button="Save", save=save, initial={"end_date": timezone.localdate()},
                 known=[("Arrangement", arrangement.get_kind_display())],
                 edits=lambda lock: (m.KinshipArrangement.objects.select_for_update() if lock else m.KinshipArrangement.objects)
                 .get(pk=arrangement.pk))


def meeting_change(request, pk, booking_pk):
    """Move, re-venue or cancel a booked meeting (a stale form is refused); the chair is told."""
    child = child_for_step(request, pk, "Change a meeting", StepKey.MEETING, or_step=StepKey.BOOK_MEETING)
    booking = get_object_or_404(m.MeetingBooking, pk=booking_pk, child=child)
    local = timezone.localtime(booking.starts_at)

    def save(data, me):
        may_book_meeting(request, booking.kind)
        chair = Professional.objects.filter(pk=data["chair"]).first() if data.get("chair") else None
        changed = services.change_booking(booking, starts_at=aware(data["starts_on"], data["starts_time"]), venue=data["venue"],
                                          chair=chair, invitees=data["invitees"], cancel=data["cancel"], by=me)
        what = "cancelled" if changed.cancelled_at else f"now {timezone.localtime(changed.starts_at):%-d %b %Y at %H:%M}, {changed.venue}"
        return f"{changed.get_kind_display()}: {what}"

    return step_page(request, child, form_class=f.MeetingChangeForm, key=f"meeting-{booking.pk}", title=f"Change the {booking.get_kind_display().lower()}",
                 button="Save", save=save, initial={"starts_on": local.date(), "starts_time": f"{local:%H:%M}", "venue": booking.venue,
                                                    "chair": booking.chair_id, "invitees": booking.invitees},
                 edits=lambda lock: m.MeetingBooking.objects.select_for_update().get(pk=booking.pk) if lock else booking)


def _current_period(child):
    return m.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()


def placement_move(request, pk):
    child = child_for_step(request, pk, "New placement", StepKey.PLACEMENT)
    period = _current_period(child)
    if period is None:
        return _no_referral(request, child, "a placement")
    current = period.placements.filter(end_date__isnull=True).first()

    def save(data, me):
        placement = {k: data[k] for k in ("placement_type", "provider", "carer_reference", "postcode", "urn", "intended_until_18")}
        services.move_placement(period, date=data["date"], reason_changed=data["reason_changed"], recorded_by=me, **placement)
        return "New placement recorded"

    known = [("Current placement", f"{lists.PLACEMENT_TYPE.label(current.placement_type)} since {current.start_date:%-d %b %Y}")] if current else []
    return step_page(request, child, form_class=f.PlacementMoveForm, key="placement", title="New placement", button="Save",
                 save=save, known=known, check_ssda903=True,
                 initial={"date": timezone.localdate(), "provider": getattr(current, "provider", "")})


def lac_review(request, pk):
    child = child_for_step(request, pk, DueKind.LAC_REVIEW, StepKey.LAC_REVIEW)
    period = _current_period(child)
    if period is None:
        return _no_referral(request, child, "a looked-after review")
    last = m.LookedAfterReview.objects.filter(child=child).exclude(chair=None).order_by("-date").first()

    def save(data, me):
        chair = m.Professional.objects.filter(pk=data["chair"]).first() if data["chair"] else None
        services.record("review", child, period=period, date=data["date"], chair=chair, participation=data["participation"])
        return "Looked-after review recorded"

    held = MeetingRecord.objects.filter(child=child, kind="lac_review").exclude(
        held_on__in=m.LookedAfterReview.objects.filter(child=child).values("date")).order_by("-held_on").first()
    if held is not None:  # already recorded as held on the meetings page: only what the return counts is asked
        return step_page(request, child, form_class=f.LookedAfterReviewForm, key="lac-review", title=DueKind.LAC_REVIEW,
                     button="Save", save=save, check_ssda903=True,
                     initial=_from_meeting_held(child, ["lac_review"], m.LookedAfterReview, last))
    booking = m.MeetingBooking.objects.filter(child=child, kind="lac_review", held_on__isnull=True, cancelled_at__isnull=True,
                                              pk=request.GET.get("booking") or 0).first()
    rows = [(line.strip(), guess_agency(line)) for line in (booking.invitees.splitlines() if booking else []) if line.strip()]
    documents = list(documents_visible_to(request.user, Document.objects.filter(child=child)).order_by("-date")[:30])

    def save_once(data, me):
        chair = Professional.objects.filter(pk=data["chair"]).first() if data.get("chair") else None
        meeting_steps.hold_lac_review(period, held_on=data["held_on"], participation=data["participation"],
                                      attendance=meeting_forms.attendance_of(data, documents), decisions=data["decisions"],
                                      chair=chair, minutes=data["minutes"], parents_participation=data["parents_participation"],
                                      recommendations=meeting_forms.recommendations_of(data), booking=booking, by=me)
        return "Looked-after review recorded"

    chair = booking.chair_id if booking else (last.chair_id if last else None)
    initial = {"held_on": timezone.localtime(booking.starts_at).date() if booking else timezone.localdate(), "chair": chair}
    return step_page(request, child, form_class=meeting_forms.LookedAfterReviewHeldForm, key=f"lac-review-{getattr(booking, 'pk', 'new')}",
                 title=DueKind.LAC_REVIEW, button="Save", save=save_once, check_ssda903=True, initial=initial,
                 form_kwargs={"rows": rows, "documents": documents}, template="meetings/review_form.html",
                 extra={"booking": booking})


# ---- Closing --------------------------------------------------------------------------------------------


def close_case(request, pk):
    child = child_for_step(request, pk, "Close the case", StepKey.CLOSE_CASE)
    referral = _open_referral(child)
    if referral is None:
        return _no_referral(request, child, "closing")

    def save(data, me):
        services.request_closure(referral, closure_date=data["closure_date"], reason=data["reason"], by=me)
        return "Closure sent to your manager for authorisation: the case stays open until it is authorised"

    return step_page(request, child, form_class=f.CloseCaseForm, key="close", title="Close the case",
                 button="Send for authorisation", save=save, initial={"closure_date": timezone.localdate()},
                 known=[("Referral", f"{referral.referral_date:%-d %b %Y}")])


# ---- Manager authorisation ------------------------------------------------------------------------------


def _may_authorise(request):
    if not policy.may_authorise(request.user):
        require(request, "manages_team", "authorisations")  # refused, and the refusal audited


def authorisations(request):
    _may_authorise(request)
    requests = list(waiting_for(request.user.professional))
    name_for_lists(request.user, [r.child for r in requests])
    return render(request, "casework/authorisations.html", {"requests": requests, "today": timezone.localdate()})


def authorisation_decide(request, auth_pk):
    _may_authorise(request)
    auth = get_object_or_404(m.Authorisation.objects.select_related("requested_by"), pk=auth_pk)
    # Whoever recorded it, or last edited it, never signs it off: another manager of the team does.
    own = auth.requested_by and auth.requested_by.user_id == request.user.pk
    child = open_child(request, auth.child_id, f"authorisation: {auth.get_kind_display().lower()}", for_work=True,
                       refusal="a manager cannot authorise what they recorded or last edited" if own else "")
    form = f.DecisionForm(request.POST or None, initial={"version": versions.token(auth)})
    if request.method == "POST" and form.is_valid():
        me = request.user.professional
        def decide():
            versions.check(form.cleaned_data["version"], m.Authorisation.objects.select_for_update().get(pk=auth.pk))
            if form.cleaned_data["decision"] == "authorise":
                services.authorise(auth, by=me, comment=form.cleaned_data["comment"])
                return "Authorised"
            services.return_for_changes(auth, by=me, comment=form.cleaned_data["comment"])
            return "Returned for changes"

        saved = save_step(request, child, form, lambda outcome: f"{auth.get_kind_display().lower()}: {outcome.lower()}", decide)
        if saved is not None:
            messages.success(request, f"{saved.value}: {auth.summary}")
            return redirect("casework:authorisations")
    subject = _authorised_thing(auth)
    sections = [(getattr(m.Assessment._meta.get_field(name), "verbose_name", name), getattr(subject, name), name in subject.copied_sections)
                for name in m.Assessment.SECTIONS] if isinstance(subject, m.Assessment) else []
    return render(request, "casework/authorisation_decide.html", {"auth": auth, "child": child, "form": form, "subject": subject,
                                                                  "assessment_sections": sections,
                                                                  "may_open": can_read(request.user, child)})


def _authorised_thing(auth):
    return auth.subject


# ---- Where each piece of due work is done --------------------------------------------------------------

ACTIONS: dict[DueKind, str | tuple[str, ...] | None] = {
    DueKind.CONTACT_DECISION: None,
    DueKind.ASSESSMENT: "casework:journey-assessment",
    DueKind.ASSESSMENT_AUTHORISATION: "casework:journey-assessment",
    DueKind.INITIAL_CONFERENCE: "casework:journey-conference",
    DueKind.FIRST_CORE_GROUP: "casework:journey-core-group",
    DueKind.REVIEW_CONFERENCE: "casework:journey-conference",
    DueKind.FIRST_REVIEW_CONFERENCE: "casework:journey-conference",
    DueKind.CP_VISIT: "casework:journey-visit",
    DueKind.CIN_VISIT: "casework:journey-visit",
    DueKind.FIRST_WEEK_VISIT: "casework:journey-visit",
    DueKind.LAC_VISIT: "casework:journey-visit",
    DueKind.LAC_REVIEW: "casework:journey-lac-review",
}


def action_url(item, back_to: str = "") -> str:
    """The form that does this piece of due work (or the record's chronology section); a form
    returns to ``back_to`` when saved."""
    from django.utils.http import urlencode

    action = ACTIONS.get(item.work) or extensions.actions().get(item.work)  # a URL name, or (name, further arguments after the child's)
    back = f"?{urlencode({'next': back_to})}" if back_to else ""
    if action:
        parts: tuple[str, ...] = (action,) if isinstance(action, str) else action
        return reverse(parts[0], args=[item.child_id, *parts[1:]]) + back
    if item.work == DueKind.CONTACT_DECISION:
        contact = m.Contact.objects.filter(child_id=item.child_id, outcome="").first()
        if contact:
            return reverse("casework:contact-decide", args=[contact.pk])
    return reverse("web:child-record", args=[item.child_id]) + f"?type={item.kind}#chronology"


class RecordStep(NamedTuple):
    """A step the record offers: its form, and the step it records (whose roles the table names)."""

    label: str
    url: str
    key: StepKey


def next_steps(child, summary=None) -> list[RecordStep]:
    """The steps that can be recorded for this child now, in journey order (``steps_for`` keeps those
    the user's role records). ``summary``: the child's summary, when the page has read it already."""
    steps = []
    if summary is not None:
        referral, period, plan = summary.open_referral, summary.period, summary.on_cp_plan
    else:
        referral = _open_referral(child)
        period = _current_period(child)
        plan = m.ChildProtectionPlan.objects.filter(child=child, end_date__isnull=True).exists()

    def offer(label, name, key):
        steps.append(RecordStep(label, reverse(name, args=[child.pk]), key))

    if referral:
        # What the open referral has reached, in one query.
        enquiries = m.Section47Enquiry.objects.filter(child=child)
        assessed, enquiring, conference_due = m.Referral.objects.filter(pk=referral.pk).values_list(
            Exists(m.Assessment.objects.filter(referral=OuterRef("pk"), authorised_date__isnull=False)),
            Exists(enquiries.filter(end_date__isnull=True)),
            Exists(enquiries.filter(referral=OuterRef("pk"), outcome="icpc").exclude(conferences__kind="initial"))).get()
        if not assessed:
            offer("Child and family assessment", "casework:journey-assessment", StepKey.ASSESSMENT)
        offer("Strategy discussion", "casework:journey-strategy", StepKey.STRATEGY_DISCUSSION)
        if enquiring:
            offer("Section 47 outcome", "casework:journey-s47-outcome", StepKey.SECTION47_OUTCOME)
        if plan or conference_due:
            offer("Child protection conference", "casework:journey-conference", StepKey.CONFERENCE)
        if plan:
            offer("Core group meeting", "casework:journey-core-group", StepKey.CORE_GROUP)
    offer("Statutory visit", "casework:journey-visit", StepKey.VISIT)
    if period:
        offer("New placement", "casework:journey-placement", StepKey.PLACEMENT)
        offer("Looked-after review", "casework:journey-lac-review", StepKey.LAC_REVIEW)
    elif referral:
        offer("Becoming looked after", "casework:journey-looked-after", StepKey.LOOKED_AFTER)
    if referral or period:
        offer("Book a meeting", "casework:meeting-book", StepKey.BOOK_MEETING)
        offer("Kinship arrangement", "casework:kinship-new", StepKey.KINSHIP)
    for more in extensions.steps():  # the practice apps' own steps
        steps += [RecordStep(*offered) for offered in more(child, referral, period)]
    if referral:
        offer("Close the case", "casework:journey-close", StepKey.CLOSE_CASE)
    return steps


def offered_to(role_code: str | None, step: RecordStep) -> bool:
    """The role × step table decides which steps a role is offered (never a label): booking a meeting
    is offered to whoever records or arranges meetings."""
    if step.key == StepKey.BOOK_MEETING:
        return may_record(role_code, StepKey.BOOK_MEETING) or may_record(role_code, StepKey.MEETING)
    return may_record(role_code, step.key)


