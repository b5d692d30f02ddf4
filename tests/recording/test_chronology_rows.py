"""The chronology is read from rows the steps keep (decision 017): what it shows is what the record
says, whoever reads it, and reading it costs the same few queries however long the history."""

from datetime import date

from django.core.management import call_command
from django.db import transaction

from opencsc.access.policy import notes_visible_to
from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.recording import chronology as chron
from opencsc.recording.models import CaseNote, ChronologyEvent, ChronologyKept
from opencsc.recording.services import add_case_note, record_visit
from opencsc.staff.models import RoleCode as Role
from opencsc.staff.stepping import acting_as, read_models_later, step
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


def test_the_seed_keeps_every_childs_chronology_once_it_has_made_them(db):
    with read_models_later():
        AuthorityGenerator(4, seed=5).run()
        assert not ChronologyKept.objects.exists()  # waiting: one rebuild per batch of children, at the end
    children = Person.objects.filter(kind="child")
    assert children.exists() and all(kept(c) for c in children)
