"""A family that reaches across teams, for the tests of the second attack report (a family link is not a
key): child A is the signed-in worker's; a sibling is held by Safeguarding Team 2; another sibling is a
restricted adoption record with adoptive parents; their mother's confidential refuge address was
recorded from the other team's child."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from opencsc.access.services import restrict
from opencsc.people import services as people
from tests.conftest import allocate_to


def day(prefix: str, d: date) -> dict:
    return {f"{prefix}-day": d.day, f"{prefix}-month": d.month, f"{prefix}-year": d.year}


@pytest.fixture
def family(world):
    a = world["child"]
    theirs = people.create_person(first_name="Theo", last_name="Smith-Jones", sex="M", date_of_birth=date(2013, 5, 1))
    allocate_to(theirs, world["stranger"])
    hidden = people.create_person(first_name="Secretia", last_name="Newname", sex="F", date_of_birth=date(2019, 2, 2))
    adopter_1 = people.create_person(kind="adult", first_name="Adoptiveena", last_name="Secretname", sex="F")
    adopter_2 = people.create_person(kind="adult", first_name="Adoptivo", last_name="Secretname", sex="M")
    # Adopters are the child's parents in law (parental responsibility by the adoption order).
    people.link_relative(hidden, adopter_1, "mother", parental_responsibility=True, pr_basis="adoption_order")
    people.link_relative(hidden, adopter_2, "father", parental_responsibility=True, pr_basis="adoption_order")
    people.add_address(hidden, line_1="9 Adopters Way", postcode="TS26 8QQ", start_date=date(2024, 1, 1))
    restrict(hidden, reason="Adoption", named_users=[world["other_manager"].user])
    mother = people.create_person(kind="adult", first_name="Marta", last_name="Smith-Jones", sex="F")
    link = people.link_relative(theirs, mother, "mother", parental_responsibility=True, pr_basis="birth")
    # Her refuge address, recorded by the team that holds Theo, from his record.
    their_team = Client()
    their_team.force_login(world["stranger"].user)
    recorded = their_team.post(reverse("people:relative-address", args=[theirs.pk, link.pk]), {
        "line_1": "7 Refuge Row", "postcode": "TS26 9ZZ", "confidential": "on", **day("start_date", date(2026, 1, 1))})
    assert recorded.status_code == 302
    refuge = mother.addresses.get()
    people.link_relative(hidden, mother, "mother")  # her birth mother: parental responsibility ended by the adoption order
    return {**world, "a": a, "theirs": theirs, "hidden": hidden, "mother": mother, "refuge": refuge,
            "adopters": [adopter_1, adopter_2]}

