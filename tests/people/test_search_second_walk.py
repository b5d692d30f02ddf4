"""Search finds what the second walk could not (item 8): a dropped or swapped letter with no date of
birth ("Maisie Thorton", "Thorton", "Leslie Hews"), and parents and other adults ("Kelly Thornton"),
each adult's linked children shown at the tier the user has for each child."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.services import restrict
from opencsc.people import services as people
from opencsc.people.selectors import search_adults, search_children
from opencsc.staff.models import RoleCode, Team
from tests.conftest import allocate_to, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def thorntons(worker):
    maisie = people.create_person(first_name="Maisie", last_name="Thornton", date_of_birth=date(2017, 4, 9), sex="F")
    kelly = people.create_person(kind="adult", first_name="Kelly", last_name="Thornton", date_of_birth=date(1991, 6, 2), sex="F")
    people.link_relative(maisie, kelly, "mother", parental_responsibility=True, pr_basis="birth")
    leslie = people.create_person(first_name="Leslie", last_name="Hewes", date_of_birth=date(2012, 1, 5), sex="M")
    for n in range(30):  # others the slips must not drown in
        people.create_person(first_name=f"Other{n}", last_name=["Thompson", "Thorpe", "Hewitt"][n % 3], date_of_birth=date(2015, 1, 1))
    allocate_to(maisie, worker)
    return maisie, kelly, leslie


@pytest.mark.parametrize("typed", ["Maisie Thorton", "Thorton Maisie", "Thorton", "maisie thornotn"])
def test_a_dropped_or_swapped_letter_finds_the_child_without_a_date_of_birth(thorntons, typed):
    maisie, _, _ = thorntons
    assert maisie in list(search_children(typed))[:5]


def test_leslie_hews_finds_leslie_hewes(thorntons):
    _, _, leslie = thorntons
    assert list(search_children("Leslie Hews"))[:1] == [leslie]


def test_a_parent_is_found_by_name_and_by_a_slip(thorntons):
    _, kelly, _ = thorntons
    assert list(search_adults("Kelly Thornton")) == [kelly]
    assert list(search_adults("Kelly Thorton")) == [kelly]
    assert list(search_children("Kelly Thornton")) == []  # she is not a child


def test_the_search_page_shows_the_parent_with_her_child_to_open(signed_in, thorntons):
    maisie, _, _ = thorntons
    page = signed_in.get(reverse("people:home"), {"q": "Kelly Thornton"}).content.decode()
    assert "Adults found (1)" in page and "Kelly Thornton" in page
    assert f'href="{reverse("web:child-record", args=[maisie.pk])}#family"' in page
    assert "You may update their details" in page


def test_a_worker_of_another_team_sees_the_parent_and_the_childs_name_but_no_way_in(client, thorntons):
    maisie, _, _ = thorntons
    other = make_worker("other.worker", RoleCode.SOCIAL_WORKER, Team.objects.create(name="Other team"))
    client.force_login(other.user)
    page = client.get(reverse("people:home"), {"q": "Kelly Thornton"}).content.decode()
    adult_rows = page.split('data-testid="adult-found"')[1]
    assert "Maisie Thornton" in adult_rows
    assert f'href="{reverse("web:child-record", args=[maisie.pk])}#family"' not in page
    assert "You may update their details" not in page


def test_a_restricted_child_is_never_named_through_a_parent(client, worker, thorntons):
    maisie, _, _ = thorntons
    restrict(maisie, reason="adoption", named_users=[worker.user])
    other = make_worker("other.worker", RoleCode.SOCIAL_WORKER, Team.objects.create(name="Other team"))
    client.force_login(other.user)
    page = client.get(reverse("people:home"), {"q": "Kelly Thornton"}).content.decode()
    assert "Kelly Thornton" in page and "Maisie" not in page


def test_a_restricted_adult_appears_only_on_an_exact_name_and_date_of_birth(client, worker, thorntons):
    _, kelly, _ = thorntons
    restrict(kelly, reason="staff member", named_users=[worker.user])
    other = make_worker("other.worker", RoleCode.SOCIAL_WORKER, Team.objects.create(name="Other team"))
    client.force_login(other.user)
    assert "Adults found" not in client.get(reverse("people:home"), {"q": "Kelly Thornton"}).content.decode()
    page = client.get(reverse("people:home"), {"q": "Kelly Thornton 02/06/1991"}).content.decode()
    assert "This adult's record is restricted" in page and "Kelly" not in page.split("Adults found")[1]
