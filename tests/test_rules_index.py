from pathlib import Path

from tests.fixtures.rules_index import ROOT, render


def test_docs_rules_md_is_the_index_the_rules_give_today():
    assert (ROOT / "docs" / "rules.md").read_text() == render(), (
        "docs/rules.md is stale: run .venv/bin/python -m tests.fixtures.rules_index > docs/rules.md")


def test_the_index_finds_rule_378_by_its_module_and_name():
    line = next(line for line in render().splitlines() if line.startswith("| 378 |"))
    assert "`episodes`" in line and "parent" in line
    assert Path(ROOT / "opencsc/returns/ssda903/rules/episodes.py").read_text().count('rule("378"') == 1
