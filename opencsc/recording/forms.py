from typing import Any

from django import forms

from opencsc.codes import lists
from opencsc.web.forms import GovDateField, OnceOnlyForm


class CaseNoteForm(OnceOnlyForm):
    date = GovDateField(label="Date it happened", label_for_errors="Date it happened", help_text="For example, 27 3 2026")
    note_type = forms.ChoiceField(label="Type of note", choices=lists.CASE_NOTE_TYPE.model_choices(), widget=forms.RadioSelect,
                                  error_messages={"required": "Select the type of case note"})
    subject = forms.CharField(label="Subject", max_length=200, error_messages={"required": "Enter a subject"})
    text = forms.CharField(label="Case note", widget=forms.Textarea(attrs={"rows": 10}),
                           error_messages={"required": "Enter the case note"})
    significant = forms.BooleanField(label="This is a significant event", required=False,
                                     help_text="Significant events are highlighted in the chronology and included in the chronology for court")
    sensitive = forms.BooleanField(label="This note is sensitive", required=False,
                                   help_text="Sensitive notes are not shown to business support")
    # Shown only when the same note was saved minutes ago (Back and save again): a second copy is deliberate.
    repeat_confirmed = forms.BooleanField(label="Save it again: this is a second note", required=False)

    def __init__(self, *args: Any, administrative_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if administrative_only:  # business support record administration, not practice
            self.fields["note_type"].choices = [c for c in self.fields["note_type"].choices if c[0] in lists.ADMINISTRATIVE_NOTE_TYPES]
            del self.fields["sensitive"]


class CaseNoteEditForm(CaseNoteForm):
    changes = "edits"  # refused when stale by services.edit_case_note (the note's own version number)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["repeat_confirmed"]  # an edit changes the note itself: nothing to repeat


class DocumentForm(OnceOnlyForm):
    file = forms.FileField(label="File", error_messages={"required": "Choose a file to upload"},
                           help_text="PDF, Word, an image or an email, up to 20 MB. What the file is is checked from its content")
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"},
                            help_text="For example: School report, autumn term")
    kind = forms.ChoiceField(label="Kind of document", choices=[("", "Choose")] + lists.DOCUMENT_KIND.model_choices(),
                             error_messages={"required": "Choose what kind of document it is"})
    date = GovDateField(label="Date of the document", label_for_errors="Date of the document", help_text="When it was written or received")
    sensitive = forms.BooleanField(label="This document is sensitive", required=False,
                                   help_text="Sensitive documents are not shown to business support")


class LetterForm(OnceOnlyForm):
    """The letter to one person, as the worker reviewed it."""

    subject = forms.CharField(label="Subject", max_length=200)
    text = forms.CharField(label="Letter", widget=forms.Textarea(attrs={"rows": 16}))
    sent_how = forms.ChoiceField(label="How it is sent", choices=lists.LETTER_SENT_HOW.model_choices(), widget=forms.RadioSelect,
                                 error_messages={"required": "Say how the letter is sent"})


class LetterTemplateForm(forms.Form):
    changes = "edits"  # refused when stale by documents.edit_template (the template's version number)
    version = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(label="Wording", widget=forms.Textarea(attrs={"rows": 18}),
                           help_text="Plain text. Merge fields in braces, for example {child_name}; the list is below")
