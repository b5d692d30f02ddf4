"""What each practice app adds to the record, declared in one place and read once.

The journey (due work, the record's steps), the chronology and the letters do not import the practice
apps above them (plans, meetings, proceedings, Family Help). Each of those apps declares what it adds
on its AppConfig as ``record_extension`` — plain data and dotted paths, so nothing is imported or
changed as a side effect of importing a module — and the readers here resolve them once, at first
use. ``tests/test_extensions.py`` lists them all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class RecordExtension:
    # What the app makes due (each: fn(child_ids, today) -> DueItems), and which of it stays on My work
    # however far off its deadline (a running clock), by DueKind value.
    due_sources: tuple[str, ...] = ()
    open_tasks: tuple[str, ...] = ()
    # Its chronology events: section (a kind named in chronology.EVENT_KINDS) -> fn(child_ids) -> Events, each naming its child_id.
    events: dict[str, str] = field(default_factory=dict)
    # Its letters: (merge fields {name: description}, fn(child, today) -> values, starting templates).
    letters: tuple[str, str, str] | None = None
    # Pages: the steps it offers on the record (fn(child, referral, period) -> [(label, url, StepKey)]) and
    # where its due work is done (DueKind value -> URL name, or (name, further arguments after the child's)).
    steps: str = ""
    actions: dict[str, str | tuple[str, ...]] = field(default_factory=dict)


def declared() -> dict[str, RecordExtension]:
    """Each installed app's extension, by app label, in INSTALLED_APPS order."""
    return {config.label: config.record_extension for config in apps.get_app_configs()  # type: ignore[attr-defined]
            if getattr(config, "record_extension", None) is not None}


@functools.cache
def due_sources() -> tuple[Callable, ...]:
    return tuple(import_string(path) for ext in declared().values() for path in ext.due_sources)


@functools.cache
def open_tasks() -> frozenset[str]:
    return frozenset(task for ext in declared().values() for task in ext.open_tasks)


@functools.cache
def events() -> dict[str, Callable]:
    return {kind: import_string(path) for ext in declared().values() for kind, path in ext.events.items()}


@functools.cache
def letters() -> tuple[dict[str, str], tuple[Callable, ...], dict]:
    """(merge fields, value sources, starting templates) the apps add."""
    fields: dict[str, str] = {}
    sources: list[Callable] = []
    templates: dict = {}
    for ext in declared().values():
        if ext.letters:
            more_fields, values, more_templates = ext.letters
            fields |= import_string(more_fields)
            sources.append(import_string(values))
            templates |= import_string(more_templates)
    return fields, tuple(sources), templates


@functools.cache
def steps() -> tuple[Callable, ...]:
    return tuple(import_string(ext.steps) for ext in declared().values() if ext.steps)


@functools.cache
def actions() -> dict[str, str | tuple[str, ...]]:
    return {kind: action for ext in declared().values() for kind, action in ext.actions.items()}
