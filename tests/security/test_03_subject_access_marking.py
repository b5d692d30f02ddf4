"""Item 3: a subject access export marks everything that may need withholding, with its ground,
withholds confidential addresses until released, shows restricted notes as placeholders, records
who is asking and opens with a summary."""

import json
from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.casework.models import PeriodOfCare, Placement
from opencsc.people import services as people
from opencsc.recording.services import add_case_note, restrict_to_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(world):
    child = world["child"]
    period = PeriodOfCare.objects.create(child=child, start_date=date(2024, 1, 1), category_of_need="N1")
    Placement.objects.create(child=child, period=period, start_date=date(2024, 6, 1), placement_type="A5", provider="PR1",
                             postcode="TS24 8AA", urn="SC123456", carer_reference="ADOPTERS-9")
    people.add_address(child, line_1="1 Secret Row", postcode="TS25 1AA", start_date=date(2024, 6, 1), confidential=True)
    note = add_case_note(child, author=world["worker"], date=date(2025, 1, 2), note_type="visit", subject="Only Sam",
                         text="Kept to the author.")
    restrict_to_named(note, named_users=[world["worker"].user])
    add_case_note(child, author=world["worker"], date=date(2025, 1, 3), note_type="visit", subject="Disclosure by uncle",
                  text="Sensitive detail.", sensitive=True)
    return child


def export(client, manager, child, **query):
    client.force_login(manager.user)
    return client.get(reverse("access:subject-access-json", args=[child.pk]), query)


def test_the_export_asks_who_is_requesting_before_it_is_made(client, world, adopted):
    response = export(client, world["manager"], adopted)
    assert response.status_code == 200 and "Who is asking" in response.content.decode()
    data = json.loads(export(client, world["manager"], adopted, requester="parent").content)
    assert data["request"]["requester"] == "parent"


def test_adoptive_placements_addresses_and_sensitive_notes_are_marked_with_their_ground(client, world, adopted):
    data = json.loads(export(client, world["manager"], adopted, requester="child").content)
    placement = data["records"]["placements"][0]
    for field in ("postcode", "urn", "carer_reference"):
        assert placement[field]["ground"] == "adoption", field
    address = data["addresses"][0]
    assert address["line_1"] == {"withheld": True, "ground": "confidential_address",
                                 "redact": "confidential address: released only with the allocated team manager's agreement"}
    sensitive = next(n for n in data["case_notes"] if "Disclosure" in str(n.get("subject")))
    assert sensitive["subject"]["ground"] == "serious_harm" and sensitive["text"]["ground"] == "serious_harm"
    summary = data["summary"]
    assert summary["marked"]["adoption"] >= 3 and summary["withheld"] >= 1


def test_a_restricted_note_is_a_counted_placeholder_for_someone_not_named_on_it(client, world, adopted):
    data = json.loads(export(client, world["manager"], adopted, requester="child").content)
    placeholder = next(n for n in data["case_notes"] if n.get("restricted"))
    assert "Kept to the author." not in json.dumps(data)
    assert placeholder["restricted"].startswith("restricted: to be reviewed by") and placeholder["date"] == "2025-01-02"
    assert data["summary"]["restricted_placeholders"] == 1


def test_releasing_a_confidential_address_needs_the_team_managers_agreement_and_is_audited(client, world, adopted):
    from opencsc.access import subject_access

    address = adopted.addresses.get()
    with pytest.raises(PermissionError):
        subject_access.release_address(address, reviewer=world["other_manager"].user)
    subject_access.release_address(address, reviewer=world["manager"].user)
    assert RecordAccess.objects.filter(person=adopted, action="release").exists()
    data = json.loads(export(client, world["manager"], adopted, requester="child").content)
    assert data["addresses"][0]["line_1"]["value"] == "1 Secret Row"
