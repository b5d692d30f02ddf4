"""Benchmark: seed a 10,000-child authority, then time the record page and search.

    .venv/bin/python bench/seed_and_pages.py [--children 10000] [--samples 300]

Uses its own SQLite file (var/bench/bench.sqlite3, or DATABASE_URL if set). Page and search times
are server times measured in-process with Django's test client (no network), over a random sample
of children and of realistic queries. Prints a Markdown block for docs/benchmarks.md.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="skip seeding if the bench database exists")
    args = parser.parse_args()

    bench_db = ROOT / "var" / "bench" / "bench.sqlite3"
    if "DATABASE_URL" not in os.environ:
        bench_db.parent.mkdir(parents=True, exist_ok=True)
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{bench_db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_db}"
    os.environ["OPENCSC_ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from opencsc.people.models import Person
    from opencsc.synth.generator import create_demo_users

    call_command("migrate", verbosity=0)
    seed_seconds = None
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed", children=args.children, seed=1, stdout=open(os.devnull, "w"))
        seed_seconds = time.perf_counter() - started
    create_demo_users()

    client = Client()
    client.force_login(get_user_model().objects.get(username="social.worker"))
    rng = random.Random(5)
    ids = list(Person.objects.filter(kind="child").values_list("pk", flat=True))
    children = rng.sample(ids, min(args.samples, len(ids)))

    def timed(url):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    for pk in children[:20]:  # warm caches
        timed(f"/children/{pk}/")
    record_ms = [timed(f"/children/{pk}/") for pk in children]

    people = list(Person.objects.filter(pk__in=children).values("first_name", "last_name", "date_of_birth", "nhs_number"))
    queries = []
    for p in people:
        kind = rng.random()
        if kind < 0.4:
            queries.append(f"{p['first_name'][:3]} {p['last_name']}")
        elif kind < 0.6:
            queries.append(p["last_name"][:4])
        elif kind < 0.8 and p["date_of_birth"]:
            queries.append(f"{p['last_name']} {p['date_of_birth']:%d/%m/%Y}")
        elif p["nhs_number"]:
            queries.append(p["nhs_number"])
        else:
            queries.append(p["last_name"])
    search_ms = [timed(f"/?q={q}") for q in queries]

    total_children = Person.objects.filter(kind="child").count()
    print(f"### Seed and pages ({total_children} children, {os.environ['DATABASE_URL'].split(':')[0]})\n")
    print(f"Command: `.venv/bin/python bench/seed_and_pages.py --children {args.children} --samples {args.samples}`\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    if seed_seconds is not None:
        print(f"| seed {args.children} children | {seed_seconds / 60:.1f} min ({seed_seconds:.0f} s) | ≤ 10 min |")
    print(f"| record page, median / p95 ({len(record_ms)} children) | {statistics.median(record_ms):.1f} ms / "
          f"{percentile(record_ms, 95):.1f} ms | p95 ≤ 100 ms |")
    print(f"| search, median / p95 ({len(search_ms)} queries) | {statistics.median(search_ms):.1f} ms / "
          f"{percentile(search_ms, 95):.1f} ms | p95 ≤ 300 ms |")


if __name__ == "__main__":
    main()
