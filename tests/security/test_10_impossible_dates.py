"""Item 10: impossible years are refused where they are given, and no stored value can stop a
page or a return."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.people.models import Person
from opencsc.returns import services as returns
from opencsc.returns.models import ReturnRun

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(strict=True, reason="item 10: a date of birth in year 1 is accepted")
def test_a_date_of_birth_before_1900_is_refused_with_the_govuk_message(client, world):
    client.force_login(world["front_door"].user)
    page = client.post(reverse("contact-new"), {
        "first_name": "Old", "last_name": "Year", "date_of_birth-day": 1, "date_of_birth-month": 1, "date_of_birth-year": "0001",
        "received_date-day": 1, "received_date-month": 12, "received_date-year": 2026, "source": "1A",
        "reason": "abuse_neglect", "consent": "given"})
    assert page.status_code == 200
    assert "Date of birth must be the same as or after 1 January 1900" in page.content.decode()
    assert not Person.objects.filter(last_name="Year").exists()


@pytest.mark.xfail(strict=True, reason="item 10: an expected date of birth years ahead is accepted")
def test_an_expected_date_of_birth_more_than_ten_months_ahead_is_refused(client, world):
    client.force_login(world["front_door"].user)
    page = client.post(reverse("contact-new"), {
        "first_name": "", "last_name": "Unborn", "expected_date_of_birth-day": 1, "expected_date_of_birth-month": 1,
        "expected_date_of_birth-year": 2030, "received_date-day": 1, "received_date-month": 12, "received_date-year": 2026,
        "source": "1A", "reason": "abuse_neglect", "consent": "given"})
    assert "Expected date of birth must be within 10 months of today" in page.content.decode()


@pytest.mark.xfail(strict=True, reason="item 10: a stored year-1 date breaks the record, search and the census")
def test_a_stored_impossible_date_stops_no_page_and_no_return(client, world):
    child = world["child"]
    Person.objects.filter(pk=child.pk).update(date_of_birth=date(1, 1, 1))
    client.force_login(world["worker"].user)
    assert client.get(reverse("child-record", args=[child.pk])).status_code == 200
    assert client.get(reverse("home"), {"q": "0000"}).status_code == 200
    run = returns.request_run(return_name="cin", year=2027, user=world["analyst"].user)
    returns.run_return(run.pk)
    assert ReturnRun.objects.get(pk=run.pk).status == "done"
