"""Second attack report, item 2: the front door's family ground covers only relatives no team holds, and
never a link the front door added itself; it still sees which team holds a linked relative."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.people import services as people

pytestmark = pytest.mark.django_db


def new_child_at_the_front_door(by):
    child = people.create_person(first_name="Nia", last_name="Newcomer", sex="F", date_of_birth=date(2018, 3, 3))
    cw.record_contact(child, received_at=timezone.now(), source="1B", reason="abuse_neglect", consent="given", recorded_by=by)
    return child


def test_linking_a_held_child_as_a_sibling_does_not_open_it_to_the_front_door(client, family):
    front, theirs = family["front_door"], family["theirs"]
    new = new_child_at_the_front_door(front)
    client.force_login(front.user)
    assert client.get(reverse("web:child-record", args=[new.pk])).status_code == 200
    linked = client.post(reverse("people:relationship-new", args=[new.pk]), {"relationship": "sibling", "existing": theirs.la_child_id})
    assert linked.status_code == 302
    assert client.get(reverse("web:child-record", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("people:court-chronology", args=[theirs.pk])).status_code == 403
    # It sees who holds the relative, so the contact can be routed to them.
    assert "Safeguarding Team 2" in client.get(reverse("web:child-record", args=[new.pk])).content.decode()


def test_a_relative_no_team_holds_that_the_front_door_linked_itself_stays_closed(client, family):
    front = family["front_door"]
    new = new_child_at_the_front_door(front)
    unheld = people.create_person(first_name="Ula", last_name="Unheld", sex="F", date_of_birth=date(2012, 1, 1))
    client.force_login(front.user)
    client.post(reverse("people:relationship-new", args=[new.pk]), {"relationship": "sibling", "existing": unheld.la_child_id})
    assert client.get(reverse("web:child-record", args=[unheld.pk])).status_code == 403


def test_family_that_someone_else_recorded_still_opens_for_the_front_door(client, family):
    front = family["front_door"]
    new = new_child_at_the_front_door(front)
    unheld = people.create_person(first_name="Ula", last_name="Unheld", sex="F", date_of_birth=date(2012, 1, 1))
    people.link_relative(new, unheld, "sibling")  # recorded by someone else (here, the family's own file)
    client.force_login(front.user)
    assert client.get(reverse("web:child-record", args=[unheld.pk])).status_code == 200
