"""Item 4: choosing a child as a "likely duplicate" of a new contact opens nothing the front door
could not open another way."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access import policy
from opencsc.access.models import RecordAccess
from opencsc.casework.models import Contact
from opencsc.people import services as people
from opencsc.staff.models import Notification

pytestmark = pytest.mark.django_db


def contact_for(client, child, match):
    dob = child.date_of_birth
    return client.post(reverse("casework:contact-new"), {
        "first_name": child.first_name, "last_name": child.last_name,
        "date_of_birth-day": dob.day, "date_of_birth-month": dob.month, "date_of_birth-year": dob.year,
        "received_date-day": 1, "received_date-month": 12, "received_date-year": 2026, "received_time": "",
        "source": "1A", "reason": "abuse_neglect", "consent": "given", "match": str(match.pk)})


def test_a_contact_matched_to_a_held_child_goes_to_that_team_and_opens_nothing(client, world):
    child = world["child"]
    sibling = people.create_person(first_name="Ben", last_name="Smith-Jones", date_of_birth=date(2017, 1, 1))
    people.add_relationship(child, sibling, "sibling", reciprocal="sibling")
    client.force_login(world["front_door"].user)
    response = contact_for(client, child, child)
    assert response.status_code == 302
    contact = Contact.objects.get(child=child)
    assert not policy.can_read(world["front_door"].user, child)
    assert not policy.can_read(world["front_door"].user, sibling)
    for told in ("worker", "manager"):
        assert Notification.objects.filter(recipient=world[told], link=f"/contacts/{contact.pk}/decide/").exists(), told


def test_a_match_to_an_unallocated_child_is_audited_as_matched_by_the_worker(client, world):
    loose = people.create_person(first_name="Nina", last_name="Loose", date_of_birth=date(2016, 2, 2))
    client.force_login(world["front_door"].user)
    contact_for(client, loose, loose)
    assert policy.can_read(world["front_door"].user, loose)
    assert RecordAccess.objects.filter(person=loose, detail__contains="matched by fran.frontdoor").exists()
