"""Recording a meeting as held: attendance by agency (rows pre-filled from the booking's invitees),
participation, decisions, minutes, the chair's recommendations."""

from collections.abc import Sequence
from typing import Any

from django import forms

from opencsc.codes import lists
from opencsc.staff.models import Professional, RoleCode
from opencsc.web.forms import GovDateField, OnceOnlyForm, RowForm, Rows, VersionedForm, WithRows

EXTRA_ATTENDANCE_ROWS = 4
RECOMMENDATION_ROWS = 3


def _blank(choices: list[tuple[Any, str]], label: str = "Choose") -> list[tuple[Any, str]]:
    return [("", label)] + list(choices)


class AttendanceRow(RowForm):
    """Who was invited: name, agency, role, whether they came, and (where there are any) their report."""

    name = forms.CharField(label="Name", required=False, max_length=200)
    agency = forms.ChoiceField(label="Agency", required=False, choices=_blank(lists.MEETING_AGENCY.model_choices()))
    role = forms.CharField(label="Role", required=False, max_length=200)
    status = forms.ChoiceField(label="Attendance", required=False, choices=_blank(lists.ATTENDANCE.model_choices()))
    report = forms.TypedChoiceField(label="Their report", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, reports: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reports:
            self.fields["report"].choices = reports
        else:
            del self.fields["report"]


class RecommendationRow(RowForm):
    """What the meeting asked of whom, by when (a recommendation, or a strategy discussion's action)."""

    text = forms.CharField(label="Recommendation", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.TypedChoiceField(label="Who", required=False, coerce=int, empty_value=None)
    owner_name = forms.CharField(label="Or their name and agency", required=False, max_length=200)
    due_on = GovDateField(label="By when", label_for_errors="By when", required=False, allow_future=True)

    def __init__(self, *args: Any, label: str = "Recommendation", owners: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["owner"].choices = owners


class AttendanceRows(Rows):
    counted_by = "name"


class RecommendationRows(Rows):
    counted_by = "text"


ATTENDANCE_ROWS = forms.formset_factory(AttendanceRow, formset=AttendanceRows, extra=EXTRA_ATTENDANCE_ROWS)
RECOMMENDATION_ROWS_SET = forms.formset_factory(RecommendationRow, formset=RecommendationRows, extra=RECOMMENDATION_ROWS)


class MeetingRows(WithRows):
    """Who was there (a row per person, pre-filled from the booking's invitees, and four spare) and what the
    meeting asked of whom by when (three rows): the same rows wherever a meeting is recorded."""

    def add_meeting_rows(self, rows: Sequence[tuple[str, str]], documents: Sequence[Any], *, recommendation: str) -> None:
        reports = _blank([(d.pk, f"{d.title} ({d.date:%-d %b %Y})") for d in documents], "No report") if documents else ()
        self.attendance = self.add_rows("attendance", ATTENDANCE_ROWS, prefix="att", reports=reports,
                                        initial=[{"name": name, "agency": agency} for name, agency in rows])
        self.recommendations = self.add_rows("recommendations", RECOMMENDATION_ROWS_SET, prefix="rec", label=recommendation,
                                             owners=_people("Someone not listed"))

    def attendance_rows(self) -> list[list[forms.BoundField]]:
        return self.attendance.bound_rows()

    def recommendation_rows(self) -> list[list[forms.BoundField]]:
        return self.recommendations.bound_rows()


class MeetingRecordForm(MeetingRows, OnceOnlyForm):
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

    def __init__(self, *args: Any, rows: Sequence[Any] = (), documents: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _people("Choose the chair")
        self.add_meeting_rows(rows, documents, recommendation="Recommendation")


def attendance_of(data: dict, documents: Sequence[Any] = ()) -> list[dict]:
    """The rows of who was there in a form's cleaned data, as ``services.record_meeting`` takes them."""
    by_pk = {d.pk: d for d in documents}
    return [{"name": row["name"], "agency": row["agency"], "role": row["role"], "status": row["status"],
             "report": by_pk.get(row.get("report"))} for row in data["attendance"]]


def recommendations_of(data: dict) -> list[dict]:
    """The recommendations (or actions) in a form's cleaned data, each with its owner and date."""
    rows = data["recommendations"]
    owners = {p.pk: p for p in Professional.objects.filter(pk__in=[row["owner"] for row in rows if row["owner"]])}
    return [{"text": row["text"], "owner": owners.get(row["owner"]), "owner_name": row["owner_name"], "due_on": row["due_on"]}
            for row in rows]


def _people(blank: str) -> list[tuple[Any, str]]:
    return _blank([(p.pk, p.name) for p in Professional.objects.exclude(
        role_id__in=[RoleCode.DATA_ANALYST, RoleCode.SYSTEM_ADMINISTRATOR]).order_by("name")], blank)


class StrategyDiscussionHeldForm(MeetingRows, OnceOnlyForm):
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

    def __init__(self, *args: Any, rows: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _people("Choose the chair")
        self.add_meeting_rows(rows, (), recommendation="Action")



class ConferenceHeldForm(MeetingRows, OnceOnlyForm):
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

    def __init__(self, *args: Any, rows: Sequence[Any] = (), outcomes: Sequence[Any] = (), documents: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _people("Choose the chair")
        self.fields["outcome"].choices = outcomes
        self.add_meeting_rows(rows, documents, recommendation="Recommendation")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == "plan":
            if not data.get("category"):
                self.add_error("category", "Choose the category of abuse for the plan")
            if not (data.get("plan_purpose") or "").strip():
                self.add_error("plan_purpose", "Say what the outline plan is for: the outcome wanted for the child")
        return data



class LookedAfterReviewHeldForm(MeetingRows, OnceOnlyForm):
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

    def __init__(self, *args: Any, rows: Sequence[Any] = (), documents: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = _blank([(p.pk, p.name) for p in Professional.objects.filter(role_id=RoleCode.IRO)
                                               .order_by("name")], "Choose the IRO")
        self.add_meeting_rows(rows, documents, recommendation="Recommendation")



class RecommendationDoneForm(VersionedForm):
    done_on = GovDateField(label="Date it was done", label_for_errors="Date it was done")
    note = forms.CharField(label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3}))
