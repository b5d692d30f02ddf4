"""Pages for pre-proceedings, care proceedings and deprivation of liberty orders. Each step is a small
form through the journey's step helper: drafts, saved once, refused when stale, audited."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from opencsc.access.gate import client_ip, open_child
from opencsc.access.relatives import split_group, tell_holding_teams_of_a_group_step
from opencsc.people.selectors import child_and_siblings
from opencsc.staff.steps import StepKey
from opencsc.web.step_pages import child_for_step, step_page

from . import forms as f
from . import models as m
from . import services
from .selectors import current_pre_proceedings, current_proceedings, s31za_findings, week_26


def steps_offered(child, referral, period):
    if referral is None and period is None:
        return []
    return [("Pre-proceedings", reverse("proceedings:pre-proceedings", args=[child.pk]), StepKey.PRE_PROCEEDINGS),
            ("Care proceedings and court orders", reverse("proceedings:care-proceedings", args=[child.pk]), StepKey.CARE_PROCEEDINGS)]




def _yes(value):
    return value == "yes"


def pre_proceedings(request, pk):
    child = open_child(request, pk, "pre-proceedings")
    pre = current_pre_proceedings(child)
    parents = services.parents_of(pre) if pre else []
    answered = {r.parent_id: r for r in pre.responses.all()} if pre else {}
    meetings = list(pre.meetings.all()) if pre else []
    return render(request, "proceedings/pre_proceedings.html", {
        "child": child, "pre": pre, "findings": s31za_findings(pre) if pre else [],
        "parents": [(p, answered.get(p.pk)) for p in parents], "meetings": meetings,
        "reviews": sum(1 for meeting in meetings if meeting.kind == "review"),
        "proceedings": m.CareProceedings.objects.filter(pre_proceedings=pre).first() if pre else None,
    })


def _locked(pre):
    return lambda lock: (m.PreProceedings.objects.select_for_update() if lock else m.PreProceedings.objects).get(pk=pre.pk)


def _pre_step(request, pk, title: str, slug: str):
    """The child and their current pre-proceedings for one step, or where to go instead (none yet)."""
    child = child_for_step(request, pk, title, StepKey.PRE_PROCEEDINGS)
    pre = current_pre_proceedings(child)
    back = reverse("proceedings:pre-proceedings", args=[child.pk])
    if pre is None:
        messages.info(request, "Start pre-proceedings first: the legal planning meeting's decision")
        return child, None, redirect(back)
    return child, pre, {"edits": _locked(pre), "key": f"pre-proceedings-{slug}-{pre.pk}", "title": title, "extra": {"next": back}}


def pre_proceedings_start(request, pk):
    title = "Start pre-proceedings"
    child = child_for_step(request, pk, title, StepKey.PRE_PROCEEDINGS)
    pre = current_pre_proceedings(child)
    back = reverse("proceedings:pre-proceedings", args=[child.pk])
    today = timezone.localdate()
    if pre is not None and pre.step_decision_date is None:
        messages.info(request, "Pre-proceedings are already under way for this child")
        return redirect(back)
    # Only the siblings this user may work on are offered (a link is never a key); the others' teams are told.
    group, others = split_group(request.user, child_and_siblings(child, today))

    def start(data, me):
        chosen = [c for c in group if c.pk in data["children"]]
        services.start_pre_proceedings(chosen, legal_planning_date=data["legal_planning_date"], decision=data["decision"], by=me)
        tell_holding_teams_of_a_group_step(request.user, child, others, "Pre-proceedings", client_ip(request))
        return f"Pre-proceedings started for {', '.join(c.first_name for c in chosen)}"

    return step_page(request, child, form_class=f.StartForm, key="pre-proceedings-start", title=title, button="Start",
                     save=start, form_kwargs={"siblings": group},
                     initial={"legal_planning_date": today, "children": [child.pk]}, extra={"next": back, "held_elsewhere": others})


def pre_proceedings_letter(request, pk):
    child, pre, common = _pre_step(request, pk, "Letter before proceedings", "letter")
    if pre is None:
        return common

    def letter(data, me):
        services.send_letter_before_proceedings(pre, sent_on=data["sent_on"], fgdm_offered=_yes(data["fgdm_offered"]),
                                                not_offered_reason=data["not_offered_reason"])
        return "Letter before proceedings recorded"
    return step_page(request, child, form_class=f.LetterForm, button="Save", save=letter,
                     initial={"sent_on": pre.letter_sent_on or timezone.localdate(), "fgdm_offered": "yes"}, **common)


def pre_proceedings_response(request, pk):
    child, pre, common = _pre_step(request, pk, "A parent's answer to the offer", "response")
    if pre is None:
        return common
    parents = services.parents_of(pre)

    def response(data, me):
        parent = next(p for p in parents if p.pk == data["parent"])
        services.record_parent_response(pre, parent, accepted=_yes(data["accepted"]), responded_on=data["responded_on"])
        return f"{parent.full_name}'s answer recorded"
    return step_page(request, child, form_class=f.ResponseForm, button="Save", save=response, form_kwargs={"parents": parents},
                     initial={"responded_on": timezone.localdate()}, **common)


def pre_proceedings_fgdm(request, pk):
    child, pre, common = _pre_step(request, pk, "Family group decision-making meeting held", "fgdm")
    if pre is None:
        return common

    def held(data, me):
        services.record_fgdm_held(pre, held_on=data["on"])
        return "Family group decision-making meeting recorded"
    return step_page(request, child, form_class=f.DateForm, button="Save", save=held,
                     form_kwargs={"label": "Date the meeting was held"}, initial={"on": timezone.localdate()}, **common)


def pre_proceedings_meeting(request, pk):
    child, pre, common = _pre_step(request, pk, "Pre-proceedings meeting", "meeting")
    if pre is None:
        return common

    def meeting(data, me):
        made = services.record_meeting(pre, date=data["date"], notes=data["notes"])
        return f"{made.get_kind_display()} recorded"
    return step_page(request, child, form_class=f.MeetingForm, button="Save", save=meeting,
                     initial={"date": timezone.localdate()}, **common)


def pre_proceedings_decision(request, pk):
    child, pre, common = _pre_step(request, pk, "Decide: step down or issue", "decision")
    if pre is None:
        return common

    def decision(data, me):
        services.decide_step(pre, on=data["on"], outcome=data["outcome"])
        return "Decision recorded"
    return step_page(request, child, form_class=f.DecisionForm, button="Save", save=decision,
                     initial={"on": timezone.localdate()}, **common)


def pre_proceedings_application(request, pk):
    child, pre, common = _pre_step(request, pk, "Application to court", "application")
    if pre is None:
        return common
    children = list(pre.children.all())

    def application(data, me):
        services.apply_to_court(pre, children, application_date=data["application_date"], court=data["court"],
                                case_number=data["case_number"], by=me)
        return "Application to court recorded: the 26-week clock has started"
    return step_page(request, child, form_class=f.ApplicationForm, button="Save", save=application,
                     initial={"application_date": timezone.localdate()}, **common)


def pre_proceedings_issue_letter(request, pk):
    child, pre, common = _pre_step(request, pk, "Letter: proceedings are being issued", "issue-letter")
    if pre is None:
        return common

    def sent(data, me):
        services.send_issue_letter(pre, sent_on=data["on"])
        return "Letter telling parents proceedings are being issued recorded"
    return step_page(request, child, form_class=f.DateForm, button="Save", save=sent,
                     form_kwargs={"label": "Date the letter was sent"}, initial={"on": timezone.localdate()}, **common)


def care_proceedings(request, pk):
    child = open_child(request, pk, "care proceedings")
    proceedings = current_proceedings(child)
    return render(request, "proceedings/care_proceedings.html", {
        "child": child, "proceedings": proceedings, "week_26": week_26(proceedings) if proceedings else None,
        "today": timezone.localdate(),
        "extended_weeks": sum(e.weeks for e in proceedings.extensions.all()) if proceedings else 0,
        "liberty_orders": list(m.DeprivationOfLibertyOrder.objects.filter(child=child)),
    })


def _proceedings_step(request, pk, title: str, slug: str):
    """The child and their current care proceedings for one step, or where to go instead (none yet)."""
    child = child_for_step(request, pk, title, StepKey.CARE_PROCEEDINGS)
    proceedings = current_proceedings(child)
    back = reverse("proceedings:care-proceedings", args=[child.pk])
    if proceedings is None:
        messages.info(request, "There are no care proceedings for this child: record the application from pre-proceedings")
        return child, None, redirect(back)
    return child, proceedings, {
        "key": f"proceedings-{slug}-{proceedings.pk}", "title": title, "extra": {"next": back},
        "edits": lambda lock: (m.CareProceedings.objects.select_for_update() if lock else m.CareProceedings.objects).get(pk=proceedings.pk)}


def care_proceedings_extension(request, pk):
    child, proceedings, common = _proceedings_step(request, pk, "The court extended the timetable", "extension")
    if proceedings is None:
        return common

    def extension(data, me):
        made = services.extend(proceedings, granted_on=data["granted_on"], weeks=data["weeks"], reason=data["reason"])
        return f"Extended by {made.weeks} weeks: week 26 is now {week_26(proceedings):%-d %b %Y}"
    return step_page(request, child, form_class=f.ExtensionForm, button="Save", save=extension,
                     initial={"granted_on": timezone.localdate()}, **common)


def care_proceedings_hearing(request, pk):
    child, proceedings, common = _proceedings_step(request, pk, "A hearing", "hearing")
    if proceedings is None:
        return common

    def hearing(data, me):
        services.record_hearing(proceedings, date=data["date"], kind=data["kind"], outcome=data["outcome"])
        return "Hearing recorded"
    return step_page(request, child, form_class=f.HearingForm, button="Save", save=hearing,
                     initial={"date": timezone.localdate()}, **common)


def care_proceedings_order(request, pk):
    child, proceedings, common = _proceedings_step(request, pk, "An order made", "order")
    if proceedings is None:
        return common
    children = list(proceedings.children.all())

    def order(data, me):
        subject = next(c for c in children if c.pk == data["child"])
        made = services.make_order(proceedings, subject, kind=data["kind"], made_on=data["made_on"], by=me)
        return f"{made.legal_order.get_kind_display()} recorded for {subject.full_name}"
    return step_page(request, child, form_class=f.OrderForm, button="Save", save=order, form_kwargs={"children": children},
                     initial={"made_on": timezone.localdate(), "child": child.pk}, check_ssda903=True, **common)


def liberty_order_new(request, pk):
    child = child_for_step(request, pk, "Deprivation of liberty order", StepKey.LIBERTY_ORDER)

    def save(data, me):
        services.record_liberty_order(child, start_date=data["start_date"], court=data["court"], end_date=data["end_date"], by=me)
        return "Deprivation of liberty order recorded"
    return step_page(request, child, form_class=f.LibertyOrderForm, key="liberty-order", title="Deprivation of liberty order",
                     button="Save", save=save, extra={"next": reverse("proceedings:care-proceedings", args=[child.pk])})


def liberty_order_end(request, pk, order_pk):
    child = child_for_step(request, pk, "End a deprivation of liberty order", StepKey.LIBERTY_ORDER)
    order = get_object_or_404(m.DeprivationOfLibertyOrder, pk=order_pk, child=child)

    def save(data, me):
        services.end_liberty_order(order, end_date=data["end_date"])
        return "Deprivation of liberty order ended"
    return step_page(request, child, form_class=f.LibertyOrderEndForm, key=f"liberty-order-end-{order.pk}",
                     title="End a deprivation of liberty order", button="Save", save=save,
                     initial={"end_date": timezone.localdate()}, extra={"next": reverse("proceedings:care-proceedings", args=[child.pk])},
                     edits=lambda lock: (m.DeprivationOfLibertyOrder.objects.select_for_update() if lock
                                         else m.DeprivationOfLibertyOrder.objects).get(pk=order.pk))
