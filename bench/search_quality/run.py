"""Search quality and speed over a seeded authority of 50,000 people (issue 6).

Seeds the authority once per database (``seed --people-only 50000 --seed 1 --as-of 2026-03-31``,
through the same services as the forms), then runs every query of the committed set
(``queries.csv``, built by ``make_queries.py``, which shares no code with the search) through the
search the "Find a child" page uses, and reports for each category how often the intended child is
in the top 5, and the server time per query (p50, p95).

    .venv/bin/python bench/search_quality/run.py            (its own SQLite file, search50000.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:55499/search50k .venv/bin/python bench/search_quality/run.py

``--people`` and ``--queries`` make it small (the smoke run in CI): the committed queries then name
children a small authority does not have, so only speed and "it runs" mean anything.
"""

import argparse
import csv
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import percentile, use_sqlite  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--people", type=int, default=50_000)
parser.add_argument("--queries", type=int, default=0, help="only the first N queries (0: all)")
args = parser.parse_args()
if "DATABASE_URL" not in os.environ:
    use_sqlite(f"search{args.people}.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from opencsc.people.models import Person  # noqa: E402
from opencsc.people.selectors import search_adults, search_children  # noqa: E402

QUERIES = Path(os.environ.get("OPENCSC_SEARCH_QUERIES", Path(__file__).resolve().parent / "queries.csv"))


def main():
    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed", people_only=args.people, seed=1, as_of=__import__("datetime").date(2026, 3, 31))
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    people = Person.objects.count()
    queries = list(csv.DictReader(QUERIES.open()))[:args.queries or None]
    for row in queries[:20]:  # warm caches and connections
        list(search_children(row["query"]))
    hits, totals, times, misses = defaultdict(int), defaultdict(int), [], []
    for row in queries:
        started = time.perf_counter()
        if row["la_child_id"]:
            found = [p.la_child_id for p in search_children(row["query"])][:5]
            wanted = row["la_child_id"]
        else:  # an adult (the second walk's parents): who they are, as make_queries wrote it
            found = [f"{p.first_name} {p.last_name} {p.date_of_birth:%d/%m/%Y}" if p.date_of_birth else
                     f"{p.first_name} {p.last_name} unknown" for p in search_adults(row["query"])][:5]
            wanted = row["intended"]
        times.append((time.perf_counter() - started) * 1000)
        totals[row["category"]] += 1
        if wanted in found:
            hits[row["category"]] += 1
        else:
            misses.append(row)
    print(f"database: {connection.vendor}; people: {people:,}; queries: {len(queries)}")
    print("| category | queries | intended child in the top 5 |")
    print("|---|---|---|")
    for category in totals:
        print(f"| {category} | {totals[category]} | {hits[category] / totals[category]:.1%} |")
    print(f"| **all** | {len(queries)} | **{sum(hits.values()) / len(queries):.1%}** |")
    print(f"server time per query: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
          f"max {max(times):.1f} ms")
    for row in misses[:25]:
        print(f"  missed [{row['category']}] {row['query']!r} -> {row['intended']}")


if __name__ == "__main__":
    main()
