"""The audit trail: every look is written, chained, and tampering is detected."""

import threading
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from opencsc.access import audit
from opencsc.access.gate import record_access
from opencsc.access.models import RecordAccess
from opencsc.people import services as people
from tests.conftest import allocate_to


@pytest.fixture
def trail(worker, django_capture_on_commit_callbacks):
    # Committed as a page's would be, so the head is anchored outside the database (a missing anchor is a failure).
    with django_capture_on_commit_callbacks(execute=True):
        child = allocate_to(people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1)), worker)
        for action in ("view", "view", "change", "download", "view"):
            record_access(worker.user, child, action, detail=f"{action} for the test")
    return child


def test_an_untouched_trail_verifies(trail, capsys):
    call_command("verify_audit")
    assert f"intact: {RecordAccess.objects.count()} entries" in capsys.readouterr().out
    assert RecordAccess.objects.count() == 8  # the child created and allocated (3), then the five looks


def test_entries_cannot_be_changed_or_deleted_through_the_application(trail):
    entry = RecordAccess.objects.get(sequence=2)
    entry.detail = "nothing to see"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_edited_entry_is_named(trail):
    _sql("UPDATE access_recordaccess SET detail = %s WHERE sequence = 3", "looked for a friend")
    with pytest.raises(CommandError, match="entry 3 has been changed"):
        call_command("verify_audit")


def test_a_deleted_entry_is_found(trail):
    _sql("DELETE FROM access_recordaccess WHERE sequence = 2")
    result = audit.verify()
    assert not result.ok and result.sequence == 2 and "missing" in result.problem


def test_reordered_entries_are_found(trail):
    _sql("UPDATE access_recordaccess SET sequence = 100 WHERE sequence = 2")
    _sql("UPDATE access_recordaccess SET sequence = 2 WHERE sequence = 3")
    _sql("UPDATE access_recordaccess SET sequence = 3 WHERE sequence = 100")
    assert not audit.verify().ok


def test_a_truncated_trail_is_found_by_the_anchor_outside_the_database(trail, django_capture_on_commit_callbacks, worker):
    with django_capture_on_commit_callbacks(execute=True):
        record_access(worker.user, trail, "view")
    _sql("DELETE FROM access_recordaccess WHERE sequence >= 5")
    _sql("UPDATE access_audithead SET sequence = 4")
    result = audit.verify()
    assert not result.ok and "removed from the end" in result.problem


def test_a_rechained_copy_without_the_key_does_not_verify(trail, settings):
    settings.AUDIT_KEY = "someone-elses-key"
    assert not audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_fork_the_chain(worker):
    child = allocate_to(people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1)), worker)
    before = RecordAccess.objects.count()  # creating and allocating the child is audited too
    errors = []

    def write(n):
        try:
            for _ in range(n):
                record_access(worker.user, child, "view", detail="parallel")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(10,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(RecordAccess.objects.values_list("sequence", flat=True)) == list(range(1, before + 41))
    assert audit.verify().ok


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
