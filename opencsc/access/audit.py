"""The audit chain: write an entry, anchor the head outside the database, verify the whole chain."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditHead, RecordAccess

GENESIS = "0" * 64
_anchor_lock = threading.Lock()


def _key() -> bytes:
    return settings.AUDIT_KEY.encode()


def entry_hash(previous: str, entry: RecordAccess) -> str:
    fields = [entry.sequence, entry.at.isoformat(), entry.user_id, entry.username, entry.person_id,
              entry.person_ref, entry.action, entry.detail, entry.ip_address, previous]
    if entry.why:  # added later: entries written before it existed keep their hashes
        fields.append(entry.why)
    content = json.dumps(fields, separators=(",", ":"), default=str)
    return hmac.new(_key(), content.encode(), hashlib.sha256).hexdigest()


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR)


def write_anchor(sequence: int, digest: str) -> None:
    """Keep the chain head outside the database (a file, to be shipped off the machine in production)."""
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _anchor_lock:
        if path.exists() and int(path.read_text().split()[0]) >= sequence:
            return  # a later head is already anchored (commits can finish out of order)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(f"{sequence} {digest}\n")
        tmp.replace(path)


@transaction.atomic
def append(*, user, person, action: str, detail: str = "", why: str = "", ip_address=None) -> RecordAccess:
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    sequence = head.sequence + 1
    entry = RecordAccess(
        sequence=sequence, at=timezone.now(), user=user if user and user.is_authenticated else None,
        username=getattr(user, "username", "") or "", person=person,
        person_ref=(getattr(person, "la_child_id", None) or (str(person.pk) if person else "")), action=action,
        detail=detail[:300], why=why[:200], ip_address=ip_address, previous_hash=head.entry_hash or GENESIS,
    )
    entry.entry_hash = entry_hash(entry.previous_hash, entry)
    entry.save()
    head.sequence, head.entry_hash = sequence, entry.entry_hash
    head.save(update_fields=["sequence", "entry_hash"])
    transaction.on_commit(lambda: write_anchor(sequence, entry.entry_hash))
    return entry


@dataclass
class Verification:
    entries: int
    problem: str = ""
    sequence: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


def verify() -> Verification:
    previous, expected, count = GENESIS, 1, 0
    for entry in RecordAccess.objects.order_by("sequence").iterator():
        count += 1
        if entry.sequence != expected:
            return Verification(count, f"entry {expected} is missing (the next entry is {entry.sequence}): "
                                       "entries were deleted or reordered", expected)
        if entry.previous_hash != previous:
            return Verification(count, f"entry {entry.sequence} does not follow entry {entry.sequence - 1}: "
                                       "entries were reordered or replaced", entry.sequence)
        if not hmac.compare_digest(entry.entry_hash, entry_hash(previous, entry)):
            return Verification(count, f"entry {entry.sequence} has been changed since it was written", entry.sequence)
        previous, expected = entry.entry_hash, expected + 1
    last = expected - 1
    path = anchor_path()
    if not path.exists() and last > 0:
        # A missing anchor is not a fresh start: deleting the last entries and the anchor together must be seen.
        return Verification(count, f"the anchor {path} is missing but the chain has {last} entries: the chain head cannot "
                                   "be checked (restore the anchor from its copy outside the database)", last)
    if path.exists():
        anchored_text, anchored_hash = path.read_text().split()
        anchored_seq = int(anchored_text)
        if anchored_seq > last:
            return Verification(count, f"the chain ends at entry {last} but entry {anchored_seq} was anchored: "
                                       "entries were removed from the end", last + 1)
        anchored = RecordAccess.objects.filter(sequence=anchored_seq).values_list("entry_hash", flat=True).first()
        if anchored != anchored_hash:
            return Verification(count, f"entry {anchored_seq} does not match the anchored chain head", anchored_seq)
    return Verification(count)
