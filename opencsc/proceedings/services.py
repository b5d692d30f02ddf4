"""Every write about pre-proceedings and proceedings, each in its own transaction.

Dates are checked as elsewhere (not in the future, in order), but a fact the law requires to be
recorded is never refused for being late or out of order with the Public Law Outline: a court
application made although a parent accepted a family group decision-making meeting that was never
held is recorded, and ``s31za_findings`` says what is wrong and who should put it right.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from opencsc.casework import dates
from opencsc.casework import models as casework
from opencsc.casework import services as cw
from opencsc.codes import lists
from opencsc.people.models import Person, Relationship
from opencsc.staff.models import Professional
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from . import models as m

MAX_EXTENSION_WEEKS = 8  # CA 1989 s32(5)-(8): each extension up to eight weeks
STATUS_OF_ORDER = {"interim_care": "C1", "care": "C2"}  # the legal status a care order gives a looked-after child


def _bump(obj: m.PreProceedings | m.CareProceedings) -> None:
    type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def start_pre_proceedings(children: list[Person], *, legal_planning_date: date, decision: str, decision_date: date | None = None,
                          by: Professional | None = None) -> m.PreProceedings:
    """The legal planning meeting decided to start pre-proceedings, for these siblings together."""
    if not children:
        raise ValidationError({"children": "Choose the children the pre-proceedings are about"})
    if not (decision or "").strip():
        raise ValidationError({"decision": "Say what the legal planning meeting decided, and why"})
    decision_date = decision_date or legal_planning_date
    dates.not_future("legal_planning_date", legal_planning_date, "The legal planning meeting")
    dates.not_before("decision_date", decision_date, legal_planning_date, "The decision cannot come before the meeting that made it")
    open_already = m.PreProceedings.objects.filter(children__in=children, step_decision_date__isnull=True).distinct()
    if open_already.exists():
        raise ValidationError({"children": "One of these children is already in pre-proceedings: add to that instead"})
    pre = m.PreProceedings.objects.create(legal_planning_date=legal_planning_date, legal_planning_decision=decision.strip(),
                                          decision_date=decision_date, recorded_by=by)
    pre.children.set(children)
    return pre


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def send_letter_before_proceedings(pre: m.PreProceedings, *, sent_on: date, fgdm_offered: bool,
                                   not_offered_reason: str = "") -> m.PreProceedings:
    """The letter before proceedings, with the offer of a family group decision-making meeting in it
    (s31ZA CA 1989), or the reason an offer was not in the child's best interests."""
    dates.not_future("sent_on", sent_on, "The date the letter was sent")
    dates.not_before("sent_on", sent_on, pre.decision_date, "The letter cannot be sent before pre-proceedings started")
    if not fgdm_offered and not (not_offered_reason or "").strip():
        raise ValidationError({"not_offered_reason": "Say why a family group decision-making meeting was not offered "
                                                     "(it must be, unless that is not in the child's best interests)"})
    pre.letter_sent_on, pre.fgdm_offered = sent_on, fgdm_offered
    pre.fgdm_not_offered_reason = "" if fgdm_offered else not_offered_reason.strip()
    pre.save(update_fields=["letter_sent_on", "fgdm_offered", "fgdm_not_offered_reason", "updated_at"])
    _bump(pre)
    return pre


def parents_of(pre: m.PreProceedings) -> list[Person]:
    """Everyone with parental responsibility for any of the children: each is offered the meeting."""
    ids = pre.children.values_list("pk", flat=True)
    holders = Relationship.objects.filter(person_id__in=ids, parental_responsibility=True, pr_end_date__isnull=True,
                                          relative__kind="adult").select_related("relative")
    seen, out = set(), []
    for rel in holders:
        if rel.relative_id not in seen:
            seen.add(rel.relative_id)
            out.append(rel.relative)
    return out


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def record_parent_response(pre: m.PreProceedings, parent: Person, *, accepted: bool, responded_on: date) -> m.ParentResponse:
    if not pre.fgdm_offered:
        raise ValidationError({"accepted": "No family group decision-making meeting was offered in the letter"})
    dates.not_before("responded_on", responded_on, pre.letter_sent_on, "A parent cannot answer before the letter was sent")
    dates.not_future("responded_on", responded_on, "The answer")
    response, _ = m.ParentResponse.objects.update_or_create(pre_proceedings=pre, parent=parent,
                                                           defaults={"accepted": accepted, "responded_on": responded_on})
    _bump(pre)
    return response


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def record_fgdm_held(pre: m.PreProceedings, *, held_on: date) -> m.PreProceedings:
    dates.not_future("held_on", held_on, "The meeting")
    dates.not_before("held_on", held_on, pre.letter_sent_on, "The meeting cannot be before the letter that offered it")
    pre.fgdm_held_on = held_on
    pre.save(update_fields=["fgdm_held_on", "updated_at"])
    _bump(pre)
    return pre


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def record_meeting(pre: m.PreProceedings, *, date: date, notes: str = "") -> m.PreProceedingsMeeting:
    """The first meeting recorded is the initial pre-proceedings meeting; each later one is a review."""
    dates.not_future("date", date, "The meeting")
    dates.not_before("date", date, pre.decision_date, "A pre-proceedings meeting cannot come before pre-proceedings started")
    first = pre.meetings.order_by("date").first()
    if first is not None and date < first.date:
        raise ValidationError({"date": f"The initial meeting was on {first.date:%-d %b %Y}: a review cannot come before it"})
    kind = "review" if first is not None else "initial"
    meeting = m.PreProceedingsMeeting.objects.create(pre_proceedings=pre, kind=kind, date=date, notes=notes)
    _bump(pre)
    return meeting


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def decide_step(pre: m.PreProceedings, *, on: date, outcome: str) -> m.PreProceedings:
    """The decision to step down or to issue care proceedings (StepDecisionDate, PPOutcome)."""
    dates.not_future("on", on, "The decision")
    dates.not_before("on", on, pre.decision_date, "The decision cannot come before pre-proceedings started")
    if outcome not in lists.PRE_PROCEEDINGS_OUTCOME:
        raise ValidationError({"outcome": "Choose the outcome of pre-proceedings"})
    pre.step_decision_date, pre.outcome = on, outcome
    pre.save(update_fields=["step_decision_date", "outcome", "updated_at"])
    _bump(pre)
    return pre


@records(StepKey.CARE_PROCEEDINGS)
@transaction.atomic
def apply_to_court(pre: m.PreProceedings | None, children: list[Person], *, application_date: date, court: str,
                   case_number: str = "", by: Professional | None = None) -> m.CareProceedings:
    """The application for a care or supervision order. It is recorded even when s31ZA was not met
    (the application has been made); ``s31za_findings`` then says so."""
    dates.not_future("application_date", application_date, "The application")
    if not (court or "").strip():
        raise ValidationError({"court": "Enter the court the application was made to"})
    if pre is not None:
        dates.not_before("application_date", application_date, pre.step_decision_date or pre.decision_date,
                    "The application cannot come before the decision to issue")
    proceedings = m.CareProceedings.objects.create(pre_proceedings=pre, application_date=application_date, court=court.strip(),
                                                   case_number=case_number.strip(), recorded_by=by)
    proceedings.children.set(children)
    return proceedings


@records(StepKey.PRE_PROCEEDINGS)
@transaction.atomic
def send_issue_letter(pre: m.PreProceedings, *, sent_on: date) -> m.PreProceedings:
    """The letter telling parents that proceedings are being issued (LetterInitCPDate)."""
    dates.not_future("sent_on", sent_on, "The letter")
    pre.issue_letter_sent_on = sent_on
    pre.save(update_fields=["issue_letter_sent_on", "updated_at"])
    _bump(pre)
    return pre


@records(StepKey.CARE_PROCEEDINGS)
@transaction.atomic
def extend(proceedings: m.CareProceedings, *, granted_on: date, weeks: int, reason: str) -> m.Extension:
    if not 1 <= weeks <= MAX_EXTENSION_WEEKS:
        raise ValidationError({"weeks": f"An extension is of 1 to {MAX_EXTENSION_WEEKS} weeks (s32(8) Children Act 1989)"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the court extended the timetable"})
    dates.not_before("granted_on", granted_on, proceedings.application_date, "An extension cannot come before the application")
    dates.not_future("granted_on", granted_on, "The extension")
    made = m.Extension.objects.create(proceedings=proceedings, granted_on=granted_on, weeks=weeks, reason=reason.strip())
    _bump(proceedings)
    return made


@records(StepKey.CARE_PROCEEDINGS)
@transaction.atomic
def record_hearing(proceedings: m.CareProceedings, *, date: date, kind: str, outcome: str = "") -> m.Hearing:
    dates.not_before("date", date, proceedings.application_date, "A hearing cannot come before the application")
    if kind not in lists.HEARING_KIND:
        raise ValidationError({"kind": "Choose the kind of hearing"})
    made = m.Hearing.objects.create(proceedings=proceedings, date=date, kind=kind, outcome=outcome)
    _bump(proceedings)
    return made


@records(StepKey.CARE_PROCEEDINGS)
@transaction.atomic
def make_order(proceedings: m.CareProceedings, child: Person, *, kind: str, made_on: date, hearing: m.Hearing | None = None,
               by: Professional | None = None) -> m.CourtOrder:
    """An order made in the proceedings becomes the child's legal order; an interim or full care order
    sets a looked-after child's legal status (C1 or C2) from that day. A final order ends the proceedings."""
    if not proceedings.children.filter(pk=child.pk).exists():
        raise ValidationError({"child": f"{child.full_name} is not a subject of these proceedings"})
    dates.not_before("made_on", made_on, proceedings.application_date, "An order cannot be made before the application")
    order = cw.record_legal_order(child, kind=kind, start_date=made_on, court=proceedings.court, recorded_by=by)
    if kind in ("interim_care", "interim_supervision"):
        casework.LegalOrder.objects.filter(child=child, kind__in=["interim_care", "interim_supervision"], end_date__isnull=True,
                                           start_date__lt=made_on).update(end_date=made_on)
    elif kind in ("care", "supervision", "placement", "sgo", "cao"):  # final: interim orders end, the clock stops
        casework.LegalOrder.objects.filter(child=child, kind__in=["interim_care", "interim_supervision"],
                                           end_date__isnull=True).exclude(pk=order.pk).update(end_date=made_on)
        if proceedings.concluded_on is None:
            proceedings.concluded_on = made_on
            proceedings.save(update_fields=["concluded_on"])
    status = STATUS_OF_ORDER.get(kind)
    period = casework.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()
    if status and period is not None:
        current = period.legal_statuses.filter(end_date__isnull=True).first()
        if current is not None and made_on < current.start_date:
            raise ValidationError({"made_on": f"{child.first_name}'s current legal status began on {current.start_date:%-d %b %Y}: "
                                              "an order setting a new one cannot be dated before it"})
        if current is None or current.code != status:
            cw.change_legal_status(period, date=made_on, code=status, recorded_by=by)
    made = m.CourtOrder.objects.create(proceedings=proceedings, child=child, legal_order=order, hearing=hearing)
    _bump(proceedings)
    return made


@transaction.atomic
def attach_orders(proceedings: m.CareProceedings, orders: Iterable[casework.LegalOrder]) -> None:
    """Orders already on the record (an import, the generator) made in these proceedings: linked, their
    court named, and a final care order concludes the proceedings."""
    subjects = set(proceedings.children.values_list("pk", flat=True))
    for order in sorted(orders, key=lambda o: o.start_date):
        if order.child_id not in subjects:
            continue
        if not order.court:
            order.court = proceedings.court
            order.save(update_fields=["court"])
        m.CourtOrder.objects.get_or_create(legal_order=order, defaults={"proceedings": proceedings, "child_id": order.child_id})
        if order.kind in ("care", "supervision", "placement", "sgo", "cao") and proceedings.concluded_on is None:
            proceedings.concluded_on = order.start_date
            proceedings.save(update_fields=["concluded_on"])


@records(StepKey.LIBERTY_ORDER)
@transaction.atomic
def record_liberty_order(child: Person, *, start_date: date, court: str, end_date: date | None = None,
                         by: Professional | None = None) -> m.DeprivationOfLibertyOrder:
    """A deprivation of liberty order (SSDA903 DoLo from 2026/27)."""
    if not (court or "").strip():
        raise ValidationError({"court": "Enter the court that authorised the deprivation of liberty"})
    dates.not_future("start_date", start_date, "The order's start")
    dates.not_before("end_date", end_date, start_date, "An order cannot end before it starts")
    return m.DeprivationOfLibertyOrder.objects.create(child=child, start_date=start_date, end_date=end_date, court=court.strip(),
                                                      recorded_by=by)


@records(StepKey.LIBERTY_ORDER)
@transaction.atomic
def end_liberty_order(order: m.DeprivationOfLibertyOrder, *, end_date: date) -> m.DeprivationOfLibertyOrder:
    dates.not_before("end_date", end_date, order.start_date, "An order cannot end before it starts")
    order.end_date = end_date
    order.save(update_fields=["end_date"])
    return order
