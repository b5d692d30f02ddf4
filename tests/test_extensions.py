"""What each practice app adds to the record is declared on its AppConfig and listed here: a new
extension (or one gone) is a change someone meant, and every name in one resolves."""

from django.urls import reverse

from opencsc.casework import extensions
from opencsc.casework import services as cw
from opencsc.casework.due import DueKind
from opencsc.recording.chronology import EVENT_KINDS
from opencsc.staff.steps import StepKey


def test_the_practice_apps_declare_what_they_add_and_nothing_else_registers():
    declared = extensions.declared()
    assert {label: (len(e.due_sources), e.open_tasks, sorted(e.events), bool(e.letters), bool(e.steps), sorted(e.actions))
            for label, e in declared.items()} == {
        "plans": (1, (), [], False, True, ["care_plan", "cin_plan_review", "placement_plan"]),
        "meetings": (1, (), ["meeting"], False, True, ["recommendation"]),
        "proceedings": (1, ("week_26",), ["court"], True, True, ["fgdm", "week_26"]),
        "familyhelp": (0, (), ["family_help"], False, True, []),
    }


def test_every_name_an_extension_gives_resolves_to_something_the_record_knows():
    assert all(callable(source) for source in extensions.due_sources()) and len(extensions.due_sources()) == 3
    assert set(extensions.events()) <= set(EVENT_KINDS)
    assert extensions.open_tasks() <= set(DueKind.values)
    assert set(extensions.actions()) <= set(DueKind.values)
    for action in extensions.actions().values():
        name, *more = (action,) if isinstance(action, str) else action
        assert reverse(name, args=[1, *more])
    fields, sources, templates = extensions.letters()
    assert fields and len(sources) == 1 and templates


def test_the_steps_an_extension_offers_name_their_step_key(child, db):
    cw.open_referral(child, referral_date=child.date_of_birth.replace(year=2026), source="6", primary_need="N1")
    offered = [step for offer in extensions.steps() for step in offer(child, object(), None)]
    assert offered and all(isinstance(key, StepKey) for _, _, key in offered)
