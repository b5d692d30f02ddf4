"""Legacy SSDA903 sets read as other systems and spreadsheet tools write them: the collection year from
the set's own dates (never one after today, asking for it when more than one year fits), spreadsheet
numbers read as the numbers they are, and every value that a re-export would not give back named in
the report with its reason — nothing changed or dropped silently."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from opencsc.exchange.ssda903_import import Finding, import_903
from opencsc.returns.formats.safe_xml import Refused
from opencsc.returns.formats.ssda903_files import read_files
from opencsc.returns.ssda903 import export

pytestmark = pytest.mark.django_db
CLEAN = Path(__file__).resolve().parent / "fixtures" / "ssda903_2025_26"
TODAY = date(2026, 12, 2)  # inside 2026/27: the set is last year's

# Children whose episodes contradict one another, one kind each.
CONTRADICTIONS = [
    # overlapping episodes: the first ends after the second begins
    "L3001,01/05/2025,S,C2,N1,U4,PR1,20/09/2025,X1,CARPL,TS24 9RP,TS25 1AB,SC105635",
    "L3001,01/09/2025,P,C2,N1,U6,PR1,,,,TS24 9RP,TS26 8NH,SC105635",
    # a reason for a new episode that does not match what changed (L, but the legal status stays C2)
    "L3002,01/05/2025,S,C2,N1,U4,PR1,03/08/2025,X1,,TS24 9RP,TS25 1AB,SC105635",
    "L3002,03/08/2025,L,C2,N1,U4,PR1,,,,TS24 9RP,TS25 1AB,SC105635",
    # a home postcode that differs within one period of care
    "L3003,01/05/2025,S,C2,N1,U4,PR1,10/10/2025,X1,CARPL,TS24 9RP,TS25 1AB,SC105635",
    "L3003,10/10/2025,P,C2,N1,U6,PR1,,,,TS26 9AD,TS26 8NH,SC105635",
    # a reason for ending without an end date
    "L3004,01/06/2025,S,V2,N1,U4,PR1,,E13,,TS24 9RP,TS25 1AB,SC105635",
    # a legal status the periods cannot hold as given: it changes where the set says only the placement did
    "L3005,01/05/2025,S,V2,N1,U4,PR1,01/08/2025,X1,CARPL,TS24 9RP,TS25 1AB,SC105635",
    "L3005,01/08/2025,P,C2,N1,U6,PR1,,,,TS24 9RP,TS26 8NH,SC105635",
]
HEADERS = [f"L300{n},M,0{n}/02/2012,WBRI,UN1,," for n in range(1, 6)]


def clean_files() -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(CLEAN.glob("*.csv"))}


def with_spreadsheet_numbers(files: dict[str, str]) -> dict[str, str]:
    """As a spreadsheet saves them: counts and flags as decimals, a flag padded with spaces."""
    files = dict(files)
    files["oc2.csv"] = files["oc2.csv"].replace("B2003,01/02/2011,18,,0,,1,1,1,0,,", "B2003,01/02/2011,18.0,,0.0,,1.0, 1 ,1,0,,")
    files["ad1.csv"] = files["ad1.csv"].replace(",1,2,FF,", ",1.0,2.00,FF,")
    return files


def with_contradictions(files: dict[str, str]) -> dict[str, str]:
    files = dict(files)
    files["episodes.csv"] += "\n".join(CONTRADICTIONS) + "\n"
    files["header.csv"] += "\n".join(HEADERS) + "\n"
    files["reviews.csv"] += "B2003,01/02/2011,09/01/2026,PN6\n"  # the same review given twice
    files["missing.csv"] = files["missing.csv"].replace("A,28/03/2026,", "A,28/03/2026,28/03/2062")  # a slip of the keyboard
    return files


def as_upload(files: dict[str, str]) -> list[tuple[str, bytes]]:
    return [(name, text.encode()) for name, text in files.items()]


def rows_of(text: str) -> list[tuple]:
    return sorted(tuple(sorted(row.items())) for row in csv.DictReader(io.StringIO(text)))


def test_the_set_without_contradictions_comes_back_exactly_with_its_numbers_read_as_numbers():
    files = with_spreadsheet_numbers(clean_files())
    report = import_903(as_upload(files), today=TODAY)
    assert report.year == 2026 and "read as 2025/26" in report.year_reason
    notes = [f.message for f in report.findings if isinstance(f, Finding)]
    assert any("SDQ_SCORE '18.0'" in n and "read as 18" in n for n in notes)
    assert not [n for n in notes if "comes back" in n or "does not come back" in n]
    exported = export.build(2026).csv_files()
    expected = clean_files()
    for name, text in expected.items():  # the numbers come back as the numbers they are; everything else exactly
        assert rows_of(exported[name]) == rows_of(text), name


def test_every_value_of_a_contradictory_set_comes_back_or_is_named_with_its_reason():
    files = with_contradictions(with_spreadsheet_numbers(clean_files()))
    report = import_903(as_upload(files), today=TODAY)
    assert report.year == 2026
    notes = [f for f in report.findings if isinstance(f, Finding)]
    exported = export.build(2026).tables
    given = read_files(as_upload(files))
    unnamed = []
    for table, rows in given.items():
        back = [dict(r) for r in exported.get(table, [])]
        for row in rows:
            values = {k: v for k, v in row.items() if k != "_where"}
            same = next((b for b in back if all(b.get(k, "") == v for k, v in values.items())), None)
            if same is not None:
                back.remove(same)
            elif not any(f"({row['_where']})" in f.message for f in notes):
                unnamed.append(row["_where"])
    assert unnamed == []
    said = {f.la_child_id: f.message for f in notes if f.la_child_id.startswith("L300")}
    assert "the episodes overlap" in said["L3001"]
    assert "RNE L does not match" in said["L3002"]
    assert "HOME_POST differs within one period of care" in said["L3003"]
    assert "REC E13 is given without a DEC" in said["L3004"]
    assert "RNE 'P' comes back as 'B'" in said["L3005"]
    assert any(f.la_child_id == "B2003" and "given twice" in f.message for f in notes)
    assert any("MIS_END '28/03/2062'" in f.message and "after today" in f.message for f in notes)
    assert any("MIS_END '28/03/2062' comes back as ''" in f.message and "after the year's end" in f.message for f in notes)


def test_a_set_whose_dates_fit_two_years_stops_and_asks_for_the_year():
    files = clean_files()
    # Half of the reviews a year earlier: the set could be 2024/25 or 2025/26.
    files["reviews.csv"] = files["reviews.csv"].replace("/2025,", "/2024,")
    files["missing.csv"] = files["missing.csv"].replace("/09/2025", "/09/2024")
    with pytest.raises(Refused) as refused:
        import_903(as_upload(files), today=TODAY)
    assert "more than one collection year" in refused.value.summary and "--year" in refused.value.summary
    report = import_903(as_upload(files), year=2026, today=TODAY)
    assert report.year == 2026 and "as given" in report.year_reason


def test_a_set_of_open_episodes_only_could_be_any_later_year_so_it_asks():
    files = {name: text.splitlines()[0] + "\n" for name, text in clean_files().items()}
    files["header.csv"] += "B2003,F,01/02/2011,MWBA,UN3,0,\n"
    files["episodes.csv"] += "B2003,15/01/2024,S,C2,N2,U4,PR1,,,,TS25 5EG,TS26 0QU,SC105635\n"
    with pytest.raises(Refused) as refused:
        import_903(as_upload(files), today=TODAY)
    assert "could be for any year from 2023/24" in refused.value.summary


def test_a_date_after_today_never_sets_the_year():
    files = clean_files()
    files["episodes.csv"] = files["episodes.csv"].replace("19/02/2026,E12", "19/02/2062,E12")  # a slip of the keyboard
    report = import_903(as_upload(files), today=TODAY)
    assert report.year == 2026
    assert any("DEC '19/02/2062'" in f.message and "after today" in f.message for f in report.findings if isinstance(f, Finding))
