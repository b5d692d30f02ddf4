"""The SSDA903 CSV set and XML form from the record (issue 4: export only so far)."""

import csv
import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from lxml import etree

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.returns.formats.ssda903_files import TABLES
from opencsc.returns.ssda903.export import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked_after(worker):
    child = people.create_person(first_name="Maya", last_name="Brook", date_of_birth=date(2012, 6, 1), sex="F",
                                 ethnicity="WBRI", upn_unknown_reason="UN1")
    people.add_address(child, line_1="1 High St", postcode="TS24 7YD", start_date=date(2012, 6, 1))
    cw.allocate(child, worker=worker, team=worker.team, start_date=date(2024, 9, 1), reason="FCONTA")
    cw.allocate(child, worker=worker, team=worker.team, start_date=date(2024, 9, 1), reason="MANAGE")  # same day
    period = cw.become_looked_after(child, start_date=date(2024, 10, 7), legal_status="V2", category_of_need="N1",
                                    placement={"placement_type": "U6", "provider": "PR1", "carer_reference": "FC1",
                                               "postcode": "TS25 2NS"})
    cw.move_placement(period, date=date(2025, 5, 12), reason_changed="CARPL", placement_type="U4", provider="PR4",
                      carer_reference="FC2", postcode="TS26 8BL")
    cw.change_legal_status(period, date=date(2025, 8, 4), code="C2")
    cw.record("review", child, period=period, date=date(2025, 6, 2), participation="PN1")
    cw.record("missing", child, kind="M", start_date=date(2025, 7, 1), end_date=date(2025, 7, 2))
    return child


def read(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_set_has_dfes_columns_dd_mm_yyyy_dates_and_derived_episodes(looked_after):
    files = build(2026).csv_files()
    for table, columns in TABLES.items():
        if table == "DoLo":
            continue  # from 2026/27 (tests/returns/test_ssda903_2026_27.py)
        name = next(n for n in files if files[n].splitlines()[0] == ",".join(columns))
        assert name, table
    episodes = read(files["episodes.csv"])
    assert [(e["DECOM"], e["RNE"], e["LS"], e["PLACE"], e["DEC"], e["REC"]) for e in episodes] == [
        ("07/10/2024", "S", "V2", "U6", "12/05/2025", "X1"),  # started before the year, ended in it
        ("12/05/2025", "P", "V2", "U4", "04/08/2025", "X1"),
        ("04/08/2025", "L", "C2", "U4", "", ""),  # open at 31 March: no DEC, no REC
    ]
    assert episodes[0]["REASON_PLACE_CHANGE"] == "CARPL" and episodes[0]["HOME_POST"] == "TS24 7YD"
    for text in files.values():
        for value in re.findall(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text):
            assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", value)
    header = read(files["header.csv"])[0]
    assert header == {"CHILD": looked_after.la_child_id, "SEX": "F", "DOB": "01/06/2012", "ETHNIC": "WBRI", "UPN": "UN1",
                      "MOTHER": "0", "MC_DOB": ""}
    assert read(files["reviews.csv"])[0]["REVIEW"] == "02/06/2025"
    assert read(files["missing.csv"])[0]["MIS_END"] == "02/07/2025"
    workers = read(files["social_worker_episodes.csv"])
    assert [(w["SW_DECOM"], w["SW_DEC"], w["SW_REASON"]) for w in workers] == [("01/09/2024", "", "MANAGE")]
    assert read(files["previous_permanence.csv"]) == []  # the period began in the previous year


def test_sex_is_coded_1_2_before_2024_25(looked_after):
    assert read(build(2025).csv_files()["header.csv"])[0]["SEX"] == "F"
    from opencsc.returns.ssda903.export import sex_for

    assert (sex_for(2024, "F"), sex_for(2024, "M")) == ("2", "1")  # 2023/24 and before


def test_the_xml_form_nests_episodes_under_each_child(looked_after, tmp_path):
    root = etree.fromstring(build(2026).xml())
    assert root.tag == "EXPSSDA903"
    child = root.find("CHILD")
    assert child.findtext("HEADER/CHILDID") == looked_after.la_child_id
    assert [e.findtext("PL") for e in child.findall("EPISODE")] == ["U6", "U4", "U4"]
    assert child.findtext("HEADER/AREVIEW/REVIEW_CODE") == "PN1"


def test_export_return_903_writes_the_csv_set_and_the_xml(looked_after, tmp_path, capsys):
    call_command("export_return", "903", "--year", "2026", "--out", str(tmp_path / "set"), "--xml", str(tmp_path / "903.xml"))
    assert len(list((tmp_path / "set").glob("*.csv"))) == len(TABLES) - 1  # every table but DoLo (from 2026/27)
    assert (tmp_path / "903.xml").read_bytes().startswith(b"<?xml")
    assert "1 children, 3 episodes" in capsys.readouterr().out
