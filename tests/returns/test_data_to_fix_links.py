"""Every rule of both returns says where its finding is fixed: a form, or explicitly the data team."""

import pytest
from django.urls import NoReverseMatch, reverse

from opencsc.returns.cin.rules import CIN
from opencsc.returns.selectors import ASK_THE_ANALYST, fix_form
from opencsc.returns.ssda903.rules import SSDA903


@pytest.mark.parametrize("name,rules", [("cin", CIN), ("903", SSDA903)])
def test_every_rule_code_of_both_returns_has_a_form_that_fixes_it_or_says_ask_the_analyst(name, rules):
    undecided, broken = [], []
    for rule in rules.rules:
        target = fix_form(name, rule.table, rule.fields)
        if target is None:
            undecided.append(f"{rule.code} ({rule.table})")
        elif target != ASK_THE_ANALYST:
            try:
                reverse(target, args=[1])
            except NoReverseMatch:
                broken.append(f"{rule.code}: {target}")
    assert not undecided and not broken, (undecided, broken)
    assert len(rules.rules) > 50


def test_a_correctable_detail_links_to_the_details_form_and_a_home_postcode_to_a_new_address():
    assert fix_form("cin", "ChildCharacteristics", ("Ethnicity",)) == "people:child-details"
    assert fix_form("903", "Episodes", ("HOME_POST", "PL_POST")) == "people:address-new"
    assert fix_form("cin", "Nowhere", ()) is None  # a table no one placed fails the walk above
