"""Second walk, item 6: every address's dates can be corrected, with what they said before kept; a move
refused because the current address starts later says where to correct it; corrections never overlap."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.people import services as people
from opencsc.people.models import AddressDateCorrection
from tests.conftest import as_opened

pytestmark = pytest.mark.django_db


def dated(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year} if day else {
        f"{prefix}-day": "", f"{prefix}-month": "", f"{prefix}-year": ""}


def test_a_move_refused_for_the_front_doors_date_is_fixed_by_correcting_that_address_and_the_history_is_kept(signed_in, my_child):
    child = my_child
    # The front door recorded the address from the day of the contact, not the day they moved in.
    first = people.add_address(child, line_1="1 Guess Street", postcode="TS24 1AA", start_date=date(2026, 11, 20))
    new = reverse("people:address-new", args=[child.pk])
    form_page = signed_in.get(new).content.decode()
    fix = reverse("people:address-dates", args=[child.pk, first.pk])
    assert fix in form_page  # the form says where to correct the current address's dates
    move = {"line_1": "2 Real Road", "town": "Hartlepool", "postcode": "TS24 2BB", **dated("start_date", date(2026, 11, 1))}
    refused = signed_in.post(new, move).content.decode()
    assert "correct the current address" in refused

    corrected = signed_in.post(fix, as_opened(signed_in, fix, {**dated("start_date", date(2026, 1, 5)), **dated("end_date", None),
                                                               "reason": "The front door recorded the contact date"}))
    assert corrected.status_code == 302
    first.refresh_from_db()
    assert first.start_date == date(2026, 1, 5)
    kept = AddressDateCorrection.objects.get(address=first)
    assert (kept.old_start_date, kept.new_start_date, kept.reason) == (date(2026, 11, 20), date(2026, 1, 5),
                                                                      "The front door recorded the contact date")
    assert signed_in.post(new, move).status_code == 302  # the move now saves
    assert "The front door recorded the contact date" in signed_in.get(fix).content.decode()  # the history is shown


def test_a_correction_that_would_overlap_the_next_address_is_refused_naming_it(signed_in, my_child):
    child = my_child
    old = people.add_address(child, line_1="1 Old Lane", postcode="TS24 1AA", start_date=date(2024, 1, 1))
    people.add_address(child, line_1="2 New Lane", postcode="TS24 2AA", start_date=date(2025, 1, 1))
    old.refresh_from_db()
    url = reverse("people:address-dates", args=[child.pk, old.pk])
    page = signed_in.post(url, as_opened(signed_in, url, {**dated("start_date", date(2024, 1, 1)), **dated("end_date", date(2025, 6, 1)),
                                                          "reason": "Typed wrong"})).content.decode()
    assert "2 New Lane" in page and "correct that address" in page
    old.refresh_from_db()
    assert old.end_date == date(2025, 1, 1) and not AddressDateCorrection.objects.exists()


def test_subject_access_lists_an_addresses_corrected_dates(my_child, worker):
    from opencsc.access.subject_access import gather

    address = people.add_address(my_child, line_1="1 Guess Street", postcode="TS24 1AA", start_date=date(2026, 11, 20))
    people.correct_address_dates(address, start_date=date(2026, 1, 5), end_date=None, reason="Contact date, not move date", by=worker)
    listed = gather(my_child, worker.user)["addresses"][0]["date_corrections"]
    assert listed[0]["dates_before"] == "2026-11-20 to now" and listed[0]["reason"] == "Contact date, not move date"
