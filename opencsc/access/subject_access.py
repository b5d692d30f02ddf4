"""Subject access: everything held about one person, with third-party information marked for the
information governance officer to review before anything is released.

Marked (``{"value": ..., "redact": reason}``): a referrer who asked not to be identified, every
other referrer's name (third parties), other people named through relationships, case notes marked
sensitive or restricted, and the names of other people's records. The audit of who has looked at
the record is included (staff acting in their role are not third parties).
"""

from __future__ import annotations

from datetime import date, datetime

from django.apps import apps
from django.db import models
from django.utils import timezone

from opencsc.people.models import Person

SKIP = {"id", "child", "person", "search_names", "search_keys", "submission_id", "recorded_at"}


def marked(value, reason: str):
    return {"value": value, "redact": reason}


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
                                 else "third party: the person who made the contact")
    return data


def gather(person: Person, generated_by) -> dict:
    from opencsc.access.models import RecordAccess
    from opencsc.casework.models import ChildFact, Contact
    from opencsc.recording.models import CaseNote

    record: dict = {
        "subject": _fields(person),
        "generated_at": timezone.now().isoformat(),
        "generated_by": getattr(generated_by, "username", ""),
        "authority": None,
        "addresses": [_fields(a) for a in person.addresses.all()],
        "disabilities": [d.code for d in person.disabilities.all()],
        "alerts": [_fields(a) for a in person.alerts.all()],
        "relationships": [],
        "records": {},
        "case_notes": [],
        "access_log": [],
    }
    from django.conf import settings

    record["authority"] = settings.AUTHORITY["name"]
    listed = set()
    for rel in person.relationships.select_related("relative"):
        listed.add(rel.relative_id)
        record["relationships"].append({"relationship": rel.get_relationship_display(),
                                        "relative": marked(rel.relative.full_name, "third party: a family member"),
                                        "parental_responsibility": rel.parental_responsibility})
    for rel in person.relationships_as_relative.select_related("person"):
        if rel.person_id in listed:  # the reciprocal of one already listed
            continue
        record["relationships"].append({"relationship": f"{rel.get_relationship_display()} of",
                                        "relative": marked(rel.person.full_name, "third party: a family member"),
                                        "parental_responsibility": False})
    for model in apps.get_models():
        if not issubclass(model, ChildFact):
            continue
        rows = model.objects.filter(child=person)
        if model is Contact:
            items = [_contact(c) for c in rows]
        else:
            items = [_fields(row) for row in rows]
        if items:
            record["records"][str(model._meta.verbose_name_plural)] = items
    for note in CaseNote.objects.filter(child=person).select_related("author").prefetch_related("restricted_to"):
        data = _fields(note)
        data["author"] = note.author.name if note.author else ""
        if note.sensitive or note.restricted_to.exists():
            data["text"] = marked(note.text, "sensitive or restricted note: review for third-party information and harm")
        record["case_notes"].append(data)
    for entry in RecordAccess.objects.filter(person=person).order_by("sequence"):
        record["access_log"].append({"at": entry.at.isoformat(), "who": entry.username or "system", "action": entry.action,
                                     "detail": entry.detail, "grounds": entry.why})
    return record


def count_marked(value) -> int:
    if isinstance(value, dict):
        return (1 if "redact" in value and "value" in value else 0) + sum(count_marked(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_marked(v) for v in value)
    return 0
