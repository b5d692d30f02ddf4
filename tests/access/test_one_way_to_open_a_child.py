"""Every page about one child opens the child through ``gate.open_child`` (fetch, check, audit in one call)."""

from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from opencsc.access.models import RecordAccess
from opencsc.casework import services as cw
from opencsc.meetings.services import record_meeting
from opencsc.people import services as people
from opencsc.people.models import Address
from opencsc.proceedings.services import record_liberty_order
from opencsc.recording import services as recording
from opencsc.recording.documents import add_document


def child_pages(resolver=None, prefix="", namespace=""):
    """(route, namespaced URL name) of every page under /children/<pk>/."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from child_pages(entry, route, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and route.startswith("children/<int:pk>"):
            yield route, f"{namespace}:{entry.name}"


def test_the_walk_finds_the_child_pages():
    names = {name for _, name in child_pages()}
    assert {"web:child-record", "recording:case-note-new", "casework:journey-visit", "access:break-glass",
            "access:subject-access-json"} <= names
    assert len(names) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("route,name", sorted(child_pages()))
def test_each_child_page_opens_the_child_through_the_gate(client, world, route, name):
    child, manager = world["child"], world["manager"]
    note = recording.add_case_note(child, author=manager, date=date(2026, 11, 2), note_type="visit",
                                   subject="Home visit", text="Seen at home.")
    address = Address.objects.create(person=child, line_1="1 Hidden Lane", postcode="SW1A 1AA", start_date=date(2026, 1, 1),
                                     confidential=True)
    mother = people.create_person(kind="adult", first_name="Mo", last_name="Ther", sex="F")
    link = people.link_relative(child, mother, "mother", parental_responsibility=True, pr_basis="birth")
    document = add_document(child, data=b"%PDF-1.4 a report", original_name="report.pdf", title="School report", kind="report",
                            date=date(2026, 11, 1), by=manager)
    professional = people.add_professional_around(child, name="Pat Teacher", agency="School", role="Teacher")
    booking = cw.book_meeting(child, kind="lac_review", starts_at=timezone.now() + timedelta(days=9), venue="Room 1")
    liberty = record_liberty_order(child, start_date=date(2026, 10, 1), court="High Court")
    kinship = cw.record_kinship(child, carer=mother, kind="informal", start_date=date(2026, 10, 1))
    held = record_meeting(child, kind="core_group", held_on=date(2026, 10, 2), decisions="Plan continues",
                          attendance=[{"name": "Pat Nurse", "agency": "health", "status": "attended"}],
                          recommendations=[{"text": "Refer to CAMHS", "owner_name": "Pat Nurse", "due_on": date(2026, 10, 20)}])
    kwargs = {"professional_pk": professional.pk, "booking_pk": booking.pk, "order_pk": liberty.pk,
              "kind": "cin", "arrangement_pk": kinship.pk,
              "recommendation_pk": held.recommendations.get().pk,
              "pk": child.pk, "note_pk": note.pk, "address_pk": address.pk, "relationship_pk": link.pk, "document_pk": document.pk}
    url = reverse(name, kwargs={k: v for k, v in kwargs.items() if f"<int:{k}>" in route or f"<slug:{k}>" in route})
    client.force_login(manager.user)
    before = RecordAccess.objects.filter(person=child).count()
    response = client.get(url)
    if response.status_code == 405:  # a page that only takes a form's submission
        response = client.post(url)
    assert getattr(response.wsgi_request, "opened_child", None) == child.pk, f"{name} did not call gate.open_child"
    assert response.status_code in (200, 302), (name, response.status_code)
    assert RecordAccess.objects.filter(person=child).count() > before, f"{name} opened the child without an audit entry"


@pytest.mark.django_db
def test_a_refusal_is_audited_as_a_refusal_and_nothing_else(client, world):
    """The gate checks the role and the record before it writes the "view" entry."""
    child, stranger = world["child"], world["stranger"]
    client.force_login(stranger.user)
    response = client.get(reverse("recording:case-note-new", args=[child.pk]))
    assert response.status_code == 403
    assert list(RecordAccess.objects.filter(user=stranger.user).values_list("action", flat=True)) == ["refused"]
