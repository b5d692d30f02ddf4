"""A section 47 enquiry records what the manager reads before authorising its outcome: whether the child
was seen and alone, what the child said, the findings, whether the concerns were substantiated and the
reasons — asked of the worker, shown to the manager and on the chronology, and marked for review in a
subject access export (the child's own words are theirs; findings may be about others)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.access.subject_access import gather
from opencsc.casework import services as cw
from opencsc.casework import steps
from opencsc.recording.chronology import chronology
from opencsc.staff.stepping import acting_as

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def enquiry(world):
    referral = cw.open_referral(world["child"], referral_date=TODAY - timedelta(days=12), source="5D", primary_need="N1")
    with acting_as(world["worker"].user):
        return steps.record_strategy_discussion(referral, date=TODAY - timedelta(days=10), attendees="Police", by=world["worker"],
                                                section47_agreed=True).enquiry


def conclude(enquiry, who, **said):
    found = {"child_seen": True, "child_seen_date": TODAY - timedelta(days=9), "seen_alone": True,
             "child_said": "“Dad hits me when he is cross.”", "findings": "Bruising to the arm, consistent with her account.",
             "concerns_substantiated": "substantiated", "outcome_reasons": "Likely significant harm: conference needed.", **said}
    with acting_as(who.user):
        return steps.record_section47_outcome(enquiry, end_date=TODAY, outcome="icpc", by=who, **found)


def test_the_worker_is_asked_for_each_thing_the_manager_reads(world, enquiry):
    with pytest.raises(ValidationError) as refused:
        conclude(enquiry, world["worker"], child_seen=None, findings=" ", concerns_substantiated="", outcome_reasons="")
    assert set(refused.value.message_dict) == {"child_seen", "findings", "concerns_substantiated", "outcome_reasons"}
    with pytest.raises(ValidationError, match="seen alone"):
        conclude(enquiry, world["worker"], seen_alone=None)
    with pytest.raises(ValidationError, match="before it started"):
        conclude(enquiry, world["worker"], child_seen_date=TODAY - timedelta(days=30))
    enquiry.refresh_from_db()
    assert enquiry.end_date is None and enquiry.findings == ""  # nothing of a refused step is kept


def test_a_child_not_seen_is_said_and_shown(world, enquiry):
    conclude(enquiry, world["worker"], child_seen=False, child_seen_date=None, seen_alone=None, child_said="",
             concerns_substantiated="partly")
    enquiry.refresh_from_db()
    assert (enquiry.child_seen, enquiry.child_seen_date, enquiry.seen_alone) == (False, None, None)
    concluded = [e for e in chronology(world["child"], notes=world["child"].case_notes.none()) if e.title == "Section 47 enquiry concluded"]
    assert concluded and "Concerns partly substantiated." in concluded[0].detail and "not seen" in concluded[0].detail


def test_a_subject_access_export_marks_the_findings_and_keeps_the_childs_words(world, enquiry):
    conclude(enquiry, world["worker"])
    exported = gather(world["child"], world["manager"].user, "child")["records"]["section 47 enquiries"][0]
    assert exported["findings"]["ground"] == "third_party" and exported["outcome_reasons"]["ground"] == "third_party"
    assert exported["child_said"] == "“Dad hits me when he is cross.”"
