"""Second attack report, item 7: the family-member duplicate check offers only what search offers this
user (a restricted record only on its exact name and date of birth; adults only through a child the
user may work on), with dates written as dates."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def check(client, child, **typed):
    return client.post(reverse("people:relationship-new", args=[child.pk]), {"relationship": "sibling", **typed}).content.decode()


def test_a_partial_name_does_not_list_a_restricted_record_or_an_unrelated_adult(client, family):
    a, hidden = family["a"], family["hidden"]
    client.force_login(family["worker"].user)
    page = check(client, a, first_name="Secr", last_name="Newname")
    assert "Secretia" not in page and hidden.la_child_id not in page
    page = check(client, a, first_name="Adop", last_name="Secretname")
    assert "Adoptiveena" not in page and f"P{family['adopters'][0].pk}" not in page
    assert "known to other teams" in page  # counted, so the worker asks before adding a duplicate


def test_the_exact_name_and_date_of_birth_finds_a_restricted_record_as_search_does(client, family):
    a, hidden = family["a"], family["hidden"]
    client.force_login(family["worker"].user)
    page = check(client, a, first_name="Secretia", last_name="Newname", **{"date_of_birth-day": 2, "date_of_birth-month": 2,
                                                                             "date_of_birth-year": 2019})
    assert hidden.la_child_id in page


def test_dates_in_the_duplicate_check_are_written_as_dates(client, family):
    client.force_login(family["worker"].user)
    page = check(client, family["a"], first_name="Theo", last_name="Smith-Jones")
    assert "born 1 May 2013" in page and "j M Y" not in page
