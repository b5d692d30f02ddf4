"""Second attack report, item 17: a document of another child is refused as a missing one is; pages and
messages about a relative never name a restricted record."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.people.models import Relationship
from opencsc.recording.documents import add_document

pytestmark = pytest.mark.django_db


def test_another_childs_document_id_is_answered_as_a_missing_one(client, family):
    theirs_doc = add_document(family["theirs"], data=b"%PDF-1.4 x", original_name="x.pdf", title="Theirs", kind="report",
                              date=date(2026, 1, 1))
    client.force_login(family["worker"].user)
    a = family["a"]
    other = client.get(reverse("recording:document-open", args=[a.pk, theirs_doc.pk]))
    missing = client.get(reverse("recording:document-open", args=[a.pk, theirs_doc.pk + 1000]))
    assert other.status_code == missing.status_code


def test_linking_a_restricted_record_names_it_nowhere(client, family):
    a, hidden = family["a"], family["hidden"]
    client.force_login(family["worker"].user)
    response = client.post(reverse("people:relationship-new", args=[a.pk]), {"relationship": "sibling", "existing": hidden.la_child_id},
                           follow=True)
    assert "Secretia" not in response.content.decode()
    link = Relationship.objects.get(person=a, relative=hidden)
    for url in (reverse("people:relationship-edit", args=[a.pk, link.pk]), reverse("people:relative-address", args=[a.pk, link.pk])):
        page = client.get(url).content.decode()
        assert "Secretia" not in page and "Newname" not in page, url
