"""Item 12: cells that a spreadsheet would run are escaped in every file people open; in a file a
machine reads, such a value is a finding that stops the file."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from opencsc.people.models import Person
from opencsc.returns.annex_a import build as annex_a
from opencsc.returns.ssda903 import export

pytestmark = pytest.mark.django_db


def test_annex_a_never_writes_a_formula(world):
    from opencsc.casework import services as cw
    from opencsc.web.forms import aware

    child = world["child"]
    Person.objects.filter(pk=child.pk).update(la_child_id="=HYPERLINK(1)")
    contact = cw.record_contact(child, received_at=aware(date(2026, 1, 5), "10:00"), source="1A", reason="abuse_neglect",
                                consent="given")
    cw.decide_contact(contact, outcome="referral", decided_at=aware(date(2026, 1, 5), "12:00"))
    workbook = load_workbook(io.BytesIO(annex_a(date(2026, 3, 31)).workbook()))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(str(cell.value).startswith("'=HYPERLINK") for cell in cells)


def test_an_ssda903_value_starting_with_a_formula_sign_stops_the_file(world):
    from opencsc.casework import services as cw

    child = world["child"]
    Person.objects.filter(pk=child.pk).update(la_child_id="+A1")
    cw.become_looked_after(child, start_date=date(2025, 6, 1), legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U1", "provider": "PR1", "postcode": "TS24 8AA"})
    built = export.build(2026)
    assert built.stops and "+A1" in built.stops[0]
    from opencsc.returns import services as returns

    run = returns.request_run(return_name="903", year=2026, user=world["analyst"].user)
    run = returns.run_return(run.pk)
    assert run.status == "refused" and run.content is None and "+A1" in run.schema_problems[0]
