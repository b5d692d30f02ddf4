"""Item 8: a note restricted to named people is read by no one else, managers included."""

import json
from datetime import date

import pytest
from django.urls import reverse

from opencsc.recording.services import add_case_note, restrict_to_named

pytestmark = pytest.mark.django_db


def test_a_manager_not_named_on_a_restricted_note_cannot_read_it_anywhere(client, world):
    child = world["child"]
    note = add_case_note(child, author=world["worker"], date=date(2026, 11, 2), note_type="visit", subject="Private",
                         text="Only for the named.")
    restrict_to_named(note, named_users=[world["colleague"].user])
    client.force_login(world["manager"].user)
    assert client.get(reverse("recording:case-note-edit", args=[child.pk, note.pk])).status_code == 403
    exported = client.get(reverse("access:subject-access-json", args=[child.pk]), {"requester": "child"})
    assert "Only for the named." not in exported.content.decode()
    assert json.loads(exported.content)["case_notes"]
    preview = client.get(reverse("access:subject-access-pdf", args=[child.pk]) + "?preview=1&requester=child").content.decode()
    assert "Only for the named." not in preview
