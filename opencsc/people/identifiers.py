"""Identifier checks: NHS number (modulus 11) and the DfE unique pupil number (UPN).

UPN format (CIN census rules 1510–1550): a check letter, the 3-digit DfE LA number, 8 digits, and a
final digit, or a letter for a temporary UPN (not I, O or S).
"""

import re

import nhs_number

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(r"^[A-Z][0-9]{11}[0-9A-HJ-NPQR-Z]$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    value = normalise_nhs_number(value)
    return len(value) == 10 and value.isdigit() and nhs_number.is_valid(value)


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits (nhs-number's modulus 11), or None when none exists (a check of
    10: no NHS number starts with those nine digits)."""
    check = nhs_number.calculate_checksum(first_nine)
    return None if check is None or check == 10 else check


def upn_check_letter(body: str) -> str:
    """Check letter for positions 2–13 of a UPN (DfE algorithm: weights 2..13, modulo 23).

    A temporary UPN's final letter counts by its position in the check-letter alphabet.
    """
    total = 0
    for weight, char in zip(range(2, 14), body, strict=False):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.index(char)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def upn_problems(upn: str) -> list[str]:
    """What is wrong with a UPN, in words a practitioner can act on (empty list: valid)."""
    upn = (upn or "").strip().upper()
    if len(upn) != 13:
        return ["A UPN is 13 characters: a letter, 11 digits and a final digit or letter"]
    if not _UPN_SHAPE.match(upn):
        return ["A UPN is a letter, 11 digits and a final digit or letter (not I, O or S)"]
    if upn_check_letter(upn[1:]) != upn[0]:
        return ["The UPN's check letter does not match its digits; check it was copied correctly"]
    return []


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()
