"""Run csc-validator-be-903 on SSDA903 CSV sets (directories) or XML files and print one JSON line
per finding: {"set", "code", "table", "child"}. Runs in the validator's own environment
(ensure_env.sh), as a separate process from OpenCSC.

    $(bench/ssda903_validator/ensure_env.sh) bench/ssda903_validator/run_dfe_validator.py DIR_OR_XML... \
        --year 2026 --la E06000001 [--isolated] [--timing]

A directory may hold last year's set in a ``last/`` subdirectory, and Ofsted's provider lists in
``providers/`` (``ch.xlsx`` and ``scp.xlsx``, uploaded as DfE's tool's "CH lookup" and "SCP lookup";
a lone ``combined.xlsx`` goes in as the "CH lookup", as the tool accepts a combined list there).

As shipped, the validator hands each rule a shallow copy of the tables, and some rules change values
in place (rule 365 fills open episodes' DEC with 31 March, 436 fills blank LS/PLACE/... with '*'),
so what a rule finds depends on which rules ran before it. ``--isolated`` runs each rule on its own
deep copy, as the validator's own comment intends ("get a clean copy of the files"). Rules that fail
to run are listed on stderr as {"set", "failed_to_run": [...]}.
"""

import argparse
import copy
import importlib
import json
import logging
import sys
import time
from pathlib import Path

started = time.perf_counter()
import pandas as pd  # noqa: E402
from lac_validator import lac_validator  # noqa: E402
from lac_validator.datastore import create_datastore  # noqa: E402
from lac_validator.ingress import read_from_text  # noqa: E402

imported = time.perf_counter()
logging.disable(logging.WARNING)


def files_of(path: Path, description: str):
    paths = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    return [dict(name=p.name, description=description, file_content=p.read_bytes()) for p in paths]


def as_shipped(name, files, metadata, registry):
    validator = lac_validator.LacValidator(metadata=metadata, files=files, registry=registry)
    for table, frame in validator.ds_results.items():
        if table.endswith("_last") or not isinstance(frame, pd.DataFrame):
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            for child in frame.loc[frame[column].fillna(False).astype(bool), "CHILD"]:
                print(json.dumps({"set": name, "code": column[4:], "table": table, "child": str(child)}))
    if validator.fails:
        print(json.dumps({"set": name, "failed_to_run": sorted(validator.fails)}), file=sys.stderr)


def isolated(name, files, metadata, registry):
    dfs, extras = read_from_text(raw_files=files)
    metadata = {**metadata, **extras}
    store = create_datastore(dfs, metadata)
    failed = []
    for code, rule in registry.items():
        fresh = {k: (v.copy(deep=True) if isinstance(v, pd.DataFrame) else copy.deepcopy(v)) for k, v in store.items()}
        try:
            result = rule.func(fresh)
        except Exception:  # noqa: BLE001 - a rule that cannot run is reported, as the validator does
            failed.append(code)
            continue
        for table, rows in (result or {}).items():
            frame = store[table]
            for index in {i for i in rows if pd.notna(i)}:
                if index in frame.index:
                    print(json.dumps({"set": name, "code": code, "table": table, "child": str(frame.loc[index, "CHILD"])}))
    if failed:
        print(json.dumps({"set": name, "failed_to_run": sorted(failed)}), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--year", default="2026", help="the year the collection ends")
    parser.add_argument("--la", default="E06000001")
    parser.add_argument("--ruleset", default="lac2025_26")
    parser.add_argument("--isolated", action="store_true", help="run each rule on its own deep copy")
    parser.add_argument("--timing", action="store_true")
    args = parser.parse_args()
    registry = importlib.import_module(f"lac_validator.rules.{args.ruleset}").registry
    begun = time.perf_counter()
    for path in args.paths:
        last = path / "last"  # last year's set, for the rules that compare with it
        files = files_of(path, "This year") + (files_of(last, "Prev year") if last.is_dir() else [])
        for name, description in (("ch.xlsx", "CH lookup"), ("scp.xlsx", "SCP lookup"), ("combined.xlsx", "CH lookup")):
            lookup = path / "providers" / name
            if path.is_dir() and lookup.is_file():
                files.append(dict(name=name, description=description, file_content=lookup.read_bytes()))
        metadata = {"collectionYear": args.year, "localAuthority": args.la}
        (isolated if args.isolated else as_shipped)(path.name, files, metadata, registry)
    if args.timing:
        print(json.dumps({"rules": len(registry), "imports_s": round(imported - started, 2),
                          "validate_s": round(time.perf_counter() - begun, 2),
                          "total_s": round(time.perf_counter() - started, 2)}), file=sys.stderr)


if __name__ == "__main__":
    main()
