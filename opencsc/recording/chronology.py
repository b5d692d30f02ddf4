"""The chronology: every fact in a child's record as a dated event, newest first.

One builder per kind of event, each reading its kind with one query, so a page's query count does not
grow with the length of the child's history. Which case notes a reader may see is decided by the
caller (``opencsc.access.policy.notes_visible_to``): the record does not decide access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, Q
from django.utils import timezone

from opencsc.casework import extensions
from opencsc.casework import models as m
from opencsc.casework.timescales import local_date
from opencsc.codes import lists
from opencsc.people.models import Person

from .models import CaseNote, ChronologyEvent, ChronologyKept, Document


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
    child_id: int = 0  # whose chronology (a builder reads many children's at once)


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


def _contact_events(ids: list[int]) -> Iterable[Event]:
    """Contacts received and their decisions."""
    # Whole text, never cut mid-word: the chronology goes to court (second walk, item 12).
    for c in m.Contact.objects.filter(child_id__in=ids).order_by("pk").select_related("recorded_by", "decided_by"):
        yield (Event(local_date(c.received_at), "contact", "Contact received",
                  f"From {lists.REFERRAL_SOURCE.label(c.source)}; {c.get_reason_display().lower()}."
                  + _referrer(c)
                  + (f"\nWhat was said: {c.details.strip()}" if c.details else "")
                  + (f"\nDecision: {c.get_outcome_display().lower()}." if c.outcome else "\nAwaiting a decision.")
                  + (f" Why: {c.decision_rationale.strip()}" if c.decision_rationale else "")
                  + (f" Decided by {c.decided_by.name}." if c.decided_by else ""),
                  by=_name(c.recorded_by), contact_id=c.pk, contact_decided=bool(c.outcome), child_id=c.child_id))


def _name(professional: Any) -> str:
    return professional.name if professional else ""


def _referrer(contact: m.Contact) -> str:
    """Who referred. A referrer who asked not to be identified is not named here: the chronology goes to
    court and into bundles the family may read; staff who may open the record see the name on the contact."""
    if contact.referrer_confidential:
        return " The referrer asked not to be identified."
    who = ", ".join(part for part in (contact.referrer_name, contact.referrer_organisation) if part)
    return f" Referred by {who}." if who else ""


def _referral_events(ids: list[int]) -> Iterable[Event]:
    """Referrals accepted and cases closed."""
    for r in m.Referral.objects.filter(child_id__in=ids).order_by("pk").select_related("recorded_by"):
        yield (Event(r.referral_date, "referral", "Referral accepted",
                  f"Source: {lists.REFERRAL_SOURCE.label(r.source)}."
                  + (f" Primary need: {lists.PRIMARY_NEED.label(r.primary_need)}." if r.primary_need else ""),
                  significant=True, by=_name(r.recorded_by), child_id=r.child_id))
        if r.closure_date:
            yield (Event(r.closure_date, "referral", "Case closed",
                      lists.REASON_FOR_CLOSURE.label(r.closure_reason) + (" (no further action)" if r.nfa else ""),
                      significant=True, child_id=r.child_id))


def _early_help_events(ids: list[int]) -> Iterable[Event]:
    """Early help episodes."""
    for e in m.EarlyHelpEpisode.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(e.start_date, "early_help", "Early help started", e.lead_organisation, child_id=e.child_id))
        if e.end_date:
            yield (Event(e.end_date, "early_help", "Early help ended", e.get_outcome_display(), child_id=e.child_id))


def _assessment_events(ids: list[int]) -> Iterable[Event]:
    """Assessments started and authorised."""
    for a in m.Assessment.objects.filter(child_id__in=ids).order_by("pk").select_related("authorised_by"):
        yield (Event(a.start_date, "assessment", "Child and family assessment started", child_id=a.child_id))
        if a.authorised_date:
            factors = ", ".join(lists.ASSESSMENT_FACTOR.label(f) for f in a.factors)
            yield (Event(a.authorised_date, "assessment", "Assessment authorised",
                      (f"Outcome: {a.get_outcome_display().lower()}. " if a.outcome else "") + (f"Factors: {factors}." if factors else ""),
                      by=a.authorised_by.name if a.authorised_by else "", child_id=a.child_id))


def _cin_events(ids: list[int]) -> Iterable[Event]:
    """Child in need plans."""
    for p in m.CINPlan.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(p.start_date, "cin", "Child in need plan started", child_id=p.child_id))
        if p.end_date:
            yield (Event(p.end_date, "cin", "Child in need plan ended", child_id=p.child_id))


def _protection_events(ids: list[int]) -> Iterable[Event]:
    """Strategy discussions, section 47 enquiries, conferences, plans and core groups."""
    for s in m.StrategyDiscussion.objects.filter(child_id__in=ids).order_by("pk").select_related("recorded_by"):
        yield (Event(s.date, "protection", "Strategy discussion", s.attendees, significant=True, by=_name(s.recorded_by), child_id=s.child_id))
    for s in m.Section47Enquiry.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(s.start_date, "protection", "Section 47 enquiry started",
                  f"Initial conference due by {s.icpc_target_date:%-d %B %Y}." if s.icpc_target_date else "", significant=True, child_id=s.child_id))
        if s.end_date:
            yield (Event(s.end_date, "protection", "Section 47 enquiry concluded",
                         " ".join(filter(None, [f"{s.get_outcome_display()}.",
                                                f"{s.get_concerns_substantiated_display()}." if s.concerns_substantiated else "",
                                                "The child was not seen." if s.child_seen is False else ""])), child_id=s.child_id))
    for c in m.ChildProtectionConference.objects.filter(child_id__in=ids).order_by("pk").select_related("chair"):
        yield (Event(c.date, "protection", f"{c.get_kind_display()} child protection conference",
                  c.get_outcome_display(), significant=c.kind != "review", by=c.chair.name if c.chair else "", child_id=c.child_id))
    for p in m.ChildProtectionPlan.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(p.start_date, "protection", "Child protection plan started",
                  f"Category: {lists.CATEGORY_OF_ABUSE.label(p.initial_category)}.", significant=True, child_id=p.child_id))
        if p.end_date:
            yield (Event(p.end_date, "protection", "Child protection plan ended",
                      f"Latest category: {lists.CATEGORY_OF_ABUSE.label(p.latest_category)}.", significant=True, child_id=p.child_id))
    for g in m.CoreGroupMeeting.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(g.date, "protection", "Core group meeting", child_id=g.child_id))


def _legal_events(ids: list[int]) -> Iterable[Event]:
    """Legal orders and legal statuses."""
    for o in m.LegalOrder.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(o.start_date, "legal", o.get_kind_display(), "Order made", significant=True, child_id=o.child_id))
    for s in m.LegalStatus.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(s.start_date, "legal", "Legal status", f"{s.code}: {lists.LEGAL_STATUS.label(s.code)}", child_id=s.child_id))


def _care_events(ids: list[int]) -> Iterable[Event]:
    """Periods of care, placements, permanence plans, UASC status and kinship arrangements."""
    for k in m.KinshipArrangement.objects.filter(child_id__in=ids).order_by("pk").select_related("carer"):
        yield (Event(k.start_date, "care", k.get_kind_display(), f"Cared for by {k.carer.full_name if k.carer else 'a carer no longer on the record'}."
                     + (f" Approved until {k.approved_until:%-d %b %Y}." if k.approved_until else "")
                     + (f" Ended {k.end_date:%-d %b %Y}." if k.end_date else ""), significant=True, child_id=k.child_id))
    for p in m.PeriodOfCare.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(p.start_date, "care", "Became looked after", significant=True, child_id=p.child_id))
        if p.end_date:
            yield (Event(p.end_date, "care", "Ceased to be looked after",
                      lists.REASON_EPISODE_CEASED.label(p.reason_ended), significant=True, child_id=p.child_id))
    for p in m.Placement.objects.filter(child_id__in=ids).order_by("pk"):
        # The kind of placement only: the chronology goes to court and into bundles, where a placement's
        # address, postcode or carer (an adoptive placement's above all) must never travel.
        yield (Event(p.start_date, "care", "Placement started", lists.PLACEMENT_TYPE.label(p.placement_type), child_id=p.child_id))
    for p in m.PermanencePlan.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(p.date, "care", "Permanence plan", p.get_plan_display(), child_id=p.child_id))
    for u in m.UASCStatus.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(u.start_date, "care", "Unaccompanied asylum-seeking child", child_id=u.child_id))


def _review_events(ids: list[int]) -> Iterable[Event]:
    """Looked-after reviews."""
    for r in m.LookedAfterReview.objects.filter(child_id__in=ids).order_by("pk").select_related("chair"):
        yield (Event(r.date, "review", "Looked-after review", lists.REVIEW_PARTICIPATION.label(r.participation),
                  by=r.chair.name if r.chair else "", child_id=r.child_id))


def _visit_events(ids: list[int]) -> Iterable[Event]:
    """Statutory visits."""
    for v in m.StatutoryVisit.objects.filter(child_id__in=ids).order_by("pk").select_related("worker"):
        seen = "seen alone" if v.seen_alone else ("seen" if v.seen else "not seen")
        bedroom = {True: " Bedroom seen.", False: " Bedroom not seen."}.get(v.bedroom_seen, "")
        said = "".join(f"\n{label}: {text}" for label, text in (("The child said", v.child_views), ("Observed", v.observed),
                                                                ("Next", v.next_steps)) if text)
        yield (Event(v.date, "visit", v.get_kind_display(), f"Child {seen}.{bedroom}{said}", by=v.worker.name if v.worker else "",
                     visit_id=v.pk, child_id=v.child_id))


def _health_events(ids: list[int]) -> Iterable[Event]:
    """Health assessments, dental checks and SDQs."""
    for h in m.HealthAssessment.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(h.date, "health", h.get_kind_display(), child_id=h.child_id))
    for d in m.DentalCheck.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(d.date, "health", "Dental check", child_id=d.child_id))
    for s in m.SDQScore.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(s.date, "health", "SDQ", f"Score {s.score}" if s.score is not None else lists.SDQ_REASON.label(s.reason_not_completed),
                     child_id=s.child_id))


def _missing_events(ids: list[int]) -> Iterable[Event]:
    """Missing and away episodes."""
    for e in m.MissingEpisode.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(e.start_date, "missing", e.get_kind_display(),
                  f"Returned {e.end_date:%-d %B %Y}." if e.end_date else "Not yet returned.", significant=True, child_id=e.child_id))


def _adoption_events(ids: list[int]) -> Iterable[Event]:
    """The adoption journey's steps."""
    for j in m.AdoptionJourney.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(j.should_be_placed_date, "adoption", "Decision: should be placed for adoption", significant=True, child_id=j.child_id))
        for day, title in ((j.matched_date, "Matched with adopters"), (j.placed_date, "Placed for adoption"),
                           (j.adoption_order_date, "Adoption order"), (j.decision_reversed_date, "Adoption decision reversed")):
            if day:
                yield (Event(day, "adoption", title, significant=True, child_id=j.child_id))


def _leaving_care_events(ids: list[int]) -> Iterable[Event]:
    """Care leaver contacts, pathway plans and needs assessments."""
    for c in m.CareLeaverContact.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(c.date, "leaving_care", "Care leaver contact", lists.CARE_LEAVER_IN_TOUCH.label(c.in_touch), child_id=c.child_id))
    for p in m.PathwayPlan.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(p.date, "leaving_care", "Pathway plan review" if p.is_review else "Pathway plan", child_id=p.child_id))
    for n in m.NeedsAssessment.objects.filter(child_id__in=ids).order_by("pk"):
        yield (Event(n.date, "leaving_care", "Leaving care needs assessment", child_id=n.child_id))


def _allocation_events(ids: list[int]) -> Iterable[Event]:
    """Allocations to workers and teams."""
    for a in m.Allocation.objects.filter(child_id__in=ids).order_by("pk").select_related("worker", "team", "recorded_by"):
        yield (Event(a.start_date, "allocation", f"{a.get_kind_display()}: {a.worker.name if a.worker else 'unallocated'}",
                  a.team.name if a.team else "", by=_name(a.recorded_by), child_id=a.child_id))


def _authorisation_events(ids: list[int]) -> Iterable[Event]:
    """A manager's sign-off or return of a step, with their comment."""
    decided = m.Authorisation.objects.filter(child_id__in=ids, decision__in=("authorised", "returned", "resubmitted"))
    for a in decided.order_by("pk").select_related("decided_by"):
        verb = "Authorised" if a.decision == "authorised" else "Returned for changes"
        yield Event(timezone.localtime(a.decided_at).date() if a.decided_at else a.requested_at.date(), "authorisation",
                    f"{verb}: {a.summary}", f"Management oversight: “{a.comment}”" if a.comment else "",
                    by=a.decided_by.name if a.decided_by else "", child_id=a.child_id)


def _note_events(notes: Any) -> Iterable[Event]:
    for n in notes.select_related("author").order_by("pk"):
        yield Event(n.date, "note", n.subject, n.text, significant=n.significant, by=n.author.name if n.author else "",
                    note_id=n.pk, visit_id=n.visit_id, child_id=n.child_id)


def _document_events(documents: Iterable[Any]) -> Iterable[Event]:
    for d in documents:
        detail = (f"To {d.addressee.full_name}; {d.get_sent_how_display().lower()}" if d.addressee_id else d.get_kind_display())
        yield Event(d.date, "document", f"Letter: {d.title}" if d.kind == "letter" else f"Document: {d.title}", detail,
                    by=d.uploaded_by.name if d.uploaded_by_id and d.uploaded_by else "", document_id=d.pk, child_id=d.child_id)


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


BUILDERS: dict[str, Callable[[list[int]], Iterable[Event]]] = {
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


def shared_with(queryset: Any, ids: list[int]) -> list[tuple[int, Any]]:
    """(child id, row) for each row of a fact several children share (a ``children`` link: a Family Help
    episode, pre-proceedings), each row once per child of ``ids`` it names: two queries, whatever the number."""
    link = queryset.model._meta.get_field("children")
    through = link.remote_field.through
    own, child = link.m2m_field_name(), link.m2m_reverse_field_name()
    pairs = sorted(through.objects.filter(**{f"{child}_id__in": ids}).values_list(f"{child}_id", f"{own}_id"))
    rows = queryset.in_bulk({pk for _, pk in pairs}) if pairs else {}
    return [(cid, rows[pk]) for cid, pk in pairs if pk in rows]


def build(ids: Iterable[int], kinds: Iterable[str] | None = None, *, notes: Any = None,
          documents: Iterable[Any] | None = None) -> dict[int, list[Event]]:
    """Every event of these children's records, each child's in the order its chronology shows a day's
    events, as read live from the record: one query per kind of fact, however many children. ``notes``:
    the case notes to include (a CaseNote queryset; all of them if None); ``documents``: the documents
    (all of them if None)."""
    ids = sorted(set(ids))
    wanted = set(kinds or EVENT_KINDS)
    found: dict[int, list[Event]] = {pk: [] for pk in ids}
    for kind, builder in {**BUILDERS, **extensions.events()}.items():  # the practice apps' events too
        if kind in wanted:
            for event in builder(ids):
                found[event.child_id].append(event)
    if "note" in wanted:
        for event in _note_events((CaseNote.objects.all() if notes is None else notes).filter(child_id__in=ids)):
            found[event.child_id].append(event)
    if "document" in wanted:
        chosen = (Document.objects.filter(child_id__in=ids).select_related("uploaded_by", "addressee").order_by("pk")
                  if documents is None else sorted((d for d in documents if d.child_id in found), key=lambda d: d.pk))
        for event in _document_events(chosen):
            found[event.child_id].append(event)
    for events in found.values():
        events.sort(key=lambda e: e.day, reverse=True)  # stable: a day's events keep the builders' order
    return found


def _shown(events: list[Event], significant_only: bool) -> list[Event]:
    events = _one_row_per_event(events)
    return [e for e in events if e.significant] if significant_only else events


def live_chronology(child: Any, kinds: Iterable[str] | None = None, significant_only: bool = False, *, notes: Any,
                    documents: Iterable[Any] | None = None) -> list[Event]:
    """The chronology read from the record itself (a child whose kept rows are missing or out of date)."""
    return _shown(build([child.pk], kinds, notes=notes, documents=[] if documents is None else documents)[child.pk],
                  significant_only)


def chronology(child: Any, kinds: Iterable[str] | None = None, significant_only: bool = False, *, notes: Any,
               documents: Iterable[Any] | None = None) -> list[Event]:
    """Every event in the child's record, newest first; ``notes`` are the case notes the reader may see
    (a CaseNote queryset) and ``documents`` this child's documents the reader may open (a list; none if not
    given); ``kinds`` limits it to some EVENT_KINDS. Read from the rows the steps keep (decision 017): one
    query whatever the length of the history, the notes the reader may see decided in it (a second query only
    when it finds no event, to tell a kept empty chronology from one not kept)."""
    kept = ChronologyKept.objects.filter(child_id=child.pk, version=VERSION)
    wanted = set(kinds or EVENT_KINDS)
    rows = ChronologyEvent.objects.filter(Exists(kept), child_id=child.pk).order_by("-day", "position")
    if wanted != set(EVENT_KINDS):
        rows = rows.filter(kind__in=sorted(wanted))
    if "note" in wanted:
        rows = rows.filter(~Q(kind="note") | Q(note_id__in=notes.filter(child_id=child.pk).values("pk")))
    found = list(rows)
    if not found and not kept.exists():
        return live_chronology(child, kinds, significant_only, notes=notes, documents=documents)
    visible_documents = {d.pk for d in documents or ()}
    events = [Event(**{name: getattr(row, name) for name in ChronologyEvent.EVENT_FIELDS}) for row in found
              if row.kind != "document" or row.document_id in visible_documents]
    return _shown(events, significant_only)


# ---- Kept by the steps --------------------------------------------------------------------------

# Raise when a builder's output changes (a new kind of event, a reworded title): the worker rebuilds
# every child's rows on start-up, and until then each record is read live.
VERSION = 1


def keep(person_ids: Iterable[int | None]) -> None:
    """Rebuild the kept chronology of the children among these people, and of the children whose events
    name one of them (a kinship carer, a letter's addressee), in the step's own transaction."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return
    children = set(Person.objects.filter(pk__in=ids, kind=Person.Kind.CHILD).values_list("pk", flat=True))
    others = ids - children
    if others:
        children |= set(m.KinshipArrangement.objects.filter(carer_id__in=others).values_list("child_id", flat=True))
        children |= set(Document.objects.filter(addressee_id__in=others).values_list("child_id", flat=True))
    for chunk in _chunks(sorted(children), 500):
        # Claim the children's rows first (an upsert waits for another step keeping the same child), so
        # two steps never both insert a child's events.
        now = timezone.now()
        ChronologyKept.objects.bulk_create([ChronologyKept(child_id=pk, version=VERSION, kept_at=now) for pk in chunk],
                                           update_conflicts=True, unique_fields=["child"], update_fields=["version", "kept_at"])
        built = build(chunk)
        ChronologyEvent.objects.filter(child_id__in=chunk).delete()
        ChronologyEvent.objects.bulk_create([ChronologyEvent.of(event, position) for events in built.values()
                                             for position, event in enumerate(events)], batch_size=1000)


def forget(person_ids: Iterable[int | None]) -> None:
    """A write made outside any step (a shell, a test's own set-up): its children are read live until
    they are next kept or rebuilt."""
    ids = [pk for pk in person_ids if pk is not None]
    if ids:
        ChronologyKept.objects.filter(child_id__in=ids).delete()


def rebuild(only_stale: bool = False, progress: Callable[[int, int], None] | None = None, batch: int = 200) -> int:
    """Rebuild every child's kept chronology (or only those missing or at an older VERSION), ``batch``
    children to a transaction; the number rebuilt."""
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    if only_stale:
        children = children.exclude(pk__in=ChronologyKept.objects.filter(version=VERSION).values("child_id"))
    ids = sorted(children.values_list("pk", flat=True))
    for done, chunk in enumerate(_chunks(ids, batch)):
        with transaction.atomic():
            keep(chunk)
        if progress:
            progress(min((done + 1) * batch, len(ids)), len(ids))
    return len(ids)


def rebuild_for_worker(everything: bool = False) -> int:
    """The worker's pass: the children whose rows are missing or older than VERSION (a deploy changed a
    builder); ``everything`` (nightly) rebuilds all, which also catches what no step names (a
    professional's changed name). 50 children to a transaction: SQLite has one writer."""
    return rebuild(only_stale=not everything, batch=50)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
