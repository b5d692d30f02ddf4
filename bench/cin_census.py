"""Benchmark: build and validate the CIN census for a large seeded authority, against
csc-validator-be-cin on the same file in the same run.

    .venv/bin/python bench/cin_census.py [--children 20000] [--year 2026]

Seeds (once) its own SQLite database var/bench/cin<N>.sqlite3, then times, each three times:
  - OpenCSC: build the census XML from the record, read it into the rule view, run all rules;
  - csc-validator-be-cin 0.1.13 in its own environment (bench/cin_validator/ensure_env.sh) on the
    same XML file, timed as the whole process and as its own validation step.
Also times a child's "data to fix" panel. Prints Markdown for docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

from common import ROOT, bench_dir, percentile, use_sqlite


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    use_sqlite(f"cin{args.children}.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    from opencsc.people.models import Person
    from opencsc.returns.cin import census, reading
    from opencsc.returns.cin.rules import CIN
    from opencsc.returns.engine import validate
    from opencsc.returns.selectors import cin_findings_for_child

    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed", children=args.children, seed=1, as_of=census.date(args.year, 3, 31), stdout=open(os.devnull, "w"))
        print(f"(seeded {args.children} children in {time.perf_counter() - started:.0f} s)", file=sys.stderr)

    ours = []
    for _ in range(args.runs):
        started = time.perf_counter()
        xml, children = census.build(census.CollectionYear(args.year))
        findings = validate(reading.parse(xml, args.year), CIN, args.year)
        ours.append(time.perf_counter() - started)
    out = bench_dir() / f"cin{args.children}_{args.year}.xml"
    out.write_bytes(xml)

    python = subprocess.run([str(ROOT / "bench/cin_validator/ensure_env.sh")], capture_output=True, text=True,
                            check=True).stdout.strip()
    theirs_process, theirs_inner = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = subprocess.run([python, str(ROOT / "bench/cin_validator/run_dfe_validator.py"), str(out),
                                 "--ruleset", f"cin{args.year - 1}_{str(args.year)[2:]}"],
                                capture_output=True, text=True, check=True)
        theirs_process.append(time.perf_counter() - started)
        theirs_inner.append(json.loads(result.stderr.strip().splitlines()[-1])["seconds"])

    ids = list(Person.objects.filter(kind="child").values_list("pk", flat=True))
    panel = []
    for pk in random.Random(3).sample(ids, min(100, len(ids))):
        started = time.perf_counter()
        cin_findings_for_child(Person.objects.get(pk=pk), args.year)
        panel.append((time.perf_counter() - started) * 1000)

    best_ours, best_process, best_inner = min(ours), min(theirs_process), min(theirs_inner)
    print(f"### CIN census build + validate ({args.children} children seeded, {children} in the "
          f"{census.CollectionYear(args.year).label} census, {len(findings)} findings)\n")
    print(f"Command: `.venv/bin/python bench/cin_census.py --children {args.children} --year {args.year}` "
          f"(best of {args.runs} runs each)\n")
    print("| measure | time |")
    print("|---|---|")
    print(f"| OpenCSC: build the XML from the record + run all {len(CIN.for_year(args.year))} rules | {best_ours:.2f} s |")
    print(f"| csc-validator-be-cin on the same file, whole process | {best_process:.2f} s |")
    print(f"| csc-validator-be-cin, its validation step only (after start-up and imports) | {best_inner:.2f} s |")
    print(f"| ratio (DfE tool process / OpenCSC) | {best_process / best_ours:.1f}× |")
    print(f"| ratio (DfE tool validation step / OpenCSC build + validate) | {best_inner / best_ours:.1f}× |")
    print(f"| a child's data-to-fix panel, median / p95 ({len(panel)} children) | {statistics.median(panel):.1f} ms / "
          f"{percentile(panel, 95):.1f} ms |")


if __name__ == "__main__":
    main()
