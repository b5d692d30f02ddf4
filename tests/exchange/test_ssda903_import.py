import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from opencsc.access.models import RecordAccess
from opencsc.casework.models import LegalStatus, PeriodOfCare, Placement
from opencsc.exchange.ssda903_import import Finding, import_903
from opencsc.people.models import Person
from opencsc.returns.formats.safe_xml import Refused
from opencsc.returns.formats.ssda903_files import read_xml
from opencsc.returns.ssda903 import export

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CSV_SETS = [("ssda903_2019_20", 2020), ("ssda903_2025_26", 2026)]


def notes(report) -> list[Finding]:
    """The import's own notes (the DfE rules' findings are reported beside them)."""
    return [f for f in report.findings if isinstance(f, Finding)]


def csv_set(name) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted((FIXTURES / name).glob("*.csv"))]


def table_rows(text: str) -> list[tuple]:
    """A CSV table as its sorted rows of (column, value) pairs: order of rows and columns ignored."""
    return sorted(tuple(sorted(row.items())) for row in csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name, year", CSV_SETS)
def test_an_ssda903_csv_set_comes_back_unchanged_after_import_and_export(name, year):
    files = csv_set(name)
    report = import_903(files)
    assert report.year == year
    exported = export.build(year).csv_files()
    for file_name, data in files:
        assert table_rows(exported[file_name]) == table_rows(data.decode()), file_name
    # Nothing appears in the export that the set did not have.
    for file_name in set(exported) - {f for f, _ in files}:
        assert table_rows(exported[file_name]) == [], file_name


def test_the_older_set_keeps_sex_1_2_and_its_since_retired_placement_codes():
    import_903(csv_set("ssda903_2019_20"))
    assert Person.objects.get(la_child_id="A1001").sex == "M"
    assert set(Placement.objects.filter(child__la_child_id__in=["A1002", "A1004"]).values_list("placement_type", flat=True)) \
        == {"H5", "P2", "Z1", "U6"}
    # H5, P2 and Z1 were valid in 2019/20, so nothing is reported about them.
    assert not [f for f in notes(import_903(csv_set("ssda903_2019_20"))) if "retired" in f.message]


def test_episodes_become_periods_legal_statuses_and_placements():
    import_903(csv_set("ssda903_2019_20"))
    child = Person.objects.get(la_child_id="A1001")
    period = PeriodOfCare.objects.get(child=child)
    # The file begins mid-period (RNE P): the period keeps that first reason; care ended with a return home.
    assert period.first_episode_reason == "P" and period.reason_ended == "E4A"
    assert list(LegalStatus.objects.filter(period=period).order_by("start_date").values_list("code", flat=True)) == ["C1", "C2"]
    placements = list(Placement.objects.filter(period=period).order_by("start_date"))
    assert [p.placement_type for p in placements] == ["U4", "U5", "P1"]
    # T (same carer) keeps the carer; P gives a new one.
    assert placements[0].carer_reference == placements[1].carer_reference != placements[2].carer_reference
    assert placements[1].reason_changed == "CHILD"


def test_the_xml_form_comes_back_unchanged_after_import_and_export():
    original = (FIXTURES / "ssda903_2024_25.xml").read_bytes()
    report = import_903([("ssda903_2024_25.xml", original)])
    assert report.year == 2025 and report.created == 3
    again = read_xml("export", export.build(2025).xml())
    first = read_xml("fixture", original)
    for table in first:
        def plain(rows):
            return sorted(tuple(sorted((k, v) for k, v in r.items() if k != "_where")) for r in rows)
        assert plain(again[table]) == plain(first[table]), table


@pytest.mark.parametrize("name, year", CSV_SETS)
def test_importing_the_same_set_again_changes_nothing(name, year):
    files = csv_set(name)
    import_903(files)
    counts = (Person.objects.count(), PeriodOfCare.objects.count(), LegalStatus.objects.count(), Placement.objects.count())
    again = import_903(files)
    assert again.unchanged == len(again.rows) and again.created == again.updated == 0
    assert counts == (Person.objects.count(), PeriodOfCare.objects.count(), LegalStatus.objects.count(),
                      Placement.objects.count())


def test_a_dry_run_reports_but_writes_nothing():
    report = import_903(csv_set("ssda903_2025_26"), dry_run=True)
    assert report.created > 0 and "Dry run" in report.summary()
    assert not Person.objects.exists()


def replace_in(files, name, old, new):
    return [(n, data.replace(old.encode(), new.encode()) if n == name else data) for n, data in files]


def test_an_unreadable_date_refuses_the_whole_set_and_says_where():
    files = replace_in(csv_set("ssda903_2025_26"), "episodes.csv", "B2001,01/05/2025", "B2001,2025/13/01")
    with pytest.raises(Refused) as refused:
        import_903(files)
    assert any("episodes.csv line" in p and "DECOM '2025/13/01' is not a date" in p for p in refused.value.problems)
    assert not Person.objects.exists() and not PeriodOfCare.objects.exists()


def test_a_csv_whose_columns_are_no_tables_is_refused_naming_the_nearest_table():
    files = [("episodes.csv", b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST,URN\n")]
    with pytest.raises(Refused, match=r"nearest is Episodes \(missing REASON_PLACE_CHANGE\)"):
        import_903(files)


def test_two_files_for_one_table_are_refused():
    files = csv_set("ssda903_2025_26")
    with pytest.raises(Refused, match="give the Header table"):
        import_903(files + [("header copy.csv", dict(files)["header.csv"])])


def test_hostile_xml_is_refused_before_it_is_parsed():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><EXPSSDA903>&a;</EXPSSDA903>'
    with pytest.raises(Refused, match="entities"):
        import_903([("bomb.xml", bomb)])
    assert not Person.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_how_to_fix_it():
    with pytest.raises(Refused, match="save it as UTF-8"):
        import_903([("header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,M,01/01/2010,WBRI,UN1,,\u00e9\n".encode("latin-1"))])


def test_a_code_not_valid_in_the_year_is_stored_as_given_and_reported():
    files = replace_in(csv_set("ssda903_2025_26"), "episodes.csv", ",K3,", ",H5,")
    report = import_903(files)
    assert Placement.objects.filter(placement_type="H5").exists()
    assert any("PLACE 'H5' was retired" in f.message for f in notes(report))
    assert "146" in {f.code for f in report.findings}  # and DfE's rule on placement codes says so too


def test_a_reason_for_new_episode_the_changes_do_not_bear_out_is_stored_and_reported():
    # B2001's second episode says L (legal status change) but the legal status stays the same.
    files = replace_in(csv_set("ssda903_2025_26"), "episodes.csv", "B2001,12/08/2025,L,C2", "B2001,12/08/2025,L,C1")
    report = import_903(files)
    assert any(f.la_child_id == "B2001" and "RNE L does not match" in f.message for f in notes(report))
    assert ("434", "B2001") in {(f.code, f.la_child_id) for f in report.findings}


def test_the_command_imports_a_directory_and_writes_a_report(tmp_path):
    out = io.StringIO()
    report = tmp_path / "report.csv"
    call_command("import_return", "903", str(FIXTURES / "ssda903_2025_26"), "--report", str(report), stdout=out)
    assert "2025/26 SSDA903 set" in out.getvalue()
    assert "B2001,created" in report.read_text()


def test_the_command_explains_a_refusal(tmp_path):
    bad = tmp_path / "header.csv"
    bad.write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nX1,M,31/02/2010,WBRI,UN1,,\n")
    with pytest.raises(CommandError, match="DOB '31/02/2010' is not a date"):
        call_command("import_return", "903", str(bad), "--year", "2026", "--report", str(tmp_path / "r.csv"))


def test_a_second_import_audits_the_placements_it_replaces_once_per_child():
    """A corrected set replaces a period's placements from the file's first date: the deletions were
    once unaudited; now the child changed has one entry, naming them, from the import's step."""
    files = csv_set("ssda903_2025_26")
    import_903(files)
    last = RecordAccess.objects.order_by("-id").values_list("id", flat=True).first()
    corrected = [(name, data.replace(b"TS24 9RP,TS26 8NH", b"TS24 9RP,TS26 8NJ") if name == "episodes.csv" else data)
                 for name, data in files]
    report = import_903(corrected)
    assert report.updated == 1
    entries = list(RecordAccess.objects.filter(id__gt=last, action__in=("create", "change")).exclude(person=None))
    (entry,) = entries  # one child changed, one entry
    assert entry.person.la_child_id == "B2001" and entry.why == "import of the SSDA903 return 2026"
    assert entry.detail.startswith("SSDA903 2026 imported") and "Placement" in entry.detail and "deleted" in entry.detail
