from collections.abc import Sequence
from typing import Any

from django import forms

from opencsc.staff.models import CASE_HOLDING_ROLES, FAMILY_HELP_LEADS, Professional
from opencsc.web.forms import GovDateField, OnceOnlyForm, VersionedForm


class StartForm(OnceOnlyForm):
    start_date = GovDateField(label="Date the help started", label_for_errors="Date the help started")
    children = forms.TypedMultipleChoiceField(label="The children", coerce=int, widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": "Choose the children the help is for"})
    reason = forms.CharField(label="Why the family needs help", widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Say why the family needs help"})
    lead = forms.TypedChoiceField(label="Lead practitioner", coerce=int, help_text="Need not be a social worker",
                                  error_messages={"required": "Choose the lead practitioner"})
    supervisor = forms.TypedChoiceField(label="Supervising social worker", coerce=int,
                                        help_text="A registered social worker overseeing the lead practitioner's work",
                                        error_messages={"required": "Choose the supervising social worker"})

    def __init__(self, *args: Any, siblings: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(c.pk, c.full_name) for c in siblings]
        people = list(Professional.objects.filter(user__isnull=False).select_related("role").order_by("name"))
        self.fields["lead"].choices = [("", "Choose")] + [(p.pk, f"{p.name} ({p.role.name})") for p in people
                                                          if p.role_id in FAMILY_HELP_LEADS]
        self.fields["supervisor"].choices = [("", "Choose")] + [(p.pk, p.name) for p in people if p.role_id in CASE_HOLDING_ROLES]


class GroupNoteForm(OnceOnlyForm):
    date = GovDateField(label="Date", label_for_errors="Date")
    subject = forms.CharField(label="Subject", max_length=200, required=False)
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 6}), help_text="It appears on each child's chronology",
                           error_messages={"required": "Write the note"})


class EndForm(VersionedForm):
    end_date = GovDateField(label="Date the help ended", label_for_errors="Date the help ended")
    reason = forms.CharField(label="Why it is ending", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the help is ending"})
