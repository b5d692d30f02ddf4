"""Second walk, item 12: the chronology (as it goes to court) carries whole text and says who recorded
each contact, referral, strategy discussion and allocation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.recording.chronology import chronology
from opencsc.web.forms import aware

pytestmark = pytest.mark.django_db

LONG = ("Neighbour is with Maisie and says she has been crying since the morning. " * 12).strip()


def test_a_contacts_whole_words_and_who_recorded_each_event_go_to_court(child, worker):
    today = timezone.localdate()
    contact = cw.record_contact(child, received_at=aware(today - timedelta(days=3), "09:00"), source="2A", reason="abuse_neglect",
                                consent="given", details=LONG, recorded_by=worker)
    cw.decide_contact(contact, outcome="referral", decided_at=aware(today - timedelta(days=3), "12:00"), decided_by=worker,
                      need_level="3", primary_need="N1", rationale="Level 3.")
    cw.allocate(child, worker=worker, team=worker.team, start_date=today - timedelta(days=2), by=worker)
    events = chronology(child, ["contact", "referral", "allocation"], notes=child.case_notes.none())
    contact_event = next(e for e in events if e.kind == "contact")
    assert LONG in contact_event.detail and "…" not in contact_event.detail
    assert {e.kind: e.by for e in events} == {"contact": worker.name, "referral": worker.name, "allocation": worker.name}
