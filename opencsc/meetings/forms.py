"""Recording a meeting as held: attendance by agency (rows pre-filled from the booking's invitees),
participation, decisions, minutes, the chair's recommendations."""

from django import forms

from opencsc.codes import lists
from opencsc.staff.models import Professional, RoleCode
from opencsc.web.forms import GovDateField, OnceOnlyForm, VersionedForm, plain_messages

EXTRA_ATTENDANCE_ROWS = 4
RECOMMENDATION_ROWS = 3


def _blank(choices, label="Choose"):
    return [("", label)] + list(choices)


class MeetingRecordForm(OnceOnlyForm):
    attendance_count = 0  # rows of who was there: set with the rows (_add_rows)
    kind = forms.ChoiceField(label="Meeting", choices=lists.MEETING_RECORDED_KIND.model_choices(), widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of meeting"})
    held_on = GovDateField(label="Date it was held", label_for_errors="Date it was held")
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False)
    child_participation = forms.ChoiceField(label="How the child took part", required=False,
                                            choices=_blank(lists.CHILD_PARTICIPATION.model_choices()))
    parents_participation = forms.ChoiceField(label="How parents took part", required=False,
                                              choices=_blank(lists.PARENT_PARTICIPATION.model_choices()))
    decisions = forms.CharField(label="What the meeting decided", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Write what the meeting decided"})
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    next_review = GovDateField(label="Next review or meeting (if set)", label_for_errors="Next review", required=False,
                               allow_future=True)

    def __init__(self, *args, rows=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _people("Choose the chair")
        _add_rows(self, rows, documents, recommendation="Recommendation")
        plain_messages(self)

    def attendance_rows(self):
        return [[self[f"att_{i}_{part}"] for part in ("name", "agency", "role", "status", "report") if f"att_{i}_{part}" in self.fields]
                for i in range(self.attendance_count)]

    def recommendation_rows(self):
        return [[self[f"rec_{i}_{part}"] for part in ("text", "owner", "owner_name", "due_on")] for i in range(RECOMMENDATION_ROWS)]



def attendance_of(data: dict, documents=()) -> list[dict]:
    """The rows of who was there in a form's cleaned data, as ``services.record_meeting`` takes them."""
    by_pk = {d.pk: d for d in documents}
    rows, i = [], 0
    while f"att_{i}_name" in data:
        rows.append({"name": data[f"att_{i}_name"], "agency": data[f"att_{i}_agency"], "role": data[f"att_{i}_role"],
                     "status": data[f"att_{i}_status"], "report": by_pk.get(data.get(f"att_{i}_report"))})
        i += 1
    return rows


def recommendations_of(data: dict) -> list[dict]:
    """The recommendations (or actions) in a form's cleaned data, each with its owner and date."""
    owners = {p.pk: p for p in Professional.objects.filter(
        pk__in=[data[f"rec_{i}_owner"] for i in range(RECOMMENDATION_ROWS) if data[f"rec_{i}_owner"]])}
    return [{"text": data[f"rec_{i}_text"], "owner": owners.get(data[f"rec_{i}_owner"]),
             "owner_name": data[f"rec_{i}_owner_name"], "due_on": data[f"rec_{i}_due_on"]} for i in range(RECOMMENDATION_ROWS)]


def _people(blank: str):
    return _blank([(p.pk, p.name) for p in Professional.objects.exclude(
        role_id__in=[RoleCode.DATA_ANALYST, RoleCode.SYSTEM_ADMINISTRATOR]).order_by("name")], blank)


def _add_rows(form, rows, documents, *, recommendation: str) -> None:
    """Who was there (a row per person, pre-filled from the booking's invitees, and four spare) and what the
    meeting asked of whom by when (three rows): the same rows wherever a meeting is recorded."""
    reports = _blank([(d.pk, f"{d.title} ({d.date:%-d %b %Y})") for d in documents], "No report")
    form.attendance_count = len(rows) + EXTRA_ATTENDANCE_ROWS
    for i in range(form.attendance_count):
        name, agency = rows[i] if i < len(rows) else ("", "")
        form.fields[f"att_{i}_name"] = forms.CharField(label="Name", required=False, max_length=200, initial=name)
        form.fields[f"att_{i}_agency"] = forms.ChoiceField(label="Agency", required=False, initial=agency,
                                                           choices=_blank(lists.MEETING_AGENCY.model_choices()))
        form.fields[f"att_{i}_role"] = forms.CharField(label="Role", required=False, max_length=200)
        form.fields[f"att_{i}_status"] = forms.ChoiceField(label="Attendance", required=False,
                                                           choices=_blank(lists.ATTENDANCE.model_choices()))
        if documents:
            form.fields[f"att_{i}_report"] = forms.TypedChoiceField(label="Their report", required=False, coerce=int,
                                                                    choices=reports, empty_value=None)
    owners = _people("Someone not listed")
    for i in range(RECOMMENDATION_ROWS):
        form.fields[f"rec_{i}_text"] = forms.CharField(label=recommendation, required=False, widget=forms.Textarea(attrs={"rows": 2}))
        form.fields[f"rec_{i}_owner"] = forms.TypedChoiceField(label="Who", required=False, coerce=int, choices=owners,
                                                               empty_value=None)
        form.fields[f"rec_{i}_owner_name"] = forms.CharField(label="Or their name and agency", required=False, max_length=200)
        form.fields[f"rec_{i}_due_on"] = GovDateField(label="By when", label_for_errors="By when", required=False,
                                                      allow_future=True)


class StrategyDiscussionHeldForm(OnceOnlyForm):
    """A strategy discussion recorded once: who took part (by agency), what was shared, whether a section 47
    enquiry was agreed, the decision and its reasons, and the actions, by whom and by when."""

    held_on = GovDateField(label="Date of the strategy discussion", label_for_errors="Date of the strategy discussion")
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False)
    information_shared = forms.CharField(label="Information shared", widget=forms.Textarea(attrs={"rows": 8}),
                                         help_text="What each agency knew and said",
                                         error_messages={"required": "Write what information was shared"})
    section47_agreed = forms.ChoiceField(label="Was a section 47 enquiry agreed?", choices=[("yes", "Yes"), ("no", "No")],
                                         widget=forms.RadioSelect,
                                         error_messages={"required": "Say whether a section 47 enquiry was agreed"})
    decisions = forms.CharField(label="The decision and the reasons for it", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Write what was decided and why"})

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _people("Choose the chair")
        _add_rows(self, rows, (), recommendation="Action")
        plain_messages(self)

    attendance_rows = MeetingRecordForm.attendance_rows
    recommendation_rows = MeetingRecordForm.recommendation_rows


class ConferenceHeldForm(OnceOnlyForm):
    """A child protection conference recorded once: who came, how the child and parents took part, the
    minutes, the decision, the statutory outcome and, for a plan, the outline plan and its actions."""

    held_on = GovDateField(label="Date of the conference", label_for_errors="Date of the conference")
    chair = forms.TypedChoiceField(label="Chair", coerce=int, required=False)
    child_participation = forms.ChoiceField(label="How the child took part", required=False,
                                            choices=_blank(lists.CHILD_PARTICIPATION.model_choices()))
    parents_participation = forms.ChoiceField(label="How parents took part", required=False,
                                              choices=_blank(lists.PARENT_PARTICIPATION.model_choices()))
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    decisions = forms.CharField(label="What the conference decided, and why", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Write what the conference decided"})
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, error_messages={"required": "Choose the outcome"})
    category = forms.ChoiceField(label="Category of abuse (for a plan)", required=False,
                                 choices=_blank(lists.CATEGORY_OF_ABUSE.model_choices()))
    plan_purpose = forms.CharField(label="What the outline plan is for (for a plan)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="The outcome wanted for the child. The recommendations below become its actions")

    def __init__(self, *args, rows=(), outcomes=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _people("Choose the chair")
        self.fields["outcome"].choices = outcomes
        _add_rows(self, rows, documents, recommendation="Recommendation")
        plain_messages(self)

    def clean(self):
        data = super().clean() or {}
        if data.get("outcome") == "plan":
            if not data.get("category"):
                self.add_error("category", "Choose the category of abuse for the plan")
            if not (data.get("plan_purpose") or "").strip():
                self.add_error("plan_purpose", "Say what the outline plan is for: the outcome wanted for the child")
        return data

    attendance_rows = MeetingRecordForm.attendance_rows
    recommendation_rows = MeetingRecordForm.recommendation_rows


class LookedAfterReviewHeldForm(OnceOnlyForm):
    """A looked-after review recorded once: who came, how the child and parents took part, the minutes, what
    it decided and its recommendations."""

    held_on = GovDateField(label="Date of the review", label_for_errors="Date of the review")
    chair = forms.TypedChoiceField(label="Independent reviewing officer", coerce=int, required=False)
    participation = forms.ChoiceField(label="How the child took part", choices=_blank(lists.REVIEW_PARTICIPATION.model_choices()),
                                      error_messages={"required": "Choose how the child took part"})
    parents_participation = forms.ChoiceField(label="How parents took part", required=False,
                                              choices=_blank(lists.PARENT_PARTICIPATION.model_choices()))
    minutes = forms.CharField(label="Minutes", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    decisions = forms.CharField(label="What the review decided", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": "Write what the review decided"})

    def __init__(self, *args, rows=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _blank([(p.pk, p.name) for p in Professional.objects.filter(role_id=RoleCode.IRO)
                                               .order_by("name")], "Choose the IRO")
        _add_rows(self, rows, documents, recommendation="Recommendation")
        plain_messages(self)

    attendance_rows = MeetingRecordForm.attendance_rows
    recommendation_rows = MeetingRecordForm.recommendation_rows


class RecommendationDoneForm(VersionedForm):
    done_on = GovDateField(label="Date it was done", label_for_errors="Date it was done")
    note = forms.CharField(label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3}))
