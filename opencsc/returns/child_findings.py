"""Each child's return findings as their record page shows them, kept (decision 018).

The record page showed the child's part of the CIN census and of the SSDA903 return, rebuilt and run
through the rules on every view (about 40 ms of CPU a page). The findings change only when the child's
record changes, when the day or the collection year moves on (a check not yet due becomes due), or when
what the rules read beside the record changes (a deploy, a setting, a return sent to DfE, an Ofsted
provider list). So:

- a step that writes a child marks the child's findings changed (one upsert, in the step);
- the background worker recomputes changed, missing and out-of-date findings a few children at a time,
  and stores each only if the child was not changed again meanwhile;
- the page shows the kept findings, with when they were computed, only while they are current;
  otherwise it computes them itself, as before, and says they are as of now.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from opencsc.casework.models import CareLeaverContact, PeriodOfCare
from opencsc.people.models import Person

from .formats.years import current_year
from .models import ChildFindings
from .selectors import ChildFinding, cin_findings_for_child, pp_outcome_note, ssda903_findings_for_child, ssda903_last_year_note

log = logging.getLogger("opencsc.read_models")
RULES_HOME = (Path(__file__).parent, Path(__file__).parent.parent / "codes")
_code_digest: list[str] = []


def rules_version() -> str:
    """Changes whenever the deployed rules, code lists or the settings they read change: the returns' and
    code lists' files (hashed once per process) and PP_OUTCOME_CODES and the authority's details."""
    if not _code_digest:
        digest = hashlib.sha256()
        for home in RULES_HOME:
            for path in sorted(p for p in home.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                               and "templates" not in p.parts and "migrations" not in p.parts):
                digest.update(str(path.relative_to(home)).encode())
                digest.update(path.read_bytes())
        _code_digest.append(digest.hexdigest())
    read = {"PP_OUTCOME_CODES": getattr(settings, "PP_OUTCOME_CODES", None), "AUTHORITY": getattr(settings, "AUTHORITY", None)}
    return hashlib.sha256((_code_digest[0] + json.dumps(read, sort_keys=True, default=str)).encode()).hexdigest()[:16]


# ---- what the page shows ------------------------------------------------------------------------


def live_panels(child: Person) -> list[dict[str, Any]]:
    """The child's returns panels computed now: the CIN census always; SSDA903 for a child who has been in
    care or is a care leaver."""
    year, findings = cin_findings_for_child(child)
    panels = [{"return": "cin", "year": year, "findings": findings, "note": pp_outcome_note(child, year)}]
    if PeriodOfCare.objects.filter(child=child).exists() or CareLeaverContact.objects.filter(child=child).exists():
        year, findings = ssda903_findings_for_child(child)
        panels.append({"return": "903", "year": year, "findings": findings, "note": ssda903_last_year_note(child, year)})
    return panels


def _stored(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, "findings": [asdict(f) for f in p["findings"]]} for p in panels]


def _read(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, "findings": [ChildFinding(**{**f, "fields": tuple(f["fields"])}) for f in p["findings"]]} for p in panels]


def current(row: ChildFindings | None, today: Any = None) -> bool:
    today = today or timezone.localdate()
    return (row is not None and row.panels is not None and row.kept == row.changed and row.version == rules_version()
            and row.year == current_year() and row.as_of is not None and timezone.localtime(row.as_of).date() == today)


def panels_for_record(child: Person) -> tuple[list[dict[str, Any]], datetime, bool]:
    """(panels, as of, kept) for the record page: the kept findings if current (one query), else computed now."""
    row = ChildFindings.objects.filter(child=child).first()
    if current(row):
        assert row is not None and row.panels is not None and row.as_of is not None
        return _read(row.panels), row.as_of, True
    return live_panels(child), timezone.now(), False


# ---- kept: marked changed by the steps, recomputed by the worker ---------------------------------------


def mark_changed(person_ids: Any) -> None:
    """The steps' keeper, at the end of each step: these children's findings must be recomputed. One query
    for which are children, one upsert."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return
    children = sorted(Person.objects.filter(pk__in=ids, kind=Person.Kind.CHILD).values_list("pk", flat=True))
    if children:
        ChildFindings.objects.bulk_create([ChildFindings(child_id=pk, changed=uuid.uuid4()) for pk in children],
                                          update_conflicts=True, unique_fields=["child"], update_fields=["changed"])


def forget(person_ids: Any) -> None:
    """A write made outside any step: its children's findings are dropped, and so recomputed as missing.
    (Not marked: a child being deleted in a shell still exists while the rows that cascade from them go,
    and a row marked then would name a person who is gone.)"""
    ids = [pk for pk in person_ids if pk is not None]
    if ids:
        ChildFindings.objects.filter(child_id__in=ids).delete()


def mark_all_changed() -> int:
    """What every child's findings read beside the record changed (a return sent to DfE, an Ofsted list)."""
    return ChildFindings.objects.update(kept=None)


def stale(limit: int | None = None) -> list[int]:
    """Children whose findings are missing, changed, or computed on another day, year or rule set."""
    today_starts = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    out_of_date = ChildFindings.objects.filter(Q(kept__isnull=True) | ~Q(kept=F("changed")) | ~Q(version=rules_version())
                                               | ~Q(year=current_year()) | Q(as_of__lt=today_starts) | Q(as_of__isnull=True))
    ids = list(out_of_date.order_by("child_id").values_list("child_id", flat=True)[:limit])
    if limit is None or len(ids) < limit:
        never = Person.objects.filter(kind=Person.Kind.CHILD).exclude(pk__in=ChildFindings.objects.values("child_id"))
        ids += list(never.order_by("pk").values_list("pk", flat=True)[:None if limit is None else limit - len(ids)])
    return ids


def refresh(ids: list[int]) -> int:
    """Recompute these children's findings and store each unless the child changed meanwhile; how many stored.
    Each child is computed outside any transaction (SQLite's one writer is not held while the rules run)
    and stored in a short one."""
    stored = 0
    version, year = rules_version(), current_year()
    children = Person.objects.in_bulk(ids)
    tokens = dict(ChildFindings.objects.filter(child_id__in=ids).values_list("child_id", "changed"))
    for pk in ids:
        child = children.get(pk)
        if child is None:
            continue
        token = tokens.get(pk)
        try:
            panels = _stored(live_panels(child))
        except Exception:  # one child's record the rules cannot read must not stop everyone else's
            log.exception("The findings of child %s could not be computed; their record page computes them itself", pk)
            continue
        values = {"kept": token, "panels": panels, "year": year, "version": version, "as_of": timezone.now()}
        with transaction.atomic():
            if token is None:  # never marked: create it, unless a step marked it while the rules ran
                token = uuid.uuid4()
                ChildFindings.objects.bulk_create([ChildFindings(child_id=pk, changed=token, **{**values, "kept": token})],
                                                  ignore_conflicts=True)
                stored += ChildFindings.objects.filter(child_id=pk, changed=token).exists()
            else:
                stored += ChildFindings.objects.filter(child_id=pk, changed=token).update(**values)
    return stored


def refresh_stale(everything: bool = False, limit: int = 200) -> int:
    """The worker's pass: recompute up to ``limit`` stale children's findings. Findings go stale by
    themselves each midnight, so ``everything`` (the nightly pass) has nothing more to do."""
    return refresh(stale(limit))
