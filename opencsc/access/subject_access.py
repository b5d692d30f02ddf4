"""Subject access: everything held about one person, with every item that may need withholding
marked with its ground, for the information governance officer who decides what is released.

Each marked item is ``{"value": ..., "redact": why, "ground": code}``; a confidential address that
has not been released is ``{"withheld": True, ...}`` with no value at all. The grounds are those of
the Data Protection Act 2018 that social care records meet most (``GROUNDS``). A note restricted to
named people is never silently left out: for someone not named on it, a placeholder says it exists
and who must review it. The export records who is asking and opens with a summary of what is
marked, by ground.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from opencsc.access.models import RecordAccess
from opencsc.casework.models import AdopterHousehold, AdoptionJourney, Assessment, ChildFact, Contact, Placement, Section47Enquiry
from opencsc.codes import lists
from opencsc.familyhelp.models import FamilyHelpEpisode
from opencsc.meetings.models import MeetingRecord
from opencsc.people.models import Person
from opencsc.plans.models import Plan
from opencsc.proceedings.models import CareProceedings, PreProceedings
from opencsc.recording.models import CaseNote, Document

from . import audit
from .models import AddressRelease
from .services import managers_of

SKIP = {"id", "child", "person", "search_names", "search_keys", "submission_id", "recorded_at", "version", "updated_at", "file", "sha256"}

GROUNDS = {
    "third_party": "Third-party information (DPA 2018 Sch 2 Pt 3)",
    "serious_harm": "Serious harm: social work data (DPA 2018 Sch 3 Pt 3)",
    "adoption": "Adoption records (DPA 2018 Sch 4)",
    "legal_privilege": "Legal professional privilege (DPA 2018 Sch 2 Pt 4)",
    "confidential_address": "Confidential address: withheld until released with the allocated team manager's agreement",
}

REQUESTERS = {
    "child": "The child or young person",
    "parent": "A parent with parental responsibility, on the child's behalf",
    "representative": "A representative (solicitor, advocate) with the child's authority",
}

ADDRESS_FIELDS = ("line_1", "line_2", "town", "postcode")
PLACEMENT_FIELDS = ("postcode", "urn", "carer_reference", "carer_name")


def marked(value, reason: str, ground: str):
    assert ground in GROUNDS, ground
    return {"value": value, "redact": reason, "ground": ground}


def withheld(reason: str, ground: str = "confidential_address"):
    return {"withheld": True, "ground": ground, "redact": reason}


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _fields(obj) -> dict:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIP:
            continue
        value = getattr(obj, field.name)
        if value in ("", None):
            continue
        display = getattr(obj, f"get_{field.name}_display", None)
        out[field.name] = _plain(display() if display and field.choices else value)
    return out


def _contact(contact) -> dict:
    data = _fields(contact)
    for field in ("referrer_name", "referrer_organisation"):
        if field in data:
            data[field] = marked(data[field], "the referrer asked not to be identified" if contact.referrer_confidential
                                 else "third party: the person who made the contact", "third_party")
    if "details" in data:
        data["details"] = marked(data["details"], "what the referrer said: may identify them or others", "third_party")
    if "decision_rationale" in data:
        data["decision_rationale"] = marked(data["decision_rationale"], "the decision's reasons: may repeat what others said", "third_party")
    checks = [{"agency": c.get_agency_display(), "checked_on": _plain(c.checked_on),
               "who": marked(c.who, "third party: who was asked at another agency", "third_party"),
               "said": marked(c.said, "what another agency said", "third_party")} for c in contact.checks.all()]
    if checks:
        data["checks_with_other_agencies"] = checks
    return data


def _assessment(assessment) -> dict:
    """What parents, carers and other agencies said, and the family's history, may be about other people."""
    data = _fields(assessment)
    for field, reason in (("parents_views", "what parents and carers said: may be about other people"),
                          ("agencies_views", "what another agency said"),
                          ("family_environment", "the family's history and circumstances: may be about other people")):
        if field in data:
            data[field] = marked(data[field], reason, "third_party")
    return data


def _section47(enquiry) -> dict:
    """The child's own words are theirs; the findings and the reasons may be about other people."""
    data = _fields(enquiry)
    for field, reason in (("findings", "the enquiry's findings: may be about other people or from another agency"),
                          ("outcome_reasons", "the reasons for the outcome: may repeat what others said")):
        if data.get(field):
            data[field] = marked(data[field], reason, "third_party")
    return data


def _meeting(record) -> dict:
    """Who came is third-party information; the minutes record what others said."""
    data = _fields(record)
    if "minutes" in data:
        data["minutes"] = marked(data["minutes"], "the minutes record what others said", "third_party")
    data["attendance"] = [{"name": marked(a.name, "third party: someone at the meeting", "third_party"),
                           "agency": a.get_agency_display(), "attendance": a.get_status_display()} for a in record.attendance.all()]
    data["recommendations"] = [{"text": r.text, "due_on": _plain(r.due_on), "done_on": _plain(r.done_on)}
                               for r in record.recommendations.all()]
    return data


def _court(person) -> dict:
    """Pre-proceedings and care proceedings, held once for brothers and sisters together: listed for each."""
    out = {}
    pre = [{**_fields(p), "legal_planning_decision": marked(p.legal_planning_decision, "advice given at the legal planning meeting",
                                                            "legal_privilege"),
            "answers": [{"parent": marked(r.parent.full_name, "third party: a parent", "third_party"), "accepted": r.accepted,
                         "responded_on": _plain(r.responded_on)} for r in p.responses.all()],
            "meetings": [_fields(meeting) for meeting in p.meetings.all()]}
           for p in PreProceedings.objects.filter(children=person).prefetch_related("responses__parent", "meetings")]
    if pre:
        out["pre-proceedings"] = pre
    applications = [{**_fields(c), "extensions": [_fields(e) for e in c.extensions.all()],
                     "hearings": [_fields(h) for h in c.hearings.all()]}
                    for c in CareProceedings.objects.filter(children=person).prefetch_related("extensions", "hearings")]
    if applications:
        out["care proceedings"] = applications
    return out


def _placement(placement) -> dict:
    data = _fields(placement)
    adoptive = placement.placement_type in lists.PLACED_FOR_ADOPTION
    for field in PLACEMENT_FIELDS:
        if field in data:
            data[field] = (marked(data[field], "where an adopted child was placed, and with whom", "adoption") if adoptive else
                           marked(data[field], "where the child lives or lived, and with whom: check it is safe to release",
                                  "third_party" if field.startswith("carer") else "serious_harm"))
    return data


def _adoption(obj) -> dict:
    return {name: marked(value, "part of the adoption record", "adoption") for name, value in _fields(obj).items()}


def released_addresses(person) -> set[int]:

    return set(AddressRelease.objects.filter(address__person=person).values_list("address_id", flat=True))


def _address(address, released: set[int]) -> dict:
    data = _fields(address)
    if "recorded_for" in data:  # an adult's address, recorded from a child's record: that child is a third party
        data["recorded_for"] = marked(data["recorded_for"], "third party: the child whose record the address was recorded from",
                                      "third_party")
    if address.confidential and address.pk not in released:
        for field in ADDRESS_FIELDS:
            if field in data:
                data[field] = withheld("confidential address: released only with the allocated team manager's agreement")
        data["confidential"] = marked(True, "the address is confidential", "serious_harm")
        return data
    for field in ADDRESS_FIELDS:
        if field in data:
            data[field] = marked(data[field], "an address: check releasing it cannot put anyone at risk", "serious_harm")
    corrections = [{"dates_before": f"{_plain(c.old_start_date)} to {_plain(c.old_end_date) or 'now'}",
                    "dates_after": f"{_plain(c.new_start_date)} to {_plain(c.new_end_date) or 'now'}", "reason": c.reason,
                    "corrected_at": _plain(c.corrected_at)} for c in address.date_corrections.all()]
    if corrections:  # what the dates said before they were corrected (a withheld address shows none)
        data["date_corrections"] = corrections
    if address.confidential:
        data["confidential"] = marked(True, "a confidential address, released by the reviewer", "serious_harm")
    return data


def _note(note, viewer_id) -> dict:
    named = {u.pk for u in note.restricted_to.all()}
    author_user = note.author.user_id if note.author else None
    if named and viewer_id not in named | {author_user}:
        who = ", ".join(sorted([note.author.name] if note.author else []) + ["the people named on it"])
        return {"date": note.date.isoformat(), "author_team": str(note.author.team) if note.author and note.author.team else "",
                "restricted": f"restricted: to be reviewed by {who}"}
    data = _fields(note)
    data["author"] = note.author.name if note.author else ""
    if note.note_type == "legal":
        ground, reason = "legal_privilege", "legal advice"
    elif note.sensitive or named:
        ground, reason = "serious_harm", "sensitive or restricted note: review for third-party information and harm"
    else:
        return data
    for field in ("subject", "text"):
        data[field] = marked(data[field], reason, ground)
    return data


def _detail_change(change) -> dict:
    data = {"detail": change.field_label, "kind": change.get_kind_display(), "effective_from": _plain(change.effective_from),
            "reason": change.reason, "changed_at": _plain(change.changed_at), "new_value": change.new_value}
    data["old_value"] = marked(change.old_value, "an earlier value: a former name or number can identify a placement, an adoption "
                                                 "or another person", "serious_harm")
    return {k: v for k, v in data.items() if v not in ("", None)}


def _document(document) -> dict:
    """A document is listed with what it is; its content is sent only once reviewed (each one is marked)."""
    data = {"title": document.title, "kind": document.get_kind_display(), "date": _plain(document.date),
            "content_type": document.content_type, "size": document.size}
    if document.addressee_id:
        data["addressee"] = marked(document.addressee.full_name, "third party: the person the letter was sent to", "third_party")
        data["sent"] = f"{document.get_sent_how_display()} {_plain(document.sent_on) or ''}".strip()
    ground, reason = (("serious_harm", "a sensitive document: review it for harm and third-party information") if document.sensitive else
                      ("third_party", "a document's content: review it for third-party information before releasing it"))
    data["content"] = marked(f"document {document.pk} (held outside the export)", reason, ground)
    return data


def gather(person: Person, generated_by, requester: str = "child") -> dict:
    from django.conf import settings


    released = released_addresses(person)
    record: dict = {
        "request": {"requester": requester, "requester_label": REQUESTERS[requester]},
        "summary": {},
        "subject": _fields(person),
        "generated_at": timezone.now().isoformat(),
        "generated_by": getattr(generated_by, "username", ""),
        "authority": settings.AUTHORITY["name"],
        "addresses": [_address(a, released) for a in person.addresses.all()],
        "disabilities": [d.code for d in person.disabilities.all()],
        "alerts": [_fields(a) for a in person.alerts.all()],
        "relationships": [],
        "records": {},
        "case_notes": [],
        "access_log": [],
    }
    listed = set()
    for rel in person.relationships.select_related("relative", "recorded_by"):
        listed.add(rel.relative_id)
        record["relationships"].append({"relationship": rel.get_relationship_display(),
                                        "relative": marked(rel.relative.full_name, "third party: a family member", "third_party"),
                                        "parental_responsibility": rel.parental_responsibility,
                                        **({"recorded_by": rel.recorded_by.name} if rel.recorded_by else {}),
                                        **{k: _plain(v) for k, v in (("pr_basis", rel.get_pr_basis_display()), ("pr_start_date", rel.pr_start_date),
                                                                     ("pr_end_date", rel.pr_end_date), ("start_date", rel.start_date),
                                                                     ("end_date", rel.end_date)) if v}})
    for rel in person.relationships_as_relative.select_related("person"):
        if rel.person_id in listed:  # the reciprocal of one already listed
            continue
        record["relationships"].append({"relationship": f"{rel.get_relationship_display()} of",
                                        "relative": marked(rel.person.full_name, "third party: a family member", "third_party"),
                                        "parental_responsibility": False})
    for model in apps.get_models():
        if not issubclass(model, ChildFact):
            continue
        rows = model._default_manager.filter(child=person)
        shape = {Contact: _contact, Placement: _placement, AdoptionJourney: _adoption, Assessment: _assessment,
                 MeetingRecord: _meeting, Section47Enquiry: _section47}.get(model, _fields)
        items = [shape(row) for row in rows]
        if items:
            record["records"][str(model._meta.verbose_name_plural)] = items
    households = AdopterHousehold.objects.filter(
        pk__in=AdoptionJourney.objects.filter(child=person).exclude(household=None).values("household_id"))
    if households:
        record["records"]["adopter households"] = [_adoption(h) for h in households]
    record["records"].update(_court(person))
    help_given = [{**_fields(e), "notes": [{"date": _plain(n.date), "subject": n.subject,
                                             "text": marked(n.text, "a note about the whole family: may be about other people",
                                                            "third_party")} for n in e.notes.all()]}
                  for e in FamilyHelpEpisode.objects.filter(children=person).prefetch_related("notes")]
    if help_given:
        record["records"]["family help"] = help_given
    written = [{"plan": p.get_kind_display(), "versions": [{**_fields(v), "actions": [_fields(a) for a in v.actions.all()]}
                                                           for v in p.versions.all()]}
               for p in Plan.objects.filter(child=person).prefetch_related("versions__actions", "versions__made_by")]
    if written:
        record["records"]["plans"] = written
    record["detail_changes"] = [_detail_change(c) for c in person.detail_changes.select_related("changed_by")]
    record["professionals_around"] = [
        {**_fields(p), "name": marked(p.name, "third party: a professional from another agency", "third_party"),
         **({"contact": marked(p.contact, "a professional's contact details", "third_party")} if p.contact else {})}
        for p in person.professionals_around.all()]
    record["documents"] = [_document(d) for d in Document.objects.filter(child=person).select_related("addressee", "letter_template")]
    notes = CaseNote.objects.filter(child=person).select_related("author__team").prefetch_related("restricted_to")
    record["case_notes"] = [_note(note, getattr(generated_by, "pk", None)) for note in notes]
    for entry in RecordAccess.objects.filter(person=person).order_by("id"):
        record["access_log"].append({"at": entry.at.isoformat(), "who": entry.username or "system", "action": entry.action,
                                     "detail": entry.detail, "grounds": entry.why})
    record["summary"] = summarise(record)
    return record


def _marks(value):
    if isinstance(value, dict):
        if "redact" in value and ("value" in value or "withheld" in value):
            yield value
        else:
            for item in value.values():
                yield from _marks(item)
    elif isinstance(value, list):
        for item in value:
            yield from _marks(item)


def summarise(record) -> dict:
    marks = list(_marks({k: v for k, v in record.items() if k != "summary"}))
    by_ground = Counter(m["ground"] for m in marks if not m.get("withheld"))
    return {
        "marked": {ground: by_ground[ground] for ground in GROUNDS if by_ground[ground]},
        "grounds": {ground: GROUNDS[ground] for ground in GROUNDS if by_ground[ground]},
        "withheld": sum(1 for m in marks if m.get("withheld")),
        "restricted_placeholders": sum(1 for note in record["case_notes"] if note.get("restricted")),
        "total_marked": len(marks),
    }


# Fields held as codes, shown by their label for the person reading (the JSON keeps the codes).
CODE_LISTS = {"ethnicity": lists.ETHNICITY, "source": lists.REFERRAL_SOURCE, "primary_need": lists.PRIMARY_NEED,
              "religion": lists.RELIGION}


def _readable(item: dict) -> dict:
    out = {}
    for key, value in item.items():
        if key in CODE_LISTS and isinstance(value, str):
            value = f"{CODE_LISTS[key].label(value)} ({value})"
        out[key.replace("_", " ").capitalize()] = value
    return out


def for_reading(record: dict) -> dict:
    """The record as the PDF shows it to a person: field names in words ("First name", not first_name) and
    codes by their labels ("White British (WBRI)"), marks kept (second walk, item 13)."""
    shown = dict(record)
    shown["subject"] = _readable(record["subject"])
    for section in ("addresses", "alerts", "case_notes"):
        shown[section] = [_readable(item) for item in record[section]]
    shown["records"] = {kind: [_readable(item) for item in items] for kind, items in record["records"].items()}
    return shown


def count_marked(value) -> int:
    return sum(1 for _ in _marks(value))


@transaction.atomic
def release_address(address, *, reviewer, agreed_by=None):
    """The reviewer releases a confidential address for this export, with the agreement of a manager
    of the team the child is allocated to (the reviewer's own, if they are one). Audited."""

    agreeing = agreed_by or reviewer
    managers = {m.user_id for m in managers_of(address.person)}
    if agreeing.pk not in managers:
        raise PermissionError("A confidential address is released only with the agreement of the allocated team's manager.")
    release, _ = AddressRelease.objects.get_or_create(address=address, defaults={"released_by": reviewer, "agreed_by": agreeing})
    audit.append(user=reviewer, person=address.person, action="release",
                 detail=f"confidential address {address.pk} released for subject access, agreed by {agreeing.username}")
    return release
