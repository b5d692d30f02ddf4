"""OpenCSC's rules and csc-validator-be-cin (the sector's encoding of the DfE rules), run as a
separate process in its own environment, on the same files."""

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from opencsc.returns.cin import reading
from opencsc.returns.cin.rules import CIN
from opencsc.returns.engine import validate
from tests.fixtures.cin import breakers

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"\b\d{3,4}Q?\b")


@pytest.fixture(scope="session")
def dfe_validator():
    """The validator's interpreter; built once into var/ (it pins pandas<2, so never in our environment)."""
    result = subprocess.run([str(ROOT / "bench/cin_validator/ensure_env.sh")], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"could not build the csc-validator-be-cin environment:\n{result.stderr[-2000:]}")
    return result.stdout.strip()


def run_dfe_reporting_stops(python, path: Path, year: int) -> tuple[set, set]:
    """The tool's (child, rule) findings, and the rules that stopped with an error on the file."""
    result = subprocess.run([python, str(ROOT / "bench/cin_validator/run_dfe_validator.py"), str(path),
                             "--ruleset", f"cin{year - 1}_{str(year)[2:]}"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    found, stopped = set(), set()
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            if "stopped" in row:
                stopped.add(row["stopped"])
            else:
                found.add((row["child"] if row["child"] not in ("nan", "None", "<NA>") else "", row["rule"]))
    return found, stopped


def run_dfe(python, path: Path, year: int) -> set:
    return run_dfe_reporting_stops(python, path, year)[0]


def ours(xml: bytes, year: int) -> set:
    return {(f.la_child_id or "", f.code) for f in validate(reading.parse(xml, year), CIN, year)}


def documented_differences(kind: str = "") -> set:
    """The rule codes in the CIN part's table of differences (those whose difference starts with ``kind``)."""
    text = (ROOT / "docs/rules-exceptions.md").read_text().split("## SSDA903", 1)[0]  # the CIN census part
    section = text.split("### Differences found", 1)[1]
    codes = set()
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith("| rule"):
            cells = line.split("|")
            if cells[2].strip().startswith(kind):
                codes |= set(CODE.findall(cells[1]))
    return codes


def test_both_engines_find_the_same_rules_for_the_same_children_except_the_documented_differences(dfe_validator, tmp_path):
    xml, _ = breakers.every_rule_file()
    path = tmp_path / "every_rule.xml"
    path.write_bytes(xml)
    theirs, stopped = run_dfe_reporting_stops(dfe_validator, path, breakers.YEAR)
    mine = ours(xml, breakers.YEAR)
    assert len(mine & theirs) > 150  # the great majority agree, child by child
    differing = {code for _, code in mine ^ theirs}
    assert differing == documented_differences(), (
        f"new differences: {sorted(differing - documented_differences())}; "
        f"resolved (update docs/rules-exceptions.md): {sorted(documented_differences() - differing)}")
    # The differences put down to the tool stopping are exactly the rules it stopped on.
    assert stopped == documented_differences("the DfE tool stops"), stopped


def test_a_clean_file_has_no_findings_in_either_engine(dfe_validator, tmp_path):
    xml = breakers.message(breakers.clean_children())
    path = tmp_path / "clean.xml"
    path.write_bytes(xml)
    assert ours(xml, breakers.YEAR) == set()
    assert run_dfe(dfe_validator, path, breakers.YEAR) == set()


@pytest.mark.django_db
def test_a_census_built_from_a_generated_authority_has_no_dfe_errors(dfe_validator, tmp_path):
    from datetime import date

    from opencsc.returns.cin import census
    from opencsc.synth.generator import AuthorityGenerator

    AuthorityGenerator(150, seed=21, as_of=date(2026, 3, 31)).run()
    xml, children = census.build(census.CollectionYear(2026))
    path = tmp_path / "authority.xml"
    path.write_bytes(xml)
    errors = defaultdict(set)
    for child, rule in run_dfe(dfe_validator, path, 2026):
        if not rule.endswith("Q"):
            errors[rule].add(child)
    assert children > 20 and dict(errors) == {}
