from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from opencsc.people import services as people
from tests.conftest import valid_upn

EXPECTED = date.today() + timedelta(days=120)  # an expected date of birth is at most ten months ahead


def test_a_child_gets_a_local_id_of_letters_and_digits_within_20_characters(db):
    child = people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2019, 6, 1))
    assert child.la_child_id.isalnum() and len(child.la_child_id) <= 20


def test_a_wrong_nhs_check_digit_is_refused_with_a_clear_message(db):
    with pytest.raises(ValidationError) as error:
        people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2019, 6, 1), nhs_number="9434765918")
    assert "check digit" in error.value.message_dict["nhs_number"][0]


def test_a_upn_is_stored_upper_case_without_spaces(db):
    upn = valid_upn("805000000017")
    child = people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1), upn=upn.lower()[:6] + " " + upn[6:])
    assert child.upn == upn


def test_an_unborn_child_has_sex_u_until_born(db):
    unborn = people.create_person(last_name="Khan", expected_date_of_birth=EXPECTED, sex="F")
    assert unborn.sex == "U" and unborn.is_unborn
    people.record_birth(unborn, date(2024, 1, 3), "F", first_name="Maya")
    unborn.refresh_from_db()
    assert unborn.sex == "F" and not unborn.is_unborn and unborn.expected_date_of_birth == EXPECTED


def test_a_child_needs_a_date_of_birth_or_an_expected_one(db):
    with pytest.raises(ValidationError) as error:
        people.create_person(first_name="Ava", last_name="Khan")
    assert "date_of_birth" in error.value.message_dict


def test_a_new_address_ends_the_current_one(child):
    people.add_address(child, line_1="1 High St", postcode="ts24 7aa", start_date=date(2020, 1, 1))
    people.add_address(child, line_1="2 Low St", postcode="TS25 1AA", start_date=date(2023, 1, 1))
    old, new = child.addresses.order_by("start_date")
    assert old.end_date == date(2023, 1, 1) and new.end_date is None and old.postcode == "TS24 7AA"
