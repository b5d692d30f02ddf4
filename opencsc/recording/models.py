from django.conf import settings
from django.db import models

from opencsc.codes import lists
from opencsc.people.models import Person
from opencsc.staff.models import Professional


class CaseNote(models.Model):
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField(help_text="when the thing recorded happened")
    note_type = models.CharField(max_length=20, choices=lists.CASE_NOTE_TYPE.model_choices())
    subject = models.CharField(max_length=200)
    text = models.TextField()
    significant = models.BooleanField("significant event", default=False)
    sensitive = models.BooleanField(default=False, help_text="hidden from business support")
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                           help_text="if anyone is named, only they (and the author) see this note")
    version = models.PositiveIntegerField(default=1, help_text="raised on each edit, so a stale edit is refused")
    created_at = models.DateTimeField(auto_now_add=True)
    # One per rendered form: a second submit of the same form (double click, resend) finds the
    # first note instead of making another.
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-date", "-created_at"]


class Draft(models.Model):
    """What someone has typed into a form and not yet submitted, saved as they type.

    ``form_key`` names the form and what it is about (e.g. ``case-note:42``), so coming back to
    the same form restores it, from any page, tab or new session.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    form_key = models.CharField(max_length=100)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("user", "form_key")]


class SubmittedForm(models.Model):
    """A form submission already saved (its ``submission_id``): a second submit of the same rendered
    form (double click, resend after a timeout) is recognised and saves nothing more."""

    submission_id = models.UUIDField(primary_key=True)
    form_key = models.CharField(max_length=100)
    saved_at = models.DateTimeField(auto_now_add=True)
