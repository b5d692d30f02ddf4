import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencsc.people.identifiers import (
    nhs_number_check_digit,
    nhs_number_is_valid,
    upn_check_letter,
    upn_problems,
)


def test_a_published_example_nhs_number_is_valid_and_a_changed_digit_is_not():
    assert nhs_number_is_valid("943 476 5919")
    assert not nhs_number_is_valid("943 476 5918")
    assert not nhs_number_is_valid("94347659")


@given(st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_every_synthetic_range_number_with_its_check_digit_is_a_valid_nhs_number(digits):
    # 999 numbers are the range reserved for test data: the generator only makes these
    body = "999" + digits
    check = nhs_number_check_digit(body)
    if check is None:
        assert not any(nhs_number_is_valid(body + str(d)) for d in range(10))
    else:
        assert nhs_number_is_valid(body + str(check))


# Worked by hand (weights 2..13 on characters 2..13, remainder mod 23 indexes ABCDEFGHJKLMNPQRTUVWXYZ):
#   801200001001: 16+0+4+10+0+0+0+0+10+0+0+13 = 53; 53 mod 23 = 7 -> H
#   805123456789: 16+0+20+5+12+21+32+45+60+77+96+117 = 501; 501 mod 23 = 18 -> V
#   80512345678A (temporary, A counts 0): 501 - 117 = 384; 384 mod 23 = 16 -> T
HAND_WORKED_UPNS = ["H801200001001", "V805123456789", "T80512345678A"]


@pytest.mark.parametrize("upn", HAND_WORKED_UPNS)
def test_upns_with_check_letters_worked_out_by_hand_are_valid(upn):
    assert upn_check_letter(upn[1:]) == upn[0]
    assert upn_problems(upn) == []


@pytest.mark.parametrize("upn", ["G801200001001", "W805123456789", "U80512345678A", "H801200001010"])
def test_upns_with_a_wrong_check_letter_or_swapped_digits_are_refused(upn):
    assert "check letter" in upn_problems(upn)[0]


def test_the_nhs_number_check_digit_of_the_published_example_is_its_last_digit():
    assert nhs_number_check_digit("943476591") == 9
    # 000000006: 6 x 2 = 12; 12 mod 11 = 1; 11 - 1 = 10, which no check digit can be
    assert nhs_number_check_digit("000000006") is None



@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_upn_with_its_own_check_letter_is_valid_and_with_another_is_not(body):
    letter = upn_check_letter(body)
    assert upn_problems(letter + body) == []
    other = "A" if letter != "A" else "B"
    assert "check letter" in upn_problems(other + body)[0]


def test_upn_problems_speak_to_the_person_fixing_it():
    assert "13 characters" in upn_problems("A12345")[0]
    assert "not I, O or S" in upn_problems("A80512345678I")[0]
