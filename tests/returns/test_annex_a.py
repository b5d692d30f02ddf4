"""Ofsted Annex A: the workbook's sheets and headers are exactly those of annex-a.md."""

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.returns.annex_a import LISTS, build
from opencsc.web.forms import aware

# A copy of ../shared/domain/annex-a.md kept in the repository (CI checks out the repository alone).
SPEC = Path(__file__).resolve().parents[2] / "docs" / "spec" / "annex-a.md"
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]


def headers_from_the_spec() -> dict[str, list[str]]:
    """Read section 3 of annex-a.md: 'common' is the five person columns, 'disability' the
    disability column, '(…)' are value lists, 'X started / ended' is two columns, DOB is Date of Birth."""
    text = SPEC.read_text()
    section = text.split("## 3. Columns per list")[1].split("## 4.")[0]
    lists = {}
    for number, body in re.findall(r"\*\*List (\d+) – [^*]+:\*\*(.*?)(?=\n\n|\Z)", section, re.S):
        body = re.sub(r"\s+", " ", body)
        body = re.sub(r"`[^`]*`", "", body)  # quoted values first: they contain brackets like 'a)'
        # Brackets holding notes or values (a space, slash, dash or digit) are not part of a column's
        # name; single words in brackets are: "(away)", "(prospective)", "child(ren)".
        body = re.sub(r"\s?\([^()]*(\([^()]*\)[^()]*)*\)",
                      lambda found: found.group(0) if re.fullmatch(r"\s?\([A-Za-z]+\)", found.group(0)) else "", body)
        parts = body.split("·")
        parts[-1] = parts[-1].split(". ")[0]  # what follows the last column is a sentence about the list
        columns = []
        for part in [p.strip(" .") for p in parts]:
            if not part:
                continue
            if part in ("common", "common columns"):
                columns += COMMON
            elif part == "disability":
                columns.append("Does the Child have a Disability")
            elif " started / ended" in part:
                stem = part.replace(" started / ended", "")
                columns += [f"{stem} started", f"{stem} ended"]
            elif part == "DOB":
                columns.append("Date of Birth")
            else:
                columns.append(part)
        lists[f"List {number}"] = columns
    return lists


def test_the_lists_and_their_columns_are_exactly_those_of_the_spec():
    expected = headers_from_the_spec()
    assert list(expected) == [f"List {n}" for n in range(1, 12)]
    for name, columns in expected.items():
        assert LISTS[name] == columns, name


@pytest.mark.django_db
def test_the_workbook_opens_with_a_sheet_per_list_real_dates_and_lettered_values(worker, tmp_path):
    child = people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1), sex="F", ethnicity="APKN")
    cw.record_contact(child, received_at=aware(date(2026, 2, 2), "10:00"), source="2A", reason="abuse_neglect", consent="given")
    referral = cw.open_referral(child, referral_date=date(2026, 2, 3), source="2A", primary_need="N1")
    cw.allocate(child, worker=worker, team=worker.team, start_date=date(2026, 2, 3), reason="FCONTA")
    cw.start_cp_plan(referral, start_date=date(2026, 3, 1), category="NEG")
    book = load_workbook(io.BytesIO(build(date(2026, 3, 31)).workbook()))
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)]
    for name, columns in LISTS.items():
        assert [c.value for c in book[name][1]] == columns
    contact = [c.value for c in book["List 1"][2]]
    assert contact[:5] == [child.la_child_id, "b) Female", "APKN", datetime(2015, 6, 1), 10]
    assert contact[5] == datetime(2026, 2, 2) and book["List 1"]["F2"].number_format == "dd/mm/yyyy"
    assert contact[6] == "h) 2A: Health services – GP" or contact[6].endswith("2A: " + contact[6].split(": ", 1)[1])
    referral_row = [c.value for c in book["List 3"][2]]
    assert referral_row[-2:] == ["Safeguarding Team 1", "Sam Worker"]
    plan_row = [c.value for c in book["List 7"][2]]
    assert plan_row[7] == "a) Neglect" and plan_row[6] == datetime(2026, 3, 1)

    out = tmp_path / "annex_a.xlsx"
    call_command("export_return", "annexa", "--date", "2026-03-31", "--out", str(out))
    assert load_workbook(out).sheetnames[0] == "List 1"
