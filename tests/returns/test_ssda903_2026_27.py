"""SSDA903 2026/27: the deprivation of liberty orders table (DoLo), read from the record's orders, written
only from 2026/27, and read back by the import."""

from datetime import date

import pytest

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.proceedings import services as court
from opencsc.proceedings.models import DeprivationOfLibertyOrder
from opencsc.returns.ssda903 import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_a_secure_home():
    child = people.create_person(first_name="Dee", last_name="Lock", date_of_birth=date(2011, 2, 2), sex="F", ethnicity="WBRI")
    cw.become_looked_after(child, start_date=date(2026, 4, 20), legal_status="C2", category_of_need="N1",
                           placement={"placement_type": "K2", "provider": "PR4", "carer_reference": "H1", "postcode": "TS24 8AA",
                                      "urn": "SC123456"})
    court.record_liberty_order(child, start_date=date(2026, 5, 1), court="High Court, Family Division", end_date=date(2026, 8, 1))
    court.record_liberty_order(child, start_date=date(2026, 9, 1), court="High Court, Family Division")
    return child


def test_each_order_in_force_in_the_year_is_a_dolo_row_and_only_from_2026_27(in_a_secure_home):
    files = export.build(2027).csv_files()
    rows = files["deprivation_of_liberty_orders.csv"].splitlines()
    assert rows[0] == "CHILD,DOB,DOLO_START,DOLO_END"
    assert rows[1:] == [f"{in_a_secure_home.la_child_id},02/02/2011,01/05/2026,01/08/2026",
                        f"{in_a_secure_home.la_child_id},02/02/2011,01/09/2026,"]
    assert "deprivation_of_liberty_orders.csv" not in export.build(2026).csv_files()


def test_the_import_reads_the_table_back_and_never_guesses_the_court(in_a_secure_home, worker):
    from opencsc.exchange.ssda903_import import COURT_NOT_IN_FILE, import_903

    files = export.build(2027).csv_files()
    DeprivationOfLibertyOrder.objects.all().delete()
    import_903([(name, text.encode()) for name, text in files.items()], year=2027)
    orders = list(DeprivationOfLibertyOrder.objects.order_by("start_date").values_list("start_date", "end_date", "court"))
    assert orders == [(date(2026, 5, 1), date(2026, 8, 1), COURT_NOT_IN_FILE), (date(2026, 9, 1), None, COURT_NOT_IN_FILE)]


def liberty_codes(orders, episodes=None, dob="02/02/2011", last_year=None):
    from opencsc.returns.engine import validate
    from opencsc.returns.formats.ssda903_files import TABLES
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903

    episodes = episodes if episodes is not None else [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "", "PLACE": "K2"}]
    tables = {"Header": [{**{c: "" for c in TABLES["Header"]}, "CHILD": "C1", "DOB": dob}],
              "Episodes": [{**{c: "" for c in TABLES["Episodes"]}, **e} for e in episodes],
              "DoLo": [{"CHILD": "C1", "DOB": dob, "DOLO_START": start, "DOLO_END": end} for start, end in orders]}
    last = None
    if last_year is not None:
        last = from_tables({"DoLo": [{"CHILD": "C1", "DOB": dob, "DOLO_START": start, "DOLO_END": end} for start, end in last_year]},
                           2026)
    found = validate(from_tables(tables, 2027, last=last), SSDA903, 2027)
    return {f.code for f in found if f.code.startswith("7") and len(f.code) == 3}


@pytest.mark.parametrize("code,orders", [
    ("700", [("31/02/2026", "")]),
    ("700", [("", "")]),
    ("701", [("01/05/2026", "2026-08-01")]),
    ("702", [("01/05/2026", "01/05/2026")]),
    ("703", [("02/04/2027", "")]),
    ("704", [("01/01/2026", "15/03/2026")]),
    ("705", [("01/05/2026", ""), ("01/06/2026", "01/09/2026")]),
    ("705", [("01/05/2026", "01/08/2026"), ("01/07/2026", "")]),
    ("708", [("01/01/2011", "01/05/2026")]),
])
def test_each_liberty_rule_finds_the_order_that_breaks_it(code, orders):
    assert code in liberty_codes(orders)


def test_an_order_open_at_last_years_end_must_be_in_this_years_return_from_the_same_start():
    assert "706" in liberty_codes([("01/05/2026", "")], last_year=[("01/02/2026", "")])
    assert "706" not in liberty_codes([("01/02/2026", "01/06/2026")], last_year=[("01/02/2026", "")])
    assert "706" not in liberty_codes([("01/05/2026", "")], last_year=[("01/02/2026", "01/03/2026")])  # ended last year


@pytest.mark.parametrize("orders,episodes", [
    ([("01/05/2026", "")], [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "01/06/2026", "PLACE": "K2", "REC": "E13"}]),
    ([("01/04/2026", "")], [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "", "PLACE": "K2"}]),
    ([("01/05/2026", "01/07/2026")], [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "01/06/2026", "PLACE": "K2", "REC": "E13"}]),
])
def test_an_order_outside_every_period_of_care_is_found(orders, episodes):
    assert "707" in liberty_codes(orders, episodes)


def test_an_order_inside_a_period_of_care_is_not_707():
    ended = [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "01/09/2026", "PLACE": "K2", "REC": "E13"}]
    assert "707" not in liberty_codes([("01/05/2026", "01/08/2026")], ended)


def test_orders_in_order_in_a_childrens_home_break_none():
    assert liberty_codes([("01/05/2026", "01/08/2026"), ("01/09/2026", "")]) == set()


def test_an_order_while_placed_with_parents_or_in_foster_care_is_found():
    at_home = [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "", "PLACE": "P1"}]
    assert {"709", "710"} <= liberty_codes([("01/05/2026", "01/08/2026")], at_home)
    fostered = [{"CHILD": "C1", "DECOM": "20/04/2026", "DEC": "", "PLACE": "U4"}]
    found = liberty_codes([("01/05/2026", "")], fostered)  # still in force: it runs to the end of the year
    assert "709" in found and "710" not in found


def test_no_liberty_rule_runs_before_2026_27():
    from opencsc.returns.ssda903.rules import SSDA903

    assert not {"700", "705", "709"} & {rule.code for rule in SSDA903.for_year(2026)}
