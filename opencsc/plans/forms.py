"""The plan form: what the plan is for, the needs, each action's progress, new actions (who, by when)."""

from collections.abc import Sequence
from typing import Any

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


class ActionProgressRow(RowForm):
    """How far one of the last version's open actions has got (``progress_0_status``)."""

    status = forms.ChoiceField(choices=PlanAction.Status.choices, required=False)

    def __init__(self, *args: Any, action: PlanAction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["status"].label = f"{action.action} ({action.who})"


class ActionProgressRows(Rows):
    """One row per open action, in the order the form was opened with. Rows are matched to actions by
    position: the form's version check refuses a save made after anyone changed the plan, so the
    actions cannot have changed under it. However many rows a post claims, there are exactly these."""

    counted_by = "status"
    actions: list[PlanAction] = []

    def total_form_count(self) -> int:
        return len(self.actions)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "action": self.actions[index or 0]}


def _progress_rows(actions: list[PlanAction]) -> type[ActionProgressRows]:
    rows = forms.formset_factory(ActionProgressRow, formset=ActionProgressRows, extra=0)
    return type("ProgressRows", (rows,), {"actions": actions})


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

    def __init__(self, *args: Any, kind: Any = Plan.Kind.CIN, actions: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kinds in self.KIND_ONLY.items():
            if kind not in kinds:
                del self.fields[name]
        self.fields["made_at"].choices = [(c, PlanVersion.MadeAt(c).label) for c in MADE_AT[kind]]
        if "personal_adviser" in self.fields:
            self.fields["personal_adviser"].choices = [("", "Not yet allocated")] + [
                (p.pk, p.name) for p in Professional.objects.exclude(
                    role_id__in=[RoleCode.DATA_ANALYST, RoleCode.SYSTEM_ADMINISTRATOR]).order_by("name")]
        actions = list(actions)
        if self.is_bound and any(f"progress_{a.pk}" in self.data for a in actions):
            # A draft kept before progress was a formset named each choice by the action's id.
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a draft's dict, both copyable
            for n, a in enumerate(actions):
                data.setdefault(f"progress_{n}_status", data.get(f"progress_{a.pk}", ""))
            self.data = data
        self.progress_rows = self.add_rows("progress", _progress_rows(actions), prefix="progress",
                                           initial=[{"status": a.status} for a in actions])
        self.new_action_rows = self.add_rows("new_actions", NEW_ACTIONS, prefix="new")
        plain_messages(self)  # the fields added here speak plain English too

    def progress(self) -> dict[int, str]:
        """Action id → its status, for the actions given one."""
        return {row.action.pk: row.cleaned_data["status"] for row in self.progress_rows.forms if row.cleaned_data.get("status")}

    def new_actions(self) -> list[dict]:
        return self.cleaned_data["new_actions"]

    def new_rows(self) -> list[list[forms.BoundField]]:
        return self.new_action_rows.bound_rows()

    def progress_fields(self) -> list[tuple[PlanAction, forms.BoundField]]:
        return [(row.action, row["status"]) for row in self.progress_rows.forms]


class CloseForm(VersionedForm):
    on = GovDateField(label="Date the plan closed", label_for_errors="Date the plan closed")
    reason = forms.CharField(label="Why it is closing", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Say why the plan is closing"})
