"""Close spellings: the misspellings Soundex misses are found when a date of birth narrows the search."""

from datetime import date

import pytest

from opencsc.people import services as people
from opencsc.people.search import close_spelling
from opencsc.people.selectors import search_children


@pytest.mark.parametrize("typed, name, close", [
    ("robisnon", "robinson", True),   # two letters swapped
    ("books", "brooks", True),        # a letter missed
    ("naaylor", "naylor", True),      # a letter doubled
    ("griffihs", "griffiths", True),  # a letter missed in a long name
    ("wilson", "walsh", False),
    ("brooks", "crooks", False),      # the first letter is kept
])
def test_close_spellings_are_one_slip_apart_and_keep_the_first_letter(typed, name, close):
    assert close_spelling(typed, name) is close


@pytest.mark.django_db
def test_a_dropped_letter_is_found_with_the_year_of_birth_but_a_stranger_is_not():
    brooks = people.create_person(first_name="Victoria", last_name="Brooks", date_of_birth=date(2022, 8, 25))
    people.create_person(first_name="Victoria", last_name="Banks", date_of_birth=date(2022, 1, 2))
    found = [p.pk for p in search_children("Victoria Books 2022")]
    assert found[0] == brooks.pk
    assert brooks.pk not in [p.pk for p in search_children("Victoria Books 2019")]
