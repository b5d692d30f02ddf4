"""Forms for the steps of the journey. Each asks only what the record does not already know; the
views pre-fill the rest (dates default to today, categories from the referral, placement details
from the current placement)."""

from collections.abc import Iterable
from typing import Any

from django import forms

from opencsc.codes import lists
from opencsc.staff.models import Professional, RoleCode
from opencsc.web.forms import GovDateField, OnceOnlyForm, VersionedForm

YES_NO = [("yes", "Yes"), ("no", "No")]


def _blank(choices: Iterable[tuple[Any, str]], label: str = "Choose") -> list[tuple[Any, str]]:
    return [("", label)] + list(choices)


def chairs() -> list[tuple[Any, str]]:
    return _blank([(p.pk, p.name) for p in Professional.objects.filter(role_id=RoleCode.IRO).order_by("name")],
                  "Choose the chair")


class AssessmentForm(VersionedForm, OnceOnlyForm):
    start_date = GovDateField(label="Date the assessment started", label_for_errors="Date the assessment started",
                              help_text="Filled in with the referral date; change it if the assessment started later")
    child_seen = forms.ChoiceField(label="Was the child seen during the assessment?", choices=YES_NO, widget=forms.RadioSelect,
                                   error_messages={"required": "Say whether the child was seen"})
    child_seen_date = GovDateField(label="Date the child was seen", label_for_errors="Date the child was seen", required=False)
    developmental_needs = forms.CharField(
        label="The child's developmental needs", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Health, education, emotional and behavioural development, identity, family and social relationships, "
                  "social presentation, self-care skills",
        error_messages={"required": "Write about the child's developmental needs"})
    parenting_capacity = forms.CharField(
        label="Parenting capacity", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Basic care, ensuring safety, emotional warmth, stimulation, guidance and boundaries, stability",
        error_messages={"required": "Write about parenting capacity"})
    family_environment = forms.CharField(
        label="Family and environmental factors", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Family history and functioning, wider family, housing, employment, income, social integration, "
                  "community resources",
        error_messages={"required": "Write about family and environmental factors"})
    wishes_and_feelings = forms.CharField(
        label="The child's wishes and feelings, in their own words", widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="Quote the child where you can; for a baby or a child who does not speak, what you observed")
    parents_views = forms.CharField(label="What parents and carers said", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    agencies_views = forms.CharField(label="What other agencies said", widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                     help_text="School, health, police and others: who said what")
    summary = forms.CharField(label="Analysis", widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="What the information means for the child's safety and needs",
                              error_messages={"required": "Write the analysis"})
    factors = forms.MultipleChoiceField(label="Factors identified at the end of the assessment", required=False,
                                        choices=lists.ASSESSMENT_FACTOR.choices(), widget=forms.CheckboxSelectMultiple)
    outcome = forms.ChoiceField(label="Outcome", choices=lists.ASSESSMENT_OUTCOME.model_choices(), widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome of the assessment"})
    decision_reasons = forms.CharField(label="The decision and the reasons for it", widget=forms.Textarea(attrs={"rows": 4}),
                                       error_messages={"required": "Say why this is the decision"})
    copied_from = forms.IntegerField(widget=forms.HiddenInput, required=False)
    copied_sections = forms.CharField(widget=forms.HiddenInput, required=False)
    copied_reviewed = forms.BooleanField(label="I have reviewed the text copied from the last assessment and it is true now",
                                         required=False)

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if year is not None:  # only the factors the census takes this year
            self.fields["factors"].choices = lists.ASSESSMENT_FACTOR.choices(year)


class StrategyOutcomeForm(OnceOnlyForm):
    """Whether a strategy discussion already recorded as held agreed a section 47 enquiry."""

    section47_agreed = forms.ChoiceField(label="Was a section 47 enquiry agreed?", choices=YES_NO, widget=forms.RadioSelect,
                                         error_messages={"required": "Say whether a section 47 enquiry was agreed"})


class Section47OutcomeForm(VersionedForm, OnceOnlyForm):
    """What the manager reads before authorising: the child seen (and alone), their words, the findings,
    whether the concerns were substantiated, and why this outcome."""

    child_seen = forms.ChoiceField(label="Was the child seen during the enquiry?", choices=YES_NO, widget=forms.RadioSelect,
                                   error_messages={"required": "Say whether the child was seen during the enquiry"})
    child_seen_date = GovDateField(label="Date the child was seen", label_for_errors="Date the child was seen", required=False,
                                   help_text="If the child was seen more than once, the first time")
    seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect, required=False)
    child_said = forms.CharField(label="What the child said", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="In the child's own words where you can: their wishes and feelings. Leave it "
                                           "empty for a baby, and say why in the findings")
    findings = forms.CharField(label="What the enquiry found", widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages={"required": "Say what the enquiry found"})
    concerns_substantiated = forms.ChoiceField(label="Were the concerns substantiated?", widget=forms.RadioSelect,
                                               choices=lists.S47_CONCERNS.model_choices(),
                                               error_messages={"required": "Say whether the concerns were substantiated"})
    end_date = GovDateField(label="Date the enquiry concluded", label_for_errors="Date the enquiry concluded")
    outcome = forms.ChoiceField(label="Outcome", choices=lists.S47_OUTCOME.model_choices(), widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome of the enquiry"})
    outcome_reasons = forms.CharField(label="Why this outcome", widget=forms.Textarea(attrs={"rows": 4}),
                                      error_messages={"required": "Say why this is the outcome"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("child_seen") == "yes":
            if not data.get("child_seen_date") and "child_seen_date" not in self.errors:
                self.add_error("child_seen_date", "Enter the date the child was seen")
            if not data.get("seen_alone"):
                self.add_error("seen_alone", "Say whether the child was seen alone")
        return data


class ConferenceForm(OnceOnlyForm):
    date = GovDateField(label="Date of the conference", label_for_errors="Date of the conference")
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False)
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, error_messages={"required": "Choose the outcome"})
    category = forms.ChoiceField(label="Category of abuse (for a plan)", required=False,
                                 choices=_blank(lists.CATEGORY_OF_ABUSE.model_choices()))

    def __init__(self, *args: Any, outcomes: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = chairs()
        self.fields["outcome"].choices = outcomes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "plan" and not data.get("category"):
            self.add_error("category", "Choose the category of abuse for the plan")
        return data


class CoreGroupForm(OnceOnlyForm):
    date = GovDateField(label="Date of the core group meeting", label_for_errors="Date of the core group meeting")


class VisitForm(OnceOnlyForm):
    date = GovDateField(label="Date of the visit", label_for_errors="Date of the visit")
    kind = forms.ChoiceField(label="Type of visit", choices=lists.VISIT_TYPE.model_choices(), widget=forms.RadioSelect,
                             error_messages={"required": "Choose the type of visit"})
    seen = forms.BooleanField(label="The child was seen", required=False)
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    bedroom_seen = forms.ChoiceField(label="Was the child's bedroom seen?", required=False, widget=forms.RadioSelect,
                                     choices=[("yes", "Yes"), ("no", "No"), ("", "Not asked on this visit")],
                                     help_text="Expected on child protection and looked-after visits")
    child_views = forms.CharField(label="What the child said", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="In their own words where you can")
    observed = forms.CharField(label="What you observed", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(label="What happens next", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label="Anything else (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="Saved as a case note on the chronology, under the visit")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in ("cp", "cla") and data.get("seen") and not data.get("bedroom_seen"):
            self.add_error("bedroom_seen", "Say whether the child's bedroom was seen (a child protection or looked-after visit)")
        return data


class PlacementFields(forms.Form):
    changes = "creates"  # the placement fields of the forms that start one
    placement_type = forms.ChoiceField(label="Placement type", choices=_blank(lists.PLACEMENT_TYPE.choices()),
                                       error_messages={"required": "Choose the placement type"})
    provider = forms.ChoiceField(label="Placement provider", choices=_blank(lists.PLACEMENT_PROVIDER.model_choices()),
                                 error_messages={"required": "Choose the placement provider"})
    carer_reference = forms.CharField(label="Carer reference", required=False,
                                      help_text="The same reference for the same carer tells a change of placement from a change of carer")
    postcode = forms.CharField(label="Placement postcode", required=False, max_length=8)
    urn = forms.CharField(label="Ofsted URN", required=False, max_length=8,
                          help_text="Of the children's home or fostering service (SC and 6 digits, or 7 digits); "
                                    f"{lists.URN_NOT_OFSTED_REGISTERED} for an adoption agency or a provider "
                                    "Ofsted does not register")
    intended_until_18 = forms.BooleanField(label="This placement is intended to last until the child is 18", required=False)


class LookedAfterForm(OnceOnlyForm, PlacementFields):
    start_date = GovDateField(label="Date the child became looked after", label_for_errors="Date the child became looked after")
    legal_status = forms.ChoiceField(label="Legal status", choices=_blank(lists.LEGAL_STATUS.model_choices()),
                                     error_messages={"required": "Choose the legal status"})
    category_of_need = forms.ChoiceField(label="Category of need", choices=_blank(lists.PRIMARY_NEED.choices()),
                                         help_text="Filled in from the referral's primary need",
                                         error_messages={"required": "Choose the category of need"})

    iro = forms.TypedChoiceField(label="Independent reviewing officer (s25A Children Act 1989)", coerce=int, required=False,
                                 help_text="The IRO allocated to the child: they see the record and the reviews they chair")

    field_order = ["start_date", "legal_status", "category_of_need", "placement_type", "provider", "carer_reference",
                   "postcode", "intended_until_18", "iro"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["iro"].choices = _blank([(p.pk, p.name) for p in Professional.objects.filter(role_id=RoleCode.IRO).order_by("name")],
                                            "Not yet allocated")


class PlacementMoveForm(OnceOnlyForm, PlacementFields):
    date = GovDateField(label="Date the new placement started", label_for_errors="Date the new placement started")
    reason_changed = forms.ChoiceField(label="Why the last placement ended", choices=_blank(lists.REASON_PLACE_CHANGE.model_choices()),
                                       error_messages={"required": "Choose why the last placement ended"})

    field_order = ["date", "reason_changed", "placement_type", "provider", "carer_reference", "postcode", "intended_until_18"]


class LookedAfterReviewForm(OnceOnlyForm):
    date = GovDateField(label="Date of the review", label_for_errors="Date of the review")
    chair = forms.TypedChoiceField(label="Independent reviewing officer", coerce=int, required=False)
    participation = forms.ChoiceField(label="How the child took part", choices=_blank(lists.REVIEW_PARTICIPATION.model_choices()),
                                      error_messages={"required": "Choose how the child took part"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = chairs()


class CloseCaseForm(OnceOnlyForm):
    closure_date = GovDateField(label="Date the case closes", label_for_errors="Date the case closes")
    reason = forms.ChoiceField(label="Reason for closure", choices=lists.REASON_FOR_CLOSURE.model_choices(),
                               widget=forms.RadioSelect, error_messages={"required": "Choose the reason for closure"})


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(choices=[("authorise", "Authorise"), ("return", "Return for changes")])
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MeetingBookingForm(OnceOnlyForm):
    kind = forms.ChoiceField(label="Which meeting", choices=lists.MEETING_KIND.model_choices(), widget=forms.RadioSelect,
                             error_messages={"required": "Choose which meeting you are booking"})
    starts_on = GovDateField(label="Date", label_for_errors="The meeting's date", allow_future=True)
    starts_time = forms.CharField(label="Time", max_length=5, help_text="24-hour clock, for example 14:30",
                                  error_messages={"required": "Enter the time, for example 14:30"})
    venue = forms.CharField(label="Venue or call details", max_length=300, error_messages={"required": "Say where, or how to join the call"})
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False)
    invitees = forms.CharField(label="Who is invited", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="One per line: name and agency (the parents, police, health, school...)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _blank([(p.pk, f"{p.name} ({p.role})") for p in Professional.objects.filter(
            role_id__in=(RoleCode.IRO, RoleCode.TEAM_MANAGER)).select_related("role").order_by("name")], "Not yet known")

    def clean_starts_time(self) -> str:
        value = self.cleaned_data["starts_time"].strip().replace(".", ":")
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and 0 <= int(hours) < 24 and 0 <= int(minutes) < 60 and len(minutes) == 2):
            raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30")
        return f"{int(hours):02d}:{minutes}"


class MeetingChangeForm(VersionedForm):
    """Move a booked meeting, change its venue or chair, or cancel it."""

    starts_on = GovDateField(label="Date", label_for_errors="The meeting's date", allow_future=True)
    starts_time = forms.CharField(label="Time", max_length=5, help_text="24-hour clock, for example 14:30")
    venue = forms.CharField(label="Venue or call details", max_length=300, error_messages={"required": "Say where, or how to join the call"})
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False)
    invitees = forms.CharField(label="Who is invited", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    cancel = forms.BooleanField(label="Cancel this meeting", required=False)

    clean_starts_time = MeetingBookingForm.clean_starts_time

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = MeetingBookingForm().fields["chair"].choices


class KinshipForm(OnceOnlyForm):
    kind = forms.ChoiceField(label="Arrangement", choices=lists.KINSHIP_ARRANGEMENT.model_choices(), widget=forms.RadioSelect,
                             error_messages={"required": "Choose the arrangement"})
    carer = forms.TypedChoiceField(label="Carer", coerce=int, error_messages={"required": "Choose the carer"},
                                   help_text="Someone in the child's family or network: add them on the family first")
    start_date = GovDateField(label="Date it started", label_for_errors="Date it started")
    approved_until = GovDateField(label="Temporary approval ends (connected person)", label_for_errors="Temporary approval ends",
                                  required=False, allow_future=True, help_text="From the approval decision")
    support = forms.CharField(label="Support agreed", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, carers: Iterable[tuple[Any, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carer"].choices = [("", "Choose")] + [(p.pk, f"{p.full_name} ({label})") for p, label in carers]


class KinshipEndForm(VersionedForm):
    end_date = GovDateField(label="Date it ended", label_for_errors="Date it ended")
