"""Restricting a note to named people is a change of the note, audited on its child's record: the users it names
are not people on the record (once, their ids were taken for people's, and a stranger's trail showed the change)."""

from datetime import date

import pytest

from opencsc.access.models import RecordAccess
from opencsc.people import services as people
from opencsc.recording.services import add_case_note, restrict_to_named
from opencsc.staff.stepping import step
from tests.conftest import allocate_to

pytestmark = pytest.mark.django_db


def test_restricting_a_note_is_audited_on_its_child_and_on_no_one_whose_id_is_a_users(worker):
    people.create_person(first_name="Zed", last_name="Other", date_of_birth=date(2014, 1, 1))  # often the id the user has
    child = allocate_to(people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1)), worker)
    note = add_case_note(child, author=worker, date=date(2025, 1, 2), note_type="visit", subject="S", text="T")
    before = RecordAccess.objects.order_by("-id").values_list("id", flat=True).first()
    with step(detail="restricted"):
        restrict_to_named(note, named_users=[worker.user])
    touched = set(RecordAccess.objects.filter(id__gt=before).values_list("person_id", flat=True))
    assert touched == {child.pk}
    entry = RecordAccess.objects.filter(id__gt=before).get()
    assert "CaseNote" in entry.detail and "restricted_to" in entry.detail
