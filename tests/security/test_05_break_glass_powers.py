"""Item 5: break-glass lets someone read a record and add a note, nothing else."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.access import services as access
from opencsc.casework import services as cw
from opencsc.web.forms import aware

pytestmark = pytest.mark.django_db


def test_a_manager_on_break_glass_cannot_authorise_restrict_or_record_steps(client, world):
    child = world["child"]
    contact = cw.record_contact(child, received_at=aware(date(2026, 11, 2), "10:00"), source="1A", reason="abuse_neglect",
                                consent="given")
    request = cw.request_authorisation(child, cw.Kind.CONTACT_DECISION, contact, summary="Contact decision: referral",
                                       requested_by=world["worker"])
    outsider = world["other_manager"]
    access.break_glass(outsider.user, child, "Police called out of hours about this child")
    client.force_login(outsider.user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 200
    assert client.get(reverse("recording:case-note-new", args=[child.pk])).status_code == 200
    assert client.get(reverse("casework:authorisation-decide", args=[request.pk])).status_code == 403
    assert client.post(reverse("access:restrict-record", args=[child.pk]),
                       {"reason": "mine", "named": [str(outsider.user.pk)]}).status_code == 403
    assert client.get(reverse("casework:journey-close", args=[child.pk])).status_code == 403
    assert client.get(reverse("access:subject-access-json", args=[child.pk]), {"requester": "child"}).status_code == 403
