"""Second attack report, item 6: which role records which step is decided on the server (one table in
staff keyed by a step enum); a step's page refuses, audited, what the role may not do, whatever URL."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.casework import services as cw
from opencsc.casework.models import Authorisation
from opencsc.staff.models import RoleCode
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db


def test_an_iro_cannot_close_a_looked_after_childs_case_by_url(client, world):
    child, iro = world["child"], world["iro"]
    cw.allocate(child, worker=iro, team=None, start_date=date(2026, 1, 1), kind="iro")
    client.force_login(iro.user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 200
    url = reverse("casework:journey-close", args=[child.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"end_date-day": 1, "end_date-month": 11, "end_date-year": 2026, "reason": "RC1"}).status_code == 403
    assert not Authorisation.objects.filter(child=child).exists()
    assert RecordAccess.objects.filter(user=iro.user, person=child, action="refused").exists()


@pytest.mark.parametrize("page", ["casework:journey-looked-after", "proceedings:care-proceedings-hearing", "casework:journey-strategy"])
def test_family_help_cannot_open_looked_after_court_or_section_47_steps_by_url(client, world, page):
    fh = make_worker("fay.help", RoleCode.FAMILY_HELP_PRACTITIONER, world["team"])
    child = world["child"]
    client.force_login(fh.user)
    assert client.get(reverse(page, args=[child.pk])).status_code == 403


def test_family_help_cannot_book_a_strategy_discussion(client, world):
    fh = make_worker("fay.help", RoleCode.FAMILY_HELP_PRACTITIONER, world["team"])
    child = world["child"]
    from opencsc.casework.models import MeetingBooking

    booking = {"kind": "strategy", "starts_on-day": 1, "starts_on-month": 12, "starts_on-year": 2027, "starts_time": "10:00",
               "venue": "Room 1"}
    client.force_login(fh.user)
    response = client.post(reverse("casework:meeting-book", args=[child.pk]), booking)
    assert response.status_code == 200 and "does not book or record a strategy discussion" in response.content.decode()
    assert not MeetingBooking.objects.filter(child=child).exists()
    client.force_login(world["worker"].user)  # the same booking from the child's social worker is made
    assert client.post(reverse("casework:meeting-book", args=[child.pk]), booking).status_code == 302


def test_family_help_leads_section_17_work(client, world):
    fh = make_worker("fay.help", RoleCode.FAMILY_HELP_PRACTITIONER, world["team"])
    child = world["child"]
    cw.open_referral(child, referral_date=date(2026, 10, 1), source="1A")
    client.force_login(fh.user)
    assert client.get(reverse("casework:journey-assessment", args=[child.pk])).status_code == 200
    assert client.get(reverse("casework:journey-visit", args=[child.pk])).status_code == 200
