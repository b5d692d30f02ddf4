"""The chronology: every fact in a child's record as a dated event, newest first.

One builder per kind of event, each reading its kind with one query, so a page's query count does not
grow with the length of the child's history. Which case notes a reader may see is decided by the
caller (``opencsc.access.policy.notes_visible_to``): the record does not decide access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from opencsc.casework import extensions
from opencsc.casework import models as m
from opencsc.casework.timescales import local_date
from opencsc.codes import lists


@dataclass
class Event:
    day: date
    kind: str
    title: str
    detail: str = ""
    significant: bool = False
    by: str = ""
    note_id: int | None = None  # case notes can be edited from the chronology
    document_id: int | None = None  # and documents opened
    visit_id: int | None = None  # a visit, to which its note is attached
    contact_id: int | None = None  # a contact, corrected from here
    contact_decided: bool = False  # once decided, only a manager corrects it


EVENT_KINDS = {
    "contact": "Contacts",
    "referral": "Referrals and closures",
    "early_help": "Early help",
    "assessment": "Assessments",
    "cin": "Child in need plans",
    "protection": "Child protection",
    "legal": "Legal orders and status",
    "care": "Care and placements",
    "review": "Reviews",
    "visit": "Visits",
    "health": "Health",
    "missing": "Missing episodes",
    "adoption": "Adoption",
    "leaving_care": "Leaving care",
    "allocation": "Allocations",
    "note": "Case notes",
    "document": "Documents and letters",
    "authorisation": "Managers' decisions",
    "court": "Pre-proceedings and court",
    "meeting": "Meetings held",
    "family_help": "Family Help",
}


def _contact_events(cid: int) -> Iterable[Event]:
    """Contacts received and their decisions."""
    # Whole text, never cut mid-word: the chronology goes to court (second walk, item 12).
    for c in m.Contact.objects.filter(child_id=cid).select_related("recorded_by", "decided_by"):
        yield (Event(local_date(c.received_at), "contact", "Contact received",
                  f"From {lists.REFERRAL_SOURCE.label(c.source)}; {c.get_reason_display().lower()}."
                  + _referrer(c)
                  + (f"\nWhat was said: {c.details.strip()}" if c.details else "")
                  + (f"\nDecision: {c.get_outcome_display().lower()}." if c.outcome else "\nAwaiting a decision.")
                  + (f" Why: {c.decision_rationale.strip()}" if c.decision_rationale else "")
                  + (f" Decided by {c.decided_by.name}." if c.decided_by else ""),
                  by=_name(c.recorded_by), contact_id=c.pk, contact_decided=bool(c.outcome)))


def _name(professional: Any) -> str:
    return professional.name if professional else ""


def _referrer(contact: m.Contact) -> str:
    """Who referred. A referrer who asked not to be identified is not named here: the chronology goes to
    court and into bundles the family may read; staff who may open the record see the name on the contact."""
    if contact.referrer_confidential:
        return " The referrer asked not to be identified."
    who = ", ".join(part for part in (contact.referrer_name, contact.referrer_organisation) if part)
    return f" Referred by {who}." if who else ""


def _referral_events(cid: int) -> Iterable[Event]:
    """Referrals accepted and cases closed."""
    for r in m.Referral.objects.filter(child_id=cid).select_related("recorded_by"):
        yield (Event(r.referral_date, "referral", "Referral accepted",
                  f"Source: {lists.REFERRAL_SOURCE.label(r.source)}."
                  + (f" Primary need: {lists.PRIMARY_NEED.label(r.primary_need)}." if r.primary_need else ""),
                  significant=True, by=_name(r.recorded_by)))
        if r.closure_date:
            yield (Event(r.closure_date, "referral", "Case closed",
                      lists.REASON_FOR_CLOSURE.label(r.closure_reason) + (" (no further action)" if r.nfa else ""),
                      significant=True))


def _early_help_events(cid: int) -> Iterable[Event]:
    """Early help episodes."""
    for e in m.EarlyHelpEpisode.objects.filter(child_id=cid):
        yield (Event(e.start_date, "early_help", "Early help started", e.lead_organisation))
        if e.end_date:
            yield (Event(e.end_date, "early_help", "Early help ended", e.get_outcome_display()))


def _assessment_events(cid: int) -> Iterable[Event]:
    """Assessments started and authorised."""
    for a in m.Assessment.objects.filter(child_id=cid).select_related("authorised_by"):
        yield (Event(a.start_date, "assessment", "Child and family assessment started"))
        if a.authorised_date:
            factors = ", ".join(lists.ASSESSMENT_FACTOR.label(f) for f in a.factors)
            yield (Event(a.authorised_date, "assessment", "Assessment authorised",
                      (f"Outcome: {a.get_outcome_display().lower()}. " if a.outcome else "") + (f"Factors: {factors}." if factors else ""),
                      by=a.authorised_by.name if a.authorised_by else ""))


def _cin_events(cid: int) -> Iterable[Event]:
    """Child in need plans."""
    for p in m.CINPlan.objects.filter(child_id=cid):
        yield (Event(p.start_date, "cin", "Child in need plan started"))
        if p.end_date:
            yield (Event(p.end_date, "cin", "Child in need plan ended"))


def _protection_events(cid: int) -> Iterable[Event]:
    """Strategy discussions, section 47 enquiries, conferences, plans and core groups."""
    for s in m.StrategyDiscussion.objects.filter(child_id=cid).select_related("recorded_by"):
        yield (Event(s.date, "protection", "Strategy discussion", s.attendees, significant=True, by=_name(s.recorded_by)))
    for s in m.Section47Enquiry.objects.filter(child_id=cid):
        yield (Event(s.start_date, "protection", "Section 47 enquiry started",
                  f"Initial conference due by {s.icpc_target_date:%-d %B %Y}." if s.icpc_target_date else "", significant=True))
        if s.end_date:
            yield (Event(s.end_date, "protection", "Section 47 enquiry concluded",
                         " ".join(filter(None, [f"{s.get_outcome_display()}.",
                                                f"{s.get_concerns_substantiated_display()}." if s.concerns_substantiated else "",
                                                "The child was not seen." if s.child_seen is False else ""]))))
    for c in m.ChildProtectionConference.objects.filter(child_id=cid).select_related("chair"):
        yield (Event(c.date, "protection", f"{c.get_kind_display()} child protection conference",
                  c.get_outcome_display(), significant=c.kind != "review", by=c.chair.name if c.chair else ""))
    for p in m.ChildProtectionPlan.objects.filter(child_id=cid):
        yield (Event(p.start_date, "protection", "Child protection plan started",
                  f"Category: {lists.CATEGORY_OF_ABUSE.label(p.initial_category)}.", significant=True))
        if p.end_date:
            yield (Event(p.end_date, "protection", "Child protection plan ended",
                      f"Latest category: {lists.CATEGORY_OF_ABUSE.label(p.latest_category)}.", significant=True))
    for g in m.CoreGroupMeeting.objects.filter(child_id=cid):
        yield (Event(g.date, "protection", "Core group meeting"))


def _legal_events(cid: int) -> Iterable[Event]:
    """Legal orders and legal statuses."""
    for o in m.LegalOrder.objects.filter(child_id=cid):
        yield (Event(o.start_date, "legal", o.get_kind_display(), "Order made", significant=True))
    for s in m.LegalStatus.objects.filter(child_id=cid):
        yield (Event(s.start_date, "legal", "Legal status", f"{s.code}: {lists.LEGAL_STATUS.label(s.code)}"))


def _care_events(cid: int) -> Iterable[Event]:
    """Periods of care, placements, permanence plans, UASC status and kinship arrangements."""
    for k in m.KinshipArrangement.objects.filter(child_id=cid).select_related("carer"):
        yield (Event(k.start_date, "care", k.get_kind_display(), f"Cared for by {k.carer.full_name if k.carer else 'a carer no longer on the record'}."
                     + (f" Approved until {k.approved_until:%-d %b %Y}." if k.approved_until else "")
                     + (f" Ended {k.end_date:%-d %b %Y}." if k.end_date else ""), significant=True))
    for p in m.PeriodOfCare.objects.filter(child_id=cid):
        yield (Event(p.start_date, "care", "Became looked after", significant=True))
        if p.end_date:
            yield (Event(p.end_date, "care", "Ceased to be looked after",
                      lists.REASON_EPISODE_CEASED.label(p.reason_ended), significant=True))
    for p in m.Placement.objects.filter(child_id=cid):
        # The kind of placement only: the chronology goes to court and into bundles, where a placement's
        # address, postcode or carer (an adoptive placement's above all) must never travel.
        yield (Event(p.start_date, "care", "Placement started", lists.PLACEMENT_TYPE.label(p.placement_type)))
    for p in m.PermanencePlan.objects.filter(child_id=cid):
        yield (Event(p.date, "care", "Permanence plan", p.get_plan_display()))
    for u in m.UASCStatus.objects.filter(child_id=cid):
        yield (Event(u.start_date, "care", "Unaccompanied asylum-seeking child"))


def _review_events(cid: int) -> Iterable[Event]:
    """Looked-after reviews."""
    for r in m.LookedAfterReview.objects.filter(child_id=cid).select_related("chair"):
        yield (Event(r.date, "review", "Looked-after review", lists.REVIEW_PARTICIPATION.label(r.participation),
                  by=r.chair.name if r.chair else ""))


def _visit_events(cid: int) -> Iterable[Event]:
    """Statutory visits."""
    for v in m.StatutoryVisit.objects.filter(child_id=cid).select_related("worker"):
        seen = "seen alone" if v.seen_alone else ("seen" if v.seen else "not seen")
        bedroom = {True: " Bedroom seen.", False: " Bedroom not seen."}.get(v.bedroom_seen, "")
        said = "".join(f"\n{label}: {text}" for label, text in (("The child said", v.child_views), ("Observed", v.observed),
                                                                ("Next", v.next_steps)) if text)
        yield (Event(v.date, "visit", v.get_kind_display(), f"Child {seen}.{bedroom}{said}", by=v.worker.name if v.worker else "",
                     visit_id=v.pk))


def _health_events(cid: int) -> Iterable[Event]:
    """Health assessments, dental checks and SDQs."""
    for h in m.HealthAssessment.objects.filter(child_id=cid):
        yield (Event(h.date, "health", h.get_kind_display()))
    for d in m.DentalCheck.objects.filter(child_id=cid):
        yield (Event(d.date, "health", "Dental check"))
    for s in m.SDQScore.objects.filter(child_id=cid):
        yield (Event(s.date, "health", "SDQ", f"Score {s.score}" if s.score is not None else lists.SDQ_REASON.label(s.reason_not_completed)))


def _missing_events(cid: int) -> Iterable[Event]:
    """Missing and away episodes."""
    for e in m.MissingEpisode.objects.filter(child_id=cid):
        yield (Event(e.start_date, "missing", e.get_kind_display(),
                  f"Returned {e.end_date:%-d %B %Y}." if e.end_date else "Not yet returned.", significant=True))


def _adoption_events(cid: int) -> Iterable[Event]:
    """The adoption journey's steps."""
    for j in m.AdoptionJourney.objects.filter(child_id=cid):
        yield (Event(j.should_be_placed_date, "adoption", "Decision: should be placed for adoption", significant=True))
        for day, title in ((j.matched_date, "Matched with adopters"), (j.placed_date, "Placed for adoption"),
                           (j.adoption_order_date, "Adoption order"), (j.decision_reversed_date, "Adoption decision reversed")):
            if day:
                yield (Event(day, "adoption", title, significant=True))


def _leaving_care_events(cid: int) -> Iterable[Event]:
    """Care leaver contacts, pathway plans and needs assessments."""
    for c in m.CareLeaverContact.objects.filter(child_id=cid):
        yield (Event(c.date, "leaving_care", "Care leaver contact", lists.CARE_LEAVER_IN_TOUCH.label(c.in_touch)))
    for p in m.PathwayPlan.objects.filter(child_id=cid):
        yield (Event(p.date, "leaving_care", "Pathway plan review" if p.is_review else "Pathway plan"))
    for n in m.NeedsAssessment.objects.filter(child_id=cid):
        yield (Event(n.date, "leaving_care", "Leaving care needs assessment"))


def _allocation_events(cid: int) -> Iterable[Event]:
    """Allocations to workers and teams."""
    for a in m.Allocation.objects.filter(child_id=cid).select_related("worker", "team", "recorded_by"):
        yield (Event(a.start_date, "allocation", f"{a.get_kind_display()}: {a.worker.name if a.worker else 'unallocated'}",
                  a.team.name if a.team else "", by=_name(a.recorded_by)))


def _authorisation_events(cid: int) -> Iterable[Event]:
    """A manager's sign-off or return of a step, with their comment."""
    for a in m.Authorisation.objects.filter(child_id=cid, decision__in=("authorised", "returned", "resubmitted")).select_related("decided_by"):
        verb = "Authorised" if a.decision == "authorised" else "Returned for changes"
        yield Event(timezone.localtime(a.decided_at).date() if a.decided_at else a.requested_at.date(), "authorisation",
                    f"{verb}: {a.summary}", f"Management oversight: “{a.comment}”" if a.comment else "",
                    by=a.decided_by.name if a.decided_by else "")


def _note_events(notes: Any) -> Iterable[Event]:
    for n in notes.select_related("author"):
        yield Event(n.date, "note", n.subject, n.text, significant=n.significant, by=n.author.name if n.author else "",
                    note_id=n.pk, visit_id=n.visit_id)


def _one_row_per_event(events: list[Event]) -> list[Event]:
    """A visit's note goes under the visit (one row: the fact, with its note), not in a row of its own."""
    visits = {e.visit_id: e for e in events if e.kind == "visit" and e.visit_id}
    out = []
    for e in events:
        fact = visits.get(e.visit_id) if e.kind == "note" and e.visit_id else None
        if fact is not None and fact.note_id is None:
            fact.detail = f"{fact.detail}\n\n{e.detail}"
            fact.note_id, fact.significant = e.note_id, fact.significant or e.significant
        else:
            out.append(e)
    return out


BUILDERS: dict[str, Callable[[int], Iterable[Event]]] = {
    "contact": _contact_events,
    "referral": _referral_events,
    "early_help": _early_help_events,
    "assessment": _assessment_events,
    "cin": _cin_events,
    "protection": _protection_events,
    "legal": _legal_events,
    "care": _care_events,
    "review": _review_events,
    "visit": _visit_events,
    "health": _health_events,
    "missing": _missing_events,
    "adoption": _adoption_events,
    "leaving_care": _leaving_care_events,
    "allocation": _allocation_events,
    "authorisation": _authorisation_events,
}


def _document_events(documents: Iterable[Any]) -> Iterable[Event]:
    for d in documents:
        detail = (f"To {d.addressee.full_name}; {d.get_sent_how_display().lower()}" if d.addressee_id else d.get_kind_display())
        yield Event(d.date, "document", f"Letter: {d.title}" if d.kind == "letter" else f"Document: {d.title}", detail,
                    by=d.uploaded_by.name if d.uploaded_by_id and d.uploaded_by else "", document_id=d.pk)


def chronology(child: Any, kinds: Iterable[str] | None = None, significant_only: bool = False, *, notes: Any,
               documents: Iterable[Any] | None = None) -> list[Event]:
    """Every event in the child's record, newest first; ``notes`` are the case notes the reader may see
    (a CaseNote queryset) and ``documents`` this child's documents the reader may open (a list; none if not
    given); ``kinds`` limits it to some EVENT_KINDS."""
    wanted = set(kinds or EVENT_KINDS)
    events: list[Event] = []
    for kind, build in {**BUILDERS, **extensions.events()}.items():  # the practice apps' events too
        if kind in wanted:
            events.extend(build(child.pk))
    if "note" in wanted:
        events.extend(_note_events(notes.filter(child_id=child.pk)))
    if "document" in wanted and documents is not None:
        events.extend(_document_events(d for d in documents if d.child_id == child.pk))
    events = _one_row_per_event(events)
    if significant_only:
        events = [e for e in events if e.significant]
    events.sort(key=lambda e: e.day, reverse=True)
    return events
