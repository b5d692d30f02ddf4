"""Second walk, items 10 and 11 (part): who has looked is paged and filtered by date, not cut at 200; a
manager has a link to the two-factor locks; everyone has a link to change their password; the demo has a
second administrator to approve what the first asks."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from opencsc.access import audit
from opencsc.access.models import RecordAccess

pytestmark = pytest.mark.django_db


def test_who_has_looked_shows_every_entry_a_page_at_a_time_and_between_dates(client, world):
    child, manager = world["child"], world["manager"]
    for n in range(230):
        audit.append(user=world["worker"].user, person=child, action="view", detail=f"record look {n}")
    RecordAccess.objects.filter(detail="record look 0").update(at=timezone.now() - timedelta(days=40))
    client.force_login(manager.user)
    url = reverse("people:record-views", args=[child.pk])
    first = client.get(url)
    total = RecordAccess.objects.filter(person=child).count()  # the looks, and this visit to the page
    assert first.context["page"].paginator.count == total and total > 230
    last = client.get(url, {"page": first.context["page"].paginator.num_pages}).content.decode()
    assert "record look 0" in last  # the oldest is reachable, not cut off
    since = (timezone.localdate() - timedelta(days=41)).isoformat()
    until = (timezone.localdate() - timedelta(days=39)).isoformat()
    dated = client.get(url, {"from": since, "to": until})
    assert [e.detail for e in dated.context["page"]] == ["record look 0"]


def test_managers_find_the_two_factor_locks_and_everyone_can_change_their_password(client, world):
    client.force_login(world["manager"].user)
    page = client.get(reverse("web:my-work")).content.decode()
    assert reverse("access:two-factor-locks") in page and reverse("access:password-change") in page
    client.force_login(world["worker"].user)
    page = client.get(reverse("web:my-work")).content.decode()
    assert reverse("access:password-change") in page and reverse("access:two-factor-locks") not in page


def test_the_demo_has_a_second_administrator():
    from opencsc.staff.models import RoleCode
    from opencsc.synth.generator import DEMO_USERS

    admins = [u for u, _, role, _ in DEMO_USERS if role == RoleCode.SYSTEM_ADMINISTRATOR]
    assert len(admins) == 2 and set(admins) <= set(settings.DEMO_USERNAMES)
