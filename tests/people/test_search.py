from datetime import date, timedelta

import pytest

from opencsc.people import services as people
from opencsc.people.selectors import search_children

EXPECTED = date.today() + timedelta(days=120)  # an expected date of birth is at most ten months ahead


@pytest.fixture
def children(db):
    make = people.create_person
    return {
        "amelia": make(first_name="Amelia", last_name="Smith-Jones", date_of_birth=date(2015, 3, 14), nhs_number="9434765919"),
        "jon": make(first_name="Jon", last_name="O'Brien", date_of_birth=date(2012, 1, 2)),
        "zoe": make(first_name="Zoë", last_name="Smith", date_of_birth=date(2015, 3, 14)),
        "unborn": make(last_name="Taylor", expected_date_of_birth=EXPECTED),
        "adult": make(kind="adult", first_name="Amelia", last_name="Smith-Jones", date_of_birth=date(1990, 1, 1)),
    }


def names(results):
    return {p.full_name for p in results}


def test_a_partial_lower_case_name_finds_the_child(children):
    assert names(search_children("ameli smi")) == {"Amelia Smith-Jones"}


def test_either_half_of_a_double_barrelled_surname_finds_the_child(children):
    assert "Amelia Smith-Jones" in names(search_children("jones"))
    assert names(search_children("smith")) == {"Amelia Smith-Jones", "Zoë Smith"}


def test_accents_and_apostrophes_do_not_stop_a_match(children):
    assert names(search_children("zoe")) == {"Zoë Smith"}
    assert names(search_children("obrien")) == {"Jon O'Brien"}


def test_a_date_of_birth_narrows_a_name_or_finds_on_its_own(children):
    assert names(search_children("14/03/2015")) == {"Amelia Smith-Jones", "Zoë Smith"}
    assert names(search_children("smith 14/03/2015")) == {"Amelia Smith-Jones", "Zoë Smith"}
    assert names(search_children("jones 14/03/2015")) == {"Amelia Smith-Jones"}


def test_nhs_number_and_local_id_match_exactly(children):
    assert names(search_children("943 476 5919")) == {"Amelia Smith-Jones"}
    assert names(search_children(children["jon"].la_child_id.lower())) == {"Jon O'Brien"}
    assert names(search_children("943 476 5918")) == set()


def test_adults_are_not_listed_as_children_and_an_unborn_child_is(children):
    assert "Unborn child of Taylor" in names(search_children("taylor"))
    assert all(p.kind == "child" for p in search_children("amelia"))


def test_an_empty_search_finds_nobody(children):
    assert list(search_children("")) == []


@pytest.fixture
def more_children(children):
    make = people.create_person
    children["william"] = make(first_name="William", last_name="Jones", date_of_birth=date(2014, 9, 2))
    children["smyth"] = make(first_name="Katie", last_name="Smyth", date_of_birth=date(2013, 3, 9))
    return children


def test_a_misspelt_surname_finds_the_child_by_how_it_sounds(more_children):
    assert "Katie Smyth" in names(search_children("katie smith"))
    assert "Amelia Smith-Jones" in names(search_children("amelia smyth"))


def test_a_nickname_finds_the_formal_name_and_names_can_come_in_either_order(more_children):
    assert names(search_children("bill jones")) == {"William Jones"}
    assert names(search_children("jones william")) == {"William Jones"}
    assert "Katie Smyth" in names(search_children("catherine smyth"))


def test_a_partial_date_of_birth_narrows_by_month_or_year(more_children):
    assert names(search_children("03/2015")) == {"Amelia Smith-Jones", "Zoë Smith"}
    assert names(search_children("smith 2013")) == {"Katie Smyth"}


def test_an_exact_name_ranks_above_a_sound_alike(more_children):
    results = [p.full_name for p in search_children("smith")]
    assert results.index("Zoë Smith") < results.index("Katie Smyth")


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919", " 943.476.5919 "])
def test_an_nhs_number_is_found_however_it_is_typed(typed):
    child = people.create_person(first_name="Ida", last_name="Number", date_of_birth=date(2015, 1, 1), nhs_number="9434765919")
    assert [p.pk for p in search_children(typed)] == [child.pk]
