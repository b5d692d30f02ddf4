"""The placement LA (PL_LA) of a postcode in one of the unitary authorities created in 2023 is that
authority: the postcode directory gives their codes, and the lookup of upper tiers knows them."""

import pytest

from opencsc.returns.ssda903 import postcodes

PLACES = {"CA1 1AA": "E06000063", "LA9 4DL": "E06000064", "HG1 1AA": "E06000065", "TA1 1AA": "E06000066"}


@pytest.mark.parametrize("postcode, authority", PLACES.items())
def test_a_postcode_in_a_2023_unitary_is_placed_in_that_authority(postcode, authority):
    assert postcodes.lookup(postcode)[0] == authority  # the package's own code, not one we typed
    assert postcodes.placement_la(postcode) == authority
    assert postcodes.location(postcode, authority) == "IN"
    assert postcodes.location(postcode, "E06000001") == "OUT"


def test_each_2023_unitary_is_named_and_the_districts_it_replaced_lead_to_it():
    assert {code: name for code, (name, _) in postcodes.UNITARIES_2023.items()} == {
        "E06000063": "Cumberland", "E06000064": "Westmorland and Furness", "E06000065": "North Yorkshire",
        "E06000066": "Somerset"}
    assert postcodes.upper_tier()["E07000028"] == "E06000063"  # Carlisle
    assert postcodes.upper_tier()["E07000031"] == "E06000064"  # South Lakeland


def test_a_placement_there_is_not_reported_as_an_invalid_placement_la_though_dfes_tool_does():
    from opencsc.returns.engine import validate
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903
    from tests.fixtures.ssda903 import breakers

    tables = breakers.clean_tables()
    for row in tables["Episodes"]:
        if row["CHILD"] == "B2001":
            row["PL_POST"] = "CA1 1AA"
    found = {f.code for f in validate(from_tables(tables, breakers.YEAR, authority="E06000001"), SSDA903, breakers.YEAR)
             if f.la_child_id == "B2001"}
    assert "169" not in found  # DfE's tool reports 169 here (docs/rules-exceptions.md)
