"""The collection year in progress: commands and the run form default to it by today's date, and what
falls due only at its end (the named list in opencsc/returns/year_end.py) is shown as not yet due, in
runs and on the child's panel, until 31 March; after that it is an error or query like any other."""

import csv
import io
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from opencsc.returns import services, year_end
from opencsc.returns.engine import tally
from opencsc.returns.formats import years
from opencsc.returns.models import ReturnRun
from opencsc.returns.selectors import ssda903_findings_for_child
from opencsc.returns.ssda903.validation import validate_year
from tests.returns.test_ssda903_export import looked_after  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def today_is(monkeypatch, day):
    clock = SimpleNamespace(localdate=lambda: day)
    monkeypatch.setattr(year_end, "timezone", clock)
    monkeypatch.setattr(years, "timezone", clock)


def test_the_year_in_progress_changes_by_itself_on_1_april(monkeypatch):
    today_is(monkeypatch, date(2027, 3, 31))
    assert years.current_year() == 2027 and year_end.in_progress(2027)
    today_is(monkeypatch, date(2027, 4, 1))
    assert years.current_year() == 2028 and not year_end.in_progress(2027)


def test_a_missing_sdq_is_not_yet_due_while_the_year_runs_and_an_error_once_it_has_ended(looked_after, monkeypatch):  # noqa: F811
    today_is(monkeypatch, date(2026, 12, 2))
    _, findings = validate_year(2027)
    sdq = [f for f in findings if f.code == "186"]
    assert sdq and all(f.not_yet_due.startswith("not yet due: the SDQ") for f in sdq)
    errors, _, _, waiting = tally(findings)
    assert waiting >= 1 and all(f.code in year_end.NOT_YET_DUE["903"] for f in findings if f.not_yet_due)
    today_is(monkeypatch, date(2027, 4, 2))
    _, after = validate_year(2027)
    assert [f for f in after if f.code == "186"] and not any(f.not_yet_due for f in after)
    assert tally(after)[0] == errors + sum(1 for f in findings if f.not_yet_due and not f.is_query and not f.no_change_needed)


def test_the_run_counts_it_apart_and_its_page_and_download_say_not_yet_due(looked_after, analyst_signed_in, monkeypatch):  # noqa: F811
    today_is(monkeypatch, date(2026, 12, 2))
    run = ReturnRun.objects.create(return_name="903", year=2027)
    services.run_return(run.pk)
    run.refresh_from_db()
    assert run.findings.filter(code="186", not_yet_due=True).exists()
    assert not run.findings.filter(code="186", not_yet_due=False).exists()
    assert "not yet due" in run.message
    page = analyst_signed_in.get(reverse("returns:return-run", args=[run.pk])).content.decode()
    assert "Not yet due</strong> 186" in page
    rows = list(csv.reader(io.StringIO(analyst_signed_in.get(reverse("returns:return-run-findings", args=[run.pk, "csv"])).content.decode())))
    assert any(row[2] == "186" and row[3] == "Not yet due" and "SDQ" in row[5] for row in rows)


def test_the_childs_panel_shows_it_as_not_yet_due(looked_after, monkeypatch):  # noqa: F811
    today_is(monkeypatch, date(2026, 12, 2))
    year, findings = ssda903_findings_for_child(looked_after)
    assert year == 2027
    assert [f for f in findings if f.code == "186" and f.not_yet_due]


def test_the_commands_default_to_the_year_in_progress_and_say_so(looked_after, monkeypatch, tmp_path):  # noqa: F811
    today_is(monkeypatch, date(2026, 12, 2))
    said = io.StringIO()
    call_command("validate_return", "903", "--out", str(tmp_path / "f.csv"), stderr=said)
    assert "2026/27: the year in progress" in said.getvalue() and "not yet due until the year ends" in said.getvalue()
    rows = list(csv.DictReader((tmp_path / "f.csv").open()))
    assert any(r["rule"] == "186" and r["type"] == "not yet due" for r in rows)
    said = io.StringIO()
    call_command("export_return", "903", "--out", str(tmp_path / "set"), stderr=said, stdout=io.StringIO())
    assert "2026/27" in said.getvalue() and (tmp_path / "set" / "deprivation_of_liberty_orders.csv").exists()


def test_the_run_form_offers_the_year_in_progress_first(monkeypatch):
    from opencsc.returns.forms import RunForm

    today_is(monkeypatch, date(2026, 12, 2))
    form = RunForm()
    assert form.fields["year"].choices[0][0] == 2027 and form.fields["year"].initial() == 2027


def test_every_entry_of_the_not_yet_due_list_is_justified_in_rules_exceptions():
    text = (ROOT / "docs/rules-exceptions.md").read_text()
    section = text.split("## Not yet due in a year in progress", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| (\w+) \|", section, re.M)) - {"rule"}
    assert listed == {code for codes in year_end.NOT_YET_DUE.values() for code in codes}


def test_a_child_turning_18_later_in_the_year_is_not_yet_due_under_359_but_one_already_18_is_an_error():
    from opencsc.returns.engine import validate
    from opencsc.returns.formats.ssda903_files import TABLES
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903

    def built_on(as_at, dob):
        tables = {"Header": [{**{c: "" for c in TABLES["Header"]}, "CHILD": "C1", "DOB": dob}],
                  "Episodes": [{**{c: "" for c in TABLES["Episodes"]}, "CHILD": "C1", "DECOM": "01/05/2026", "RNE": "S",
                                "LS": "V2", "PLACE": "U4"}]}
        s = from_tables(tables, 2027)
        s.as_at = as_at
        return [f for f in validate(s, SSDA903, 2027) if f.code == "359"]

    (ahead,) = built_on(date(2026, 12, 2), "15/03/2009")  # 18 on 15 March 2027
    assert ahead.not_yet_due.startswith("not yet due: the 18th birthday")
    (passed,) = built_on(date(2026, 12, 2), "15/10/2008")  # 18 on 15 October 2026, still looked after
    assert not passed.not_yet_due
    (from_a_file,) = built_on(None, "15/03/2009")  # a file, not built from the record: as DfE's tool reads it
    assert not from_a_file.not_yet_due


def test_care_leaver_information_for_care_the_two_files_cannot_show_needs_no_change_when_the_record_holds_it(worker):
    from opencsc.casework import services as cw
    from opencsc.people import services as people
    from opencsc.returns.engine import validate
    from opencsc.returns.formats.ssda903_files import TABLES
    from opencsc.returns.ssda903 import export
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903

    leaver = people.create_person(first_name="Rae", last_name="Moss", date_of_birth=date(2006, 6, 1), sex="F",
                                  ethnicity="WBRI", la_child_id="CL1")
    period = cw.become_looked_after(leaver, start_date=date(2021, 1, 4), legal_status="C2", category_of_need="N1",
                                    placement={"placement_type": "U4", "provider": "PR1", "carer_reference": "F1"})
    cw.cease_looked_after(period, date=date(2024, 6, 1), reason="E8")
    before, care_leavers = export.care_history(["CL1"], date(2025, 4, 1))
    assert before == {"CL1"} and care_leavers == {"CL1"}  # 3 years from 14, and days from 16

    def found(known: bool):
        blank = {c: "" for c in TABLES["Episodes"]}
        tables = {"Header": [{**{c: "" for c in TABLES["Header"]}, "CHILD": "CL1", "DOB": "01/06/2006"}],
                  "OC3": [{"CHILD": "CL1", "DOB": "01/06/2006", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "B1"}],
                  "Episodes": [{**blank, "CHILD": "X9", "DECOM": "01/05/2026", "RNE": "S", "LS": "C2", "PLACE": "U4"}]}
        last = from_tables({"Episodes": [{**blank, "CHILD": "X9", "DECOM": "01/05/2025", "RNE": "S", "LS": "C2"}]}, 2026)
        s = from_tables(tables, 2027, last=last)
        if known:
            s.care_before_last_year, s.care_leavers_by_history = before, care_leavers
        return {f.code: f for f in validate(s, SSDA903, 2027) if f.code in ("1001", "1002") and f.la_child_id == "CL1"}

    from_files = found(known=False)
    assert set(from_files) == {"1001", "1002"} and not any(f.no_change_needed for f in from_files.values())
    from_record = found(known=True)
    assert set(from_record) == {"1001", "1002"}
    assert all(f.no_change_needed.startswith("DfE's validator sees only") for f in from_record.values())
