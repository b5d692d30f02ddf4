"""Two people editing the same case note: the second save is refused, both versions are shown."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from opencsc.recording.models import CaseNote
from opencsc.recording.services import add_case_note
from opencsc.staff.models import RoleCode
from tests.conftest import allocate_to, make_worker

pytestmark = pytest.mark.django_db


def edit_data(note, **changes):
    data = {"date-day": note.date.day, "date-month": note.date.month, "date-year": note.date.year,
            "note_type": note.note_type, "subject": note.subject, "text": note.text, "version": note.version}
    return data | changes


def test_the_second_of_two_edits_is_refused_and_shows_both_versions(worker, child):
    allocate_to(child, worker)
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    note = add_case_note(child, author=worker, date=date(2025, 1, 2), note_type="visit", subject="Home visit",
                         text="Seen at home.")
    author, other = Client(), Client()
    author.force_login(worker.user)
    other.force_login(manager.user)
    url = reverse("recording:case-note-edit", args=[child.pk, note.pk])
    opened_by_both = edit_data(note)  # both opened the form at version 1
    first = author.post(url, opened_by_both | {"text": "Seen at home with mum."})
    assert first.status_code == 302
    second = other.post(url, opened_by_both | {"text": "Seen at home; dad was there too."})
    page = second.content.decode()
    assert second.status_code == 200 and "Someone else changed this note" in page
    assert "Seen at home with mum." in page and "Seen at home; dad was there too." in page  # both versions
    assert CaseNote.objects.get().text == "Seen at home with mum."  # nothing overwritten
    # Having read theirs, saving again is deliberate and goes through.
    again = other.post(url, edit_data(CaseNote.objects.get(), text="Seen at home with mum; dad was there too."))
    assert again.status_code == 302
    assert CaseNote.objects.get().text == "Seen at home with mum; dad was there too." and CaseNote.objects.get().version == 3


def test_only_the_author_or_a_manager_may_edit_a_note(worker, child):
    allocate_to(child, worker)
    colleague = make_worker("cal.colleague", RoleCode.SOCIAL_WORKER, worker.team)
    note = add_case_note(child, author=worker, date=date(2025, 1, 2), note_type="visit", subject="Home visit",
                         text="Seen at home.")
    client = Client()
    client.force_login(colleague.user)
    url = reverse("recording:case-note-edit", args=[child.pk, note.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(note, text="Changed by someone else")).status_code == 403
    assert CaseNote.objects.get().text == "Seen at home."
