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


class CaseNoteEditForm(CaseNoteForm):
    changes = "edits"  # refused when stale by services.edit_case_note (the note's own version number)
    version = forms.IntegerField(widget=forms.HiddenInput)
