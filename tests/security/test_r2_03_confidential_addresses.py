"""Second attack report, items 3 and 8: a confidential address is seen only by people who may open the
child it was recorded for; linking someone never brings it along; a letter to a person at their own
confidential address is produced only by them and kept restricted to them."""

import pytest
from django.urls import reverse

from opencsc.recording.models import Document
from opencsc.staff.models import RoleCode
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db


def link_mother(client, child, mother):
    response = client.post(reverse("people:relationship-new", args=[child.pk]), {
        "relationship": "mother", "existing": f"P{mother.pk}", "parental_responsibility": "on", "pr_basis": "birth"})
    assert response.status_code == 302, response.content.decode()[:3000]


def letters_pages(client, child):
    from opencsc.recording.documents import current_templates

    pages = [client.get(reverse("recording:letters", args=[child.pk])).content.decode()]
    for key in current_templates():
        pages.append(client.get(reverse("recording:letters", args=[child.pk]), {"template": key}).content.decode())
    return "\n".join(pages)


def test_linking_a_mother_as_a_parent_does_not_show_her_refuge_address_in_letters(client, family):
    a, mother = family["a"], family["mother"]
    client.force_login(family["worker"].user)
    link_mother(client, a, mother)
    pages = letters_pages(client, a)
    assert "Refuge Row" not in pages and "TS26 9ZZ" not in pages


def test_her_own_team_still_writes_to_her_at_the_refuge_and_the_letter_is_restricted(client, family):
    theirs = family["theirs"]
    client.force_login(family["stranger"].user)
    pages = letters_pages(client, theirs)
    assert "Refuge Row" in pages


def test_a_letter_to_a_person_at_a_confidential_address_is_stored_restricted_to_its_author(client, family):
    theirs, stranger, mother = family["theirs"], family["stranger"], family["mother"]
    client.force_login(stranger.user)
    sent = client.post(reverse("recording:letters", args=[theirs.pk]), {
        "template": "icpc_invitation", "addressee": mother.pk, "to0-subject": "Conference", "to0-text": "Dear Marta,\n\nPlease come.",
        "to0-sent_how": "post"})
    assert sent.status_code == 302, sent.content.decode()[:3000]
    letter = Document.objects.get(child=theirs, kind="letter")
    assert list(letter.restricted_to.all()) == [stranger.user]
    support = make_worker("bo.support", RoleCode.BUSINESS_SUPPORT, family["other_team"])
    client.force_login(support.user)
    assert client.get(reverse("recording:document-open", args=[theirs.pk, letter.pk])).status_code in (403, 404)
