"""Item 10: impossible years are refused where they are given, and no stored value can stop a
page or a return."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.people.models import Person
from opencsc.returns import services as returns
from opencsc.returns.models import ReturnRun

pytestmark = pytest.mark.django_db


def test_a_date_of_birth_before_1900_is_refused_with_the_govuk_message(client, world):
    client.force_login(world["front_door"].user)
    page = client.post(reverse("casework:contact-new"), {
        "first_name": "Old", "last_name": "Year", "date_of_birth-day": 1, "date_of_birth-month": 1, "date_of_birth-year": "0001",
        "received_date-day": 1, "received_date-month": 12, "received_date-year": 2026, "source": "1A",
        "reason": "abuse_neglect", "consent": "given"})
    assert page.status_code == 200
    assert "Date of birth must be the same as or after 1 January 1900" in page.content.decode()
    assert not Person.objects.filter(last_name="Year").exists()


def test_an_expected_date_of_birth_more_than_ten_months_ahead_is_refused(client, world):
    client.force_login(world["front_door"].user)
    page = client.post(reverse("casework:contact-new"), {
        "first_name": "", "last_name": "Unborn", "expected_date_of_birth-day": 1, "expected_date_of_birth-month": 1,
        "expected_date_of_birth-year": 2030, "received_date-day": 1, "received_date-month": 12, "received_date-year": 2026,
        "source": "1A", "reason": "abuse_neglect", "consent": "given"})
    assert "Expected date of birth must be within 10 months of today" in page.content.decode()


def test_a_stored_impossible_date_stops_no_page_and_no_return(client, world):
    from opencsc.casework import services as cw
    from opencsc.web.forms import aware

    child = world["child"]
    contact = cw.record_contact(child, received_at=aware(date(2026, 11, 2), "10:00"), source="1A", reason="abuse_neglect",
                                consent="given")
    cw.decide_contact(contact, outcome="referral", decided_at=aware(date(2026, 11, 2), "12:00"))
    Person.objects.filter(pk=child.pk).update(date_of_birth=date(1, 1, 1))
    client.force_login(world["worker"].user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 200
    assert client.get(reverse("people:home"), {"q": "0000"}).status_code == 200
    run = returns.request_run(return_name="cin", year=2027, user=world["analyst"].user)
    returns.run_return(run.pk)
    run = ReturnRun.objects.get(pk=run.pk)
    # The run finishes and its findings name the child whose date of birth must be corrected.
    assert run.status == "done", run.message
    assert list(run.findings.filter(child=child).values_list("code", "where")), "no finding names the child"


def test_an_impossible_date_in_a_file_is_named_and_nothing_is_stored():
    from opencsc.exchange.cin_import import import_cin
    from opencsc.exchange.ssda903_import import import_903
    from opencsc.returns.formats.safe_xml import Refused
    from tests.exchange.test_cin_import import FIXTURES
    from tests.exchange.test_ssda903_import import csv_set, replace_in

    census = (FIXTURES / "cin_2025_26_sex.xml").read_bytes()
    birth = census.split(b"<PersonBirthDate>")[1].split(b"</PersonBirthDate>")[0]
    with pytest.raises(Refused) as refused:
        import_cin(census.replace(birth, b"0001-01-01", 1))
    assert any("PersonBirthDate '0001-01-01' is before 1 January 1900" in p for p in refused.value.problems)
    files = csv_set("ssda903_2025_26")
    header = dict(files)["header.csv"].decode().splitlines()
    dob = header[1].split(",")[header[0].split(",").index("DOB")]
    with pytest.raises(Refused) as refused:
        import_903(replace_in(files, "header.csv", dob, "01/01/0001"))
    assert any("DOB '01/01/0001' is before 1 January 1900" in p for p in refused.value.problems)
    assert not Person.objects.exists()
