"""Every seeded child's kept chronology is what the record says (decision 017), under any filter, and is
read in the same few queries however long the history."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencsc.casework import due_kept
from opencsc.casework.due import due_work
from opencsc.people.models import Person
from opencsc.recording import chronology as chron
from opencsc.recording.models import CaseNote, ChronologyEvent, Document
from opencsc.synth.generator import AuthorityGenerator
from tests.recording.test_chronology_rows import as_shown, kept


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """A small seeded authority whose chronologies the seed kept, shared by this module's read-only tests."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            AuthorityGenerator(40, seed=17).run()
            chron.rebuild_for_worker()  # the seed leaves the rows to the worker's next pass
            due_kept.rebuild_for_worker()
            children = list(Person.objects.filter(kind="child").order_by("pk"))
            yield children
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_seeded_childs_kept_chronology_is_what_the_record_says(seeded):
    notes = CaseNote.objects.all()
    documents = list(Document.objects.all())
    assert len(seeded) >= 40
    assert ChronologyEvent.objects.count() > 40 * 5
    for child in seeded:
        assert kept(child), child.pk
        mine = [d for d in documents if d.child_id == child.pk]
        assert as_shown(chron.chronology(child, notes=notes, documents=mine)) == \
            as_shown(chron.live_chronology(child, notes=notes, documents=mine)), child.pk


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.sets(st.sampled_from(sorted(chron.EVENT_KINDS))), significant_only=st.booleans(), which=st.integers(0, 39))
def test_any_filter_of_the_kept_rows_shows_what_the_same_filter_of_the_record_shows(seeded, kinds, significant_only, which):
    child = seeded[which]
    notes = CaseNote.objects.filter(sensitive=False)
    assert as_shown(chron.chronology(child, kinds or None, significant_only, notes=notes)) == \
        as_shown(chron.live_chronology(child, kinds or None, significant_only, notes=notes))


@pytest.mark.django_db
def test_the_longest_seeded_history_is_read_in_one_query(seeded):
    longest = max(seeded, key=lambda c: ChronologyEvent.objects.filter(child=c).count())
    assert ChronologyEvent.objects.filter(child=longest).count() > 30
    with CaptureQueriesContext(connection) as queries:
        events = chron.chronology(longest, notes=CaseNote.objects.all(), documents=[])
    assert events and len(queries) == 1




@pytest.mark.django_db
def test_every_seeded_childs_kept_due_work_is_what_the_clocks_say_and_is_read_in_two_queries(seeded):
    ids = [c.pk for c in seeded]
    live = due_work(ids)
    assert len(live) > 10 and len({i.work for i in live}) > 3
    with CaptureQueriesContext(connection) as queries:
        assert due_kept.due_work_for(ids) == live
    assert len(queries) == 2
