"""The pre-proceedings and proceedings steps: each asks only for what the step adds."""

from collections.abc import Sequence
from typing import Any

from django import forms

from opencsc.codes import lists
from opencsc.web.forms import GovDateField, OnceOnlyForm, VersionedForm

YES_NO = [("yes", "Yes"), ("no", "No")]


class StartForm(OnceOnlyForm):
    legal_planning_date = GovDateField(label="Date of the legal planning meeting", label_for_errors="Date of the legal planning meeting")
    decision = forms.CharField(label="What the meeting decided, and why", widget=forms.Textarea(attrs={"rows": 5}),
                               error_messages={"required": "Say what the legal planning meeting decided, and why"})
    children = forms.TypedMultipleChoiceField(label="The children it is about", coerce=int, widget=forms.CheckboxSelectMultiple,
                                              help_text="Brothers and sisters go through pre-proceedings together",
                                              error_messages={"required": "Choose the children the pre-proceedings are about"})

    def __init__(self, *args: Any, siblings: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(c.pk, c.full_name) for c in siblings]


class LetterForm(VersionedForm):
    sent_on = GovDateField(label="Date the letter before proceedings was sent", label_for_errors="Date the letter was sent")
    fgdm_offered = forms.ChoiceField(label="Did the letter offer a family group decision-making meeting?", choices=YES_NO,
                                     widget=forms.RadioSelect, help_text="Section 31ZA Children Act 1989: it must, unless an offer "
                                                                         "is not in the child's best interests",
                                     error_messages={"required": "Say whether the letter offered a family group meeting"})
    not_offered_reason = forms.CharField(label="If not, why an offer was not in the child's best interests", required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))


class ResponseForm(VersionedForm):
    parent = forms.TypedChoiceField(label="Parent or person with parental responsibility", coerce=int,
                                    error_messages={"required": "Choose who answered"})
    accepted = forms.ChoiceField(label="Did they accept the family group decision-making meeting?", choices=YES_NO,
                                 widget=forms.RadioSelect, error_messages={"required": "Say whether they accepted"})
    responded_on = GovDateField(label="Date they answered", label_for_errors="Date they answered")

    def __init__(self, *args: Any, parents: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "Choose")] + [(p.pk, p.full_name) for p in parents]


class DateForm(VersionedForm):
    on = GovDateField(label="Date", label_for_errors="Date")

    def __init__(self, *args: Any, label: str = "Date", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].label_for_errors = label


class MeetingForm(VersionedForm):
    date = GovDateField(label="Date of the meeting", label_for_errors="Date of the meeting")
    notes = forms.CharField(label="What was agreed", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(VersionedForm):
    on = GovDateField(label="Date of the decision", label_for_errors="Date of the decision")
    outcome = forms.ChoiceField(label="Decision", choices=lists.PRE_PROCEEDINGS_OUTCOME.model_choices(), widget=forms.RadioSelect,
                                error_messages={"required": "Choose the decision"})


class ApplicationForm(VersionedForm):
    application_date = GovDateField(label="Date the application was made", label_for_errors="Date the application was made")
    court = forms.CharField(label="Court", max_length=200, error_messages={"required": "Enter the court"})
    case_number = forms.CharField(label="Case number (if known)", max_length=40, required=False)


class ExtensionForm(VersionedForm):
    granted_on = GovDateField(label="Date the court extended the timetable", label_for_errors="Date of the extension")
    weeks = forms.IntegerField(label="By how many weeks", min_value=1, max_value=8, help_text="Up to 8 weeks each time",
                               widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
                               error_messages={"required": "Enter the number of weeks"})
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the court extended the timetable"})


class HearingForm(VersionedForm):
    date = GovDateField(label="Date of the hearing", label_for_errors="Date of the hearing", allow_future=True)
    kind = forms.ChoiceField(label="Hearing", choices=lists.HEARING_KIND.model_choices(), widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of hearing"})
    outcome = forms.CharField(label="Outcome (once heard)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


ORDERS_IN_PROCEEDINGS = ["interim_care", "interim_supervision", "care", "supervision", "placement", "sgo", "cao"]


class OrderForm(VersionedForm):
    child = forms.TypedChoiceField(label="Child", coerce=int, error_messages={"required": "Choose the child"})
    kind = forms.ChoiceField(label="Order", widget=forms.RadioSelect, error_messages={"required": "Choose the order"},
                             choices=[(k, lists.LEGAL_ORDER.label(k)) for k in ORDERS_IN_PROCEEDINGS])
    made_on = GovDateField(label="Date the order was made", label_for_errors="Date the order was made")

    def __init__(self, *args: Any, children: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [(c.pk, c.full_name) for c in children]


class LibertyOrderForm(OnceOnlyForm):
    start_date = GovDateField(label="Date the order started", label_for_errors="Date the order started")
    court = forms.CharField(label="Authorising court", max_length=200, help_text="Usually the High Court (inherent jurisdiction)",
                            error_messages={"required": "Enter the authorising court"})
    end_date = GovDateField(label="Date it ended (if it has)", label_for_errors="Date it ended", required=False)


class LibertyOrderEndForm(VersionedForm):
    end_date = GovDateField(label="Date the order ended", label_for_errors="Date the order ended")
