"""Reads about pre-proceedings and proceedings that pages, My work, the chronology and returns share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from opencsc.casework.due import DueItem, DueKind
from opencsc.people.models import Person
from opencsc.recording.chronology import Event, shared_with

from . import models as m

PROCEEDINGS_WEEKS = 26  # CA 1989 s32(1)(a)(ii)


def week_26(proceedings: m.CareProceedings, extensions: Iterable[m.Extension] | None = None) -> date:
    """The day the court's timetable ends: 26 weeks from the application, plus every extension."""
    extensions = proceedings.extensions.all() if extensions is None else extensions
    return proceedings.application_date + timedelta(weeks=PROCEEDINGS_WEEKS + sum(e.weeks for e in extensions))


def current_pre_proceedings(child: Person) -> m.PreProceedings | None:
    return (m.PreProceedings.objects.filter(children=child).prefetch_related("children", "responses__parent", "meetings")
            .order_by("-decision_date").first())


def current_proceedings(child: Person) -> m.CareProceedings | None:
    return (m.CareProceedings.objects.filter(children=child).prefetch_related("children", "extensions", "hearings",
                                                                              "orders__legal_order")
            .order_by("-application_date").first())


@dataclass(frozen=True)
class Finding:
    message: str
    who_fixes: str


def s31za_findings(pre: m.PreProceedings) -> list[Finding]:
    """What the Public Law Outline and s31ZA Children Act 1989 say is missing or wrong, and who puts it right."""
    out = []
    accepted = [r for r in pre.responses.all() if r.accepted]
    applied = m.CareProceedings.objects.filter(pre_proceedings=pre).first()
    if pre.letter_sent_on and pre.fgdm_offered is None:
        out.append(Finding("The letter before proceedings was sent but whether it offered a family group decision-making "
                           "meeting is not recorded", "the allocated social worker"))
    if accepted and pre.fgdm_held_on is None:
        names = ", ".join(r.parent.full_name for r in accepted)
        if applied is not None:
            out.append(Finding(f"{names} accepted the family group decision-making meeting but none was held before the court "
                               f"application (s31ZA Children Act 1989)", "the team manager and legal services"))
        else:
            out.append(Finding(f"{names} accepted the family group decision-making meeting: it must be held before any "
                               f"application to court (s31ZA)", "the allocated social worker"))
    return out


def due_in_proceedings(child_ids: Iterable[int], today: date) -> Iterator[DueItem]:
    """My work: the 26-week clock of open proceedings and a family group meeting a parent accepted."""
    ids = list(child_ids)
    for proceedings in m.CareProceedings.objects.filter(children__in=ids, concluded_on__isnull=True).prefetch_related(
            "extensions", "children").distinct():
        extensions = list(proceedings.extensions.all())
        extended = f", extended {sum(e.weeks for e in extensions)} weeks" if extensions else ""
        for child in proceedings.children.all():
            if child.pk in ids:
                yield DueItem(child.pk, DueKind.WEEK_26, week_26(proceedings, extensions),
                              f"application {proceedings.application_date:%-d %b %Y}{extended}", kind="court")
    for pre in m.PreProceedings.objects.filter(children__in=ids, fgdm_held_on__isnull=True, responses__accepted=True,
                                               proceedings__isnull=True).prefetch_related("children").distinct():
        for child in pre.children.all():
            if child.pk in ids:
                yield DueItem(child.pk, DueKind.FGDM,
                              max(pre.letter_sent_on or pre.decision_date, today), "before any application to court (s31ZA)",
                              kind="court")


def court_events(child_ids: list[int]) -> Iterator[Event]:
    """The chronology: pre-proceedings' steps, proceedings, hearings, extensions and liberty orders."""
    for child_id, pre in shared_with(m.PreProceedings.objects.prefetch_related("meetings", "responses__parent"), child_ids):
        yield Event(pre.legal_planning_date, "court", "Legal planning meeting", pre.legal_planning_decision, significant=True, child_id=child_id)
        if pre.letter_sent_on:
            offer = ("A family group decision-making meeting was offered." if pre.fgdm_offered
                     else f"No family group decision-making meeting offered: {pre.fgdm_not_offered_reason}")
            yield Event(pre.letter_sent_on, "court", "Letter before proceedings sent", offer, significant=True, child_id=child_id)
        for response in sorted(pre.responses.all(), key=lambda r: r.pk):
            yield Event(response.responded_on, "court", "Family group meeting offer answered",
                        f"{response.parent.full_name} {'accepted' if response.accepted else 'declined'}.", child_id=child_id)
        if pre.fgdm_held_on:
            yield Event(pre.fgdm_held_on, "court", "Family group decision-making meeting held", child_id=child_id)
        for meeting in sorted(pre.meetings.all(), key=lambda r: r.pk):
            yield Event(meeting.date, "court", meeting.get_kind_display(), meeting.notes, child_id=child_id)
        if pre.step_decision_date:
            yield Event(pre.step_decision_date, "court", "Pre-proceedings decision", pre.get_outcome_display(), significant=True, child_id=child_id)
        if pre.issue_letter_sent_on:
            yield Event(pre.issue_letter_sent_on, "court", "Letter: proceedings are being issued", child_id=child_id)
    for child_id, proceedings in shared_with(m.CareProceedings.objects.prefetch_related("extensions", "hearings"), child_ids):
        yield Event(proceedings.application_date, "court", "Application to court",
                    f"{proceedings.court}{f', case {proceedings.case_number}' if proceedings.case_number else ''}. "
                    f"Week 26: {week_26(proceedings):%-d %b %Y}.", significant=True, child_id=child_id)
        for extension in sorted(proceedings.extensions.all(), key=lambda r: r.pk):
            yield Event(extension.granted_on, "court", f"Timetable extended by {extension.weeks} weeks", extension.reason, child_id=child_id)
        for hearing in sorted(proceedings.hearings.all(), key=lambda r: r.pk):
            yield Event(hearing.date, "court", hearing.get_kind_display(), hearing.outcome, child_id=child_id)
    for order in m.DeprivationOfLibertyOrder.objects.filter(child_id__in=child_ids).order_by("pk"):
        yield Event(order.start_date, "court", "Deprivation of liberty order", f"Authorised by {order.court}"
                    + (f"; ended {order.end_date:%-d %b %Y}" if order.end_date else ""), significant=True, child_id=order.child_id)


# ---- Letters: the letter before proceedings and the letter that proceedings are being issued ----------

LETTER_FIELDS = {
    "concerns": "what the legal planning meeting decided, and why (the concerns)",
    "fgdm_offer": "the offer of a family group decision-making meeting (or why none is offered)",
    "court_name": "the court the application is made to",
}

LETTERS = {
    "letter_before_proceedings": (
        "Letter before proceedings", "Letter before proceedings about {child_name}",
        "Dear {addressee_name},\n\nWe are very worried about {child_name}. Our legal planning meeting decided:\n\n{concerns}\n\n"
        "We want to meet you to talk about what needs to change and the help we will give. Please bring this letter to a "
        "solicitor: you are entitled to free legal advice, whatever your income.\n\n{fgdm_offer}\n\nIf things do not change, we "
        "may apply to the court for an order.\n\nYours sincerely,\n\n{worker_name}\n{team_name}"),
    "proceedings_issued": (
        "Proceedings are being issued", "Care proceedings about {child_name}",
        "Dear {addressee_name},\n\nWe are writing to tell you that we are applying to {court_name} for an order about "
        "{child_name}. You will receive the court papers. Please take this letter to your solicitor straight away.\n\n"
        "Yours sincerely,\n\n{worker_name}\n{team_name}"),
}


def letter_values(child: Person, today: date) -> dict[str, str]:
    pre = m.PreProceedings.objects.filter(children=child).order_by("-decision_date").first()
    proceedings = m.CareProceedings.objects.filter(children=child).order_by("-application_date").first()
    if pre is None:
        return {"concerns": "", "fgdm_offer": "", "court_name": proceedings.court if proceedings else "the family court"}
    offer = ("We would like to offer your family a family group decision-making meeting: a meeting for you and the people "
             "close to you to make a plan for the children's safety. Please tell us whether you would like one. If you accept, "
             "we will hold it before making any application to court." if pre.fgdm_offered is not False
             else f"We are not offering a family group decision-making meeting because {pre.fgdm_not_offered_reason}")
    return {"concerns": pre.legal_planning_decision, "fgdm_offer": offer,
            "court_name": proceedings.court if proceedings else "the family court"}
