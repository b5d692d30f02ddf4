"""Second attack report, item 5: a restricted relative is drawn as a placeholder with no parents, names or
dates; adoptive parents never appear on a birth relative's genogram; the list matches the drawing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_genogram_never_names_a_restricted_sibling_or_her_adopters(client, family):
    from opencsc.people import services as people

    a, mother = family["a"], family["mother"]
    people.link_relative(a, mother, "mother", parental_responsibility=True, pr_basis="birth")
    client.force_login(family["worker"].user)
    page = client.get(reverse("people:genogram", args=[a.pk])).content.decode()
    for secret in ("Adoptiveena", "Adoptivo", "Secretname", "Secretia", "Newname", "2019"):
        assert secret not in page, secret
    assert "Marta" in page and "restricted" in page.lower()  # the birth family is drawn; the sibling as a placeholder


def test_a_birth_relative_never_sees_adoptive_parents_even_of_an_unrestricted_adopted_sibling(client, family):
    from opencsc.access.models import RecordRestriction
    from opencsc.people import services as people

    a, mother, hidden = family["a"], family["mother"], family["hidden"]
    RecordRestriction.objects.filter(person=hidden).delete()
    people.link_relative(a, mother, "mother", parental_responsibility=True, pr_basis="birth")
    client.force_login(family["worker"].user)
    page = client.get(reverse("people:genogram", args=[a.pk])).content.decode()
    assert "Adoptiveena" not in page and "Adoptivo" not in page
