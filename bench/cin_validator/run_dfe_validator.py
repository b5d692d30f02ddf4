"""Run csc-validator-be-cin (the DfE rules as the sector's shared tool encodes them) on a CIN census
XML file and print its findings as JSON lines: {"child": ..., "rule": ...}, and each rule that stopped
with an error as {"stopped": ..., "error": ...}.

It pins pandas<2, so it lives in its own environment (see ensure_env.sh) and this script runs
there as a separate process, never imported by OpenCSC.

    <validator venv>/bin/python bench/cin_validator/run_dfe_validator.py FILE.xml [--ruleset cin2025_26]
"""

import argparse
import contextlib
import importlib
import io
import json
import re
import sys
import time
import xml.etree.ElementTree as ET

from cin_validator import cin_validator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--ruleset", default="cin2025_26")
    args = parser.parse_args()
    started = time.perf_counter()
    root = ET.parse(args.file).getroot()
    data_files = cin_validator.process_data(cin_validator.convert_data(root))
    registry = importlib.import_module(f"cin_validator.rules.{args.ruleset}").registry
    printed = io.StringIO()  # the validator prints "Error with rule CODE: ..." for a rule that stopped
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(data_files, registry)
    for code, error in re.findall(r"^Error with rule (\w+): (.*)$", printed.getvalue(), re.M):
        print(json.dumps({"stopped": code, "error": error}))
    issues = validator.full_issue_df
    seen = set()
    for row in issues.itertuples():
        key = (str(row.child_id), str(row.rule_code))
        if key not in seen:
            seen.add(key)
            print(json.dumps({"child": key[0], "rule": key[1]}))
    # Rules about the whole return (header and LA-level rules) carry no child.
    for code in getattr(validator, "multichild_issues", {}).get("rule_code", []):
        if ("", str(code)) not in seen:
            seen.add(("", str(code)))
            print(json.dumps({"child": "", "rule": str(code)}))
    print(json.dumps({"seconds": time.perf_counter() - started, "rules": len(registry)}), file=sys.stderr)


if __name__ == "__main__":
    main()
