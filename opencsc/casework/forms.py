import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings

from opencsc.codes import lists
from opencsc.people import plausible
from opencsc.web.forms import GovDateField, OnceOnlyForm, PlainEnglishForm, VersionedForm

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _blank(choices: list[tuple[Any, str]], label: str = "Choose") -> list[tuple[Any, str]]:
    return [("", label)] + choices


class ContactForm(OnceOnlyForm):
    # A new child, when the contact is not about a child already known.
    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    date_of_birth = GovDateField(label="Date of birth", label_for_errors="Date of birth", required=False,
                                 future_message="Date of birth must be in the past",
                                 help_text="Leave blank for an unborn child and give the expected date of birth")
    expected_date_of_birth = GovDateField(label="Expected date of birth (unborn child)", label_for_errors="Expected date of birth",
                                          required=False, months_ahead=plausible.PREGNANCY_MONTHS)
    sex = forms.ChoiceField(label="Sex", choices=lists.SEX.model_choices(), widget=forms.RadioSelect, required=False)
    address_line_1 = forms.CharField(label="Address line 1 (if known)", required=False, max_length=200)
    address_town = forms.CharField(label="Town or city", required=False, max_length=100)
    address_postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    address_confidential = forms.BooleanField(label="The address is confidential", required=False,
                                              help_text="For example, a refuge: shown only to those who may open the child's record")

    received_date = GovDateField(label="Date the contact was received", label_for_errors="Date the contact was received")
    received_time = forms.CharField(label="Time received", required=False, max_length=5, help_text="24-hour clock, for example 14:30")
    source = forms.ChoiceField(label="Source of the contact", choices=_blank(lists.REFERRAL_SOURCE.choices()),
                               error_messages={"required": "Select who the contact came from"})
    reason = forms.ChoiceField(label="Reason for the contact", choices=_blank(lists.CONTACT_REASON.model_choices()),
                               error_messages={"required": "Select the reason for the contact"})
    details = forms.CharField(label="What was said", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    referrer_name = forms.CharField(label="Referrer's name", required=False, max_length=200)
    referrer_organisation = forms.CharField(label="Referrer's organisation", required=False, max_length=200)
    referrer_confidential = forms.BooleanField(label="The referrer asked not to be identified to the family", required=False)
    consent = forms.ChoiceField(label="Consent to share information", choices=lists.CONSENT.model_choices(),
                                widget=forms.RadioSelect, error_messages={"required": "Select whether consent to share was given"})
    consent_not_sought_reason = forms.CharField(label="If consent was not sought, why not", required=False, max_length=300)
    urgency = forms.ChoiceField(label="How urgent is it?", widget=forms.RadioSelect, required=False,
                                help_text="Sets the contact's place in the front door queue: you are recorded as deciding it")
    # After likely duplicates have been shown: "new" or the id of the existing child chosen.
    match = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, child: Any = None, **kwargs: Any) -> None:
        self.child = child
        super().__init__(*args, **kwargs)
        urgency_levels(self.fields["urgency"])

    def clean_urgency(self) -> str:
        return self.cleaned_data["urgency"] or settings.CONTACT_URGENCY_LEVELS[-1][0]  # left as it opened: the standard

    def clean_received_time(self) -> str:
        value = self.cleaned_data["received_time"].strip()
        if value and not _TIME.match(value):
            raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30")
        return value.replace(".", ":")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.child is None:
            if not data.get("last_name"):
                self.add_error("last_name", "Enter the child's last name (or 'Unknown')")
            if not data.get("date_of_birth") and not data.get("expected_date_of_birth") and "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", "Enter the child's date of birth, or the expected date of birth for an unborn child")
        if data.get("consent") == "not_sought" and not data.get("consent_not_sought_reason", "").strip():
            self.add_error("consent_not_sought_reason", "Say why consent to share was not sought")
        return data


def urgency_levels(field: Any) -> None:
    """The authority's urgency levels (a setting), the standard (the last) chosen until someone says otherwise."""
    field.choices = list(settings.CONTACT_URGENCY_LEVELS)
    field.initial = field.initial or settings.CONTACT_URGENCY_LEVELS[-1][0]


class ContactUrgencyForm(VersionedForm):
    urgency = forms.ChoiceField(label="How urgent is it?", widget=forms.RadioSelect,
                                error_messages={"required": "Select how urgent the contact is"})
    reason = forms.CharField(label="Why has the urgency changed?", max_length=300,
                             help_text="For example, 'school rang back: the child is alone at home now'",
                             error_messages={"required": "Say why the urgency has changed"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        urgency_levels(self.fields["urgency"])


CHECKS = [("police", "Police"), ("health", "Health"), ("school", "School or education")]


class ContactDecisionForm(VersionedForm):
    outcome = forms.ChoiceField(label="Decision", choices=lists.CONTACT_OUTCOME.model_choices(), widget=forms.RadioSelect,
                                error_messages={"required": "Select the decision"})
    need_level = forms.ChoiceField(label="Level of need (the threshold document)", widget=forms.RadioSelect,
                                   error_messages={"required": "Choose the level of need"})
    rationale = forms.CharField(label="Why this decision", widget=forms.Textarea(attrs={"rows": 6}),
                                help_text="The facts it rests on and how they meet the threshold",
                                error_messages={"required": "Say why you made this decision"})
    decision_date = GovDateField(label="Date of the decision", label_for_errors="Date of the decision")
    primary_need = forms.ChoiceField(label="Primary need (for a referral, if known)", required=False,
                                     choices=_blank(lists.PRIMARY_NEED.choices(), "Not yet known"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need_level"].choices = list(settings.THRESHOLD_LEVELS)
        for agency, label in CHECKS:  # a check made with each agency before deciding (all optional)
            self.fields[f"{agency}_who"] = forms.CharField(label=f"{label}: who was asked", required=False, max_length=200)
            self.fields[f"{agency}_on"] = GovDateField(label=f"{label}: date asked", required=False, label_for_errors=f"{label}: date asked")
            self.fields[f"{agency}_said"] = forms.CharField(label=f"{label}: what they said", required=False,
                                                            widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for agency, label in CHECKS:
            given = [data.get(f"{agency}_who"), data.get(f"{agency}_on"), data.get(f"{agency}_said")]
            if any(given) and not all(given):
                self.add_error(f"{agency}_said" if given[0] else f"{agency}_who",
                               f"{label}: give who was asked, the date and what they said (or leave all three blank)")
        return data

    def checks(self) -> list[dict]:
        data = self.cleaned_data
        return [{"agency": agency, "who": data[f"{agency}_who"], "checked_on": data[f"{agency}_on"], "said": data[f"{agency}_said"]}
                for agency, _ in CHECKS if data.get(f"{agency}_who")]

    def check_fields(self) -> list[tuple[str, Any, Any, Any]]:
        return [(label, self[f"{agency}_who"], self[f"{agency}_on"], self[f"{agency}_said"]) for agency, label in CHECKS]


class TakeReferralForm(PlainEnglishForm):
    """A team manager takes a referral waiting for a team into their own, allocating a worker."""

    changes = "creates"  # an allocation; services.take_referral refuses a second taker

    referral = forms.TypedChoiceField(label="Referral", coerce=int, error_messages={"required": "Choose the referral"})
    worker = forms.TypedChoiceField(label="Social worker for this referral", coerce=int, error_messages={"required": "Choose the worker"})

    def __init__(self, *args: Any, waiting: Iterable[Any] = (), workers: Iterable[Any] = (), **kwargs: Any) -> None:
        kwargs["prefix"] = "take"
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [("", "Choose a referral")] + [
            (w.referral.pk, f"{getattr(w.child, 'shown_name', w.child.full_name)} ({w.child.la_child_id}), referred "
                            f"{w.referral.referral_date:%d/%m/%Y}") for w in waiting]
        self.fields["worker"].choices = [("", "Choose a worker")] + [(w.pk, w.name) for w in workers]
        self.fields["referral"].error_messages["invalid_choice"] = (
            "That referral is no longer waiting: someone may have taken it already. Choose another")


class ReallocateForm(VersionedForm):
    child = forms.TypedChoiceField(label="Child", coerce=int, error_messages={"required": "Choose the child"})
    worker = forms.TypedChoiceField(label="Allocate to", coerce=int, error_messages={"required": "Choose the worker"})
    reason = forms.ChoiceField(label="Reason", choices=_blank(lists.SW_REASON.model_choices()),
                               error_messages={"required": "Choose the reason for the change"})

    def __init__(self, *args: Any, children: Iterable[Any] = (), workers: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [("", "Choose a child")] + [(c.pk, f"{getattr(c, 'shown_name', c.full_name)} ({c.la_child_id})")
                                                                  for c in children]
        self.fields["worker"].choices = [("", "Choose a worker")] + [(w.pk, w.name) for w in workers]


class ContactCorrectionForm(VersionedForm):
    """Correct what was taken at the front door (the same fields as the contact form)."""

    received_date = ContactForm.base_fields["received_date"]
    received_time = ContactForm.base_fields["received_time"]
    source = ContactForm.base_fields["source"]
    reason = ContactForm.base_fields["reason"]
    details = ContactForm.base_fields["details"]
    referrer_name = ContactForm.base_fields["referrer_name"]
    referrer_organisation = ContactForm.base_fields["referrer_organisation"]
    referrer_confidential = ContactForm.base_fields["referrer_confidential"]
    consent = ContactForm.base_fields["consent"]
    consent_not_sought_reason = ContactForm.base_fields["consent_not_sought_reason"]
    correction_reason = forms.CharField(label="Why is it being corrected?", max_length=300, required=False,
                                        help_text="Needed once the contact has been decided")
    clean_received_time = ContactForm.clean_received_time
