"""The audit trail: every look is written without a lock, sealed within seconds into batches chained to
each other and anchored outside the database, and tampering with any sealed entry, batch or the anchor
is detected; gaps in the ids (rolled-back transactions) and late commits are not tampering."""

import threading
import time
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from opencsc.access import audit
from opencsc.access.gate import record_access
from opencsc.access.models import AuditBatch, RecordAccess
from opencsc.people import services as people
from tests.conftest import allocate_to


@pytest.fixture
def trail(worker, django_capture_on_commit_callbacks):
    # Committed as a page's would be, then sealed as the worker would, so the last batch is anchored.
    with django_capture_on_commit_callbacks(execute=True):
        child = allocate_to(people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1)), worker)
        for action in ("view", "view", "change"):
            record_access(worker.user, child, action, detail=f"{action} for the test")
        audit.seal()
        for action in ("download", "view"):
            record_access(worker.user, child, action, detail=f"{action} for the test")
        audit.seal()
    return child


def ids():
    return list(RecordAccess.objects.order_by("id").values_list("id", flat=True))


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_trail_verifies_and_says_how_many_batches(trail, capsys):
    call_command("verify_audit")
    assert f"intact: {RecordAccess.objects.count()} entries, 2 sealed batches" in capsys.readouterr().out
    assert RecordAccess.objects.count() == 8  # the child created and allocated (3), then the five looks
    assert list(AuditBatch.objects.values_list("entries", flat=True)) == [6, 2]


def test_writing_an_entry_takes_no_lock_and_it_waits_for_the_sealer(trail, worker, django_assert_num_queries, capsys):
    with django_assert_num_queries(1):  # one INSERT: no head row read or locked
        audit.append(user=worker.user, person=trail, action="view", detail="one more")
    result = audit.verify()
    assert result.ok and result.unsealed == 1 and result.batches == 2
    call_command("verify_audit")
    assert "1 entries are not yet sealed" in capsys.readouterr().out


def test_entries_left_unsealed_for_long_fail_verification_batches_removed_or_no_worker(trail, worker, settings):
    audit.append(user=worker.user, person=trail, action="view", detail="waiting")
    assert audit.verify().ok
    settings.AUDIT_SEAL_WITHIN_SECONDS = -1  # as if it had waited longer than the worker ever takes
    result = audit.verify()
    assert not result.ok and "not sealed" in result.problem and "manage.py worker" in result.problem


def test_entries_cannot_be_changed_or_deleted_through_the_application(trail):
    entry = RecordAccess.objects.order_by("id")[1]
    entry.detail = "nothing to see"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditBatch.objects.first().delete()


def test_an_edited_entry_is_named(trail):
    third = ids()[2]
    _sql("UPDATE access_recordaccess SET detail = %s WHERE id = %s", "looked for a friend", third)
    with pytest.raises(CommandError, match=f"entry {third} \\(in batch 1\\) has been changed"):
        call_command("verify_audit")


def test_an_edited_entry_not_yet_sealed_is_named_too(trail, worker):
    late = audit.append(user=worker.user, person=trail, action="view", detail="not sealed yet")
    _sql("UPDATE access_recordaccess SET detail = %s WHERE id = %s", "changed before sealing", late.pk)
    result = audit.verify()
    assert not result.ok and "not yet sealed" in result.problem and result.sequence == late.pk


def test_a_deleted_entry_is_found(trail):
    _sql("DELETE FROM access_recordaccess WHERE id = %s", ids()[1])
    result = audit.verify()
    assert not result.ok and result.batch == 1 and "deleted, added or reordered" in result.problem


def test_the_last_sealed_entry_deleted_is_found(trail):
    _sql("DELETE FROM access_recordaccess WHERE id = %s", ids()[-1])
    result = audit.verify()
    assert not result.ok and result.batch == 2


def test_reordered_entries_are_found(trail):
    first, second = ids()[3:5]
    _sql("UPDATE access_recordaccess SET id = %s WHERE id = %s", 10_000_000, first)
    _sql("UPDATE access_recordaccess SET id = %s WHERE id = %s", first, second)
    _sql("UPDATE access_recordaccess SET id = %s WHERE id = %s", second, 10_000_000)
    result = audit.verify()
    assert not result.ok and result.batch == 1


def test_an_entry_moved_out_of_its_batch_is_found(trail):
    _sql("UPDATE access_recordaccess SET batch = NULL WHERE id = %s", ids()[-1])
    assert not audit.verify().ok


def test_a_changed_batch_is_found(trail):
    _sql("UPDATE access_auditbatch SET entries = 5 WHERE number = 1")
    result = audit.verify()
    assert not result.ok and result.batch == 1 and "changed after it was sealed" in result.problem


def test_a_truncated_trail_is_found_by_the_anchor_outside_the_database(trail):
    _sql("DELETE FROM access_recordaccess WHERE batch = 2")
    _sql("DELETE FROM access_auditbatch WHERE number = 2")
    result = audit.verify()
    assert not result.ok and "removed from the end" in result.problem


def test_a_deleted_anchor_is_found(trail):
    audit.anchor_path().unlink()
    result = audit.verify()
    assert not result.ok and "anchor" in result.problem and "missing" in result.problem


def test_a_changed_anchor_is_found(trail):
    number, _ = audit.anchor_path().read_text().split()[1:]
    audit.anchor_path().write_text(f"batch {number} {'f' * 64}\n")
    result = audit.verify()
    assert not result.ok and "does not match the anchored head" in result.problem


def test_an_emptied_trail_is_found(trail):
    _sql("DELETE FROM access_recordaccess")
    _sql("DELETE FROM access_auditbatch")
    assert not audit.verify().ok


def test_a_rebatched_copy_without_the_key_does_not_verify(trail, settings):
    settings.AUDIT_KEY = "someone-elses-key"
    assert not audit.verify().ok


def test_gaps_in_the_ids_from_rolled_back_transactions_are_not_tampering(trail, worker, django_capture_on_commit_callbacks):
    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        audit.append(user=worker.user, person=trail, action="view", detail="rolled back with the page")
        raise RolledBack
    gone = audit.append(user=worker.user, person=trail, action="view", detail="as if its transaction rolled back")
    _sql("DELETE FROM access_recordaccess WHERE id = %s", gone.pk)  # never committed: the sealer never sees it
    kept = audit.append(user=worker.user, person=trail, action="view", detail="after the gap")
    with django_capture_on_commit_callbacks(execute=True):
        sealed = audit.seal()
    assert sealed.entries == 1 and sealed.first_id == kept.pk > gone.pk
    assert audit.verify().ok


def test_an_entry_committed_after_later_ids_were_sealed_goes_into_the_next_batch(trail, worker, django_capture_on_commit_callbacks):
    start = ids()[-1]
    first = audit.append(user=worker.user, person=trail, action="view", detail="first")
    later = RecordAccess(id=start + 50, at=first.at, username="", person=trail, person_ref=str(trail.pk), action="view",
                         detail="a later id, committed first")
    later.entry_hash = audit.entry_hash(later)
    later.save(force_insert=True)
    with django_capture_on_commit_callbacks(execute=True):
        audit.seal()
    slow = RecordAccess(id=start + 20, at=first.at, username="", person=trail, person_ref=str(trail.pk), action="view",
                        detail="a lower id whose transaction committed late")
    slow.entry_hash = audit.entry_hash(slow)
    slow.save(force_insert=True)
    with django_capture_on_commit_callbacks(execute=True):
        batch = audit.seal()
    assert (batch.number, batch.entries, batch.first_id) == (4, 1, slow.pk) and audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_and_sealers_seal_every_entry_once(worker):
    child = allocate_to(people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1)), worker)
    errors = []

    def write(n):
        try:
            for _ in range(n):
                record_access(worker.user, child, "view", detail="parallel")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    stop = threading.Event()
    sealers = [threading.Thread(target=audit.keep_sealing, args=(stop, 0.01)) for _ in range(2)]
    writers = [threading.Thread(target=write, args=(10,)) for _ in range(4)]
    for thread in sealers + writers:
        thread.start()
    for thread in writers:
        thread.join(60)
    deadline = time.monotonic() + 10
    while audit.unsealed().exists() and time.monotonic() < deadline:  # sealed within seconds
        time.sleep(0.05)
    stop.set()
    for thread in sealers:
        thread.join(10)
    assert errors == []
    assert not audit.unsealed().exists()
    numbers = list(AuditBatch.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert sum(AuditBatch.objects.values_list("entries", flat=True)) == RecordAccess.objects.count()
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_seals_what_was_written(worker, capsys):
    child = allocate_to(people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1)), worker)
    record_access(worker.user, child, "view", detail="before the worker ran")
    assert audit.unsealed().exists()
    call_command("worker", batch=True, seal_every=0.05)  # the queue is empty: it stops, sealing on its way out
    assert not audit.unsealed().exists() and AuditBatch.objects.exists() and audit.verify().ok


def test_the_first_entries_chained_one_by_one_still_verify_and_the_first_batch_follows_them(worker, django_capture_on_commit_callbacks):
    """Entries written before batches (each chained to the one before, under a lock) keep their hashes."""
    from django.utils import timezone

    from opencsc.access.models import AuditHead

    previous = audit.GENESIS
    for n in (1, 2, 3):
        entry = RecordAccess(sequence=n, at=timezone.now(), username="old", person_ref="", action="view", detail=f"old {n}",
                             previous_hash=previous)
        entry.entry_hash = audit.chained_entry_hash(previous, entry)
        entry.save()
        previous = entry.entry_hash
    AuditHead.objects.update_or_create(pk=1, defaults={"sequence": 3, "entry_hash": previous})
    audit.anchor_path().parent.mkdir(parents=True, exist_ok=True)
    audit.anchor_path().write_text(f"3 {previous}\n")
    assert audit.verify().ok
    with django_capture_on_commit_callbacks(execute=True):
        audit.append(user=worker.user, person=None, action="view", detail="new")
        batch = audit.seal()
    assert batch.previous == previous and audit.verify().ok
    _sql("UPDATE access_recordaccess SET detail = 'rewritten' WHERE sequence = 2")
    assert "entry 2 has been changed" in audit.verify().problem


def test_the_record_shows_who_has_looked_and_each_user_their_own_activity(client, worker, trail):
    from django.urls import reverse

    from opencsc.staff.models import RoleCode
    from tests.conftest import make_worker

    client.force_login(worker.user)
    assert client.get(reverse("people:record-views", args=[trail.pk])).status_code == 403  # a manager's page
    mine = client.get(reverse("people:my-activity")).content.decode()
    client.force_login(make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team).user)
    page = client.get(reverse("people:record-views", args=[trail.pk])).content.decode()
    assert "Sam Worker" in page and "download for the test" in page and "who has looked at this record" in page
    assert "Ava Khan" in mine and "change for the test" in mine
