"""Second walk, item 2: Back after a save never shows the form filled in to be saved again, and the same
note saved twice within minutes is asked about first."""

import pytest
from django.urls import reverse

from opencsc.recording.models import CaseNote

pytestmark = pytest.mark.django_db


def note(subject="Call with school", text="School says she is settled.", **extra):
    return {"date-day": "1", "date-month": "12", "date-year": "2026", "note_type": "visit", "subject": subject, "text": text, **extra}


def test_a_signed_in_page_is_never_kept_by_the_browser(signed_in, my_child):
    assert signed_in.get(reverse("recording:case-note-new", args=[my_child.pk]))["Cache-Control"] == "no-store"
    assert signed_in.get(reverse("web:child-record", args=[my_child.pk]))["Cache-Control"] == "no-store"


def test_the_same_note_saved_again_within_minutes_is_asked_about_first_and_saved_only_when_confirmed(signed_in, my_child):
    url = reverse("recording:case-note-new", args=[my_child.pk])
    assert signed_in.post(url, note()).status_code == 302
    again = signed_in.post(url, note())  # Back, then Save: a new submission with the same words
    assert again.status_code == 200 and "You saved this same note at" in again.content.decode()
    assert CaseNote.objects.count() == 1
    assert signed_in.post(url, note(repeat_confirmed="on")).status_code == 302
    assert CaseNote.objects.count() == 2
    assert signed_in.post(url, note(text="A different note.")).status_code == 302  # a different note is never asked about


def test_a_step_form_sent_twice_says_it_was_already_saved_only_for_that_form(signed_in, my_child):
    url = reverse("casework:journey-visit", args=[my_child.pk])
    form = signed_in.get(url).context["form"]
    visit = {"date-day": "1", "date-month": "12", "date-year": "2026", "kind": "cin", "seen": "on",
             "submission_id": str(form.initial["submission_id"])}
    signed_in.post(url, visit)
    twice = signed_in.post(url, visit, follow=True)
    assert "this form was already saved" in twice.content.decode()
