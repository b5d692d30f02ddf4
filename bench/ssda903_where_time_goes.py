"""Where OpenCSC's SSDA903 build + validate time goes, step by step (for docs/benchmarks.md and decision 008).

    .venv/bin/python bench/ssda903_where_time_goes.py [--children 20000] [--year 2026] [--runs 5]

Reads the database bench/ssda903.py seeds (run that first). Best of ``--runs`` for each step:
building each year's tables from the record, reading them as the rules do, running the rules, and
the floor the rule engine's shape sets: one call per (child, rule) that does nothing, and one that
only walks the child's episodes.
"""

import argparse
import os
import sys
import time

from common import bench_dir


def best(runs, step):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = bench_dir() / f"cin{args.children}.sqlite3"
    if not db.exists():
        sys.exit(f"{db} is not there: run bench/ssda903.py --children {args.children} first (it seeds it)")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from opencsc.returns import engine
    from opencsc.returns.ssda903 import export
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903
    from opencsc.returns.ssda903.validation import authority_code, providers, set_from_record

    s = set_from_record(args.year)
    engine.validate(s, SSDA903, args.year)  # the first run also reads the ONS postcode directory
    this_year, last_year = export.build(args.year), export.build(args.year - 1)
    rules = [r for r in SSDA903.for_year(args.year) if r.scope == "child" and r.runs_on(s)]

    def nothing(child, s):
        return ()

    def walk_episodes(child, s):
        for _ in child.table("Episodes"):
            pass

    def floor(check):
        def run():
            for child in s.children:
                for _ in rules:
                    check(child, s)
        return run

    steps = [
        ("build this year's tables from the record", lambda: export.build(args.year)),
        ("build last year's tables from the record", lambda: export.build(args.year - 1)),
        ("read both years as the rules do (rows, dates, provider list)",
         lambda: from_tables(this_year.tables, args.year, authority=authority_code(), providers=providers(),
                             last=from_tables(last_year.tables, args.year - 1, authority=authority_code()))),
        ("run all rules (316 registered; those the set's tables allow)", lambda: engine.validate(s, SSDA903, args.year)),
        ("the whole: set_from_record + all rules", lambda: engine.validate(set_from_record(args.year), SSDA903, args.year)),
        (f"floor: {len(rules) * len(s.children):,} (child, rule) calls doing nothing", floor(nothing)),
        ("floor: the same calls, each walking the child's episodes", floor(walk_episodes)),
    ]
    print(f"SSDA903 {args.year - 1}/{str(args.year)[2:]}: {len(s.children)} children, {len(rules)} child-level rules "
          f"running (best of {args.runs})\n")
    print("| step | time |\n|---|---|")
    for name, step in steps:
        print(f"| {name} | {best(args.runs, step):.3f} s |")


if __name__ == "__main__":
    main()
