"""Forms for the child's file: their details, addresses, family and network, and the professionals around them."""

from collections.abc import Iterable
from typing import Any

from django import forms

from opencsc.codes import lists
from opencsc.web.forms import GovDateField, OnceOnlyForm, VersionedForm

YES_NO_UNKNOWN = [("", "Not known"), ("yes", "Yes"), ("no", "No")]


def _blank(choices: Iterable[tuple[Any, str]], label: str = "Not recorded") -> list[tuple[Any, str]]:
    return [("", label)] + list(choices)


class DetailsForm(VersionedForm, OnceOnlyForm):
    """Every detail the record keeps about a child, and whether this is a correction or a change from a date."""

    changes = "edits"
    kind = forms.ChoiceField(label="What kind of change is this?", choices=lists.DETAIL_CHANGE_KIND.model_choices(),
                             widget=forms.RadioSelect, error_messages={"required": "Say whether this corrects a mistake or is a change from a date"},
                             help_text="A correction replaces the old value for every date. A change from a date (a new name, "
                                       "a new UPN, an immigration decision) keeps the old value for returns about earlier dates.")
    effective_from = GovDateField(label="Date the change took effect (for a change from a date)", required=False,
                                  label_for_errors="Date the change took effect")
    reason = forms.CharField(label="Why are the details being changed?", max_length=300,
                             error_messages={"required": "Say why the details are being changed"},
                             help_text="For example: birth certificate seen; name changed by deed poll; school gave the new UPN")
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, error_messages={"required": "Enter the last name"})
    preferred_name = forms.CharField(label="Name they like to be called", max_length=100, required=False)
    other_names = forms.CharField(label="Other names known by", max_length=300, required=False,
                                  help_text="Earlier names, aliases, other spellings: search finds the child by them")
    date_of_birth = GovDateField(label="Date of birth", required=False, label_for_errors="Date of birth")
    expected_date_of_birth = GovDateField(label="Expected date of birth (an unborn child)", required=False, months_ahead=10,
                                          label_for_errors="Expected date of birth")
    sex = forms.ChoiceField(label="Sex (legal sex)", choices=_blank(lists.SEX.model_choices()), required=False)
    gender_identity = forms.ChoiceField(label="Gender identity (where the child or family gives it)", required=False,
                                        choices=_blank(lists.GENDER_IDENTITY.model_choices()))
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=_blank(lists.ETHNICITY.model_choices()), required=False)
    disabilities = forms.MultipleChoiceField(label="Disabilities", required=False, choices=lists.DISABILITY.model_choices(),
                                             widget=forms.CheckboxSelectMultiple)
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    interpreter_needed = forms.ChoiceField(label="Is an interpreter needed?", choices=YES_NO_UNKNOWN, required=False)
    religion = forms.ChoiceField(label="Religion", choices=_blank(lists.RELIGION.model_choices()), required=False)
    immigration_status = forms.ChoiceField(label="Immigration status", required=False,
                                           choices=_blank(lists.IMMIGRATION_STATUS.model_choices()))
    upn = forms.CharField(label="UPN (unique pupil number)", max_length=13, required=False)
    former_upn = forms.CharField(label="Former UPN", max_length=13, required=False)
    upn_unknown_reason = forms.ChoiceField(label="Why the UPN is not known", required=False,
                                           choices=_blank(lists.UPN_UNKNOWN_CIN.model_choices(), "Not applicable"))
    nhs_number = forms.CharField(label="NHS number", max_length=14, required=False, help_text="10 digits; spaces are fine")
    nhs_number_verified = forms.BooleanField(label="The NHS number has been verified with the NHS", required=False)
    gp_practice = forms.CharField(label="GP practice", max_length=200, required=False)
    school = forms.CharField(label="School or setting", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "from_date" and not data.get("effective_from") and "effective_from" not in self.errors:
            self.add_error("effective_from", "Enter the date the change took effect")
        return data

    @staticmethod
    def values_of(cleaned_data: dict[str, Any]) -> dict[str, Any]:
        """The person's fields from the form (the change's kind, date and reason are said separately)."""
        data = dict(cleaned_data)
        interpreter = data.pop("interpreter_needed", "")
        data["interpreter_needed"] = {"yes": True, "no": False}.get(interpreter)
        for name in ("kind", "effective_from", "reason", "disabilities", "version", "submission_id"):
            data.pop(name, None)
        return data


class AddressForm(OnceOnlyForm):
    line_1 = forms.CharField(label="Address line 1", max_length=200, error_messages={"required": "Enter the first line of the address"})
    line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False,
                               help_text="Leave blank only if there is no postcode (the SSDA903 home postcode reads it)")
    start_date = GovDateField(label="Date they moved in", label_for_errors="Date they moved in")
    confidential = forms.BooleanField(label="This address is confidential", required=False,
                                      help_text="Shown only to staff who may open this person's record; never on a relative's "
                                                "record, the genogram, the front door's queue, or a letter to anyone else")
    household = forms.MultipleChoiceField(label="Who else lives here", required=False, widget=forms.CheckboxSelectMultiple,
                                          help_text="They move to this address from the same date (a household)")

    def __init__(self, *args: Any, household_choices: Iterable[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = list(household_choices)
        if not household_choices:
            del self.fields["household"]


class EndAddressForm(VersionedForm):
    end_date = GovDateField(label="Date they left", label_for_errors="Date they left")


class AddressDatesForm(VersionedForm):
    start_date = GovDateField(label="Date they moved in", label_for_errors="Date they moved in")
    end_date = GovDateField(label="Date they left (leave empty if they still live there)", label_for_errors="Date they left",
                            required=False)
    reason = forms.CharField(label="Why are the dates being corrected?", max_length=300,
                             help_text="For example: the front door recorded the day of the contact, not the day they moved in",
                             error_messages={"required": "Say why the dates are being corrected"})


class RelationshipForm(OnceOnlyForm):
    """A relative: a new person, or one already known (found by local ID)."""

    relationship = forms.ChoiceField(label="Who are they to the child?", choices=_blank(lists.RELATIONSHIP.model_choices(), "Choose"),
                                     error_messages={"required": "Choose who they are to the child"})
    existing = forms.CharField(label="Already known? Their local ID or person number", max_length=20, required=False,
                               help_text="A child's local ID (for example C0001234), or an adult's person number (P and digits, shown "
                                         "when a similar name is found). Leave blank to add a new person below")
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovDateField(label="Date of birth (if known)", required=False, label_for_errors="Date of birth")
    sex = forms.ChoiceField(label="Sex", choices=_blank(lists.SEX.model_choices(), "Not known"), required=False)
    is_child = forms.BooleanField(label="They are a child (under 18)", required=False)
    parental_responsibility = forms.BooleanField(label="They have parental responsibility for the child", required=False)
    pr_basis = forms.ChoiceField(label="Basis of parental responsibility", required=False,
                                 choices=_blank(lists.PARENTAL_RESPONSIBILITY_BASIS.model_choices(), "Choose"))
    pr_start_date = GovDateField(label="Parental responsibility since", required=False, label_for_errors="Parental responsibility since")
    lives_with = forms.BooleanField(label="The child lives with them", required=False)
    start_date = GovDateField(label="Relationship since (if known)", required=False, label_for_errors="Relationship since")
    confirmed_not_duplicate = forms.BooleanField(label="This is a new person: none of the people already known with a similar name",
                                                 required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("existing") and not data.get("last_name"):
            self.add_error("last_name", "Enter the last name, or the local ID of someone already known")
        if data.get("parental_responsibility") and not data.get("pr_basis"):
            self.add_error("pr_basis", "Choose the basis of their parental responsibility")
        return data


class EndRelationshipForm(VersionedForm):
    parental_responsibility = forms.BooleanField(label="They have parental responsibility for the child", required=False)
    pr_basis = forms.ChoiceField(label="Basis of parental responsibility", required=False,
                                 choices=_blank(lists.PARENTAL_RESPONSIBILITY_BASIS.model_choices(), "Choose"))
    pr_end_date = GovDateField(label="Parental responsibility ended (for example, by an adoption order)", required=False,
                               label_for_errors="Parental responsibility ended")
    lives_with = forms.BooleanField(label="The child lives with them", required=False)
    end_date = GovDateField(label="The relationship ended (leave blank if it continues)", required=False,
                            label_for_errors="The relationship ended")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("parental_responsibility") and not data.get("pr_basis"):
            self.add_error("pr_basis", "Choose the basis of their parental responsibility")
        return data


class ProfessionalAroundForm(OnceOnlyForm):
    name = forms.CharField(label="Name", max_length=120, error_messages={"required": "Enter their name"})
    agency = forms.CharField(label="Agency", max_length=120, error_messages={"required": "Enter their agency"},
                             help_text="For example: health visiting, Oakfield Primary School, police, CAMHS")
    role = forms.CharField(label="Role", max_length=120, error_messages={"required": "Enter their role"})
    contact = forms.CharField(label="Phone or email", max_length=200, required=False)
    start_date = GovDateField(label="Working with the child since", required=False, label_for_errors="Working with the child since")


class EndProfessionalForm(VersionedForm):
    end_date = GovDateField(label="Date they stopped working with the child", label_for_errors="Date they stopped working with the child")
