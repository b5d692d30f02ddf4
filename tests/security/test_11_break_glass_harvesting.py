"""Item 11: the break-glass page cannot be used to harvest names by ID."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.people import services as people
from opencsc.staff.models import Notification

pytestmark = pytest.mark.django_db


def test_the_page_opens_only_after_a_refusal_or_a_search_naming_the_child(client, world):
    child = world["child"]
    client.force_login(world["stranger"].user)
    url = reverse("access:break-glass", args=[child.pk])
    assert client.get(url).status_code == 404
    assert RecordAccess.objects.filter(user=world["stranger"].user, person=child, action="refused",
                                       detail__contains="break-glass").exists()
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 403
    assert client.get(url).status_code == 200


def test_a_search_naming_the_child_opens_it_too(client, world):
    child = world["child"]
    client.force_login(world["stranger"].user)
    client.get(reverse("people:home"), {"q": "Amelia Smith-Jones"})
    assert client.get(reverse("access:break-glass", args=[child.pk])).status_code == 200


def test_more_than_twenty_look_ups_in_an_hour_tell_the_users_manager(client, world):
    client.force_login(world["stranger"].user)
    for n in range(21):
        person = people.create_person(first_name=f"Harvest{n}", last_name="Target", date_of_birth=date(2015, 1, 1))
        client.get(reverse("access:break-glass", args=[person.pk]))
    assert Notification.objects.filter(recipient=world["other_manager"], text__contains="break-glass").exists()
