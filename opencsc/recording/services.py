"""Writes for case notes and drafts."""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc import versions
from opencsc.casework import services as casework
from opencsc.casework.models import StatutoryVisit
from opencsc.codes import lists
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from .models import CaseNote, Document, Draft, SubmittedForm

MAX_DRAFT_BYTES = 200_000


REPEAT_MINUTES = 15  # the same note again within this long is asked about first


def add_case_note(child: Person, *, author: Professional | None, date: date, note_type: str, subject: str, text: str,
                  significant: bool = False, sensitive: bool = False, submission_id: Any = None, visit: Any = None,
                  repeat_confirmed: bool | None = None) -> CaseNote:
    """Add a case note (``visit``: the visit it tells about). Submitting the same form twice (same
    ``submission_id``) returns the first note. From the case note page (``repeat_confirmed`` given), the
    same subject and text by the same author on the same child within ``REPEAT_MINUTES`` is asked about
    first (Back after a save, then saving again), never saved twice by accident."""
    if submission_id:
        existing = CaseNote.objects.filter(submission_id=submission_id).first()
        if existing:
            return existing
    if repeat_confirmed is False:
        since = timezone.now() - timedelta(minutes=REPEAT_MINUTES)
        earlier = CaseNote.objects.filter(child=child, author=author, subject=subject.strip(), text=text, created_at__gte=since).first()
        if earlier is not None:
            raise ValidationError({"repeat_confirmed": f"You saved this same note at {timezone.localtime(earlier.created_at):%H:%M}. "
                                                       "Tick the box to save a second copy, or leave this page: it is saved."})
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
                                           submission_id=submission_id, visit=visit)
    except IntegrityError:  # the same form arrived twice at once: the other request saved it
        return CaseNote.objects.get(submission_id=submission_id)


@records(StepKey.VISIT)
def record_visit(child: Person, *, date: date, kind: str, seen: bool, seen_alone: bool, bedroom_seen: bool | None, child_views: str = "",
                 observed: str = "", next_steps: str = "", note: str = "", by: Professional | None = None) -> StatutoryVisit:
    """A statutory visit and, when the worker wrote one, its case note (one step: the visit is never saved
    without the note that was typed with it)."""
    made = casework.record("visit", child, date=date, kind=kind, seen=seen, seen_alone=seen_alone and seen, worker=by,
                           bedroom_seen=bedroom_seen, child_views=child_views, observed=observed, next_steps=next_steps)
    if note.strip():
        add_case_note(child, author=by, date=date, note_type="visit", subject=lists.VISIT_TYPE.label(kind), text=note,
                      visit=made)
    return made


class AlreadySubmitted(Exception):
    """The form this draft came from has been saved: its draft is over, and never comes back."""


def was_submitted(submission_id: Any) -> bool:
    """Whether the rendered form with this id has been saved (a step, a case note or a contact)."""
    try:
        key = uuid.UUID(str(submission_id))
    except ValueError:
        return False
    return (SubmittedForm.objects.filter(pk=key).exists() or CaseNote.objects.filter(submission_id=key).exists()
            or Document.objects.filter(submission_id=key).exists())


def draft_submission_id(data: dict[str, Any]) -> Any:
    value = data.get("submission_id")
    return value[0] if isinstance(value, list | tuple) and value else value


def save_draft(user: Any, form_key: str, data: dict[str, Any]) -> Draft:
    """Keep what was typed. Only text values are kept; the CSRF token never is. A field with several
    values (ticked boxes) keeps them all, as a list. An autosave that arrives after its form was
    submitted (a slow connection) is refused: it would bring back what was already saved."""
    submission_id = draft_submission_id(data)
    if submission_id and was_submitted(submission_id):
        raise AlreadySubmitted
    clean = {}
    for k, v in data.items():
        if k == "csrfmiddlewaretoken":
            continue
        values = [x for x in (v if isinstance(v, list | tuple) else [v]) if isinstance(x, str)]
        if values:
            clean[k] = values if len(values) > 1 or isinstance(v, list | tuple) else values[0]
    if len(str(clean)) > MAX_DRAFT_BYTES:
        raise ValidationError("This draft is too large to save automatically.")
    draft, _ = Draft.objects.update_or_create(user=user, form_key=form_key, defaults={"data": clean})
    return draft


def restriction_state(item: Any) -> str:
    """A case note's or document's state with who it is restricted to (the restrict form's version)."""
    return versions.token(item, extra=sorted(item.restricted_to.values_list("pk", flat=True)))


@transaction.atomic
def restrict_to_named(item: Any, *, named_users: Iterable[Any], expected_version: str | None = None) -> None:
    """Only the named people (and the note's author, or whoever uploaded the document) may see it; no
    one named lifts it. With ``expected_version``, refuse (``versions.Stale``) if it changed meanwhile."""
    if expected_version is not None:
        versions.check(expected_version, type(item).objects.select_for_update().get(pk=item.pk),
                       extra=sorted(item.restricted_to.values_list("pk", flat=True)))
    item.restricted_to.set(named_users)
    return item


def get_draft(user: Any, form_key: str) -> Draft | None:
    """The draft to put back, unless its form has been saved since (then it is removed: a submitted
    form's draft never comes back, even if a late autosave got in)."""
    draft = Draft.objects.filter(user=user, form_key=form_key).first()
    if draft is not None and was_submitted(draft_submission_id(draft.data)):
        draft.delete()
        return None
    return draft


def discard_draft(user: Any, form_key: str) -> None:
    Draft.objects.filter(user=user, form_key=form_key).delete()


class EditConflict(Exception):
    """Someone else saved the same note after this editor opened it."""

    def __init__(self, current: CaseNote):
        super().__init__(f"case note {current.pk} is now at version {current.version}")
        self.current = current


EDITABLE = ("date", "note_type", "subject", "text", "significant", "sensitive")


def edit_case_note(note: CaseNote, *, expected_version: int, **changes: Any) -> CaseNote:
    """Save an edit made to ``expected_version`` of the note. If someone else has saved it since,
    nothing is written and ``EditConflict`` carries their version, so both can be shown."""
    errors = {}
    if changes.get("date") and changes["date"] > timezone.localdate():
        errors["date"] = "The date of a case note must be today or in the past"
    if not (changes.get("subject") or "").strip():
        errors["subject"] = "Enter a subject"
    if not (changes.get("text") or "").strip():
        errors["text"] = "Enter the case note"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = CaseNote.objects.select_for_update().get(pk=note.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        for field in EDITABLE:
            if field in changes:
                setattr(current, field, changes[field].strip() if field == "subject" else changes[field])
        current.version += 1
        current.save()
    return current


def note_submission(submission_id: Any, form_key: str) -> None:
    """Mark a rendered form as saved; its second submit raises IntegrityError (and, inside the save's
    transaction, saves nothing more)."""
    if submission_id:
        SubmittedForm.objects.create(submission_id=submission_id, form_key=form_key)


def mark_submitted(submission_id: Any, form_key: str) -> None:
    """As ``note_submission``, for forms that are kept once by their own row (a contact): no error on a repeat."""
    if submission_id:
        SubmittedForm.objects.get_or_create(submission_id=submission_id, defaults={"form_key": form_key})
