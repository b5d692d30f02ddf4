"""The one way a page records a step: the form, then the step in one transaction with its audit entry
(``access.gate.change_record``), then a message. GET never writes. What every form shares lives here
once: a draft kept while typing, a double submit saved once, a stale save refused with what changed,
the service's reasons put on the fields they are about, and what a return will say of the change."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from opencsc import versions
from opencsc.access import policy
from opencsc.access.gate import change_record, open_child
from opencsc.people.models import Person
from opencsc.recording.services import discard_draft, get_draft, note_submission, was_submitted
from opencsc.returns.selectors import cin_findings_for_child, ssda903_findings_for_child
from opencsc.staff.models import NO_CHILD_PROTECTION_STEPS, NO_STATUTORY_STEPS
from opencsc.staff.steps import StepKey, may_record, why_not
from opencsc.web.forms import copy_service_errors

CONFLICT = ("This could not be saved: it conflicts with something saved on the record meanwhile. "
            "Check the record, then save again.")


@dataclass(frozen=True)
class Saved:
    """What a step returned; ``again`` when this very form was sent twice and the first one saved it."""

    value: Any = None
    again: bool = False


def save_step(request: HttpRequest, child: Person, form: forms.Form, what: str | Callable[[Any], str],
              work: Callable[[], Any], *, key: StepKey | None = None) -> Saved | None:
    """Run ``work`` (the step) for a valid form, in one transaction with its audit entry. Saved, or
    None with the reason on the form: the service's own words on the fields they name, a stale save
    marked with what changed, a conflict said plainly. Nothing is half saved."""
    try:
        return Saved(change_record(request, child, what, work, key=key))
    except IntegrityError:
        if was_submitted(form.cleaned_data.get("submission_id")):
            return Saved(again=True)
        form.add_error(None, CONFLICT)
    except ValidationError as error:
        copy_service_errors(form, error)
    except versions.Stale as stale:
        form.mark_stale(stale)  # type: ignore[attr-defined]
    return None


def form_with_draft(request: HttpRequest, form_class: Callable[..., Any], form_key: str,
                    initial: dict[str, Any] | None = None) -> tuple[Any, bool]:
    """Bind a form to what was posted, or to the saved draft, or leave it empty."""
    if request.method == "POST":
        return form_class(request.POST), False
    draft = get_draft(request.user, form_key)
    if draft and draft.data:
        data = draft_as_form_data(draft.data)
        if "submission_id" in data:  # a form put back is a new form: saving it is a new submission
            data["submission_id"] = str(uuid.uuid4())
        return form_class(data), True
    return form_class(initial=initial), False


def draft_as_form_data(data: dict[str, Any]) -> QueryDict:
    """A saved draft as posted data, so a field with several values (ticked boxes) gets them all back."""
    bound = QueryDict(mutable=True)
    for name, value in data.items():
        bound.setlist(name, value if isinstance(value, list) else [value])
    return bound


def next_page(request: HttpRequest, child: Person) -> str:
    """Where a saved step goes: back where the person came from (on this site), or the record."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("web:child-record", args=[child.pk])


def _warn(request: HttpRequest, what_reports: str, errors: list[Any]) -> None:
    if errors:
        listed = "; ".join(f"{f.message} ({f.code}, {f.where})" for f in errors[:3])
        messages.warning(request, f"Saved, but {what_reports} will report {len(errors)} error{'s' if len(errors) > 1 else ''}: "
                                  f"{listed}. See Data to fix on the record.")


def warn_ssda903_errors(request: HttpRequest, child: Person) -> None:
    """Saved, and told at once what the looked-after children return will say about it."""
    _, findings = ssda903_findings_for_child(child)
    _warn(request, "the looked-after children return (SSDA903)",
          [f for f in findings if not f.is_query and not f.no_change_needed and not f.not_yet_due])


def warn_census_errors(request: HttpRequest, child: Person) -> None:
    """Saved, and told at once what the census will say about it, while it can still be fixed."""
    _, findings = cin_findings_for_child(child)
    _warn(request, "the CIN census", [f for f in findings if not f.is_query])


def step_page(request: HttpRequest, child: Person, *, form_class: Callable[..., forms.Form], key: str, title: str, button: str,
              save: Callable[[dict[str, Any], Any], str], initial: dict[str, Any] | None = None, known: Any = (),
              form_kwargs: dict[str, Any] | None = None, template: str = "casework/step_form.html",
              extra: dict[str, Any] | None = None, check_ssda903: bool = False,
              edits: Callable[[bool], Any] | None = None) -> HttpResponse:
    """Show a step's form; on a valid submit run ``save(data, me)`` (the step, which returns the
    message) exactly once per rendered form. A step that edits a record names it with ``edits(lock)``:
    the form carries its state, and a save over someone else's is refused."""
    me = getattr(request.user, "professional", None)
    form_key = f"{key}:{child.pk}"
    factory = lambda *a, **k: form_class(*a, **(form_kwargs or {}), **k)  # noqa: E731
    if edits is not None:
        initial = {**(initial or {}), "version": versions.token(edits(False))}
    form, restored = form_with_draft(request, factory, form_key, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def work() -> str:
            note_submission(data.get("submission_id"), form_key)
            if edits is not None:
                versions.check(data.get("version"), edits(True))
            return save(data, me)

        saved = save_step(request, child, form, title.lower(), work, key=getattr(request, "recording_step", None))
        if saved is not None:
            if saved.again:
                messages.success(request, f"{title}: this form was already saved, so it was not saved again")
                return redirect(next_page(request, child))
            discard_draft(request.user, form_key)
            messages.success(request, saved.value)
            if check_ssda903:
                warn_ssda903_errors(request, child)
            return redirect(next_page(request, child))
    if restored:
        form.errors.clear()
        if hasattr(form, "clear_row_errors"):
            form.clear_row_errors()
    return render(request, template, {"form": form, "child": child, "title": title, "button": button, "known": known,
                                      "restored": restored, "form_key": form_key, "next": next_page(request, child),
                                      **(extra or {})})


PROTECTION_STEPS = frozenset({StepKey.STRATEGY_DISCUSSION, StepKey.SECTION47_OUTCOME, StepKey.CONFERENCE, StepKey.CORE_GROUP,
                              StepKey.CP_PLAN})
PROTECTION_REFUSAL = ("section 47 enquiries and child protection plans are led by a registered social worker (the lead child "
                      "protection practitioner)")


def child_for_step(request: HttpRequest, pk: int, title: str, step: StepKey | None = None, *,
                   or_step: StepKey | None = None) -> Person:
    """The child, once the gate has let this user open a step about them (and audited it). Which role
    records which step is one table (``staff.steps``): business support add notes, documents and letters
    and arrange meetings (``or_step``: a second step that also opens the page); a refusal is a 403,
    audited, whatever link was followed."""
    role = policy.role_of(request.user)
    refusal = ""
    arranges = role is not None and or_step is not None and may_record(role.code, or_step)
    if arranges:
        pass
    elif role is not None and role.code in NO_STATUTORY_STEPS:
        refusal = "statutory steps are recorded by case-holding roles"
    elif role is not None and step is not None and not may_record(role.code, step):
        refusal = (PROTECTION_REFUSAL if step in PROTECTION_STEPS and role.code in NO_CHILD_PROTECTION_STEPS else why_not(step))
    child = open_child(request, pk, f"{title} form", needs="records_casework", for_work=True, refusal=refusal)
    # The step this page records: its save is that step (staff.stepping checks the role again, inside it).
    request.recording_step = or_step if arranges else step  # type: ignore[attr-defined]
    return child
