"""Second attack report, items 9, 10, 12, 16 and 18: letter checks on normalised text and the referrer's
organisation and title; subject access for a child with a household; the court chronology without
placement postcodes; a missing anchor; a HEAD to the break-glass page."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import RecordAccess
from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.recording import documents
from opencsc.recording.models import CaseNote

pytestmark = pytest.mark.django_db


def letter_to_dad(child):
    dad = people.create_person(kind="adult", first_name="Dan", last_name="Hart", sex="M")
    mum = people.create_person(kind="adult", first_name="Mia", last_name="Hart", sex="F")
    people.add_address(mum, line_1="7 Refuge Row", postcode="TS26 9ZZ", start_date=date(2026, 1, 1), confidential=True)
    people.link_relative(child, mum, "mother", parental_responsibility=True, pr_basis="birth")
    people.link_relative(child, dad, "father", parental_responsibility=True, pr_basis="marriage_or_registration")
    cw.record_contact(child, received_at=timezone.now(), source="1B", reason="abuse_neglect", consent="given",
                      referrer_name="Ivy Informer", referrer_organisation="Quay Primary School", referrer_confidential=True)
    return next(a for a in documents.addressees(child, date.today()) if a.person == dad)


@pytest.mark.parametrize("text", ["She is at TS269ZZ now.", "She is at 7, Refuge-Row.", "Mrs Informer from the school rang.",
                                  "Quay Primary School told us."])
def test_a_letter_is_checked_on_normalised_text_and_the_referrers_organisation_and_title(world, text):
    to = letter_to_dad(world["child"])
    assert documents.letter_problems(world["child"], to, text, date.today())


def test_a_plain_letter_has_no_problems(world):
    to = letter_to_dad(world["child"])
    assert documents.letter_problems(world["child"], to, "Dear Dan,\n\nPlease come to the meeting.", date.today()) == []


def test_subject_access_json_works_for_a_child_whose_address_carries_a_household(client, world):
    child = world["child"]
    sibling = people.create_person(first_name="Sam", last_name="Smith-Jones", date_of_birth=date(2016, 1, 1))
    people.move_household([child, sibling], line_1="3 Home Street", postcode="TS24 7AA", start_date=date(2025, 1, 1))
    client.force_login(world["manager"].user)
    response = client.get(reverse("access:subject-access-json", args=[child.pk]), {"requester": "parent"})
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        pytest.fail("the form, not the export: " + response.content.decode()[:300])
    assert response.status_code == 200
    assert "3 Home Street" in json.dumps(json.loads(response.content))


def test_the_court_chronology_names_no_placement_postcode(world):
    from opencsc.recording.chronology import chronology

    child = world["child"]
    cw.become_looked_after(child, start_date=date(2026, 2, 1), legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U1", "postcode": "TS25 3LE", "provider": "PR1", "urn": "SC123456",
                                      "carer_name": "Fiona Fostercarer"})
    texts = " ".join(f"{e.title} {e.detail}" for e in chronology(child, None, False, notes=CaseNote.objects.none()))
    assert "Placement started" in texts and "TS25" not in texts and "Fostercarer" not in texts


def test_a_missing_anchor_with_entries_in_the_chain_is_a_failure(world, audit_anchor, django_capture_on_commit_callbacks):
    from pathlib import Path

    from opencsc.access import audit

    assert RecordAccess.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        audit.seal()
    assert Path(audit_anchor).exists()
    Path(audit_anchor).unlink()  # deleted with the last entries, or never written
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_a_head_request_to_the_break_glass_page_is_audited(client, world):
    child, stranger = world["child"], world["stranger"]
    client.force_login(stranger.user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 403  # refused first: break-glass is offered
    before = RecordAccess.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client.head(reverse("access:break-glass", args=[child.pk]))
    assert RecordAccess.objects.filter(user=stranger.user, person=child, id__gt=before).exclude(action="refused").exists()


def test_subject_access_marks_who_an_address_was_recorded_for_and_says_who_recorded_a_link(family):
    """The new facts of the second round (``Address.recorded_for``, ``Relationship.recorded_by``) in subject access."""
    from opencsc.access.subject_access import gather
    from opencsc.people import services as people

    people.link_relative(family["a"], family["mother"], "mother", by=family["worker"])
    record = gather(family["a"], family["admin"].user)
    mother = next(r for r in record["relationships"] if r["relationship"] == "Mother")
    assert mother["recorded_by"] == family["worker"].name
    adults = gather(family["mother"], family["admin"].user)
    refuge = adults["addresses"][0]
    assert refuge["recorded_for"]["ground"] == "third_party" and refuge["line_1"]["withheld"] is True
