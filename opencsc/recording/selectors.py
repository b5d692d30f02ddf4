"""Reads about case notes that other apps share."""

from django.db.models import Exists, OuterRef, Q

from opencsc.access.policy import sees_sensitive_notes

from .models import CaseNote


def notes_visible_to(user, notes=None):
    """Case notes this user may read: sensitive notes only for roles that see them, and a note
    restricted to named people only for those people and its author."""
    notes = CaseNote.objects.all() if notes is None else notes
    if not sees_sensitive_notes(user):
        notes = notes.filter(sensitive=False)
    named = CaseNote.restricted_to.through.objects.filter(casenote_id=OuterRef("pk"))
    return notes.annotate(_restricted=Exists(named)).filter(
        Q(_restricted=False) | Q(restricted_to=user) | Q(author__user=user)).distinct()
