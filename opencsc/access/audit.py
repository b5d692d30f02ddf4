"""The audit trail: write an entry (no lock), seal entries into chained batches, anchor the last batch's
head outside the database, verify everything (decision 016).

A page's entry is one INSERT: its order is its id, its ``entry_hash`` a keyed hash of its content. The
sealer (``seal``, run every few seconds by ``manage.py worker``) takes the entries not yet sealed, in id
order, into the next batch: a hash over their ids and hashes, chained to the previous batch's head by a
keyed hash, the way Certificate Transparency logs seal theirs. It is the only writer that takes a lock,
so a page never waits for another page's audit entry. Ids need not be contiguous (a rolled-back
transaction leaves a gap in PostgreSQL's sequence; that is not tampering), and an entry that commits
after later ids were sealed goes into the next batch.

The first entries were chained one by one under a lock (``sequence``, ``previous_hash``); they are
verified that way, and the first batch chains to the last of them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditBatch, AuditHead, RecordAccess

GENESIS = "0" * 64
BATCH_LIMIT = 5000  # entries per batch at most: a backlog is sealed in several
_anchor_lock = threading.Lock()


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def _keyed(fields: list[Any]) -> str:
    content = json.dumps(fields, separators=(",", ":"), default=str)
    return hmac.new(_key(), content.encode(), hashlib.sha256).hexdigest()


def _content(entry: RecordAccess) -> list[Any]:
    return [entry.at.isoformat(), entry.user_id, entry.username, entry.person_id, entry.person_ref, entry.action,
            entry.detail, entry.ip_address]


def chained_entry_hash(previous: str, entry: RecordAccess) -> str:
    """An entry of the first, one-by-one chain: its sequence, content and the previous entry's hash."""
    fields = [entry.sequence, *_content(entry), previous]
    if entry.why:  # added later: entries written before it existed keep their hashes
        fields.append(entry.why)
    return _keyed(fields)


def entry_hash(entry: RecordAccess) -> str:
    """An entry written since batches: its content alone (its place is fixed when it is sealed)."""
    return _keyed(["entry", *_content(entry), entry.why])


def batch_root(entries: list[tuple[int, str]]) -> str:
    """A hash over (id, entry hash) in id order: any entry changed, removed, added or moved changes it."""
    root = GENESIS
    for pk, digest in entries:
        root = hashlib.sha256(f"{root}:{pk}:{digest}".encode()).hexdigest()
    return root


def batch_head(batch: AuditBatch) -> str:
    return _keyed(["batch", batch.number, batch.sealed_at.isoformat(), batch.entries, batch.first_id, batch.last_id,
                   batch.root, batch.previous])


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR)


def write_anchor(number: int, head: str) -> None:
    """Keep the last batch's head outside the database (a file, to be shipped off the machine in production)."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _anchor_lock:
        anchored = _read_anchor(path)
        if anchored is not None and anchored[0] == "batch" and int(anchored[1]) >= number:
            return  # a later head is already anchored
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(f"batch {number} {head}\n")
        tmp.replace(path)


def _read_anchor(path: Path) -> tuple[str, str, str] | None:
    """("batch", number, head), or ("entry", sequence, hash) as the one-by-one chain anchored itself."""
    if not path.exists():
        return None
    parts = path.read_text().split()
    if len(parts) == 3 and parts[0] == "batch":
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return "entry", parts[0], parts[1]
    return "unreadable", "", ""


def append(*, user: Any, person: Any, action: str, detail: str = "", why: str = "", ip_address: str | None = None) -> RecordAccess:
    """Write one entry: a single INSERT, no lock (the sealer seals it within seconds)."""
    entry = RecordAccess(
        at=timezone.now(), user=user if user and user.is_authenticated else None,
        username=getattr(user, "username", "") or "", person=person,
        person_ref=(getattr(person, "la_child_id", None) or (str(person.pk) if person else "")), action=action,
        detail=detail[:300], why=why[:200], ip_address=ip_address,
    )
    entry.entry_hash = entry_hash(entry)
    entry.save()
    return entry


def unsealed() -> Any:
    return RecordAccess.objects.filter(batch__isnull=True, sequence__isnull=True)


@transaction.atomic
def seal(limit: int = BATCH_LIMIT) -> AuditBatch | None:
    """Seal the entries written since the last batch (up to ``limit``) into the next batch; None if there
    were none. Only the sealer locks anything, and only against another sealer."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    waiting = list(unsealed().order_by("id").values_list("id", "entry_hash")[:limit])
    if not waiting:
        return None
    last = AuditBatch.objects.order_by("-number").first()
    previous = last.head if last else (head.entry_hash or GENESIS)  # the first batch follows the one-by-one chain
    batch = AuditBatch(number=(last.number + 1) if last else 1, sealed_at=timezone.now(), entries=len(waiting),
                       first_id=waiting[0][0], last_id=waiting[-1][0], root=batch_root(waiting), previous=previous)
    batch.head = batch_head(batch)
    batch.save()
    ids = [pk for pk, _ in waiting]
    for start in range(0, len(ids), 500):
        # Exactly these ids: an entry that commits meanwhile with an id among them waits for the next batch.
        RecordAccess.objects.filter(id__in=ids[start:start + 500], batch__isnull=True).update(batch=batch.number)
    number, digest = batch.number, batch.head
    transaction.on_commit(lambda: write_anchor(number, digest))
    return batch


def seal_all() -> int:
    """Seal everything waiting, batch by batch; how many batches."""
    made = 0
    while seal() is not None:
        made += 1
    return made


@dataclass
class Verification:
    entries: int
    problem: str = ""
    sequence: int | None = None  # the first broken entry of the one-by-one chain, or batch number (``batch``)
    batch: int | None = None
    batches: int = 0
    unsealed: int = 0
    oldest_unsealed: datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def _verify_chain() -> tuple[Verification | None, int, str]:
    """The first entries, chained one by one: (a problem or None, how many, the last one's hash)."""
    previous, expected, count = GENESIS, 1, 0
    for entry in RecordAccess.objects.filter(sequence__isnull=False).order_by("sequence").iterator():
        count += 1
        if entry.sequence != expected:
            return Verification(count, f"entry {expected} is missing (the next entry is {entry.sequence}): "
                                       "entries were deleted or reordered", expected), count, previous
        if entry.previous_hash != previous:
            return Verification(count, f"entry {entry.sequence} does not follow entry {entry.sequence - 1}: "
                                       "entries were reordered or replaced", entry.sequence), count, previous
        if not hmac.compare_digest(entry.entry_hash, chained_entry_hash(previous, entry)):
            return Verification(count, f"entry {entry.sequence} has been changed since it was written", entry.sequence), count, previous
        previous, expected = entry.entry_hash, expected + 1
    return None, count, previous


def verify() -> Verification:
    """Every sealed entry and batch, the anchor, and each waiting entry's own hash; the first problem named."""
    problem, count, chain_end = _verify_chain()
    if problem is not None:
        return problem
    previous, expected, batches = chain_end if count else GENESIS, 1, 0
    last_head = ""
    for batch in AuditBatch.objects.order_by("number").iterator():
        where = f"batch {batch.number}"
        if batch.number != expected:
            return Verification(count, f"batch {expected} is missing (the next is {batch.number}): batches were deleted",
                                batch=expected)
        if batch.previous != previous or not hmac.compare_digest(batch.head, batch_head(batch)):
            return Verification(count, f"{where} does not follow batch {batch.number - 1} or was changed after it was sealed",
                                batch=batch.number)
        entries = list(RecordAccess.objects.filter(batch=batch.number).order_by("id"))
        for entry in entries:
            if entry.sequence is not None or not hmac.compare_digest(entry.entry_hash, entry_hash(entry)):
                return Verification(count, f"entry {entry.pk} (in {where}) has been changed since it was written",
                                    entry.pk, batch=batch.number)
        if len(entries) != batch.entries or batch_root([(e.pk, e.entry_hash) for e in entries]) != batch.root:
            return Verification(count, f"{where} held {batch.entries} entries (ids {batch.first_id}–{batch.last_id}) and now "
                                       f"holds {len(entries)} that do not match it: entries were deleted, added or reordered",
                                batch=batch.number)
        count += len(entries)
        previous, last_head, expected, batches = batch.head, batch.head, expected + 1, batches + 1
    anchored = _read_anchor(anchor_path())
    path = anchor_path()
    if batches:
        if anchored is None or anchored[0] != "batch":
            return Verification(count, f"the anchor {path} is missing but {batches} batches are sealed: the last cannot be "
                                       "checked (restore the anchor from its copy outside the database)", batch=batches,
                                batches=batches)
        number = int(anchored[1])
        if number > batches:
            return Verification(count, f"the last batch is {batches} but batch {number} was anchored: batches were removed "
                                       "from the end", batch=batches + 1, batches=batches)
        sealed_head = last_head if number == batches else AuditBatch.objects.filter(number=number).values_list("head", flat=True).first()
        if sealed_head != anchored[2]:
            return Verification(count, f"batch {number} does not match the anchored head", batch=number, batches=batches)
    elif count:
        if anchored is None:
            return Verification(count, f"the anchor {path} is missing but the chain has {count} entries: the chain head cannot "
                                       "be checked (restore the anchor from its copy outside the database)", count)
        if anchored[0] == "entry":
            anchored_seq = int(anchored[1])
            if anchored_seq > count:
                return Verification(count, f"the chain ends at entry {count} but entry {anchored_seq} was anchored: "
                                           "entries were removed from the end", count + 1)
            digest = RecordAccess.objects.filter(sequence=anchored_seq).values_list("entry_hash", flat=True).first()
            if digest != anchored[2]:
                return Verification(count, f"entry {anchored_seq} does not match the anchored chain head", anchored_seq)
    elif anchored is not None and anchored[0] == "batch":
        return Verification(0, f"batch {anchored[1]} was anchored but no batch is sealed: the trail was emptied", batch=1)
    waiting, oldest = 0, None
    for entry in unsealed().order_by("id").iterator():
        if not hmac.compare_digest(entry.entry_hash, entry_hash(entry)):
            return Verification(count, f"entry {entry.pk} (not yet sealed) has been changed since it was written", entry.pk,
                                batches=batches)
        waiting, oldest = waiting + 1, min(oldest or entry.at, entry.at)
    result = Verification(count + waiting, batches=batches, unsealed=waiting, oldest_unsealed=oldest)
    if oldest is not None and (timezone.now() - oldest).total_seconds() > settings.AUDIT_SEAL_WITHIN_SECONDS:
        # Sealed within seconds when the worker runs: entries left unsealed this long mean it does not, or
        # that batches were removed and their entries set loose. Either way the trail is not being proven.
        result.problem = (f"{waiting} entries are not sealed, the oldest written at {oldest:%Y-%m-%d %H:%M}: the background "
                          "worker (manage.py worker) is not running, or sealed batches were removed")
    return result


def keep_sealing(stop: threading.Event, every: float = 2.0) -> None:
    """The background worker's sealer: seal what is waiting every ``every`` seconds until ``stop`` is set.
    A locked database (SQLite's one writer, busy with an import) is tried again next time."""
    import logging

    from django.db import OperationalError, close_old_connections, connection

    log = logging.getLogger("opencsc.audit")
    try:
        while True:
            close_old_connections()
            try:
                seal_all()
            except OperationalError as error:
                log.warning("The audit sealer will try again: %s", error)
            if stop.wait(every):
                seal_all()  # what was written while it waited: a worker that stops leaves nothing unsealed
                return
    finally:
        connection.close()
