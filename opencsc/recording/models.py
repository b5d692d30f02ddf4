from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from opencsc.codes import lists
from opencsc.people.models import Person
from opencsc.staff.models import Professional
from opencsc.staff.stepping import RecordModel


class CaseNote(RecordModel):
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
    # The visit this note tells about: the chronology shows them as one event (the visit, its note under it).
    visit = models.ForeignKey("casework.StatutoryVisit", null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
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


def _document_storage() -> Any:
    """The "documents" storage of settings.STORAGES (local disk unless configured otherwise)."""
    return storages["documents"]


class Document(RecordModel):
    """A file on a child's record (a report, a letter sent, a photo, an email), kept outside the database.

    ``sha256`` is the content's digest, checked when the file is served; ``content_type`` is what
    the bytes are (``recording.uploads.sniff``), never what the name says. A letter produced from a
    template records its template version, addressee, when and how it was sent.
    """

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=lists.DOCUMENT_KIND.model_choices())
    date = models.DateField(help_text="the document's own date (when written or received)")
    file = models.FileField(storage=_document_storage, upload_to="%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    sensitive = models.BooleanField(default=False, help_text="hidden from business support, like a sensitive note")
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                           help_text="if anyone is named, only they (and who uploaded it) see this document")
    uploaded_by = models.ForeignKey(Professional, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # A letter produced here:
    letter_template = models.ForeignKey("LetterTemplateVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    addressee = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters_received")
    sent_on = models.DateField(null=True, blank=True)
    sent_how = models.CharField(max_length=10, blank=True, choices=lists.LETTER_SENT_HOW.model_choices())

    class Meta:
        ordering = ["-date", "-uploaded_at"]


class LetterTemplateVersion(models.Model):
    """One version of a letter template. A template is its ``key``; editing it adds a version, so a
    letter sent always names the words it was made from. The body has named merge fields only
    (``{child_name}``), never template code."""

    key = models.CharField(max_length=40)
    name = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_by = models.ForeignKey(Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("key", "version")]
        ordering = ["key", "-version"]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class ChronologyEvent(models.Model):
    """One event of a child's chronology, kept by the steps as they write the record (decision 017).

    A read model, not the record: ``chronology.keep`` rebuilds a child's rows from the facts in the
    step that changed them, and ``manage.py rebuild_read_models`` rebuilds every child's. Who may see
    a case note or a document is still decided when it is read (``note_id``, ``document_id``)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(help_text="the order of a day's events, as the builders made them")
    day = models.DateField()
    kind = models.CharField(max_length=20)
    title = models.TextField()
    detail = models.TextField(blank=True)
    significant = models.BooleanField(default=False)
    by = models.CharField(max_length=200, blank=True)
    note_id = models.IntegerField(null=True)
    document_id = models.IntegerField(null=True)
    visit_id = models.IntegerField(null=True)
    contact_id = models.IntegerField(null=True)
    contact_decided = models.BooleanField(default=False)

    EVENT_FIELDS = ("day", "kind", "title", "detail", "significant", "by", "note_id", "document_id", "visit_id", "contact_id",
                    "contact_decided", "child_id")

    class Meta:
        indexes = [models.Index(fields=["child", "-day", "position"], name="chronology_child_day")]

    @classmethod
    def of(cls, event: Any, position: int) -> "ChronologyEvent":
        return cls(position=position, **{name: getattr(event, name) for name in cls.EVENT_FIELDS})


class ChronologyKept(models.Model):
    """That a child's ChronologyEvent rows are kept, and by which version of the builders; a child without
    one (a record written outside a step, or before the rows existed) is read live from the record."""

    child = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.PositiveSmallIntegerField()
    kept_at = models.DateTimeField()
