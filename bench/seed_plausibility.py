"""Check: a seeded authority keeps to what is possible, over several seeds and a large size.

    .venv/bin/python bench/seed_plausibility.py [--children 2000] [--seeds 1 11 21] [--as-of 2026-03-31]

Each seed is seeded into its own SQLite file under OPENCSC_BENCH_DIR (a fresh process each, so one
seed's people never meet another's), then checked by ``opencsc.synth.plausibility``: no mother under 13
or over 50 at a birth, under 16 rare; no two births to one mother under 300 days apart unless twins;
the 2025/26 CIN census with no error and the 2025/26 SSDA903 with no finding but decision 007's SW12STG2
(and those marked as needing no change). Prints a Markdown table for docs/benchmarks.md; exits 1 if
any seed has a problem. The tests check one small seed (tests/synth); this is the scale the demo and
the issue saw.
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import date

from common import ROOT, bench_dir


def check_one(children: int, seed: int, as_of: str) -> None:
    db = bench_dir() / f"plausibility-{seed}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from django.core.management import call_command

    from opencsc.synth.plausibility import check_births, check_returns

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed", children=children, seed=seed, as_of=date.fromisoformat(as_of), ofsted_lists=True,
                 stdout=open(os.devnull, "w"))
    seeded = time.perf_counter() - started
    births = check_births()
    problems = births.problems + check_returns([2026])
    print(f"| {seed} | {children} | {births.births} | {births.under_16} | {len(problems)} | {seeded:.0f} s |")
    for problem in problems[:20]:
        print(f"|   | {problem} | | | | |")
    sys.exit(1 if problems else 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 11, 21])
    parser.add_argument("--as-of", default="2026-03-31")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: this seed only
    args = parser.parse_args()
    if args.one is not None:
        check_one(args.children, args.one, args.as_of)
    print(f"Seeds of {args.children} children as of {args.as_of}:\n")
    print("| Seed | Children | Births to a known mother | Mother under 16 | Problems | Seeding |")
    print("|---|---|---|---|---|---|")
    failed = 0
    for seed in args.seeds:
        sys.stdout.flush()
        failed += subprocess.run([sys.executable, __file__, "--one", str(seed), "--children", str(args.children),
                                  "--as-of", args.as_of], cwd=ROOT).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
