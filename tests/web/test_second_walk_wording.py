"""Second walk, item 13: wording that misled — each as the person reading it needs it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.staff.models import Notification, RoleCode
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db


def test_a_venue_typed_as_at_somewhere_never_reads_at_at(my_child):
    booking = cw.book_meeting(my_child, kind="lac_review", starts_at=timezone.now() + timedelta(days=2), venue="At the foster home")
    assert booking.at_venue == "at the foster home"
    booking.venue = "Civic Centre, room 2"
    assert booking.at_venue == "at Civic Centre, room 2"


def test_the_visit_form_never_assumes_the_child_was_seen(signed_in, my_child):
    form = signed_in.get(reverse("casework:journey-visit", args=[my_child.pk])).context["form"]
    assert not form.initial.get("seen")


def test_the_link_that_ends_an_address_says_what_it_does(signed_in, my_child):
    people.add_address(my_child, line_1="1 Lane", postcode="TS24 1AA", start_date=timezone.localdate() - timedelta(days=30))
    page = signed_in.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
    assert "Record that they left" in page and ">They left<" not in page


def test_only_those_allocated_work_are_told_their_manager_allocates_it(client, world):
    for who, told in ((world["worker"], "Your team manager allocates children"), (world["manager"], "You allocate your team"),
                      (world["analyst"], None)):
        browser = Client()
        browser.force_login(who.user)
        page = browser.get(reverse("web:my-work")).content.decode()
        if "No children are allocated to you" not in page:
            continue
        assert ("allocates children" in page) == (told == "Your team manager allocates children"), who
        if told:
            assert told in page


def test_notifications_name_the_child_they_are_about(client, world):
    manager = world["manager"]
    Notification.objects.create(recipient=manager, text="Something happened", link=f"/children/{world['child'].pk}/")
    client.force_login(manager.user)
    assert world["child"].full_name in client.get(reverse("access:notifications")).content.decode()


def test_an_assessments_authorisation_says_it_is_the_assessment_and_its_outcome(my_child, worker):
    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    referral = cw.open_referral(my_child, referral_date=timezone.localdate() - timedelta(days=5), source="6", primary_need="N1")
    cw.submit_assessment(referral, start_date=referral.referral_date, factors=["4B"], outcome="strategy", child_seen=True,
                         child_seen_date=referral.referral_date, summary="Analysis.", by=worker)
    from opencsc.casework.models import Authorisation

    assert Authorisation.objects.get().summary == "Assessment (its outcome: strategy discussion)"
