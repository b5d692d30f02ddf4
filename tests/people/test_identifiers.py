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


def test_upn_check_letter_follows_the_dfe_algorithm_for_a_worked_example():
    # digits 2..13 of "?801200001001": weights 2..13 give a sum whose remainder mod 23 picks the letter
    body = "801200001001"
    total = sum(w * int(d) for w, d in zip(range(2, 14), body, strict=False))
    assert upn_check_letter(body) == "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_upn_with_its_own_check_letter_is_valid_and_with_another_is_not(body):
    letter = upn_check_letter(body)
    assert upn_problems(letter + body) == []
    other = "A" if letter != "A" else "B"
    assert "check letter" in upn_problems(other + body)[0]


def test_upn_problems_speak_to_the_person_fixing_it():
    assert "13 characters" in upn_problems("A12345")[0]
    assert "not I, O or S" in upn_problems("A80512345678I")[0]
