"""The front door queue says how urgent each contact is (the authority's levels, with who decided),
puts the most urgent first, and shows each person's age and every earlier contact (second walk, item 7)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.models import Contact, ContactCorrection
from opencsc.people import services as people
from opencsc.staff.models import RoleCode, Team
from tests.conftest import as_opened, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def door(client):
    team = Team.objects.create(name="Front Door", service="front door")
    fran = make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, team, name="Fran Door")
    make_worker("fred.doormanager", RoleCode.TEAM_MANAGER, team)
    client.force_login(fran.user)
    return fran


def waiting(name, *, born=date(2022, 5, 1), minutes_ago=60, urgency="", by=None):
    child = people.create_person(first_name=name, last_name="Queue", date_of_birth=born)
    return cw.record_contact(child, received_at=timezone.now() - timedelta(minutes=minutes_ago), source="6",
                             reason="abuse_neglect", consent="given", urgency=urgency, recorded_by=by)


def rows(client):
    page = client.get(reverse("web:front-door")).content.decode()
    return [row for row in page.split('data-testid="waiting-contact"')[1:]], page


def test_the_urgency_given_on_the_contact_form_is_kept_with_who_decided_it(client, door):
    day = timezone.localdate()
    client.post(reverse("casework:contact-new"), {
        "first_name": "Alone", "last_name": "Athome", "date_of_birth-day": "1", "date_of_birth-month": "3",
        "date_of_birth-year": str(day.year - 4), "received_date-day": day.day, "received_date-month": day.month,
        "received_date-year": day.year, "received_time": "00:01",
        "submission_id": "6f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e60", "source": "2A", "reason": "abuse_neglect", "consent": "given",
        "urgency": "same_day", "match": "new"})
    contact = Contact.objects.get(child__last_name="Athome")
    assert contact.urgency == "same_day"
    assert contact.urgency_decided_by == door
    assert contact.urgency_decided_at is not None


def test_a_contact_form_left_as_it_opened_is_the_standard_level(client, door):
    day = timezone.localdate()
    client.post(reverse("casework:contact-new"), {
        "first_name": "Usual", "last_name": "Pace", "date_of_birth-day": "1", "date_of_birth-month": "3", "date_of_birth-year": "2015",
        "received_date-day": day.day, "received_date-month": day.month, "received_date-year": day.year, "received_time": "00:01",
        "submission_id": "6f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e61",
        "source": "2A", "reason": "abuse_neglect", "consent": "given", "match": "new"})
    assert Contact.objects.get(child__last_name="Pace").urgency == "standard"


def test_the_most_urgent_contact_comes_first_and_is_flagged_however_new(client, door):
    waiting("Oldest", minutes_ago=300, urgency="standard", by=door)
    waiting("Tomorrow", minutes_ago=200, urgency="24_hours", by=door)
    waiting("Alone", minutes_ago=5, urgency="same_day", by=door)
    found, page = rows(client)
    assert ["Alone" in found[0], "Tomorrow" in found[1], "Oldest" in found[2]] == [True, True, True]
    assert "govuk-tag--red\">Same day: act now" in found[0]
    assert "Fran Door decided" in found[0]
    assert "1 to act on same day" in page


def test_the_authoritys_own_levels_are_used(client, door, settings):
    settings.CONTACT_URGENCY_LEVELS = [("immediate", "Immediate (within 2 hours)"), ("routine", "Routine")]
    waiting("Later", minutes_ago=90, urgency="routine", by=door)
    waiting("Now", minutes_ago=10, urgency="immediate", by=door)
    found, _ = rows(client)
    assert "Now" in found[0] and "Immediate (within 2 hours)" in found[0]
    with pytest.raises(Exception, match="how urgent"):
        waiting("Odd", urgency="same_day", by=door)  # not one of this authority's levels


def test_the_queue_shows_each_persons_age_and_marks_adults(client, door):
    today = timezone.localdate()
    waiting("Small", born=today.replace(year=today.year - 4) - timedelta(days=1))
    waiting("Grown", born=today.replace(year=today.year - 19) - timedelta(days=1))
    found, _ = rows(client)
    small = next(r for r in found if "Small" in r)
    grown = next(r for r in found if "Grown" in r)
    assert "Age 4" in small and "Adult" not in small.split('data-testid="age"')[1].split("</span>")[0]
    assert "Age 19" in grown and ">Adult<" in grown


def test_every_earlier_contact_about_the_person_is_listed(client, door):
    child = people.create_person(first_name="Again", last_name="Known", date_of_birth=date(2015, 2, 2))
    first = cw.record_contact(child, received_at=timezone.now() - timedelta(days=200), source="6", reason="domestic_abuse",
                              consent="given")
    cw.decide_contact(first, outcome="nfa", decided_at=timezone.now() - timedelta(days=199), rationale="Advice given.")
    cw.record_contact(child, received_at=timezone.now() - timedelta(days=40), source="2A", reason="abuse_neglect", consent="given")
    cw.record_contact(child, received_at=timezone.now() - timedelta(hours=1), source="2A", reason="abuse_neglect", consent="given")
    found, _ = rows(client)
    newest = found[-1]  # the standard level: oldest first, so the newest contact is last
    assert "Again" in newest and "2 earlier contacts" in newest
    assert "Domestic abuse" in newest or "domestic" in newest.lower()
    assert "(no further action)" in newest.lower()
    assert "Not known before" not in newest


def test_changing_the_urgency_keeps_who_decided_and_the_level_it_had(client, door):
    contact = waiting("Worse", urgency="standard", by=door)
    colleague = make_worker("fay.frontdoor", RoleCode.FRONT_DOOR, door.team, name="Fay Door")
    client.force_login(colleague.user)
    url = reverse("casework:contact-urgency", args=[contact.pk])
    client.post(url, as_opened(client, url, {"urgency": "same_day", "reason": "School rang back: alone at home now"}))
    contact.refresh_from_db()
    assert (contact.urgency, contact.urgency_decided_by) == ("same_day", colleague)
    kept = ContactCorrection.objects.get(contact=contact, field="urgency")
    assert (kept.old_value, kept.new_value, kept.reason) == ("standard", "same_day", "School rang back: alone at home now")


def test_an_urgency_change_needs_a_reason_and_refuses_a_stale_page(client, door):
    contact = waiting("Stale", urgency="standard", by=door)
    url = reverse("casework:contact-urgency", args=[contact.pk])
    opened = as_opened(client, url, {"urgency": "same_day", "reason": ""})
    assert "Say why the urgency has changed" in client.post(url, opened).content.decode()
    cw.set_contact_urgency(contact, urgency="24_hours", decided_by=door, reason="someone else first")
    response = client.post(url, {**opened, "reason": "me too"})
    assert "saved by someone else" in response.content.decode() or "changed since you opened" in response.content.decode()
    contact.refresh_from_db()
    assert contact.urgency == "24_hours"
