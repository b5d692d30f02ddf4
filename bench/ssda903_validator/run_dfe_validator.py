"""Run csc-validator-be-903 on an SSDA903 CSV set (or XML file) and print one JSON line per
finding: {"code", "table", "child"}. Runs in the validator's own environment (ensure_env.sh), as a
separate process from OpenCSC.

    $(bench/ssda903_validator/ensure_env.sh) bench/ssda903_validator/run_dfe_validator.py DIR_OR_XML \
        --year 2026 --la E06000001 [--ruleset lac2025_26] [--timing]
"""

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

started = time.perf_counter()
import pandas as pd  # noqa: E402
from lac_validator import lac_validator  # noqa: E402

imported = time.perf_counter()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--year", default="2026", help="the year the collection ends")
    parser.add_argument("--la", default="E06000001")
    parser.add_argument("--ruleset", default="lac2025_26")
    parser.add_argument("--timing", action="store_true")
    args = parser.parse_args()
    paths = sorted(args.path.glob("*.csv")) if args.path.is_dir() else [args.path]
    files = [dict(name=p.name, description="This year", file_content=p.read_bytes()) for p in paths]
    registry = importlib.import_module(f"lac_validator.rules.{args.ruleset}").registry
    begun = time.perf_counter()
    validator = lac_validator.LacValidator(metadata={"collectionYear": args.year, "localAuthority": args.la},
                                           files=files, registry=registry)
    validated = time.perf_counter()
    for table, frame in validator.ds_results.items():
        if table.endswith("_last") or not isinstance(frame, pd.DataFrame):
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            for child in frame.loc[frame[column].fillna(False).astype(bool), "CHILD"]:
                print(json.dumps({"code": column[4:], "table": table, "child": str(child)}))
    if validator.fails:
        print(json.dumps({"failed_to_run": sorted(validator.fails)}), file=sys.stderr)
    if args.timing:
        print(json.dumps({"rules": len(registry), "imports_s": round(imported - started, 2),
                          "validate_s": round(validated - begun, 2), "total_s": round(time.perf_counter() - started, 2)}),
              file=sys.stderr)


if __name__ == "__main__":
    main()
