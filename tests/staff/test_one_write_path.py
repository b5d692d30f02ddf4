"""One way to record a step (staff.stepping): a step is checked against the role × step table, writes
in one transaction, and leaves exactly one audit entry per person it changed — saves, updates,
deletes and bulk writes alike; "as given" only for a system actor; a write outside a step is refused
where someone acts (and audited on its own where no one does)."""

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from opencsc.access.models import RecordAccess
from opencsc.casework import loading as cw_loading
from opencsc.casework import services as cw_services
from opencsc.casework import steps as cw_steps
from opencsc.casework.journey_views import next_steps
from opencsc.casework.models import Allocation
from opencsc.familyhelp import services as familyhelp_services
from opencsc.meetings import services as meetings_services
from opencsc.people import loading as people_loading
from opencsc.people import services as people
from opencsc.people.models import Address, Disability, Person
from opencsc.plans import services as plans_services
from opencsc.plans.models import Plan
from opencsc.proceedings import loading as proceedings_loading
from opencsc.proceedings import services as proceedings_services
from opencsc.recording import services as recording_services
from opencsc.recording.models import Draft, SubmittedForm
from opencsc.recording.services import add_case_note
from opencsc.staff.models import Notification, Role, RoleCode
from opencsc.staff.stepping import StepRefused, WriteOutsideStep, acting_as, as_given, is_record_model, record_models, step
from opencsc.staff.steps import ROLE_STEPS, StepKey, SystemActor, may_record
from opencsc.synth.generator import AuthorityGenerator
from opencsc.web.record import steps_for
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def entries_for(person):
    return list(RecordAccess.objects.filter(person=person, action__in=("create", "change")).order_by("id"))


@pytest.fixture
def family(child):
    mother = people.create_person(kind="adult", first_name="Dawn", last_name="Hartley", date_of_birth=date(1988, 3, 1))
    people.add_address(child, line_1="1 Quay Street", town="Hartlepool", postcode="TS24 0AA", start_date=date(2016, 1, 1))
    return child, mother


def test_a_step_leaves_one_audit_entry_per_person_it_changed_naming_its_rows_and_reason(worker, family):
    child, mother = family
    before_child, before_mother = len(entries_for(child)), len(entries_for(mother))
    with acting_as(worker.user), step(StepKey.VISIT, detail="visit recorded", reason="allocated worker"):
        add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="visit", subject="Home visit", text="Seen alone.")
        add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="visit", subject="After", text="Spoke to school.")
        people.link_relative(child, mother, "mother", parental_responsibility=True, pr_basis="birth", by=worker)
    child_entries, mother_entries = entries_for(child)[before_child:], entries_for(mother)[before_mother:]
    assert len(child_entries) == 1 and len(mother_entries) == 1
    entry = child_entries[0]
    assert entry.detail.startswith("visit recorded (") and entry.detail.count("CaseNote ") == 2 and "Relationship " in entry.detail
    assert entry.why == "allocated worker" and entry.user == worker.user and entry.action == "change"


def test_updates_deletes_and_bulk_writes_are_audited_by_the_step_they_are_made_in(worker, family):
    child, _ = family
    before = len(entries_for(child))
    with acting_as(worker.user), step(detail="tidy"):
        Address.objects.filter(person=child).update(town="Seaton Carew")
        Disability.objects.bulk_create([Disability(person=child, code="HAND"), Disability(person=child, code="VIS")])
        Disability.objects.filter(person=child, code="VIS").delete()
    (entry,) = entries_for(child)[before:]
    assert "Address 1 row(s) changed (town)" in entry.detail
    assert entry.detail.count("Disability ") == 3 and "deleted" in entry.detail


def test_a_step_the_role_does_not_record_is_refused_and_writes_nothing(world, child):
    iro = world["iro"]
    assert StepKey.CLOSE_CASE not in ROLE_STEPS[RoleCode.IRO]
    before = RecordAccess.objects.count()
    with pytest.raises(StepRefused), acting_as(iro.user), step(StepKey.CLOSE_CASE, detail="case closed"):
        add_case_note(child, author=iro, date=date(2026, 11, 2), note_type="other", subject="Closing", text="x")
    assert not child.case_notes.exists() and RecordAccess.objects.count() == before


def test_a_failed_step_writes_neither_the_record_nor_its_audit(worker, child):
    before = RecordAccess.objects.count()
    with pytest.raises(RuntimeError), acting_as(worker.user), step(detail="half a step"):
        add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="other", subject="One", text="x")
        raise RuntimeError("the second write failed")
    assert not child.case_notes.exists() and RecordAccess.objects.count() == before


def test_only_a_system_actor_stores_facts_as_given(worker):
    with pytest.raises(ImproperlyConfigured), acting_as(worker.user), step(as_given=True):
        pass
    with acting_as(worker.user), step():
        assert not as_given()  # a person's form is strict
        with pytest.raises(ImproperlyConfigured), step(as_given=True):
            pass  # and a step inside it cannot loosen it
    with acting_as(system=SystemActor.IMPORT), step(as_given=True):
        assert as_given()
        odd = people.create_person(first_name="Nia", last_name="Okafor", date_of_birth=date(2015, 4, 2), ethnicity="XXXX")
    assert odd.ethnicity == "XXXX"
    assert not as_given()  # nothing ambient is left behind


def test_a_write_outside_a_step_is_refused_where_someone_acts_and_audited_alone_where_no_one_does(worker, child, settings):
    with pytest.raises(WriteOutsideStep), acting_as(worker.user), transaction.atomic():
        add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="other", subject="Stray", text="x")
    assert not child.case_notes.exists()
    settings.STEPS_STRICT = False  # production: a missed step is still audited, never silent
    with acting_as(worker.user):
        note = add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="other", subject="Stray", text="x")
    assert RecordAccess.objects.filter(person=child, detail=f"CaseNote {note.pk} created", user=worker.user).count() == 1


def test_a_step_inside_a_step_is_part_of_it(worker, child):
    before = len(entries_for(child))
    with acting_as(worker.user), step(detail="outer"):
        with step(detail="inner", changes=child):
            add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="other", subject="In", text="x")
    (entry,) = entries_for(child)[before:]
    assert entry.detail.startswith("outer; inner (CaseNote ")


def test_the_seed_writes_every_family_as_a_step_of_a_system_actor_with_its_own_row():
    assert ROLE_STEPS[SystemActor.SEED] and ROLE_STEPS[SystemActor.IMPORT]
    AuthorityGenerator(6, seed=3).run()
    children = Person.objects.filter(kind="child")
    assert children.exists()
    written = RecordAccess.objects.filter(action__in=("create", "change"))
    assert written.exists() and not written.exclude(why="seed 3").exists()
    # one entry per person per step, not one per row: fewer entries than rows written
    rows = sum(model.objects.count() for model in record_models() if model._meta.label != "casework.Allocation") + \
        Allocation._base_manager.count()
    assert written.count() < rows / 3
    for child in children[:3]:
        assert all(e.detail.startswith(("synthetic family made", "synthetic authority")) for e in entries_for(child))


# ---- no page writes the record ------------------------------------------------------------------

WRITES = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
PAGES = ("views.py", "journey_views.py", "forms.py", "journey_forms.py", "urls.py")


def record_writes(path: Path, names: set[str]) -> list[str]:
    """Calls like ``Placement.objects.filter(...).delete()`` or ``m.Placement.objects.create(...)``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            chain = node.func.value
            while isinstance(chain, (ast.Attribute, ast.Call)):
                if isinstance(chain, ast.Attribute) and chain.attr == "objects":
                    model = chain.value
                    name = model.attr if isinstance(model, ast.Attribute) else getattr(model, "id", "")
                    if name in names:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}.{node.func.attr}")
                    break
                chain = chain.func if isinstance(chain, ast.Call) else chain.value
    return found


def test_no_page_writes_a_model_of_the_record():
    names = {model.__name__ for model in record_models()}
    pages = [p for p in (ROOT / "opencsc").rglob("*.py") if p.name in PAGES or p.parent.name == "web"]
    assert len(pages) > 20
    assert [w for p in pages for w in record_writes(p, names)] == []


def test_the_page_scan_sees_a_write():
    sample = ROOT / "var" / "write_sample.py"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text("def f(m, pk):\n    m.Placement.objects.filter(pk=pk).delete()\n    Address.objects.create(x=1)\n")
    try:
        assert len(record_writes(sample, {"Placement", "Address"})) == 2
    finally:
        sample.unlink()


def test_every_model_of_the_record_is_watched_and_drafts_are_not():
    labels = {model._meta.label for model in record_models()}
    assert {"people.Person", "plans.Plan", "proceedings.PreProceedings", "familyhelp.FamilyHelpEpisode",
            "meetings.Recommendation", "casework.Placement", "recording.CaseNote"} <= labels
    assert all(hasattr(model.objects, "bulk_create") and type(model.objects).__name__ in ("RecordManager", "ResponsibleAllocations")
               for model in record_models())
    assert not is_record_model(Draft) and not is_record_model(SubmittedForm)  # a person's own unsaved draft is no record


# ---- the role × step table, inside every step service ---------------------------------------------

SERVICE_MODULES = [cw_services, cw_steps, cw_loading, people_loading, proceedings_loading, recording_services, plans_services,
                   meetings_services, proceedings_services, familyhelp_services]


def step_services():
    return [(f"{module.__name__}.{name}", fn) for module in SERVICE_MODULES for name, fn in vars(module).items()
            if callable(fn) and hasattr(fn, "step_key") and getattr(fn, "__module__", "") == module.__name__]


def test_every_step_service_refuses_each_role_the_table_refuses_before_anything_is_read_or_written(db):
    services = step_services()
    assert len(services) >= 30, [name for name, _ in services]
    refused = 0
    for role in Role.objects.all():
        user = make_worker(f"walk.{role.code}", role.code).user
        for name, service in services:
            key = service.step_key
            if not isinstance(key, StepKey):
                continue  # a key from the arguments (a plan's kind, a meeting's): walked below
            with acting_as(user):
                if may_record(role.code, key):
                    continue
                before = RecordAccess.objects.count()
                with pytest.raises(StepRefused):
                    service()  # refused before its arguments are even looked at
                assert RecordAccess.objects.count() == before, name
                refused += 1
    assert refused > 100  # IROs, business support, analysts and administrators, Family Help outside section 17


def test_a_step_whose_kind_decides_its_key_is_refused_by_that_key(child, world):
    plan = Plan(child=child, kind=Plan.Kind.CP)
    with acting_as(world["iro"].user), pytest.raises(StepRefused, match="child protection plan"):
        plans_services.save_version(plan, made_on=date(2026, 11, 1), made_at="", purpose="x")
    with acting_as(make_worker("bea.arranges", RoleCode.BUSINESS_SUPPORT).user), pytest.raises(StepRefused, match="conference"):
        meetings_services.record_meeting(child, kind="initial_conference", held_on=date(2026, 11, 1), decisions="", attendance=[])


def test_a_step_made_of_other_steps_is_checked_once_as_the_step_recorded(child, world):
    """An IRO records the conference they chair; the conference starting the plan is part of it."""
    assert may_record(RoleCode.IRO, StepKey.CONFERENCE) and not may_record(RoleCode.IRO, StepKey.CP_PLAN)
    with acting_as(world["iro"].user), step(StepKey.CONFERENCE, detail="conference recorded"):
        with step(StepKey.CP_PLAN):
            add_case_note(child, author=world["iro"], date=date(2026, 11, 2), note_type="other", subject="Plan", text="x")
    with acting_as(world["iro"].user), pytest.raises(StepRefused), step(StepKey.CP_PLAN):
        pass


def test_the_record_offers_each_role_the_steps_the_table_gives_it_by_key_never_by_label(world):
    child = world["child"]
    cw_services.open_referral(child, referral_date=date(2026, 10, 1), source="6", primary_need="N1")
    everything = next_steps(child)
    assert {s.key for s in everything} >= {StepKey.ASSESSMENT, StepKey.STRATEGY_DISCUSSION, StepKey.VISIT, StepKey.CLOSE_CASE}
    for name in ("worker", "iro", "manager"):
        user = world[name].user
        offered = {s.key for s in steps_for(user, child)}
        role = world[name].role_id
        assert offered == {s.key for s in everything if may_record(role, s.key)
                           or (s.key == StepKey.BOOK_MEETING and may_record(role, StepKey.MEETING))}, name
    assert StepKey.CLOSE_CASE not in {s.key for s in steps_for(world["iro"].user, child)}


# Modules that write the record's models though they are no app's services, each with its reason.
# Where the steps live: an area's services, its practitioner steps, and its load steps (an import's alone).
# Nothing else writes the record: the imports call the load steps and the seed the same steps as the forms.
STEP_MODULES = {"services.py", "steps.py", "loading.py"}
WRITERS_BESIDES_SERVICES: dict[str, str] = {}  # a module that must write directly, with why (none today)


def test_only_step_services_and_the_named_loaders_write_the_record():
    names = {model.__name__ for model in record_models()}
    writers = {}
    for path in (ROOT / "opencsc").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found = record_writes(path, names)
        if found:
            writers[str(path.relative_to(ROOT))] = found
    outside = {p: w for p, w in writers.items() if Path(p).name not in STEP_MODULES and p not in WRITERS_BESIDES_SERVICES}
    assert outside == {}
    assert set(WRITERS_BESIDES_SERVICES) <= set(writers), "a loader no longer writes directly: take it off the list"


def test_every_notification_written_says_what_kind_it_is(world):
    """Notifications are told apart by kind (the break-glass page marks its own read by kind), never by link."""
    child = world["child"]
    with acting_as(world["worker"].user), step():
        cw_services.book_meeting(child, kind="strategy", starts_at=timezone.now() + timedelta(days=2), venue="Room 1",
                                 chair=world["manager"], recorded_by=world["worker"])
    notice = Notification.objects.get(recipient=world["manager"])
    assert notice.kind == Notification.Kind.MEETING_BOOKED and "booked to chair" in notice.text
    assert not Notification.objects.filter(kind="").exists()


def test_a_step_that_writes_many_rows_counts_them_by_kind(worker, family):
    child, _ = family
    before = len(entries_for(child))
    with acting_as(worker.user), step(detail="many notes"):
        for n in range(8):
            add_case_note(child, author=worker, date=date(2026, 11, 2), note_type="other", subject=f"Note {n}", text="x")
        Address.objects.filter(person=child).update(town="Hart")
    (entry,) = entries_for(child)[before:]
    assert entry.detail == "many notes (8 × CaseNote created, 1 × Address changed)"


def test_only_an_import_loads_a_fact_from_another_systems_file(world):
    """Loading a legacy fact as given is the import system actor's alone: no role of a person has it, so no
    page can reach the load steps; the import can."""
    assert all(StepKey.LOAD_FROM_FILE not in steps for role, steps in ROLE_STEPS.items() if role != SystemActor.IMPORT)
    with acting_as(world["manager"].user), pytest.raises(StepRefused):
        people_loading.load_child(la_child_id="L1", values={})
    assert not Person.objects.filter(la_child_id="L1").exists()
    with acting_as(world["manager"].user, system=SystemActor.IMPORT), step(as_given=True):
        child, action, _ = people_loading.load_child(la_child_id="L1", values={"date_of_birth": date(2031, 1, 1)})
    assert action == "created" and child.date_of_birth == date(2031, 1, 1)  # a date in the future, stored as given
