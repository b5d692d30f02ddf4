"""Each child's due work, kept by the steps (decision 019).

``due.due_work`` reads a query per kind of fact (some 30) for any number of children; My work, the
team's caseloads and the chairs' lists ask it on every view. The step that changes a child rebuilds that
child's rows in its own transaction (``keep``, registered with ``staff.stepping``), so a page reads two
queries. Rows are used only on the day they were kept and under the same clocks and local standards
(``stamp``); otherwise, and for a child written outside any step, the page reads live. The worker's pass
rebuilds the stale (after midnight, every child) in batches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from opencsc.people.models import Person

from .due import DEFAULT_LOCAL_STANDARDS, DueItem, DueKind, due_work
from .models import DueWorkKept, KeptDueItem

# Raise when a clock changes (a new kind of due work, a timescale, an anchor's wording): every child's
# rows are then stale, read live and rebuilt by the worker.
VERSION = 1


def stamp() -> str:
    """The version of the clocks and the local standards the rows were kept under."""
    standards = json.dumps({**DEFAULT_LOCAL_STANDARDS, **getattr(settings, "LOCAL_STANDARDS", {})}, sort_keys=True)
    return f"{VERSION}:{hashlib.sha256(standards.encode()).hexdigest()[:16]}"


def due_work_for(child_ids: Iterable[int], today: date | None = None) -> list[DueItem]:
    """``due.due_work`` for these children, from the kept rows where they are current (two queries),
    live for the rest; ordered by due date, then child, then as the clocks list a child's work."""
    today = today or timezone.localdate()
    ids = list(child_ids)
    if not ids:
        return []
    if today != timezone.localdate():
        return sorted(due_work(ids, today), key=_order)
    current = DueWorkKept.objects.filter(child_id__in=ids, stamp=stamp(), kept_on=today)
    kept = set(current.values_list("child_id", flat=True))
    rows = (KeptDueItem.objects.filter(Exists(current.filter(child_id=OuterRef("child_id"))), child_id__in=ids)
            .order_by("child_id", "position")) if kept else []
    items = [DueItem(row.child_id, DueKind(row.work), row.due, row.anchor, row.statutory, row.kind) for row in rows]
    missing = [pk for pk in ids if pk not in kept]
    if missing:
        items += due_work(missing, today)
    return sorted(items, key=_order)


def _order(item: DueItem) -> tuple[date, int]:
    return item.due, item.child_id  # a stable sort: a child's work keeps the clocks' order


def keep(person_ids: Iterable[int | None]) -> None:
    """Rebuild the due work of the children among these people, in the step's own transaction."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return
    children = sorted(Person.objects.filter(pk__in=ids, kind=Person.Kind.CHILD).values_list("pk", flat=True))
    today, current = timezone.localdate(), stamp()
    for chunk in _chunks(children, 500):
        # Claim the children first (an upsert waits for another step keeping the same child).
        DueWorkKept.objects.bulk_create([DueWorkKept(child_id=pk, stamp=current, kept_on=today) for pk in chunk],
                                        update_conflicts=True, unique_fields=["child"], update_fields=["stamp", "kept_on"])
        by_child: dict[int, list[DueItem]] = {}
        for item in sorted(due_work(chunk, today), key=_order):
            by_child.setdefault(item.child_id, []).append(item)
        KeptDueItem.objects.filter(child_id__in=chunk).delete()
        KeptDueItem.objects.bulk_create([
            KeptDueItem(child_id=child_id, position=position, work=item.work.value, due=item.due, anchor=item.anchor[:200],
                        statutory=item.statutory, kind=item.kind)
            for child_id, items in by_child.items() for position, item in enumerate(items)], batch_size=1000)


def forget(person_ids: Iterable[int | None]) -> None:
    """A write made outside any step: its children are read live until next kept."""
    ids = [pk for pk in person_ids if pk is not None]
    if ids:
        DueWorkKept.objects.filter(child_id__in=ids).delete()


def rebuild(only_stale: bool = False, batch: int = 200) -> int:
    """Rebuild every child's due work (or only those not kept today under the current stamp), ``batch``
    children to a transaction; the number rebuilt."""
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    if only_stale:
        children = children.exclude(pk__in=DueWorkKept.objects.filter(stamp=stamp(), kept_on=timezone.localdate()).values("child_id"))
    ids = sorted(children.values_list("pk", flat=True))
    for chunk in _chunks(ids, batch):
        with transaction.atomic():
            keep(chunk)
    return len(ids)


def rebuild_for_worker(everything: bool = False) -> int:
    """The worker's pass: the stale (after midnight, everyone; after a deploy that changed a clock, or a
    change of local standards, everyone); ``everything`` nightly. 50 children to a transaction."""
    return rebuild(only_stale=not everything, batch=50)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
