"""Subject access: everything held about a person, third parties marked for redaction review."""

import json
from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.recording.services import add_case_note
from opencsc.staff.models import RoleCode
from opencsc.web.forms import aware
from tests.conftest import allocate_to, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(worker, child):
    allocate_to(child, worker)
    mother = people.create_person(kind="adult", first_name="Claire", last_name="Hartley", date_of_birth=date(1988, 2, 2))
    people.add_relationship(child, mother, "mother", parental_responsibility=True, reciprocal="child")
    cw.record_contact(child, received_at=aware(date(2025, 3, 3), "10:00"), source="2A", reason="abuse_neglect",
                      consent="given", referrer_name="Pat Neighbour", referrer_organisation="", referrer_confidential=True)
    add_case_note(child, author=worker, date=date(2025, 3, 4), note_type="visit", subject="Home visit", text="Seen at home.")
    add_case_note(child, author=worker, date=date(2025, 3, 5), note_type="visit", subject="Disclosure",
                  text="What mum's partner said.", sensitive=True)
    return child


def test_a_manager_exports_everything_held_with_third_parties_marked(client, worker, record):
    client.force_login(make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team).user)
    response = client.get(reverse("access:subject-access-json", args=[record.pk]), {"requester": "child"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["subject"]["first_name"] == "Amelia" and data["subject"]["nhs_number"] == "9434765919"
    contact = data["records"]["contacts"][0]
    assert contact["referrer_name"] == {"value": "Pat Neighbour", "redact": "the referrer asked not to be identified",
                                        "ground": "third_party"}
    assert data["relationships"][0]["relative"]["value"] == "Claire Hartley" and "third party" in data["relationships"][0]["relative"]["redact"]
    notes = {n["subject"]["value"] if isinstance(n["subject"], dict) else n["subject"]: n["text"] for n in data["case_notes"]}
    assert notes["Home visit"] == "Seen at home." and notes["Disclosure"]["redact"].startswith("sensitive")
    assert any(entry["action"] == "create" for entry in data["access_log"])  # the audit of the record is included
    assert RecordAccess.objects.filter(person=record, action="export", detail="subject access (JSON) for child").count() == 1

    pdf = client.get(reverse("access:subject-access-pdf", args=[record.pk]), {"requester": "child"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    preview = client.get(reverse("access:subject-access-pdf", args=[record.pk]) + "?preview=1&requester=child").content.decode()
    assert "4 items marked for redaction review" in preview and 'class="redact">Pat Neighbour' in preview


def test_a_social_worker_cannot_export_subject_access(client, worker, record):
    client.force_login(worker.user)
    assert client.get(reverse("access:subject-access-json", args=[record.pk])).status_code == 403


def test_what_parents_and_other_agencies_said_in_an_assessment_is_marked_and_the_childs_own_words_are_not(worker, record):
    from opencsc.access.subject_access import gather

    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)  # who authorises the assessment
    referral = cw.open_referral(record, referral_date=date(2025, 3, 6), source="2A", primary_need="N1")
    cw.submit_assessment(referral, start_date=date(2025, 3, 6), factors=["4B"], outcome="cin_plan", child_seen=True,
                         child_seen_date=date(2025, 3, 7), summary="Analysis.", by=worker,
                         sections={"parents_views": "Dad says mum drinks.", "agencies_views": "School: often late.",
                                   "wishes_and_feelings": "“I want to stay at my school.”"})
    assessment = gather(record, worker.user)["records"]["assessments"][0]
    assert assessment["parents_views"]["ground"] == "third_party" and assessment["agencies_views"]["ground"] == "third_party"
    assert assessment["wishes_and_feelings"] == "“I want to stay at my school.”"


def test_the_pdf_names_fields_in_words_and_codes_by_their_labels(client, world):
    """Second walk, item 13: no first_name, WBRI or "source 6" for the person reading it."""
    child, manager = world["child"], world["manager"]
    from opencsc.people.models import Person

    Person.objects.filter(pk=child.pk).update(ethnicity="WBRI")
    cw.open_referral(child, referral_date=date(2025, 3, 6), source="6", primary_need="N1")
    client.force_login(manager.user)
    page = client.get(reverse("access:subject-access-pdf", args=[child.pk]), {"requester": "child", "preview": "1"}).content.decode()
    assert "First name" in page and "first_name" not in page
    assert "White British (WBRI)" in page or "British (WBRI)" in page
    assert "(6)" in page and ">6<" not in page
