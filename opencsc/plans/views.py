"""The plan pages: the current plan and its history, a new version, closing a child in need plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from opencsc.access.gate import open_child
from opencsc.staff.models import Professional
from opencsc.staff.steps import StepKey, plan_step
from opencsc.web.step_pages import child_for_step, step_page

from . import forms as f
from . import services
from .models import Plan
from .selectors import kinds_held, latest, plan_of, statutory_fact


def _kind(kind: str) -> str:
    if kind not in Plan.Kind.values:
        raise Http404("No such plan")
    return kind


def steps_offered(child, referral, period):
    """The record offers each plan the child has a statutory fact for."""
    out = []
    held = kinds_held(child)
    for kind in Plan.Kind.values:
        if kind == Plan.Kind.PATHWAY and (child.age_on(timezone.localdate()) or 0) < 16:
            continue
        if kind in held:
            out.append((Plan.Kind(kind).label, reverse("plans:plan", args=[child.pk, kind]), plan_step(kind)))
    return out




def plan(request, pk, kind):
    child = open_child(request, pk, f"{Plan.Kind(_kind(kind)).label.lower()}")
    current = plan_of(child, kind)
    versions = list(current.versions.select_related("made_by")) if current else []
    wanted = request.GET.get("version")
    shown = next((v for v in versions if str(v.number) == wanted), None) if wanted else latest(current)
    return render(request, "plans/plan.html", {"child": child, "plan": current, "kind": kind, "label": Plan.Kind(kind).label,
                                               "shown": shown, "versions": versions, "has_fact": statutory_fact(child, kind) is not None,
                                               "today": timezone.localdate()})


def plan_update(request, pk, kind):
    label = Plan.Kind(_kind(kind)).label
    child = child_for_step(request, pk, f"Update the {label.lower()}", plan_step(kind))
    try:
        the_plan = services.plan_to_update(child, kind)  # not saved until its first version is: a GET writes nothing
    except ValidationError as error:
        messages.warning(request, error.messages[0])
        return redirect("web:child-record", pk=child.pk)
    previous = latest(the_plan) if the_plan.pk else None
    actions = [a for a in previous.actions.all() if a.status == "open"] if previous else []
    initial: dict[str, Any] = {"made_on": timezone.localdate(), "made_at": "started" if previous is None and kind != Plan.Kind.CP else ""}
    if previous is not None:
        # Each version starts from the last one's values, its next review included (left blank, the review
        # would drop off My work when the plan is updated).
        initial |= {name: getattr(previous, name) for name in ("purpose", "needs", "contingency", "permanence", "arrangements",
                                                                "needs_assessment", "next_review")}
        initial["personal_adviser"] = previous.personal_adviser_id
    if kind == Plan.Kind.CP and previous is None:
        initial["made_at"] = "initial_conference"

    def save(data, me):
        form_progress = {action.pk: row["status"] for action, row in zip(actions, data["progress"], strict=True) if row["status"]}
        new = data["new_actions"]
        adviser = Professional.objects.filter(pk=data.get("personal_adviser")).first() if data.get("personal_adviser") else None
        version = services.save_version(the_plan, made_on=data["made_on"], made_at=data["made_at"], purpose=data["purpose"],
                                        needs=data["needs"], contingency=data["contingency"], permanence=data.get("permanence", ""),
                                        arrangements=data.get("arrangements", ""), personal_adviser=adviser,
                                        needs_assessment=data.get("needs_assessment", ""), next_review=data["next_review"],
                                        progress=form_progress, new_actions=new, by=me)
        return f"{label}: version {version.number} saved"

    return step_page(request, child, form_class=f.PlanForm, key=f"plan-{kind}-{the_plan.pk or 'new'}", title=f"Update the {label.lower()}",
                     button="Save this version", save=save, initial=initial, template="plans/plan_form.html",
                     form_kwargs={"kind": kind, "actions": actions}, extra={"next": reverse("plans:plan", args=[child.pk, kind]),
                                                                           "previous": previous},
                     edits=lambda lock: services.saved_plan(the_plan, lock))


def plan_close(request, pk):
    child = child_for_step(request, pk, "Close the child in need plan", StepKey.CIN_PLAN)
    try:
        the_plan = services.plan_to_update(child, Plan.Kind.CIN)  # a GET writes nothing
    except ValidationError as error:
        messages.warning(request, error.messages[0])
        return redirect("web:child-record", pk=child.pk)

    def save(data, me):
        services.close_cin_plan(services.saved_plan(the_plan) or services.open_plan(child, Plan.Kind.CIN, the_plan.cin_plan),
                                on=data["on"], reason=data["reason"])
        return "Child in need plan closed"

    return step_page(request, child, form_class=f.CloseForm, key=f"plan-close-{the_plan.pk or 'new'}", title="Close the child in need plan",
                     button="Close the plan", save=save, initial={"on": timezone.localdate()},
                     edits=lambda lock: services.saved_plan(the_plan, lock))
