"""Writes for case notes and drafts."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc.codes import lists

from .models import CaseNote, Draft

MAX_DRAFT_BYTES = 200_000


def add_case_note(child, *, author, date, note_type, subject, text, significant=False, sensitive=False,
                  submission_id=None) -> CaseNote:
    """Add a case note. Submitting the same form twice (same ``submission_id``) returns the first note."""
    if submission_id:
        existing = CaseNote.objects.filter(submission_id=submission_id).first()
        if existing:
            return existing
    errors = {}
    if date and date > timezone.localdate():
        errors["date"] = "The date of a case note must be today or in the past"
    if note_type not in lists.CASE_NOTE_TYPE:
        errors["note_type"] = "Choose the type of case note"
    if not subject.strip():
        errors["subject"] = "Enter a subject"
    if not text.strip():
        errors["text"] = "Enter the case note"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return CaseNote.objects.create(child=child, author=author, date=date, note_type=note_type, subject=subject.strip(),
                                           text=text, significant=significant, sensitive=sensitive,
                                           submission_id=submission_id)
    except IntegrityError:  # the same form arrived twice at once: the other request saved it
        return CaseNote.objects.get(submission_id=submission_id)


def save_draft(user, form_key: str, data: dict) -> Draft:
    """Keep what was typed. Only text fields are kept; the CSRF token never is."""
    clean = {k: v for k, v in data.items() if k != "csrfmiddlewaretoken" and isinstance(v, str)}
    if len(str(clean)) > MAX_DRAFT_BYTES:
        raise ValidationError("This draft is too large to save automatically.")
    draft, _ = Draft.objects.update_or_create(user=user, form_key=form_key, defaults={"data": clean})
    return draft


def get_draft(user, form_key: str) -> Draft | None:
    return Draft.objects.filter(user=user, form_key=form_key).first()


def discard_draft(user, form_key: str) -> None:
    Draft.objects.filter(user=user, form_key=form_key).delete()
