"""The plan form: what the plan is for, the needs, each action's progress, new actions (who, by when)."""

from django import forms

from opencsc.codes import lists
from opencsc.staff.models import Professional, RoleCode
from opencsc.web.forms import GovDateField, RowForm, Rows, VersionedForm, WithRows, plain_messages

from .models import Plan, PlanAction, PlanVersion

NEW_ACTION_ROWS = 3
MADE_AT = {
    Plan.Kind.CIN: ["started", "cin_review", "other"],
    Plan.Kind.CP: ["initial_conference", "core_group", "review_conference", "other"],
    Plan.Kind.CARE: ["started", "lac_review", "other"],
    Plan.Kind.PLACEMENT: ["started", "lac_review", "other"],
    Plan.Kind.PATHWAY: ["started", "pathway_review", "other"],
}


class NewActionRow(RowForm):
    """A new action: for which need, what, who and by when."""

    need = forms.CharField(label="For which need", required=False, max_length=300)
    action = forms.CharField(label="Action", required=False, max_length=500)
    who = forms.CharField(label="Who", required=False, max_length=200)
    by_when = GovDateField(label="By when", label_for_errors="By when", required=False, allow_future=True)


class NewActionRows(Rows):
    counted_by = "action"


NEW_ACTIONS = forms.formset_factory(NewActionRow, formset=NewActionRows, extra=NEW_ACTION_ROWS)


class PlanForm(WithRows, VersionedForm):
    made_on = GovDateField(label="Date the plan was agreed", label_for_errors="Date the plan was agreed")
    made_at = forms.ChoiceField(label="Where it was agreed", widget=forms.RadioSelect,
                                error_messages={"required": "Say where the plan was agreed"})
    purpose = forms.CharField(label="What the plan is for", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="The outcome wanted for the child, in words the family understands",
                              error_messages={"required": "Say what the plan is for"})
    needs = forms.CharField(label="The child's needs", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    contingency = forms.CharField(label="What happens if the plan does not work", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    permanence = forms.ChoiceField(label="Permanence plan", required=False,
                                   choices=[("", "Not yet decided")] + lists.PERMANENCE_PLAN.model_choices())
    arrangements = forms.CharField(label="Contact, health and education arrangements", required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    personal_adviser = forms.TypedChoiceField(label="Personal adviser", coerce=int, required=False)
    needs_assessment = forms.CharField(label="The needs assessment", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                       help_text="What the young person needs to live independently (CPPCR reg 42)")
    next_review = GovDateField(label="Next review (optional)", label_for_errors="Next review", required=False, allow_future=True)

    KIND_ONLY = {"permanence": {Plan.Kind.CARE}, "arrangements": {Plan.Kind.CARE, Plan.Kind.PLACEMENT},
                 "personal_adviser": {Plan.Kind.PATHWAY}, "needs_assessment": {Plan.Kind.PATHWAY}}

    def __init__(self, *args, kind=Plan.Kind.CIN, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, kinds in self.KIND_ONLY.items():
            if kind not in kinds:
                del self.fields[name]
        self.fields["made_at"].choices = [(c, PlanVersion.MadeAt(c).label) for c in MADE_AT[kind]]
        if "personal_adviser" in self.fields:
            self.fields["personal_adviser"].choices = [("", "Not yet allocated")] + [
                (p.pk, p.name) for p in Professional.objects.exclude(
                    role_id__in=[RoleCode.DATA_ANALYST, RoleCode.SYSTEM_ADMINISTRATOR]).order_by("name")]
        self.action_rows = []
        for action in actions:
            name = f"progress_{action.pk}"
            self.fields[name] = forms.ChoiceField(label=f"{action.action} ({action.who})", choices=PlanAction.Status.choices,
                                                  initial=action.status, required=False)
            self.action_rows.append((action, name))
        self.new_action_rows = self.add_rows("new_actions", NEW_ACTIONS, prefix="new")
        plain_messages(self)  # the fields added here speak plain English too

    def progress(self) -> dict[int, str]:
        return {action.pk: self.cleaned_data[name] for action, name in self.action_rows}

    def new_actions(self) -> list[dict]:
        return self.cleaned_data["new_actions"]

    def new_rows(self):
        return self.new_action_rows.bound_rows()

    def progress_fields(self):
        return [(action, self[name]) for action, name in self.action_rows]


class CloseForm(VersionedForm):
    on = GovDateField(label="Date the plan closed", label_for_errors="Date the plan closed")
    reason = forms.CharField(label="Why it is closing", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the plan is closing"})
