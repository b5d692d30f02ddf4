"""Check: the generator's seed is the same record before and after a change to how it writes.

    .venv/bin/python bench/seed_fingerprint.py [--children 300] [--seed 1] [--as-of 2026-03-31] [--save FILE] [--compare FILE]

Seeds one authority into its own SQLite file under OPENCSC_BENCH_DIR (a fresh process) as ``manage.py
seed`` does, then prints one SHA-256 per model of the record (every row, every column but the
moments the database stamps when a row is written (``auto_now``/``auto_now_add``), a stored file's
random name (its SHA-256 is compared) and random ids (compared by which rows share one); the audit chain,
whose entries are how a write was made, not what was recorded), with the seeding time and the audit
entry count. ``--save`` keeps the fingerprint as JSON; ``--compare`` lists every model whose rows
differ from a saved one (exit 1 if any). Used by the one-write-path issue: the 300-child seed must
be the same record whether the generator writes models directly or through the steps.
"""

import argparse
import hashlib
import json
import os
import sys
import time
from datetime import date

from common import use_sqlite

RECORD_APPS = ("people", "casework", "recording", "plans", "meetings", "proceedings", "familyhelp", "staff")
# How a write was made, not what the record says: compared apart (counted, not hashed).
NOT_THE_RECORD = {"access.RecordAccess", "access.AuditHead", "access.AuditBatch", "staff.Notification", "casework.Authorisation",
                  "recording.ChronologyKept"}


def fingerprint() -> dict[str, dict]:
    from django.apps import apps
    from django.db import models

    result = {}
    for app in RECORD_APPS:
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label
            fields = [f for f in model._meta.concrete_fields
                      if not (isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add))
                      and not isinstance(f, models.FileField)]  # a stored file's name is random; its sha256 is compared
            uuids = [i for i, f in enumerate(fields) if isinstance(f, models.UUIDField)]
            seen: dict = {}  # a random id (a household's) compared by which rows share it, not its value
            digest = hashlib.sha256()
            rows = 0
            for row in model._base_manager.order_by("pk").values_list(*[f.attname for f in fields]):
                row = tuple(seen.setdefault(v, len(seen)) if i in uuids and v is not None else v for i, v in enumerate(row))
                digest.update(repr(row).encode())
                rows += 1
            result[label] = {"rows": rows, "sha256": digest.hexdigest()} if label not in NOT_THE_RECORD else {"rows": rows}
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", default="2026-03-31")
    parser.add_argument("--save")
    parser.add_argument("--compare")
    args = parser.parse_args()
    db = use_sqlite(f"fingerprint-{args.seed}.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from opencsc.access.models import RecordAccess

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed", children=args.children, seed=args.seed, as_of=date.fromisoformat(args.as_of),
                 stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - started
    found = fingerprint()
    audit = RecordAccess.objects.count()
    print(f"seed {args.seed}, {args.children} children as of {args.as_of}: seeded in {seeded:.1f} s, "
          f"{sum(v['rows'] for v in found.values())} rows, {audit} audit entries")
    if args.save:
        with open(args.save, "w") as out:
            json.dump({"seeding_seconds": round(seeded, 1), "audit_entries": audit, "models": found}, out, indent=1)
    if args.compare:
        with open(args.compare) as saved_file:
            saved = json.load(saved_file)
        differ = [f"{label}: {saved['models'].get(label)} then, {found.get(label)} now"
                  for label in sorted(set(saved["models"]) | set(found)) if saved["models"].get(label) != found.get(label)]
        print(f"compared with {args.compare} (seeded in {saved['seeding_seconds']} s, {saved['audit_entries']} audit entries): "
              f"{len(differ)} model(s) differ")
        for line in differ:
            print("  " + line)
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
