"""Second walk, item 3: every authorisation request reaches a manager who may decide it — the front
door's managers for the front door's decisions, the holding team's managers otherwise, a named fallback
when that leaves no one — and no request can be made that no one sees."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import models as m
from opencsc.casework import services as cw
from opencsc.casework.selectors import authorisers, waiting_for
from opencsc.people import services as people
from opencsc.staff.models import Notification, RoleCode
from tests.conftest import as_opened, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_manager(world):
    return make_worker("fred.doormanager", RoleCode.TEAM_MANAGER, world["front_door"].team)


def decided_contact(world, outcome="nfa"):
    child = people.create_person(first_name="Una", last_name="Allocated", date_of_birth=date(2018, 3, 3))
    contact = cw.record_contact(child, received_at=timezone.now() - timedelta(hours=3), source="2A", reason="other", consent="given",
                                details="School worried about food.")
    cw.decide_contact(contact, outcome=outcome, decided_at=timezone.now(), decided_by=world["front_door"], need_level="1",
                      rationale="Advice given.")
    return child, cw.request_authorisation(child, cw.Kind.CONTACT_DECISION, contact, requested_by=world["front_door"],
                                           summary="Contact decision: no further action")


def test_a_front_door_decision_about_a_child_no_team_holds_goes_to_the_front_doors_manager_also_when_sent_again(world, door_manager):
    child, asked = decided_contact(world)
    assert authorisers([asked])[asked.pk] == [door_manager]
    assert Notification.objects.filter(recipient=door_manager, link=f"/authorisations/{asked.pk}/").exists()
    cw.return_for_changes(asked, by=door_manager, comment="Check with the school first")
    again = cw.request_authorisation(child, cw.Kind.CONTACT_DECISION, m.Contact.objects.get(child=child),
                                     requested_by=world["front_door"], summary="Contact decision: no further action")
    assert [r.pk for r in waiting_for(door_manager)] == [again.pk]
    assert waiting_for(world["manager"]) == []  # not a team's child: not their decision
    client = Client()
    client.force_login(door_manager.user)
    url = reverse("casework:authorisation-decide", args=[again.pk])
    assert client.get(url).status_code == 200  # they may open the record to decide it
    assert client.post(url, as_opened(client, url, {"decision": "authorise"})).status_code == 302


def test_a_held_childs_request_goes_to_the_holding_teams_managers(world, door_manager):
    child = world["child"]
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=5), source="6", primary_need="N1")
    asked = cw.request_closure(referral, closure_date=timezone.localdate(), reason="RC8", by=world["worker"])
    assert authorisers([asked])[asked.pk] == [world["manager"]]


def test_when_the_only_manager_asked_the_named_fallback_decides_and_without_one_every_other_manager(world, settings):
    child, manager = world["child"], world["manager"]
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=5), source="6", primary_need="N1")
    head = make_worker("hana.head", RoleCode.TEAM_MANAGER, world["other_team"])
    settings.AUTHORISATION_FALLBACK_USERNAMES = ("hana.head",)
    asked = cw.request_closure(referral, closure_date=timezone.localdate(), reason="RC8", by=manager)
    assert authorisers([asked])[asked.pk] == [head]
    settings.AUTHORISATION_FALLBACK_USERNAMES = ()
    assert set(authorisers([asked])[asked.pk]) == {head, world["other_manager"]}


def test_a_request_no_one_could_see_is_refused_and_nothing_is_written(worker, child):
    from tests.conftest import allocate_to

    allocate_to(child, worker)
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=5), source="6", primary_need="N1")
    with pytest.raises(ValidationError, match="No manager can authorise this"):
        cw.request_closure(referral, closure_date=timezone.localdate(), reason="RC8", by=worker)
    assert not m.Authorisation.objects.exists()


def authorised_thing(kind, child):
    """Something of the kind a request of this kind authorises (it points at it by a foreign key)."""
    referral = m.Referral.objects.filter(child=child).first() or cw.open_referral(
        child, referral_date=timezone.localdate() - timedelta(days=5), source="6", primary_need="N1")
    day = timezone.localdate() - timedelta(days=3)
    return {m.Authorisation.Kind.CONTACT_DECISION: lambda: cw.record_contact(
                child, received_at=timezone.now(), source="6", reason="abuse_neglect", consent="given", details="x"),
            m.Authorisation.Kind.ASSESSMENT: lambda: m.Assessment.objects.create(child=child, referral=referral, start_date=day),
            m.Authorisation.Kind.SECTION47_OUTCOME: lambda: m.Section47Enquiry.objects.create(child=child, referral=referral, start_date=day),
            m.Authorisation.Kind.LOOKED_AFTER: lambda: m.PeriodOfCare.objects.create(child=child, start_date=day, category_of_need="N1"),
            m.Authorisation.Kind.CASE_CLOSURE: lambda: referral}[kind]()


@pytest.mark.parametrize("kind", list(m.Authorisation.Kind))
def test_every_kind_of_request_from_every_asker_about_a_held_or_unheld_child_reaches_someone_else(world, door_manager, kind):
    """Every step asks through ``request_authorisation``, which refuses a request with no one to see it; here,
    each kind, asked by each role that asks, about a child a team holds and one no team holds."""
    unheld = people.create_person(first_name="Nobody", last_name="Holds", date_of_birth=date(2019, 1, 1))
    for child in (world["child"], unheld):
        thing = authorised_thing(kind, child)
        for asker in (world["worker"], world["manager"], world["front_door"], door_manager):
            asked = cw.request_authorisation(child, kind, thing, requested_by=asker, summary=f"{kind} by {asker.name}")
            deciders = authorisers([asked])[asked.pk]
            assert deciders and asker not in deciders, (kind, child, asker)
            m.Authorisation.objects.filter(pk=asked.pk).update(decision="authorised")
