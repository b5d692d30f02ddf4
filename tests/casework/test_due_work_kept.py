"""Each child's due work is kept by the steps (decision 019): read in two queries, used only on the day it
was kept and under the same clocks and local standards, and read live otherwise."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opencsc.casework import due_kept
from opencsc.casework import services as cw
from opencsc.casework.due import DueKind, due_work
from opencsc.casework.models import DueWorkKept, KeptDueItem, Referral
from opencsc.staff.stepping import acting_as, step

pytestmark = pytest.mark.django_db


def referred(child, worker, days_ago=3):
    with acting_as(worker.user), step(changes=child):
        return cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=days_ago), source="6")


def test_a_step_keeps_the_childs_due_work_in_its_own_transaction(worker, child):
    referred(child, worker)
    (row,) = KeptDueItem.objects.filter(child=child)
    assert row.work == DueKind.ASSESSMENT and DueWorkKept.objects.get(child=child).kept_on == timezone.localdate()
    live = due_work([child.pk])
    with CaptureQueriesContext(connection) as queries:
        assert due_kept.due_work_for([child.pk]) == live
    assert len(queries) == 2


def test_a_step_that_is_rolled_back_keeps_nothing(worker, child):
    with transaction.atomic():
        referred(child, worker)
        transaction.set_rollback(True)
    assert not KeptDueItem.objects.filter(child=child).exists() and not DueWorkKept.objects.filter(child=child).exists()


def test_due_work_kept_yesterday_is_read_live_and_rebuilt_by_the_worker(worker, child):
    referred(child, worker)
    KeptDueItem.objects.filter(child=child).update(anchor="kept yesterday")
    DueWorkKept.objects.filter(child=child).update(kept_on=timezone.localdate() - timedelta(days=1))
    (item,) = due_kept.due_work_for([child.pk])
    assert item.anchor != "kept yesterday"  # some clocks read the day: yesterday's rows are not used
    assert due_kept.rebuild_for_worker() >= 1 and due_kept.rebuild_for_worker() == 0
    assert KeptDueItem.objects.get(child=child).anchor == item.anchor


def test_a_change_of_local_standards_is_read_live(worker, child, settings):
    referred(child, worker, days_ago=200)
    with acting_as(worker.user), step(changes=child):
        cw.start_cin_plan(Referral.objects.get(child=child), start_date=date.today() - timedelta(days=100))
    before = {i.work: i.due for i in due_kept.due_work_for([child.pk])}
    settings.LOCAL_STANDARDS = {"cin_visit_days": 7}
    after = {i.work: i.due for i in due_kept.due_work_for([child.pk])}
    assert after[DueKind.CIN_VISIT] == before[DueKind.CIN_VISIT] - timedelta(days=21)
    assert after == {i.work: i.due for i in due_work([child.pk])}


def test_a_write_outside_any_step_is_read_live_until_kept_again(worker, child):
    referred(child, worker)
    cw.record_contact(child, received_at=timezone.now(), source="6", reason="abuse_neglect", consent="given")  # a shell's write
    assert not DueWorkKept.objects.filter(child=child).exists()
    assert {i.work for i in due_kept.due_work_for([child.pk])} == {DueKind.ASSESSMENT, DueKind.CONTACT_DECISION}


def test_my_work_reads_the_kept_due_work(signed_in, worker, child):
    from tests.conftest import allocate_to

    allocate_to(child, worker)
    referred(child, worker)
    page = signed_in.get("/my-work/").content.decode()
    assert DueKind.ASSESSMENT.label in page
