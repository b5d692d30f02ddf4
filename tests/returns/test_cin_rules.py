"""Every CIN rule fires on a child made to break it, and on no clean child."""

from collections import defaultdict

import pytest

from opencsc.returns.cin import reading
from opencsc.returns.cin.rules import CIN
from opencsc.returns.engine import validate
from tests.fixtures.cin import breakers

REGISTRY_SNAPSHOT = "docs/cin-rules-2025-26.txt"


@pytest.fixture(scope="module")
def every_rule():
    xml, expected = breakers.every_rule_file()
    found = defaultdict(set)
    for finding in validate(reading.parse(xml), CIN, breakers.YEAR):
        found[finding.la_child_id or ""].add(finding.code)
    return found, expected


CHILD_RULES = sorted(code for code in breakers.BREAKERS if code not in breakers.RETURN_LEVEL)


@pytest.mark.parametrize("code", CHILD_RULES)
def test_each_child_level_rule_fires_on_the_child_made_to_break_it(every_rule, code):
    found, expected = every_rule
    children = [child for child, rule in expected.items() if rule == code]
    assert children, f"no breaker for {code}"
    assert any(code in found[child] for child in children), f"{code} did not fire on {children}: {found[children[0]]}"


def test_clean_children_have_no_findings(every_rule):
    found, _ = every_rule
    assert {child: codes for child, codes in found.items() if child.startswith("CLEAN")} == {}


@pytest.mark.parametrize("code", sorted(breakers.RETURN_LEVEL))
def test_each_return_level_rule_fires_on_its_own_file(code):
    data = breakers.return_breakers()[code]
    assert code in {f.code for f in validate(reading.parse(data), CIN, breakers.YEAR)}


def test_a_clean_file_fires_no_return_level_rule():
    codes = {f.code for f in validate(reading.parse(breakers.message(breakers.clean_children())), CIN, breakers.YEAR)}
    assert codes == set()


def test_every_rule_of_the_dfe_2025_26_registry_is_implemented_or_excepted():
    from pathlib import Path

    registry = {line.strip() for line in Path(REGISTRY_SNAPSHOT).read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    implemented = {rule.code for rule in CIN.for_year(2026)}
    exceptions = {line.split("|")[1].strip() for line in Path("docs/rules-exceptions.md").read_text().splitlines()
                  if line.startswith("| ") and "not implemented" in line}
    assert len(registry) == 109
    assert registry - implemented - exceptions == set()
    assert len(exceptions) < 0.05 * len(registry)


def test_rules_change_with_the_year():
    codes_2024 = {r.code: r for r in CIN.for_year(2024)}
    codes_2026 = {r.code: r for r in CIN.for_year(2026)}
    assert "1570" not in codes_2024 and "1570" in codes_2026
    assert codes_2024["4180"].fields == ("GenderCurrent",) and codes_2026["4180"].fields == ("Sex",)
    assert codes_2026["8670Q"].is_query and not codes_2026["8840"].is_query


def test_working_day_rules_count_as_the_dfe_validator_does():
    from datetime import date

    from opencsc.returns.cin.rules import validator_working_days_before

    # 31 March 2026 (a Tuesday) minus 45 working days, the anchor counting as day one
    assert validator_working_days_before(date(2026, 3, 31), 45) == date(2026, 1, 28)
    # one working day before 1 April 2025 (a Tuesday) is 1 April itself in the validator's counting
    assert validator_working_days_before(date(2025, 4, 1), 1) == date(2025, 4, 1)
