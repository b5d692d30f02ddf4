"""Who is acting, and the step they are recording: the one way a child's record is written.

A **step** (``with step(StepKey.X, detail=..., reason=...)``) is one transaction in which a page, an
import or the generator records something about one or more people. Inside it:

- the role × step table (``staff.steps``) is checked for whoever acts: a person's role, or a named
  system actor (the seed, an import) with its own row in that table — refused alike, whatever called it;
- every row of the record written — saved, deleted, updated or bulk-created, through any model of
  the record (``RecordModel``) — is noted against the person it belongs to;
- when the work is done, **one** audit entry per person changed is written (what the step was, the
  rows it wrote, the reason), in the same transaction, so the record and its audit are written
  together or not at all;
- "as given" (store a legacy fact exactly as the file gave it, the validation rules reporting it as
  a finding) holds only when the step says so, and only a system actor may say so: a person's form is
  always strict.

A step inside a step (linking a relative while adding a child) is part of the outer one. A write with
no step is a mistake: where someone is acting (a request, a job) and ``OPENCSC_STEPS_STRICT`` is on
(the test suite), it raises; otherwise it is still audited on its own, as every saved change always
was, so nothing is ever written unaudited. The audit itself belongs to ``access``, above this layer:
it hands its writer over at start-up (``write_audit_with``).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, ClassVar, ParamSpec, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import OperationalError, close_old_connections, connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .steps import StepKey, SystemActor, may_record, why_not

P = ParamSpec("P")
R = TypeVar("R")

# The apps whose models are the record (a child's, or an adult's known to the service).
RECORD_APPS = ("people", "casework", "recording", "plans", "meetings", "proceedings", "familyhelp")


# ---- who acts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    user: object = None
    label: str = ""  # for jobs with no user, e.g. "seed 1", "import_return cin_2024.xml"
    ip_address: str | None = None
    system: SystemActor | None = None  # the seed or an import: their own row in the role × step table

    @property
    def role_code(self) -> str | None:
        if self.system is not None:
            return self.system.value
        return getattr(getattr(self.user, "professional", None), "role_id", None)


_current: ContextVar[Actor | None] = ContextVar("opencsc_actor", default=None)


@contextmanager
def acting_as(user: Any = None, *, label: str = "", ip_address: str | None = None, system: SystemActor | None = None) -> Iterator[Actor]:
    actor = Actor(user, label or (system.label if system else ""), ip_address, system)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current() -> Actor:
    return _current.get() or Actor(label="system")


def someone_is_acting() -> bool:
    """A request or a named job is running (not a shell, a migration or a test's own set-up)."""
    return _current.get() is not None


# ---- the step ------------------------------------------------------------------------------


class WriteOutsideStep(RuntimeError):
    """A model of the record was written with no step around it."""


class StepRefused(PermissionDenied):
    pass


@dataclass
class _Changes:
    created: bool = False
    rows: list[str] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    why: str = ""  # this person's own reason (a relative's: why this user may work on them)


@dataclass
class Step:
    key: StepKey | None
    actor: Actor
    detail: str
    reason: str
    as_given: bool
    people: dict[int | None, _Changes] = field(default_factory=dict)

    def changed(self, person: Any, what: str = "", why: str = "") -> None:
        """Name a person this step changed (and, briefly, how, and why this user may), beyond the rows it saved."""
        changes = self.people.setdefault(_pk(person), _Changes())
        if what and what not in changes.said:
            changes.said.append(what)
        changes.why = why or changes.why

    def wrote(self, person_ids: Iterable[int | None], row: str, created_person: int | None = None) -> None:
        for pk in person_ids:
            changes = self.people.setdefault(pk, _Changes())
            if created_person is not None and pk == created_person:
                changes.created = True
            if row not in changes.rows:
                changes.rows.append(row)

    def entries(self) -> list[tuple[int | None, str, str, str]]:
        """(person, action, detail, why) for each person changed; rows no person could be found for are
        shown on every person the step changed (or, if none, on one entry of their own)."""
        unplaced = self.people.get(None)
        people: dict[int | None, _Changes] = {pk: c for pk, c in self.people.items() if pk is not None}
        if not people and unplaced is not None:
            people = {None: unplaced}
        result: list[tuple[int | None, str, str, str]] = []
        for pk, changes in people.items():
            rows = changes.rows + (unplaced.rows if unplaced is not None and pk is not None else [])
            said = [self.detail] if self.detail else []
            said += changes.said
            text = "; ".join(said)
            if rows:
                text = f"{text} ({_summary(rows)})" if text else _summary(rows)
            result.append((pk, "create" if changes.created else "change", text, changes.why or self.reason or self.actor.label))
        return result


_step: ContextVar[Step | None] = ContextVar("opencsc_step", default=None)
_audit_writer: list[Callable] = []


def write_audit_with(writer: Callable) -> None:
    """``access`` hands over how an entry is written (``audit.append``) once, at start-up."""
    _audit_writer[:] = [writer]


def _write(**entry: Any) -> None:
    if not _audit_writer:
        raise ImproperlyConfigured("No audit writer: the access app must be installed (it hands it over at start-up).")
    _audit_writer[0](**entry)


def current_step() -> Step | None:
    return _step.get()


def as_given() -> bool:
    """Inside a step that stores legacy facts as their file gave them (only an import's or the seed's)."""
    found = _step.get()
    return found is not None and found.as_given


def check(actor: Actor, key: StepKey) -> None:
    """Refuse a step the actor's role (or system actor) does not record. Code nobody started (a shell,
    a migration, a test's own set-up) acts for no role and is not asked."""
    if actor.user is None and actor.system is None:
        return
    if not may_record(actor.role_code, key):
        raise StepRefused(why_not(key))


@contextmanager
def step(key: StepKey | None = None, *, detail: str = "", reason: str = "", as_given: bool = False,
         changes: Any = None) -> Iterator[Step]:
    """Record one step: checked, written and audited in one transaction (see the module's docstring).
    ``key`` None: a change to the record that is no step of the journey (a case note, an address);
    whoever may open the record may make it, as the page decided. ``changes``: the person the step is
    about, named even if no row of theirs is written."""
    actor = current()
    outer = _step.get()
    # The first step that names its key is the one being recorded, and is checked; a step it is made
    # of (a conference starting the plan) is part of it, whoever may record that step on its own.
    if key is not None and (outer is None or outer.key is None):
        check(actor, key)
    if outer is not None:
        outer.key = outer.key or key
        if as_given and not outer.as_given:
            raise ImproperlyConfigured("A step inside a strict step cannot store facts as given.")
        if changes is not None:
            outer.changed(changes, detail)
        yield outer
        return
    if as_given and actor.system is None:
        raise ImproperlyConfigured("Only an import or the seed stores facts as given; a person's form is strict.")
    made = Step(key, actor, detail, reason, as_given)
    if changes is not None:
        made.changed(changes)
    with transaction.atomic():
        token = _step.set(made)
        try:
            yield made
        finally:
            _step.reset(token)
        _audit(made)


def records(key: StepKey | Callable[..., StepKey]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A service that records this step of the journey: it runs as (or as part of) one step, and
    whoever's role the table refuses is refused before anything is read or written. ``key`` may be a
    function of the service's arguments (a plan's kind decides its step)."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def recorded(*args: P.args, **kwargs: P.kwargs) -> R:
            with step(key if isinstance(key, StepKey) else key(*args, **kwargs)):
                return service(*args, **kwargs)

        recorded.step_key = key  # type: ignore[attr-defined]
        return recorded

    return decorate


@contextmanager
def loading(detail: str, *, label: str) -> Iterator[Step]:
    """An import's step: the import system actor, for whoever started it (their name on the audit),
    storing each legacy fact as its file gives it (the rules report it as a finding)."""
    who = current()
    with acting_as(who.user, label=label, ip_address=who.ip_address, system=SystemActor.IMPORT), \
            step(detail=detail, as_given=True) as made:
        yield made


def _audit(made: Step) -> None:
    if not made.people or transaction.get_rollback():  # a dry run (or a refused step) changed nothing
        return
    _keep(made.people)
    from django.apps import apps

    Person = apps.get_model("people", "Person")
    found = Person.objects.in_bulk([pk for pk in made.people if pk is not None])
    for pk, action, detail, why in made.entries():
        _write(user=made.actor.user, person=found.get(pk) if pk is not None else None, action=action,
               detail=detail, why=why, ip_address=made.actor.ip_address)


def changed(person: Any, what: str = "", why: str = "") -> None:
    """Name a person the current step changed. Outside a step, a mistake (see ``_no_step``)."""
    found = _step.get()
    if found is None:
        _no_step(f"change to person {_pk(person)}: {what}", [_pk(person)])
        return
    found.changed(person, what, why)


# ---- read models kept as the record is written ----------------------------------------------

PeopleHook = Callable[[Iterable[int | None]], None]
_keepers: dict[str, tuple[PeopleHook, PeopleHook]] = {}
_refreshers: dict[str, Callable[[bool], int]] = {}
_later: ContextVar[set[int | None] | None] = ContextVar("opencsc_read_models_left_to_the_worker", default=None)


def keep_read_models_with(name: str, keep: PeopleHook, forget: PeopleHook, refresh: Callable[[bool], int]) -> None:
    """An app above this one hands over, at start-up, how it keeps a read model (decisions 017, 018):
    ``keep`` brings what the named people's records show up to date (or marks it due), in the step's
    transaction; ``forget`` marks it unkept after a write made outside any step, so it is read from the
    record until refreshed; ``refresh(everything)`` is the background worker's pass."""
    _keepers[name] = (keep, forget)
    _refreshers[name] = refresh


def keep_read_models_fresh(stop: threading.Event, every: float = 5.0, everything_at: time = time(1, 0)) -> None:
    """The background worker's keeper: every ``every`` seconds, each read model's pass over what is stale;
    once a day at ``everything_at`` (local time), a pass over everything. A locked database (SQLite's one
    writer, busy with an import) is tried again next time."""
    log = logging.getLogger("opencsc.read_models")
    next_full = _next(everything_at)
    try:
        while True:
            close_old_connections()
            everything = timezone.now() >= next_full
            for name, refresh in _refreshers.items():
                try:
                    count = refresh(everything)
                    if count:
                        log.info("Read model %s: %s children brought up to date", name, count)
                except OperationalError as error:
                    log.warning("Read model %s will be brought up to date later: %s", name, error)
                except Exception:  # a bug must not end the thread: the pages fall back to the record meanwhile
                    log.exception("Read model %s could not be brought up to date", name)
            if everything:
                next_full = _next(everything_at)
            if stop.wait(every):
                return
    finally:
        connection.close()


def _next(at: time) -> datetime:
    now = timezone.localtime()
    candidate = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return candidate if candidate > now else candidate + timedelta(days=1)


@contextmanager
def leave_read_models_to_the_worker() -> Iterator[None]:
    """Inside, steps keep no read model (the seed, a long import: thousands of steps, each of which would
    rebuild its children's); at the end, everyone written is marked unkept, and the background worker's
    next pass rebuilds them in batches, off the writer's clock. Until then their records are read live."""
    if _later.get() is not None:
        yield
        return
    waiting: set[int | None] = set()
    token = _later.set(waiting)
    try:
        yield
    finally:
        _later.reset(token)
        for _keep_it, forget in _keepers.values():
            forget(waiting)


def _keep(person_ids: Iterable[int | None]) -> None:
    _hand_to_keepers(list(person_ids), keeping=True)


def _forget(person_ids: Iterable[int | None]) -> None:
    _hand_to_keepers(list(person_ids), keeping=False)


def _hand_to_keepers(ids: list[int | None], *, keeping: bool) -> None:
    """A step's people to each read model's ``keep``, a stepless write's to its ``forget``; inside
    ``leave_read_models_to_the_worker``, to neither until it ends."""
    waiting = _later.get()
    if waiting is not None:
        waiting.update(ids)
        return
    for keep, forget in _keepers.values():
        (keep if keeping else forget)(ids)


# ---- noticing every write of the record ------------------------------------------------------


def _pk(person: Any) -> int | None:
    return getattr(person, "pk", person)


def _summary(rows: list[str]) -> str:
    """Rows named one by one while few, counted by kind when many (an import writes hundreds)."""
    if len(rows) <= 6:
        return ", ".join(rows)
    counts: dict[str, int] = {}
    for row in rows:  # "Placement 12 deleted", "Placement 3 changed (end_date)", "Address 2 row(s) changed (town)"
        kind, _, verb = row.split(" ")[:3]
        what = f"{kind} {'changed' if verb == 'row(s)' else verb}"
        counts[what] = counts.get(what, 0) + 1
    return ", ".join(f"{n} × {what}" for what, n in counts.items())


def _person_field(model: type[models.Model]) -> Any:
    for name in ("child", "person"):
        try:
            found = model._meta.get_field(name)
        except Exception:
            continue
        if found.is_relation and found.related_model is not None and found.related_model._meta.label == "people.Person":
            return found
    return None


def persons_of(instance: Any) -> list[int | None]:
    """Whose record this row is part of: the person themselves, the child or person it is about, or
    (for a row inside another, e.g. a plan's action) whoever that one is about."""
    model = type(instance)
    if model._meta.label == "people.Person":
        return [instance.pk]
    own = _person_field(model)
    if own is not None:
        return [getattr(instance, own.attname)]
    for many in model._meta.many_to_many:
        if many.name == "children" and instance.pk is not None:
            return list(getattr(instance, many.name).values_list("pk", flat=True)) or [None]
    for parent in model._meta.concrete_fields:
        if (parent.many_to_one and parent.related_model is not None and is_record_model(parent.related_model)
                and getattr(instance, parent.attname) is not None):
            return persons_of(getattr(instance, parent.name))
    return [None]


def _noted(model: type[models.Model], pk: Any, verb: str, fields: Iterable[str] | None = None) -> str:
    what = f" ({', '.join(sorted(fields))})" if fields else ""
    return f"{model.__name__} {pk} {verb}{what}"


def _no_step(row: str, person_ids: Sequence[int | None], action: str = "change") -> None:
    if someone_is_acting() and getattr(settings, "STEPS_STRICT", False):
        raise WriteOutsideStep(f"{row}: written outside a step (every write of the record is a step: staff.stepping)")
    _forget(person_ids)
    # Still audited, alone, as every saved change always was: nothing is written unaudited.
    from django.apps import apps

    Person = apps.get_model("people", "Person")
    actor = current()
    for pk in person_ids:
        _write(user=actor.user, person=Person.objects.filter(pk=pk).first() if pk is not None else None,
               action=action, detail=row, why=actor.label, ip_address=actor.ip_address)


def _saw(model: type[models.Model], instance: models.Model, verb: str, fields: Iterable[str] | None = None,
         created_person: Any = None) -> None:
    row = _noted(model, instance.pk, verb, fields)
    people = persons_of(instance)
    found = _step.get()
    if found is None:
        _no_step(row, people, "create" if verb == "created" else "change")
        return
    found.wrote(people, row, created_person)


def _on_save(sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False,
             update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
    if raw:  # fixtures loaded by loaddata are no one's step
        return
    created_person = instance.pk if created and sender._meta.label == "people.Person" else None
    _saw(sender, instance, "created" if created else "changed", update_fields, created_person)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    _saw(sender, instance, "deleted")


def _on_children(sender: Any, instance: models.Model, action: str, pk_set: Iterable[int] | None = None,
                 model: Any = None, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove") or not is_record_model(type(instance)):
        return
    verb = "added" if action == "post_add" else "removed"
    if model is not None and model._meta.label == "people.Person":  # children joined to a shared fact: theirs
        people: list[int | None] = list(sorted(pk_set or []))
        row = _noted(type(instance), instance.pk, f"children {verb}")
    else:  # anything else (the users a note is restricted to): a change of the row, on its own person's record
        field_name = next((f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender), "links")
        row, people = _noted(type(instance), instance.pk, f"{field_name} {verb}"), persons_of(instance)
    found = _step.get()
    if found is None:
        _no_step(row, people)
        return
    found.wrote(people, row)


class RecordQuerySet(models.QuerySet):
    """A model of the record's rows, whose bulk writes are noticed like single ones: ``update()`` names
    every person whose rows it changes, ``bulk_create()`` every row it adds."""

    def update(self, **kwargs: Any) -> int:
        rows = list(self)
        people = sorted({pk for row in rows for pk in persons_of(row)}, key=lambda pk: (pk is None, pk or 0))
        row = f"{self.model.__name__} {len(rows)} row(s) changed ({', '.join(sorted(kwargs))})"
        found = _step.get()
        if found is None:
            _no_step(row, people)
        else:
            found.wrote(people, row)
        return super().update(**kwargs)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        made = super().bulk_create(objs, *args, **kwargs)
        for instance in made:
            _saw(self.model, instance, "created")
        return made

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], *args: Any, **kwargs: Any) -> int:
        for instance in objs:
            _saw(self.model, instance, "changed", fields)
        return super().bulk_update(objs, fields, *args, **kwargs)


class RecordManager(models.Manager.from_queryset(RecordQuerySet)):  # type: ignore[misc]
    pass


class RecordModel(models.Model):
    """A model of the record: every write of it is noticed by the step it is made in (and audited)."""

    objects: ClassVar[RecordManager] = RecordManager()

    class Meta:
        abstract = True


# Models of the record apps that are not the record: a person's own unsaved draft, the form ids
# that make a submit count once, the authority's letter templates, and the read models kept from the record.
NOT_THE_RECORD = {"recording.Draft", "recording.SubmittedForm", "recording.LetterTemplateVersion",
                  "recording.ChronologyEvent", "recording.ChronologyKept", "casework.DueWorkKept", "casework.KeptDueItem"}


def is_record_model(model: Any) -> bool:
    return model._meta.app_label in RECORD_APPS and model._meta.label not in NOT_THE_RECORD


def record_models() -> list:
    from django.apps import apps

    return [model for model in apps.get_models() if is_record_model(model)]


def watch() -> None:
    """Connect the noticing (once, at start-up)."""
    for model in record_models():
        post_save.connect(_on_save, sender=model, dispatch_uid=f"step-save-{model._meta.label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"step-delete-{model._meta.label}")
    m2m_changed.connect(_on_children, dispatch_uid="step-children")
