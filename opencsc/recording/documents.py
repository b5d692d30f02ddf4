"""Documents on a child's record and the letters produced from templates.

A document's bytes are checked for what they really are (``uploads.sniff``), stored through Django's
storage API under a random name with their SHA-256, and read back only through the gate (the view),
which checks the digest before serving. A letter is filled from the record with named merge fields
only, addressed to one person with parental responsibility at their own address, checked for
anything it must not carry (another person's confidential address, a referrer who asked not to be
named), and saved as a PDF document with its template version, addressee and how it was sent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from opencsc.casework import extensions
from opencsc.casework import models as m
from opencsc.codes import lists
from opencsc.people.models import Address, Person, Relationship

from . import uploads
from .models import Document, LetterTemplateVersion


@transaction.atomic
def add_document(child: Person, *, data: bytes, original_name: str, title: str, kind: str, date: date, by: Any = None,
                 sensitive: bool = False, submission_id: Any = None, **letter: Any) -> Document:
    """Store a file on the child's record; refused (ValidationError on ``file``) unless its bytes are an accepted kind."""
    if kind not in lists.DOCUMENT_KIND:
        raise ValidationError({"kind": "Choose what kind of document it is"})
    sniffed = uploads.sniff(data)
    uploads.scan(data)
    digest = hashlib.sha256(data).hexdigest()
    document = Document(child=child, title=title, kind=kind, date=date, original_name=original_name[:200], content_type=sniffed.content_type,
                        size=len(data), sha256=digest, sensitive=sensitive, uploaded_by=by, submission_id=submission_id, **letter)
    # A random name: nothing about the child or the file's own name reaches the storage.
    document.file.save(f"{uuid.uuid4().hex}.{sniffed.extension}", ContentFile(data), save=False)
    document.save()
    return document


class Tampered(Exception):
    """The stored bytes no longer match the digest taken when they were uploaded."""


def read_document(document: Document) -> bytes:
    with document.file.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise Tampered(document.pk)
    return data


# ---- letters --------------------------------------------------------------------------------------

MERGE_FIELD = re.compile(r"\{([a-z_]+)\}")
MERGE_FIELDS = {
    "child_name": "the child's full name",
    "child_first_name": "the child's first name",
    "child_dob": "the child's date of birth",
    "addressee_name": "the name of the person the letter is to",
    "addressee_address": "their address, on separate lines (never anyone else's)",
    "relationship": "who they are to the child (mother, father, ...)",
    "today": "the date the letter is produced",
    "worker_name": "the allocated social worker",
    "team_name": "the allocated team",
    "conference_date": "the date of the next child protection conference booked, if any",
    "contact_outcome": "the decision on the latest contact",
    "assessment_outcome": "the outcome of the latest authorised assessment",
}

STARTING_TEMPLATES = {
    "icpc_invitation": ("Invitation to an initial child protection conference", "Initial child protection conference about {child_name}",
                        "Dear {addressee_name},\n\nYou are invited to an initial child protection conference about {child_name} "
                        "(born {child_dob}) on {conference_date}. The conference will share information about {child_first_name}'s "
                        "safety and decide whether a child protection plan is needed. You can bring a friend or a supporter, and "
                        "we will send you the social worker's report before the conference.\n\nIf you cannot attend, please contact "
                        "{worker_name} ({team_name}) as soon as possible.\n\nYours sincerely,\n\n{worker_name}\n{team_name}"),
    "contact_outcome": ("The outcome of a contact about your child", "What happens next for {child_name}",
                        "Dear {addressee_name},\n\nWe received information about {child_name} and have looked at it carefully. "
                        "Our decision: {contact_outcome}.\n\nIf you have questions, please contact us.\n\nYours sincerely,\n\n"
                        "{worker_name}\n{team_name}"),
    "assessment_outcome": ("The outcome of the assessment", "The assessment of {child_name}'s needs",
                           "Dear {addressee_name},\n\nThank you for taking part in the assessment of {child_name}'s needs. "
                           "The outcome: {assessment_outcome}.\n\n{worker_name} will talk it through with you.\n\nYours sincerely,"
                           "\n\n{worker_name}\n{team_name}"),
    "no_further_action": ("No further action", "No further action for {child_name}",
                          "Dear {addressee_name},\n\nWe have finished our involvement with {child_name} and will take no further "
                          "action. If things change, or you would like support, please contact us.\n\nYours sincerely,\n\n"
                          "{worker_name}\n{team_name}"),
}


def merge_fields() -> dict[str, str]:
    """Every merge field: the record's own and those the practice apps declare (casework.extensions)."""
    return MERGE_FIELDS | extensions.letters()[0]


def starting_templates() -> dict:
    return STARTING_TEMPLATES | extensions.letters()[2]


def template_problems(body: str) -> list[str]:
    """Anything in a template that is not plain text with known merge fields (no template code at all)."""
    problems = [f"{{{name}}} is not a merge field" for name in MERGE_FIELD.findall(body) if name not in merge_fields()]
    if re.search(r"\{\{|\{%|<\s*script|<\s*[a-z]", body, re.I):
        problems.append("Templates are plain text with merge fields in {braces}: no template code or markup")
    return problems


def current_templates() -> dict[str, LetterTemplateVersion]:
    """The latest version of each template, made from the starting text the first time it is asked for."""
    latest: dict[str, LetterTemplateVersion] = {}
    for version in LetterTemplateVersion.objects.all():
        latest.setdefault(version.key, version)
    for key, (name, subject, body) in starting_templates().items():
        if key not in latest:
            latest[key], _ = LetterTemplateVersion.objects.get_or_create(key=key, version=1,
                                                                         defaults={"name": name, "subject": subject, "body": body})
    return latest


@transaction.atomic
def edit_template(key: str, *, subject: str, body: str, by: Any, expected_version: int) -> LetterTemplateVersion:
    """A new version of the template (the old ones stay, as sent letters name them); refused if stale."""
    current_templates()  # the first version exists
    locked = LetterTemplateVersion.objects.select_for_update().filter(key=key).order_by("-version").first()
    if locked is None:
        raise ValidationError("There is no such letter template")
    if locked.version != expected_version:
        raise ValidationError(f"Someone saved version {locked.version} of this template since you opened it: reload it and make "
                              "your change again")
    problems = template_problems(subject) + template_problems(body)
    if problems:
        raise ValidationError({"body": problems})
    return LetterTemplateVersion.objects.create(key=key, name=locked.name, version=locked.version + 1, subject=subject, body=body,
                                                created_by=by)


@dataclass
class Addressee:
    person: Person
    relationship: Relationship
    address: Address | None
    # Their current address is confidential and this user may not see it (``access.relatives.address_visible``):
    # no letter to them at it is produced here; the team that recorded it writes to them.
    withheld: bool = False


def addressees(child: Person, today: date) -> list[Addressee]:
    """Each person with parental responsibility for the child now, each with their own current address."""
    links = [r for r in Relationship.objects.filter(person=child, parental_responsibility=True).select_related("relative")
             if r.has_pr_on(today) and r.is_current(today)]
    addresses: dict[int, Address] = {}
    for a in Address.objects.filter(person_id__in=[r.relative_id for r in links]).order_by("start_date"):
        if a.is_current(today):
            addresses[a.person_id] = a
    return [Addressee(r.relative, r, addresses.get(r.relative_id)) for r in links]


def merge_values(child: Person, to: Addressee, today: date, worker: Any = None, team: Any = None) -> dict[str, str]:
    booked = m.MeetingBooking.objects.filter(child=child, kind="initial_conference", held_on__isnull=True, cancelled_at__isnull=True,
                                             starts_at__date__gte=today).order_by("starts_at").first()
    contact = m.Contact.objects.filter(child=child).exclude(outcome="").order_by("-received_at").first()
    assessment = m.Assessment.objects.filter(child=child, authorised_date__isnull=False).order_by("-authorised_date").first()
    address = to.address
    return {
        "child_name": child.full_name, "child_first_name": child.first_name or child.full_name,
        "child_dob": f"{child.date_of_birth:%-d %B %Y}" if child.date_of_birth else "not yet born",
        "addressee_name": to.person.full_name,
        "addressee_address": "\n".join(p for p in [address.line_1, address.line_2, address.town, address.postcode] if p) if address else "",
        "relationship": to.relationship.get_relationship_display().lower(), "today": f"{today:%-d %B %Y}",
        "worker_name": getattr(worker, "name", "") or "the social worker", "team_name": getattr(team, "name", "") or "Children's Services",
        "conference_date": (f"{timezone.localtime(booked.starts_at):%-d %B %Y at %H:%M}, {booked.venue}" if booked
                            else "a date we will confirm"),
        "contact_outcome": contact.get_outcome_display().lower() if contact else "",
        "assessment_outcome": lists.ASSESSMENT_OUTCOME.label(assessment.outcome).lower() if assessment and assessment.outcome else "",
        **{name: value for source in extensions.letters()[1] for name, value in source(child, today).items()},
    }


def fill(text: str, values: dict[str, str]) -> str:
    return MERGE_FIELD.sub(lambda found: values.get(found.group(1), found.group(0)), text)


def _squashed(text: str) -> str:
    """Text as the letter check compares it: lower case, letters and digits only, so "TS269ZZ", "ts26  9zz"
    and "TS26 9ZZ", or "7, Refuge-Row" and "7 Refuge Row", are the same."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr")


def _referrer_forms(name: str, organisation: str) -> list[str]:
    """How a letter could name a referrer who asked not to be identified: their whole name, a title with
    their surname ("Mrs Informer"), and their organisation."""
    words = name.split()
    forms = [name, organisation]
    if len(words) >= 2:
        forms += [f"{title} {words[-1]}" for title in TITLES]
    return [f for f in forms if len(_squashed(f)) >= 4]


def letter_problems(child: Person, to: Addressee, text: str, today: date) -> list[str]:
    """What a letter to this person must not carry: anyone else's confidential address, or the name,
    title or organisation of a referrer who asked not to be identified. Compared on normalised text."""
    problems = []
    others = Address.objects.filter(confidential=True).exclude(person=to.person).filter(
        person_id__in=[child.pk] + list(Relationship.objects.filter(person=child).values_list("relative_id", flat=True)))
    flat = _squashed(text)
    for a in others:
        for part in (a.line_1, a.postcode):
            if part and _squashed(part) and _squashed(part) in flat:
                problems.append(f"The letter contains part of a confidential address ({'postcode' if part == a.postcode else 'first line'} "
                                f"of another person's address): remove it before producing the letter")
    hidden = m.Contact.objects.filter(child=child, referrer_confidential=True)
    for name, organisation in hidden.values_list("referrer_name", "referrer_organisation"):
        if any(_squashed(form) in flat for form in _referrer_forms(name, organisation)):
            problems.append("The letter names a referrer who asked not to be identified (their name, title or organisation): "
                            "remove it")
    return problems


def render_letter_pdf(html: str) -> bytes:
    import weasyprint  # noqa: PLC0415 - heavy (pango); loaded only when a PDF is made

    return weasyprint.HTML(string=html).write_pdf()


@transaction.atomic
def produce_letter(child: Person, to: Addressee, template: LetterTemplateVersion, *, text: str, subject: str, html: str, today: date,
                   sent_how: str, by: Any = None, submission_id: Any = None) -> Document:
    """Save the letter the worker reviewed as a PDF on the child's record, refused if it carries what it must not.
    A letter to someone at their own confidential address is restricted to whoever produced it (it carries
    that address), so it opens for no one else who may open the child's record."""
    if to.withheld:
        raise ValidationError({"text": f"{to.person.full_name}'s current address is confidential and was recorded by another "
                                       "team: that team writes to them there"})
    problems = letter_problems(child, to, f"{subject}\n{text}", today)
    if problems:
        raise ValidationError({"text": problems})
    if sent_how not in lists.LETTER_SENT_HOW:
        raise ValidationError({"sent_how": "Say how the letter is sent"})
    pdf = render_letter_pdf(html)
    document = add_document(child, data=pdf, original_name=f"{template.key}.pdf", title=f"{template.name}: to {to.person.full_name}",
                            kind="letter", date=today, by=by, submission_id=submission_id, letter_template=template, addressee=to.person,
                            sent_on=today if sent_how != "not_sent" else None, sent_how=sent_how,
                            sensitive=bool(to.address and to.address.confidential))
    if to.address is not None and to.address.confidential and by is not None and by.user_id:
        document.restricted_to.set([by.user_id])
    return document

