"""Benchmark: the same database read by two versions of the code, alternately, in one run.

    .venv/bin/python bench/before_after.py --before fb025db [--children 2000] [--samples 200] [--rounds 3]

For a change that should move code and nothing else (issue 14's layering): seeds one authority (once,
with today's code, under OPENCSC_BENCH_DIR), checks out ``--before`` in a git worktree, then runs
the measurement in a fresh process for each version in turn, ``--rounds`` times (before, after,
before, after, ...), so machine noise falls on both alike. Each measurement opens the record page of
the same sample of children three times each (signed in with force_login, which both versions
understand; each child's quickest), builds and validates the CIN census and the SSDA903 set for the
year three times (the quickest). Reports, for each version, the
findings and row counts (which must be equal) and the best times. Prints Markdown.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, bench_dir, percentile  # noqa: E402


def measure(code: Path, db: Path, samples: int, year: int) -> dict:
    """Run in a fresh process whose first import path is ``code``."""
    sys.path.insert(0, str(code))
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["OPENCSC_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from opencsc.access.policy import decide_many
    from opencsc.people.models import Person
    from opencsc.returns.cin import census

    try:
        from opencsc.returns.cin import reading
    except ImportError:  # a version from before the rename (view.py)
        from opencsc.returns.cin import view as reading
    from opencsc.returns.cin.rules import CIN
    from opencsc.returns.engine import validate
    from opencsc.returns.ssda903 import export
    from opencsc.returns.ssda903.validation import validate_year

    assert Path(census.__file__).is_relative_to(code), f"imported {census.__file__}, not from {code}"
    settings.TWO_FACTOR_REQUIRED = False
    user = get_user_model().objects.get(username="team.manager")
    ids = sorted(Person.objects.filter(kind="child").values_list("pk", flat=True))
    decisions = decide_many(user, ids)
    allowed = [pk for pk in ids if decisions[pk].allowed]
    sample = random.Random(7).sample(allowed, min(samples, len(allowed)))
    client = Client()
    client.force_login(user)
    for pk in sample[:10]:
        assert client.get(f"/children/{pk}/").status_code == 200
    queries = []  # SQL statements a record page runs, for each child of the sample
    for pk in sample:
        with CaptureQueriesContext(connection) as ran:
            client.get(f"/children/{pk}/")
        queries.append(len(ran.captured_queries))
    page_ms = []  # each child's quickest of three openings: the page's cost, less the machine's noise
    for pk in sample:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(f"/children/{pk}/")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (pk, response.status_code)
        page_ms.append(min(times))

    cin_times, ssda903_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        xml, children = census.build(census.CollectionYear(year))
        cin_findings = validate(reading.parse(xml, year), CIN, year)
        cin_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        _, ssda903_findings = validate_year(year)
        ssda903_times.append(time.perf_counter() - started)
    cin_s, ssda903_s = min(cin_times), min(ssda903_times)
    rows = {table: len(found) for table, found in export.build(year).tables.items()}
    return {"page_median_ms": statistics.median(page_ms), "page_p95_ms": percentile(page_ms, 95),
            "page_queries_median": statistics.median(queries), "page_queries_max": max(queries),
            "cin_s": cin_s, "ssda903_s": ssda903_s, "cin_children": children,
            "cin_findings": sorted([f.code, f.la_child_id or ""] for f in cin_findings),
            "ssda903_findings": sorted([f.code, f.la_child_id or "", f.where] for f in ssda903_findings),
            "ssda903_rows": rows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="the commit to compare with (today's checkout is 'after')")
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure), Path(args.db), args.samples, args.year)))
        return

    db = bench_dir() / f"before_after{args.children}.sqlite3"
    if not db.exists():
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
        python = sys.executable
        subprocess.run([python, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        subprocess.run([python, str(ROOT / "manage.py"), "seed", "--children", str(args.children), "--seed", "1",
                        "--as-of", f"{args.year}-03-31", "--demo-users"], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    before = bench_dir() / f"code-{args.before}"
    if not before.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True,
                       capture_output=True)
    results: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        for name, code in (("before", before), ("after", ROOT)):
            out = subprocess.run([sys.executable, __file__, "--measure", str(code), "--db", str(db),
                                  "--samples", str(args.samples), "--year", str(args.year)],
                                 capture_output=True, text=True, cwd=code)
            if out.returncode:
                sys.exit(f"{name} failed:\n{out.stderr[-3000:]}")
            results[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    b, a = results["before"][0], results["after"][0]
    same = {key: b[key] == a[key] for key in ("cin_children", "cin_findings", "ssda903_findings", "ssda903_rows")}

    def best(name, key):
        return min(r[key] for r in results[name])

    print(f"### Before and after {args.before} ({args.children} children, SQLite, {args.rounds} alternating rounds)\n")
    print(f"Command: `.venv/bin/python bench/before_after.py --before {args.before} --children {args.children} "
          f"--samples {args.samples} --rounds {args.rounds}`\n")
    print(f"Same results: CIN census children {same['cin_children']} ({a['cin_children']}), CIN findings "
          f"{same['cin_findings']} ({len(a['cin_findings'])}), SSDA903 findings {same['ssda903_findings']} "
          f"({len(a['ssda903_findings'])}), SSDA903 rows by table {same['ssda903_rows']} ({sum(a['ssda903_rows'].values())})\n")
    print("| measure (best of the rounds) | before | after | after / before |")
    print("|---|---|---|---|")
    for key, label, unit in (("page_median_ms", f"record page, median of up to {args.samples} children", "ms"),
                             ("page_p95_ms", "record page, p95", "ms"),
                             ("page_queries_median", "record page, SQL statements (median)", ""),
                             ("page_queries_max", "record page, SQL statements (most)", ""),
                             ("cin_s", "CIN census build + all rules", "s"),
                             ("ssda903_s", "SSDA903 set from the record + all rules", "s")):
        print(f"| {label} | {best('before', key):.2f} {unit} | {best('after', key):.2f} {unit} | "
              f"{best('after', key) / best('before', key):.2f} |")
    assert all(same.values()), f"the versions disagree: {same}"


if __name__ == "__main__":
    main()
