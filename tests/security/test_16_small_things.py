"""Item 16: an off-site next, a refused edit's audit order, an over-long LA child ID, and a DOCTYPE
after the first 4 KB."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.exchange import cin_import
from opencsc.recording.services import add_case_note
from opencsc.returns.formats import cin_file, ssda903_files
from opencsc.returns.formats.safe_xml import Refused
from tests.exchange.test_cin_import import FIXTURES

pytestmark = pytest.mark.django_db


def test_discarding_a_draft_never_follows_an_off_site_next(signed_in):
    response = signed_in.post(reverse("recording:draft-discard", args=["case-note:1"]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("people:home")


def test_a_refused_note_edit_writes_only_its_refusal(client, world):
    child = world["child"]
    note = add_case_note(child, author=world["worker"], date=date(2026, 11, 2), note_type="visit", subject="S", text="T")
    client.force_login(world["colleague"].user)
    assert client.get(reverse("recording:case-note-edit", args=[child.pk, note.pk])).status_code == 403
    actions = list(RecordAccess.objects.filter(user=world["colleague"].user).values_list("action", flat=True))
    assert actions == ["refused"]


def test_a_census_child_id_longer_than_the_record_holds_refuses_the_file():
    data = (FIXTURES / "cin_2025_26_sex.xml").read_bytes()
    first = data.split(b"<LAchildID>")[1].split(b"</LAchildID>")[0]
    with pytest.raises(Refused) as refused:
        cin_import.import_cin(data.replace(first, b"X" * 300, 1))
    assert "LAchildID" in " ".join(refused.value.problems)


@pytest.mark.parametrize("reader", [cin_file.read, lambda data: ssda903_files.read_xml("x.xml", data)])
def test_a_doctype_after_the_first_4kb_is_refused(reader):
    data = b"<?xml version='1.0'?>\n<!--" + b" " * 5000 + b"-->\n<!DOCTYPE Message>\n<Message><Children/></Message>"
    with pytest.raises(Refused):
        reader(data)
