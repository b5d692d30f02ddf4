"""Benchmark: build and validate SSDA903 for a large seeded authority, against csc-validator-be-903 on
the same files in the same run; and the Annex A workbook's build time.

    .venv/bin/python bench/ssda903.py [--children 20000] [--year 2026] [--runs 3]

Uses (seeding once) the SQLite database var/bench/cin<N>.sqlite3 that bench/cin_census.py seeds, then
times, each ``--runs`` times:
  - OpenCSC: build this year's SSDA903 set from the record and run all 316 rules with last year's, as
    the analyst page and `validate_return 903` do: (a) last year's built from the record too (no run of
    it marked as sent to DfE), (b) last year's read from the run marked as sent (which the bench
    builds and marks), read from its file each time, and (c) held in memory after the first read;
    the findings must be the same in all three;
  - csc-validator-be-903 0.1.17 in its own environment, as shipped, on the same CSV set with last
    year's set as "Prev year", timed as the whole process and as its own validation step;
  - the Annex A workbook for 31 March of the year (build + writing the xlsx).
Also times a looked-after child's SSDA903 "data to fix" panel. Prints Markdown for docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date

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

    from opencsc.casework.models import PeriodOfCare
    from opencsc.people.models import Person
    from opencsc.returns import annex_a
    from opencsc.returns.selectors import ssda903_findings_for_child
    from opencsc.returns.ssda903 import export
    from opencsc.returns.ssda903.rules import SSDA903
    from opencsc.returns.ssda903.validation import validate_year

    call_command("migrate", verbosity=0)
    if not Person.objects.exists():
        started = time.perf_counter()
        call_command("seed", children=args.children, seed=1, as_of=date(args.year, 3, 31), stdout=open(os.devnull, "w"))
        print(f"(seeded {args.children} children in {time.perf_counter() - started:.0f} s)", file=sys.stderr)

    # Ofsted's provider lists (synthetic, agreeing with the placements) in both engines, so the URN
    # rules run in both, as they do once an authority has loaded Ofsted's lists.
    from opencsc.exchange.ofsted_providers import read_provider_lists
    from opencsc.returns.models import OfstedProviderList
    from opencsc.returns.services import load_provider_lists
    from opencsc.synth import ofsted_lists

    lists = ofsted_lists.workbooks(ofsted_lists.from_record())
    if not OfstedProviderList.objects.exists():
        load_provider_lists(read_provider_lists(list(lists.items())))

    from opencsc.returns import services
    from opencsc.returns.models import ReturnRun
    from opencsc.returns.ssda903 import validation

    def timed(runs, before=lambda: None):
        times, result = [], None
        for _ in range(runs):
            before()
            started = time.perf_counter()
            result = validate_year(args.year)
            times.append(time.perf_counter() - started)
        return min(times), result

    # (a) No run of last year's is marked as sent to DfE: last year's is built from the record too.
    ReturnRun.objects.filter(return_name="903", year=args.year - 1).update(submitted_at=None)
    best_built, (built, findings) = timed(args.runs)
    # (b) Last year's return as sent to DfE (a run marked as sent): read from its file, once per process
    # (``cold``: the file read and parsed in every run; ``held``: parsed by the first run and kept).
    sent = ReturnRun.objects.create(return_name="903", year=args.year - 1)
    services.run_return(sent.pk)
    services.mark_submitted(sent.pk, user=None)
    best_cold, (_, cold_findings) = timed(args.runs, before=validation._SUBMITTED.clear)
    best_held, (_, held_findings) = timed(args.runs)
    key = sorted((f.code, f.la_child_id, f.where) for f in findings)
    assert key == sorted((f.code, f.la_child_id, f.where) for f in cold_findings) \
        == sorted((f.code, f.la_child_id, f.where) for f in held_findings), "last year's as sent must check the same"
    out = bench_dir() / f"ssda903_{args.children}_{args.year}"
    export.build(args.year).write_csv(out)
    export.build(args.year - 1).write_csv(out / "last")
    (out / "providers").mkdir(exist_ok=True)
    for name, data in lists.items():
        (out / "providers" / name).write_bytes(data)

    python = subprocess.run([str(ROOT / "bench/ssda903_validator/ensure_env.sh")], capture_output=True, text=True,
                            check=True).stdout.strip()
    theirs_process, theirs_inner, theirs_findings = [], [], set()
    for _ in range(args.runs):
        started = time.perf_counter()
        result = subprocess.run([python, str(ROOT / "bench/ssda903_validator/run_dfe_validator.py"), str(out),
                                 "--year", str(args.year), "--timing"], capture_output=True, text=True, check=True)
        theirs_process.append(time.perf_counter() - started)
        timing = json.loads([line for line in result.stderr.splitlines() if '"validate_s"' in line][-1])
        theirs_inner.append(timing["validate_s"])
        theirs_findings = {(json.loads(line)["code"], json.loads(line)["child"]) for line in result.stdout.splitlines()
                           if line.startswith('{"set"')}

    annex = []
    for _ in range(args.runs):
        started = time.perf_counter()
        annex_a.build(date(args.year, 3, 31)).workbook()
        annex.append(time.perf_counter() - started)

    looked_after = list(PeriodOfCare.objects.values_list("child_id", flat=True).distinct())
    panel = []
    for pk in random.Random(3).sample(looked_after, min(100, len(looked_after))):
        started = time.perf_counter()
        ssda903_findings_for_child(Person.objects.get(pk=pk), args.year)
        panel.append((time.perf_counter() - started) * 1000)

    best_process, best_inner = min(theirs_process), min(theirs_inner)
    episodes = sum(len(c.table("Episodes")) for c in built.children)
    print(f"### SSDA903 build + validate ({args.children} children seeded; {len(built.children)} children and "
          f"{episodes} episodes in the {args.year - 1}/{args.year % 100:02d} set, Ofsted's provider lists loaded)\n")
    mine = {(f.code, f.la_child_id) for f in findings}
    print(f"(rule, child) findings: OpenCSC {len(mine)}, DfE tool as shipped {len(theirs_findings)}, "
          f"in both {len(mine & theirs_findings)}; only OpenCSC: {sorted(mine - theirs_findings)[:10]}; "
          f"only DfE: {sorted(theirs_findings - mine)[:10]}\n")
    print(f"Command: `.venv/bin/python bench/ssda903.py --children {args.children} --year {args.year}` "
          f"(best of {args.runs} runs each)\n")
    print("| measure | time |")
    print("|---|---|")
    rules = len(SSDA903.for_year(args.year))
    print(f"| csc-validator-be-903 on the same CSV sets, whole process | {best_process:.2f} s |")
    print(f"| csc-validator-be-903, its validation step only (after start-up and imports) | {best_inner:.2f} s |")
    for label, ours in ((f"build this year's and last year's sets from the record + run all {rules} rules", best_built),
                        (f"build this year's, read last year's as sent to DfE (its file read and parsed) + run all "
                         f"{rules} rules", best_cold),
                        (f"the same, last year's as sent already held in memory (parsed once per process) + run all "
                         f"{rules} rules", best_held)):
        print(f"| OpenCSC: {label} | {ours:.2f} s: {best_process / ours:.1f}× the tool's process, "
              f"{best_inner / ours:.1f}× its validation step |")
    print(f"| Annex A workbook for 31 March {args.year} (build + xlsx) | {min(annex):.2f} s |")
    print(f"| a looked-after child's SSDA903 data-to-fix panel, median / p95 ({len(panel)} children) | "
          f"{statistics.median(panel):.1f} ms / {percentile(panel, 95):.1f} ms |")


if __name__ == "__main__":
    main()
