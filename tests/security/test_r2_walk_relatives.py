"""Second attack report, "What it must show": every page and service that reads or writes a relative —
the record's family list, the genogram and its list, letters, the duplicate check, the group steps and
the addresses (a relative's own, a household move, the relationship itself) — walked as a worker who may
open child A but neither the other team's child, nor a restricted adoption record, nor the mother's
refuge address. Nothing of theirs beyond the policy's allowance is shown, and nothing of theirs changes."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from opencsc.casework.models import Allocation
from opencsc.people import services as people
from opencsc.people.models import Address, Relationship
from opencsc.recording.documents import current_templates
from opencsc.recording.services import add_case_note
from tests.security.family import day

pytestmark = pytest.mark.django_db

# What the worker may never see: the restricted child and her adopters, and the refuge address; of the other
# team's child, only the identity tier (name, team) and never what his record holds.
NEVER = ["Secretia", "Newname", "Adoptiveena", "Adoptivo", "Secretname", "9 Adopters Way", "TS26 8QQ", "7 Refuge Row", "TS26 9ZZ",
         "Theo's private note", "12 Kept Close"]


@pytest.fixture
def linked(family):
    a, theirs, hidden, mother = family["a"], family["theirs"], family["hidden"], family["mother"]
    for relative, relationship in ((theirs, "sibling"), (hidden, "sibling")):
        people.link_relative(a, relative, relationship)
    people.link_relative(a, mother, "mother", parental_responsibility=True, pr_basis="birth")  # so letters are addressed to her
    add_case_note(theirs, author=family["stranger"], date=date(2026, 11, 1), note_type="visit", subject="Visit",
                  text="Theo's private note")
    people.add_address(theirs, line_1="12 Kept Close", postcode="TS25 1AA", start_date=date(2025, 1, 1))
    return family


def state_of(people_):
    """Everything of theirs that a write could touch: addresses, links, allocations and their audit trail's changes."""
    ids = [p.pk for p in people_]
    return (sorted(Address.objects.filter(person_id__in=ids).values_list("pk", "line_1", "end_date")),
            sorted(Relationship.objects.filter(person_id__in=ids).values_list("pk", "relationship", "parental_responsibility")),
            sorted(Allocation.objects.filter(child_id__in=ids).values_list("pk", "worker_id", "end_date")),
            RecordAccess.objects.filter(person_id__in=ids, action__in=("change", "create")).count())


def test_a_worker_who_may_open_a_but_not_the_relatives_sees_and_changes_nothing_of_theirs(client, linked):
    a, theirs, hidden, mother = linked["a"], linked["theirs"], linked["hidden"], linked["mother"]
    client.force_login(linked["worker"].user)
    before = state_of([theirs, hidden, mother])
    links = {r.relative_id: r for r in Relationship.objects.filter(person=a)}

    reads = [reverse("web:child-record", args=[a.pk]), reverse("people:genogram", args=[a.pk]), reverse("recording:letters", args=[a.pk]),
             *[reverse("recording:letters", args=[a.pk]) + f"?template={key}" for key in current_templates()],
             reverse("people:relationship-new", args=[a.pk]) + "?first_name=Se&last_name=New",
             reverse("people:relationship-new", args=[a.pk]) + "?first_name=Theo&last_name=Smith-Jones",
             reverse("people:address-new", args=[a.pk]), reverse("familyhelp:family-help-start", args=[a.pk]),
             reverse("proceedings:pre-proceedings-start", args=[a.pk]),
             *[reverse("people:relationship-edit", args=[a.pk, links[p.pk].pk]) for p in (theirs, hidden, mother)]]
    for url in reads:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        text = response.content.decode()
        shown = [word for word in NEVER if word in text]
        assert not shown, f"{url} shows {shown}"
    for relative in (theirs, hidden):  # their own address: refused, for reading and for writing
        url = reverse("people:relative-address", args=[a.pk, links[relative.pk].pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"line_1": "1 Attacker Street", "postcode": "TS1 1AA", **day("start_date", date(2026, 11, 2))}).status_code == 403

    # The writes a worker on A may make, each offered with every relative ticked.
    client.post(reverse("people:address-new", args=[a.pk]), {"line_1": "2 New Road", "town": "Hartlepool", "postcode": "TS24 0AA",
                                                      "household": [theirs.pk, hidden.pk], **day("start_date", date(2026, 11, 2))})
    client.post(reverse("familyhelp:family-help-start", args=[a.pk]), {"children": [a.pk, theirs.pk, hidden.pk], "reason": "Support",
                                                             "lead": linked["worker"].pk, "supervisor": linked["worker"].pk,
                                                             **day("start_date", date(2026, 11, 2))})
    client.post(reverse("proceedings:pre-proceedings-start", args=[a.pk]), {"children": [a.pk, theirs.pk, hidden.pk],
                                                                         "decision": "Issue if no change",
                                                                         **day("legal_planning_date", date(2026, 11, 2))})
    for relative in (theirs, hidden):
        client.post(reverse("people:relationship-edit", args=[a.pk, links[relative.pk].pk]), {"parental_responsibility": "on"})
    assert state_of([theirs, hidden, mother]) == before
    for relative in (theirs, hidden):
        assert client.get(reverse("web:child-record", args=[relative.pk])).status_code == 403
