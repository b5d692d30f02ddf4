"""A draft ends when its form is saved: an autosave that arrives after the submit is refused, and a
draft whose form was saved is never put back (the lost second visit of the second walk)."""

import pytest
from django.urls import reverse

from opencsc.recording.models import Draft
from opencsc.recording.services import save_draft


def open_visit(client, child):
    form = client.get(reverse("casework:journey-visit", args=[child.pk])).context["form"]
    return str(form.initial.get("submission_id") or form.data.get("submission_id")), form


def visit(child, submission_id, said):
    return {"date-day": "1", "date-month": "12", "date-year": "2026", "kind": "cin", "seen": "on", "child_views": said,
            "submission_id": submission_id}


@pytest.mark.django_db
def test_an_autosave_arriving_after_its_form_was_saved_is_refused_and_the_form_opens_empty(signed_in, my_child):
    submission_id, _ = open_visit(signed_in, my_child)
    key = f"visit:{my_child.pk}"
    signed_in.post(reverse("casework:journey-visit", args=[my_child.pk]), visit(my_child, submission_id, "First visit"))
    late = signed_in.post(reverse("recording:draft-save", args=[key]), visit(my_child, submission_id, "First visit"))
    assert late.status_code == 409 and late.json()["submitted"] is True
    assert not Draft.objects.filter(form_key=key).exists()
    _, form = open_visit(signed_in, my_child)
    assert not form.is_bound  # an empty form, not the saved one put back


@pytest.mark.django_db
def test_a_draft_written_by_a_late_autosave_that_got_in_is_not_put_back(signed_in, my_child, worker):
    submission_id, _ = open_visit(signed_in, my_child)
    signed_in.post(reverse("casework:journey-visit", args=[my_child.pk]), visit(my_child, submission_id, "First visit"))
    Draft.objects.create(user=worker.user, form_key=f"visit:{my_child.pk}", data=visit(my_child, submission_id, "First visit"))
    _, form = open_visit(signed_in, my_child)
    assert not form.is_bound
    assert not Draft.objects.filter(form_key=f"visit:{my_child.pk}").exists()


@pytest.mark.django_db
def test_a_draft_put_back_is_a_new_submission_with_its_own_id(signed_in, my_child, worker):
    submission_id, _ = open_visit(signed_in, my_child)
    save_draft(worker.user, f"visit:{my_child.pk}", visit(my_child, submission_id, "Half typed"))
    restored_id, form = open_visit(signed_in, my_child)
    assert form.is_bound and form.data["child_views"] == "Half typed"
    assert restored_id != submission_id


@pytest.mark.django_db
def test_an_edit_form_is_saved_once_too(signed_in, my_child):
    """A plan or assessment form (one that edits) carries a submission id, so its draft ends with it."""
    from opencsc.plans.forms import PlanForm

    assert "submission_id" in PlanForm(kind="cin", actions=[]).fields
