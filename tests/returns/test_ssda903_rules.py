import functools
from datetime import date
from pathlib import Path

import pytest

from opencsc.returns.engine import validate
from opencsc.returns.ssda903.reading import from_tables
from opencsc.returns.ssda903.rules import NOT_IMPLEMENTED, SSDA903
from tests.fixtures.ssda903 import breakers, edits, year_2026_27

ROOT = Path(__file__).resolve().parents[2]
AUTHORITY = "E06000001"


def codes_of(tables, last=None, providers=None, year=breakers.YEAR) -> dict[str, set]:
    s = from_tables(tables, year, last=from_tables(last, year - 1, authority=AUTHORITY) if last else None,
                    authority=AUTHORITY, providers=providers)
    found = {}
    for f in validate(s, SSDA903, year):
        found.setdefault(f.code, set()).add(f.la_child_id)
    return found


def test_every_rule_of_the_dfe_2025_26_registry_is_on_the_engine():
    registry = {line.strip() for line in (ROOT / "docs/ssda903-rules-2025-26.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    assert len(registry) == 316
    assert registry == {rule.code for rule in SSDA903.for_year(2026)}
    assert NOT_IMPLEMENTED == {}


@functools.cache
def ofsted_lists() -> dict:
    """The generated sets' Ofsted provider lists, written as workbooks and read back as the import reads them."""
    from opencsc.exchange.ofsted_providers import read_provider_lists
    from opencsc.returns.stored import provider_lookup
    from opencsc.synth.ofsted_lists import workbooks

    return provider_lookup(read_provider_lists(list(workbooks(breakers.providers()).items())).providers)


def test_the_clean_set_with_last_years_breaks_no_rule():
    tables, last = breakers.clean_tables(), breakers.clean_tables(last=True)
    assert codes_of(tables, last) == {}
    assert codes_of(tables, last, providers=ofsted_lists()) == {}  # its URNs agree with Ofsted's lists


@pytest.mark.parametrize("code", sorted(set(breakers.SCENARIOS) | set(breakers.SCENARIOS_WITH_LAST)))
def test_each_scenario_breaks_its_rule(code):
    tables, last = breakers.clean_tables(), breakers.clean_tables(last=True)
    if code in breakers.SCENARIOS:
        breakers.SCENARIOS[code](tables)
    else:
        breakers.SCENARIOS_WITH_LAST[code](tables, last)
    assert code in codes_of(tables, last, providers=ofsted_lists())


def test_the_clean_set_a_year_on_with_its_deprivation_of_liberty_order_breaks_no_2026_27_rule():
    year = breakers.LIBERTY_YEAR
    tables, last = breakers.clean_tables(year=year), breakers.clean_tables(last=True, year=year)
    assert tables["DoLo"] and codes_of(tables, last, year=year) == {}


@pytest.mark.parametrize("code", sorted(set(year_2026_27.SCENARIOS) | set(year_2026_27.SCENARIOS_WITH_LAST)))
def test_each_2026_27_scenario_breaks_its_rule(code):
    year = breakers.LIBERTY_YEAR
    tables, last = breakers.clean_tables(year=year), breakers.clean_tables(last=True, year=year)
    if code in year_2026_27.SCENARIOS:
        year_2026_27.SCENARIOS[code](tables)
    else:
        year_2026_27.SCENARIOS_WITH_LAST[code](tables, last)
    assert code in codes_of(tables, last, year=year)


def test_a_placement_in_wales_has_a_placement_la_of_wal_and_no_urn_is_expected():
    tables = breakers.clean_tables()
    edits._set(tables, "Episodes", "B2002", PL_POST="CF10 1AA")
    found = codes_of(tables)
    assert found.get("243") == {"B2002"}  # a URN for a placement outside England
    assert "218" not in found  # ...which is not asked for outside England


def test_last_years_open_episode_must_continue_into_this_year():
    tables, last = breakers.clean_tables(), breakers.clean_tables(last=True)
    edits._set(last, "Episodes", "B2003", LS="C1")
    assert codes_of(tables, last).get("503B") == {"B2003"}
    edits._set(tables, "Episodes", "B2003", DECOM="16/01/2024")
    assert {"502", "562"} <= set(codes_of(tables, last))


def test_the_year_on_year_rules_stay_quiet_without_last_years_set():
    tables = breakers.clean_tables()
    edits._set(tables, "Header", "B2003", SEX="M")
    assert "202" not in codes_of(tables)
    assert codes_of(tables, breakers.clean_tables(last=True)).get("202") == {"B2003"}


def test_provider_rules_run_only_with_ofsteds_provider_list():
    tables = breakers.clean_tables()
    assert "1008" not in codes_of(tables)
    providers = {"SC105635": {"provider_codes": {"PR1"}, "place_codes": {"U3", "U4", "U6"}, "postcode": "TS268NH",
                              "reg_end": date(2025, 12, 31), "la": AUTHORITY}}
    found = codes_of(tables, providers=providers)
    assert found["1008"] == {"B2002"}  # SC507777 is not on the list
    assert found["228"] == {"B2001", "B2003"}  # registration ended before their open episodes' 31 March
    assert "224" not in found.get("B2001", set())


def test_continuously_looked_after_follows_dfes_definition():
    tables = breakers.clean_tables()
    # B2003 is looked after all year: a missing OC2 item is an error; not so once care ends in the year.
    edits._set(tables, "OC2", "B2003", TEETH_CHECK="")
    assert codes_of(tables).get("191") == {"B2003"}
    edits._set(tables, "Episodes", "B2003", DEC="01/02/2026", REC="E4A")
    assert "191" not in codes_of(tables)


def test_a_duplicate_upn_is_found_across_children():
    tables = breakers.clean_tables()
    edits._set(tables, "Header", "B2002", UPN="A805000315369")
    assert codes_of(tables)["444"] == {"B2001", "B2002"}


def test_the_clean_fixture_on_an_older_year_reads_its_dates_against_that_year():
    tables = breakers.clean_tables()
    found = codes_of(tables, year=2025)  # as if a 2024/25 return: many dates fall after its end
    assert {"385", "354"} <= set(found)


def test_worker_history_from_before_care_is_found_as_dfe_does_but_marked_as_needing_no_change():
    tables = breakers.clean_tables()
    edits._set(tables, "SWEpisodes", "B2001", SW_DECOM="01/03/2025")  # allocated two months before care began
    edits._drop(tables, "SWEpisodes", "B2002")  # no worker history at all: a real gap
    found = {f.la_child_id: f for f in validate(from_tables(tables, breakers.YEAR, authority=AUTHORITY), SSDA903,
                                                breakers.YEAR) if f.code == "SW12STG2"}
    assert set(found) == {"B2001", "B2002"}
    assert "no change is needed" in found["B2001"].no_change_needed and "no change is needed" in found["B2001"].where
    assert found["B2002"].no_change_needed == ""
