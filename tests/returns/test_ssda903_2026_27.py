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
