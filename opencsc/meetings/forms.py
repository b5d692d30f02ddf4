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
        self.fields["chair"].choices = _blank([(p.pk, p.name) for p in Professional.objects.exclude(
            role_id__in=[RoleCode.DATA_ANALYST, RoleCode.SYSTEM_ADMINISTRATOR]).order_by("name")], "Choose the chair")
        reports = _blank([(d.pk, f"{d.title} ({d.date:%-d %b %Y})") for d in documents], "No report")
        self.attendance_count = len(rows) + EXTRA_ATTENDANCE_ROWS
        for i in range(self.attendance_count):
            name, agency = rows[i] if i < len(rows) else ("", "")
            self.fields[f"att_{i}_name"] = forms.CharField(label="Name", required=False, max_length=200, initial=name)
            self.fields[f"att_{i}_agency"] = forms.ChoiceField(label="Agency", required=False, initial=agency,
                                                               choices=_blank(lists.MEETING_AGENCY.model_choices()))
            self.fields[f"att_{i}_role"] = forms.CharField(label="Role", required=False, max_length=200)
            self.fields[f"att_{i}_status"] = forms.ChoiceField(label="Attendance", required=False,
                                                               choices=_blank(lists.ATTENDANCE.model_choices()))
            self.fields[f"att_{i}_report"] = forms.TypedChoiceField(label="Their report", required=False, coerce=int,
                                                                    choices=reports, empty_value=None)
        owners = _blank([(p.pk, p.name) for p in Professional.objects.exclude(
            role_id__in=[RoleCode.DATA_ANALYST, RoleCode.SYSTEM_ADMINISTRATOR]).order_by("name")], "Someone not listed")
        for i in range(RECOMMENDATION_ROWS):
            self.fields[f"rec_{i}_text"] = forms.CharField(label="Recommendation", required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"rec_{i}_owner"] = forms.TypedChoiceField(label="Owner", required=False, coerce=int, choices=owners,
                                                                   empty_value=None)
            self.fields[f"rec_{i}_owner_name"] = forms.CharField(label="Or their name and agency", required=False, max_length=200)
            self.fields[f"rec_{i}_due_on"] = GovDateField(label="By when", label_for_errors="By when", required=False,
                                                          allow_future=True)
        plain_messages(self)

    def attendance_rows(self):
        return [[self[f"att_{i}_{part}"] for part in ("name", "agency", "role", "status", "report")]
                for i in range(self.attendance_count)]

    def recommendation_rows(self):
        return [[self[f"rec_{i}_{part}"] for part in ("text", "owner", "owner_name", "due_on")] for i in range(RECOMMENDATION_ROWS)]


class RecommendationDoneForm(VersionedForm):
    done_on = GovDateField(label="Date it was done", label_for_errors="Date it was done")
    note = forms.CharField(label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3}))
