"""Second attack report, item 4: every change to a person goes through the gate for that person; a
relationship edit never changes the relative's own facts."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.people.models import Address, Relationship
from tests.security.family import day

pytestmark = pytest.mark.django_db

ATTACKER_STREET = {"line_1": "1 Attacker Street", "postcode": "TS1 1AA", **day("start_date", date(2026, 11, 1))}


def linked(client, child, relative):
    response = client.post(reverse("people:relationship-new", args=[child.pk]), {"relationship": "sibling", "existing": relative.la_child_id})
    assert response.status_code == 302
    return Relationship.objects.get(person=child, relative=relative)


@pytest.mark.parametrize("who", ["hidden", "theirs"])
def test_a_relatives_address_cannot_be_changed_through_a_link_to_a_record_the_worker_may_not_open(client, family, who):
    a, relative = family["a"], family[who]
    client.force_login(family["worker"].user)
    link = linked(client, a, relative)
    before = list(Address.objects.filter(person=relative).values_list("line_1", "end_date"))
    url = reverse("people:relative-address", args=[a.pk, link.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, ATTACKER_STREET).status_code == 403
    assert list(Address.objects.filter(person=relative).values_list("line_1", "end_date")) == before
    refusal = RecordAccess.objects.filter(person=relative, action="refused", user=family["worker"].user).latest("id")
    assert refusal.why  # the reason the policy gave, on the relative's own trail


def test_a_parents_new_address_is_audited_on_her_trail_with_the_reason_and_recorded_for_the_child(client, family):
    from opencsc.people import services as people

    a, worker = family["a"], family["worker"]
    dad = people.create_person(kind="adult", first_name="Dan", last_name="Hart", sex="M")
    link = people.link_relative(a, dad, "father")
    client.force_login(worker.user)
    assert client.post(reverse("people:relative-address", args=[a.pk, link.pk]), ATTACKER_STREET | {"line_1": "2 New Road"}).status_code == 302
    address = Address.objects.get(person=dad)
    assert address.recorded_for == a
    entry = RecordAccess.objects.filter(person=dad, action="change", user=worker.user).latest("id")
    assert "allocated to you" in entry.why


def test_moving_house_takes_along_only_relatives_the_worker_may_work_on(client, family):
    a, theirs = family["a"], family["theirs"]
    client.force_login(family["worker"].user)
    linked(client, a, theirs)
    url = reverse("people:address-new", args=[a.pk])
    assert f'value="{theirs.pk}"' not in client.get(url).content.decode()
    client.post(url, ATTACKER_STREET | {"household": [str(theirs.pk)]})
    assert not Address.objects.filter(person=theirs, line_1="1 Attacker Street").exists()
