"""Second attack report, item 1: starting Family Help or pre-proceedings for a sibling group never opens,
allocates or writes anything for a sibling the worker could not open; the sibling's team is told."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.casework.models import Allocation
from opencsc.familyhelp.models import FamilyHelpEpisode
from opencsc.proceedings.models import PreProceedings
from opencsc.staff.models import Notification
from tests.security.family import day

pytestmark = pytest.mark.django_db


def link(client, child, relative, relationship="sibling"):
    response = client.post(reverse("people:relationship-new", args=[child.pk]), {"relationship": relationship, "existing": relative.la_child_id})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_family_help_for_a_linked_sibling_of_another_team_opens_nothing_and_tells_their_manager(client, family):
    a, theirs, hidden, worker = family["a"], family["theirs"], family["hidden"], family["worker"]
    client.force_login(worker.user)
    link(client, a, theirs)
    link(client, a, hidden)
    url = reverse("familyhelp:family-help-start", args=[a.pk])
    page = client.get(url).content.decode()
    assert "held by Safeguarding Team 2" in page and "Theo Smith-Jones" in page
    assert "Secretia" not in page and "Newname" not in page and hidden.la_child_id not in page
    sent = client.post(url, {"children": [a.pk, theirs.pk, hidden.pk], "reason": "Parenting support", "lead": worker.pk,
                             "supervisor": worker.pk, **day("start_date", date(2026, 11, 2))})
    assert sent.status_code == 200  # only the children offered may be chosen
    saved = client.post(url, {"children": [a.pk], "reason": "Parenting support", "lead": worker.pk, "supervisor": worker.pk,
                              **day("start_date", date(2026, 11, 2))})
    assert saved.status_code == 302
    assert not FamilyHelpEpisode.objects.filter(children__in=[theirs, hidden]).exists()
    assert not Allocation.objects.filter(child__in=[theirs, hidden], worker=worker).exists()
    assert client.get(reverse("web:child-record", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("web:child-record", args=[hidden.pk])).status_code == 403
    assert Notification.objects.filter(recipient=family["other_manager"], text__contains=theirs.la_child_id,
                                       link=f"/children/{theirs.pk}/").exists()


def test_pre_proceedings_for_a_restricted_sibling_writes_nothing_for_them(client, family):
    a, hidden, worker = family["a"], family["hidden"], family["worker"]
    client.force_login(worker.user)
    link(client, a, hidden)
    url = reverse("proceedings:pre-proceedings-start", args=[a.pk])
    assert "Secretia" not in client.get(url).content.decode()
    client.post(url, {"children": [a.pk, hidden.pk], "decision": "Issue if no change",
                      **day("legal_planning_date", date(2026, 11, 2))})
    assert not PreProceedings.objects.filter(children=hidden).exists()
    saved = client.post(url, {"children": [a.pk], "decision": "Issue if no change", **day("legal_planning_date", date(2026, 11, 2))})
    assert saved.status_code == 302
    assert PreProceedings.objects.filter(children=a).exists() and not PreProceedings.objects.filter(children=hidden).exists()
