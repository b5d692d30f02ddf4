"""The chronology is read from rows the steps keep (decision 017): what it shows is what the record
says, whoever reads it, and reading it costs the same few queries however long the history."""

import contextlib
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencsc.access.policy import notes_visible_to
from opencsc.casework import due_kept
from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.casework.models import Referral
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.recording import chronology as chron
from opencsc.recording.models import CaseNote, ChronologyEvent, ChronologyKept
from opencsc.recording.services import add_case_note, record_visit
from opencsc.returns import child_findings
from opencsc.returns.models import ChildFindings
from opencsc.staff.models import RoleCode as Role
from opencsc.staff.stepping import acting_as, step
from opencsc.synth.generator import AuthorityGenerator
from tests.conftest import make_worker


def as_shown(events):
    return [(e.day, e.kind, e.title, e.detail, e.significant, e.by, e.note_id, e.document_id, e.visit_id, e.contact_id,
             e.contact_decided) for e in events]


def kept(child):
    return ChronologyKept.objects.filter(child=child, version=chron.VERSION).exists()


def test_a_step_keeps_the_childs_rows_in_its_own_transaction(worker, child):
    with acting_as(worker.user):
        record_visit(child, date=date(2026, 11, 3), kind="cin", seen=True, seen_alone=True, bedroom_seen=True,
                     child_views="Happy at school", note="Visited at home", by=worker)
    assert kept(child)
    (row,) = ChronologyEvent.objects.filter(child=child, kind="visit")
    assert "Happy at school" in row.detail
    # read from the rows: the visit's note under the visit, one row
    (shown,) = [e for e in chron.chronology(child, notes=CaseNote.objects.all()) if e.kind in ("visit", "note")]
    assert "Visited at home" in shown.detail and shown.note_id


def test_a_step_that_is_rolled_back_keeps_nothing(worker, child):
    with acting_as(worker.user):
        record_visit(child, date=date(2026, 11, 3), kind="cin", seen=True, seen_alone=False, bedroom_seen=None, by=worker)
        with transaction.atomic():
            record_visit(child, date=date(2026, 11, 4), kind="cin", seen=False, seen_alone=False, bedroom_seen=None, by=worker)
            transaction.set_rollback(True)
    assert [r.day for r in ChronologyEvent.objects.filter(child=child, kind="visit")] == [date(2026, 11, 3)]


def test_a_write_outside_any_step_is_read_live_until_kept_again(worker, child):
    with acting_as(worker.user):
        record_visit(child, date=date(2026, 11, 3), kind="cin", seen=True, seen_alone=False, bedroom_seen=None, by=worker)
    assert kept(child)
    add_case_note(child, author=worker, date=date(2026, 11, 5), note_type="other", subject="Written in a shell", text="x")
    assert not kept(child)
    assert "Written in a shell" in [e.title for e in chron.chronology(child, notes=CaseNote.objects.all())]
    call_command("rebuild_read_models", "--stale", stdout=open("/dev/null", "w"))
    assert kept(child) and ChronologyEvent.objects.filter(child=child, title="Written in a shell").exists()


def test_a_kept_chronology_with_no_events_is_read_as_empty_not_rebuilt_live(worker, child, django_assert_num_queries):
    chron.keep([child.pk])
    assert kept(child) and not ChronologyEvent.objects.filter(child=child).exists()
    with django_assert_num_queries(2):  # the rows, then whether they were kept: nothing read from the record
        assert chron.chronology(child, notes=CaseNote.objects.all()) == []


def test_rows_kept_by_an_older_version_of_the_builders_are_not_shown(worker, child):
    with acting_as(worker.user):
        record_visit(child, date=date(2026, 11, 3), kind="cin", seen=True, seen_alone=False, bedroom_seen=None, by=worker)
    ChronologyEvent.objects.filter(child=child, kind="visit").update(title="Written by an older builder")
    ChronologyKept.objects.filter(child=child).update(version=chron.VERSION - 1)
    assert "Written by an older builder" not in [e.title for e in chron.chronology(child, notes=CaseNote.objects.all())]
    assert [e.title for e in chron.chronology(child, notes=CaseNote.objects.all())] == ["Child in need visit"]  # read live


def test_a_note_kept_in_the_rows_is_still_shown_only_to_who_may_read_it(worker, child):
    manager = make_worker("tess.manager", Role.TEAM_MANAGER, worker.team)
    with acting_as(worker.user), step(changes=child):
        add_case_note(child, author=worker, date=date(2026, 11, 5), note_type="other", subject="For my eyes", text="x",
                      sensitive=True)
        note = CaseNote.objects.get(subject="For my eyes")
        note.restricted_to.set([worker.user])
    assert kept(child) and ChronologyEvent.objects.filter(child=child, note_id=note.pk).exists()
    assert "For my eyes" in [e.title for e in chron.chronology(child, notes=notes_visible_to(worker.user))]
    assert "For my eyes" not in [e.title for e in chron.chronology(child, notes=notes_visible_to(manager.user))]


def test_a_document_kept_in_the_rows_is_shown_only_when_the_reader_may_open_it(worker, child):
    with acting_as(worker.user):
        record_visit(child, date=date(2026, 11, 3), kind="cin", seen=True, seen_alone=False, bedroom_seen=None, by=worker)
    ChronologyEvent.objects.create(child=child, position=99, day=date(2026, 11, 4), kind="document", title="Document: hidden",
                                   document_id=123456)
    assert "Document: hidden" not in [e.title for e in chron.chronology(child, notes=CaseNote.objects.none(), documents=[])]


def test_renaming_a_kinship_carer_keeps_the_childs_chronology_in_step(worker, child):
    carer = people.create_person(first_name="Gran", last_name="Smith", date_of_birth=date(1960, 1, 1), sex="F", kind="adult")
    with acting_as(worker.user):
        cw.record_kinship(child, carer=carer, kind="informal", start_date=date(2026, 1, 5), recorded_by=worker)
    assert any("Gran Smith" in r.detail for r in ChronologyEvent.objects.filter(child=child, kind="care"))
    with acting_as(worker.user), step(changes=carer):
        carer.last_name = "Jones"
        carer.save()
    assert kept(child)
    assert any("Gran Jones" in r.detail for r in ChronologyEvent.objects.filter(child=child, kind="care"))


def test_a_change_to_the_builders_is_rebuilt_by_the_worker_on_start(worker, child, monkeypatch):
    with acting_as(worker.user):
        record_visit(child, date=date(2026, 11, 3), kind="cin", seen=True, seen_alone=False, bedroom_seen=None, by=worker)
    monkeypatch.setattr(chron, "VERSION", chron.VERSION + 1)
    assert not kept(child)  # read live meanwhile
    assert chron.rebuild(only_stale=True) >= 1
    assert kept(child)
    assert chron.rebuild(only_stale=True) == 0


def test_the_seed_leaves_every_childs_read_models_to_the_worker_and_is_read_live_meanwhile(db):
    AuthorityGenerator(4, seed=5).run()
    children = list(Person.objects.filter(kind="child"))
    assert children and not ChronologyKept.objects.exists() and not ChildFindings.objects.exists()
    notes = CaseNote.objects.all()
    live = {c.pk: as_shown(chron.chronology(c, notes=notes)) for c in children}
    assert chron.rebuild_for_worker() == len(children)  # the worker's next pass
    assert all(kept(c) and as_shown(chron.chronology(c, notes=notes)) == live[c.pk] for c in children)
    assert child_findings.refresh_stale() == len(children)


# ---- a property: whatever steps are taken, in whatever order, what is kept is what a rebuild makes --------

# A fact about another person (the kinship carer) appears in a child's events: its steps weigh double.
ACTIONS = ["visit", "note", "contact", "referral", "close", "legal", "kinship", "kinship", "rename", "rename", "outside"]


def take(action, child, carer, worker, day, n):
    if action == "visit":
        record_visit(child, date=day, kind="cin", seen=n % 2 == 0, seen_alone=False, bedroom_seen=None, note=f"Note {n}" if n % 3 else "",
                     by=worker)
    elif action == "note":
        with step(changes=child):
            add_case_note(child, author=worker, date=day, note_type="other", subject=f"Subject {n}", text="x", significant=n % 2 == 0)
    elif action == "contact":
        with step(changes=child):
            cw.record_contact(child, received_at=timezone.make_aware(datetime.combine(day, datetime.min.time())), source="6",
                              reason="abuse_neglect", consent="given")
    elif action == "referral":
        with step(changes=child):
            cw.open_referral(child, referral_date=day, source="6")
    elif action == "close":
        for referral in Referral.objects.filter(child=child, closure_date__isnull=True, referral_date__lte=day):
            with step(changes=child):
                cw.close_referral(referral, closure_date=day, reason="RC8")
    elif action == "legal":
        with step(changes=child):
            cw.record_legal_order(child, kind="interim_care", start_date=day)
    elif action == "kinship":
        cw.record_kinship(child, carer=carer, kind="informal", start_date=day, recorded_by=worker)
    elif action == "rename":
        with step(changes=carer):
            carer.last_name = f"Renamed{n}"
            carer.save()
    elif action == "outside":  # a shell's write: no step
        add_case_note(child, author=worker, date=day, note_type="other", subject=f"Shell {n}", text="y")


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(moves=st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 1), st.integers(0, 300)), min_size=1, max_size=8))
def test_after_any_steps_on_any_children_the_kept_chronology_and_due_work_are_what_a_rebuild_makes(worker, moves):
    children = [people.create_person(first_name=f"Kid{i}", last_name="Moves", date_of_birth=date(2015, 1, 1)) for i in range(2)]
    carer = people.create_person(kind="adult", first_name="Carer", last_name="Moves", date_of_birth=date(1970, 1, 1))
    for n, (action, which, offset) in enumerate(moves):
        with acting_as(worker.user) if action != "outside" else contextlib.nullcontext():
            take(action, children[which], carer, worker, date(2026, 1, 1) + timedelta(days=offset), n)
    notes = CaseNote.objects.all()
    kept_rows = {c.pk: list(ChronologyEvent.objects.filter(child=c).order_by("-day", "position").values_list(*FIELDS))
                 for c in children if kept(c)}
    shown = {c.pk: as_shown(chron.chronology(c, notes=notes)) for c in children}
    # The due work kept by the same steps (decision 019) is what the clocks say from the record.
    assert due_kept.due_work_for([c.pk for c in children]) == due_work([c.pk for c in children])
    chron.keep([c.pk for c in children])  # what rebuild_read_models does for each child
    for c in children:
        assert kept(c)
        if c.pk in kept_rows:
            assert kept_rows[c.pk] == list(ChronologyEvent.objects.filter(child=c).order_by("-day", "position").values_list(*FIELDS))
        assert shown[c.pk] == as_shown(chron.chronology(c, notes=notes))


FIELDS = ("day", "kind", "title", "detail", "significant", "by", "note_id", "document_id", "visit_id", "contact_id", "contact_decided")
