"""Second walk, item 10: a senior practitioner deputises (the team page read-only; authorising only where
the authority's scheme of delegation allows), and business support arrange meetings (book, move, cancel
and invite) for the children their team holds, without recording any step."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import models as m
from opencsc.casework import services as cw
from opencsc.casework.selectors import authorisers
from opencsc.people import services as people
from tests.conftest import allocate_to

pytestmark = pytest.mark.django_db


def as_(person):
    client = Client()
    client.force_login(person.user)
    return client


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_a_senior_practitioner_sees_the_team_page_read_only(world):
    colleague = as_(world["colleague"])
    page = colleague.get(reverse("web:team")).content.decode()
    assert "You see the team's work as a senior practitioner" in page
    assert world["child"].full_name in page and "Reallocate" not in page and 'name="take-action"' not in page
    assert reverse("web:team") in colleague.get(reverse("web:my-work")).content.decode()  # in the menu
    refused = colleague.post(reverse("web:team"), {"child": world["child"].pk, "worker": world["colleague"].pk, "reason": "x"})
    assert refused.status_code == 403
    assert m.Allocation.objects.get(child=world["child"], end_date__isnull=True).worker == world["worker"]


def test_a_senior_practitioner_authorises_only_where_the_settings_allow(world, settings):
    child = world["child"]
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=3), source="6", primary_need="N1")
    assessment = cw.start_assessment(referral, start_date=timezone.localdate() - timedelta(days=2))
    asked = cw.request_authorisation(child, cw.Kind.ASSESSMENT, assessment, requested_by=world["worker"], summary="Assessment")
    colleague = as_(world["colleague"])
    settings.SENIOR_PRACTITIONERS_AUTHORISE = False
    assert world["colleague"] not in authorisers([asked])[asked.pk]
    assert colleague.get(reverse("casework:authorisations")).status_code == 403
    settings.SENIOR_PRACTITIONERS_AUTHORISE = True
    assert world["colleague"] in authorisers([asked])[asked.pk]
    assert "Assessment" in colleague.get(reverse("casework:authorisations")).content.decode()
    assert colleague.get(reverse("casework:authorisation-decide", args=[asked.pk])).status_code == 200


def test_business_support_book_move_and_cancel_a_conference_for_their_teams_child(world):
    child, support = world["child"], as_(world["support"])
    when = timezone.localdate() + timedelta(days=10)
    url = reverse("casework:meeting-book", args=[child.pk])
    assert url in support.get(reverse("web:child-record", args=[child.pk])).content.decode()
    booked = support.post(url, {"kind": "initial_conference", **gov_date("starts_on", when), "starts_time": "10:30",
                                "venue": "Civic Centre, room 4", "chair": world["iro"].pk, "invitees": "Mother\nPolice"})
    assert booked.status_code == 302
    booking = m.MeetingBooking.objects.get(child=child)
    assert booking.recorded_by == world["support"]
    change = reverse("casework:meeting-change", args=[child.pk, booking.pk])
    opened = support.get(change).context["form"].initial
    moved = support.post(change, {**gov_date("starts_on", when + timedelta(days=1)), "starts_time": "11:00",
                                  "venue": "Video call", "chair": world["iro"].pk, "invitees": "Mother\nPolice",
                                  "version": opened["version"]})
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert booking.venue == "Video call"
    record = support.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert change in record and reverse("meetings:meeting-record-new", args=[child.pk]) not in record  # arranges, never records
    assert support.get(reverse("recording:letters", args=[child.pk])).status_code == 200  # the invitation letters


def test_business_support_still_record_no_step_and_arrange_nothing_for_other_teams(world):
    support = as_(world["support"])
    assert support.get(reverse("casework:journey-visit", args=[world["child"].pk])).status_code == 403
    theirs = allocate_to(people.create_person(first_name="Other", last_name="Teamchild", date_of_birth=date(2016, 1, 1)),
                         world["stranger"])
    assert support.get(reverse("casework:meeting-book", args=[theirs.pk])).status_code == 403
