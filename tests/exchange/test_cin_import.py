from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from opencsc.casework.models import ChildProtectionConference, Referral
from opencsc.exchange.cin_import import import_cin
from opencsc.people.models import Person
from opencsc.returns.cin import census
from opencsc.returns.formats.safe_xml import Refused

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "returns" / "fixtures"
STRUCTURES = [("cin_2023_24_gender.xml", 2024), ("cin_2025_26_sex.xml", 2026)]


def children_of(xml: bytes) -> list[str]:
    """Each child's part of a census, as canonical text (whitespace and header left out)."""
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    root = etree.fromstring(xml, parser)
    return [etree.tostring(child, method="c14n").decode() for child in root.iterfind("Children/Child")]


@pytest.mark.parametrize("name, year", STRUCTURES)
def test_a_census_file_comes_back_unchanged_after_import_and_export(name, year):
    original = (FIXTURES / name).read_bytes()
    report = import_cin(original)
    assert report.created == 4 and report.year == year
    exported = census.export(year)
    assert exported.ok, [str(p) for p in exported.problems]
    assert children_of(exported.xml) == children_of(original)


@pytest.mark.parametrize("name, year", STRUCTURES)
def test_importing_the_same_file_again_changes_nothing(name, year):
    data = (FIXTURES / name).read_bytes()
    import_cin(data)
    counts = (Person.objects.count(), Referral.objects.count(), ChildProtectionConference.objects.count())
    again = import_cin(data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert (Person.objects.count(), Referral.objects.count(), ChildProtectionConference.objects.count()) == counts


def test_imperfect_values_are_stored_as_given_and_reported_as_findings():
    report = import_cin((FIXTURES / "cin_2025_26_sex.xml").read_bytes())
    child = Person.objects.get(la_child_id="FX1002")
    assert child.upn == "B805000000102"  # wrong check letter, kept as given
    row = next(r for r in report.rows if r.child == "FX1002")
    assert "1510" in row.findings.split()
    assert child.full_name == "Name not recorded (FX1002)"


def test_a_dry_run_reports_but_writes_nothing():
    report = import_cin((FIXTURES / "cin_2025_26_sex.xml").read_bytes(), dry_run=True)
    assert report.created == 4 and "Dry run" in report.summary()
    assert Person.objects.count() == 0 and Referral.objects.count() == 0


def test_a_shared_upn_is_offered_as_a_candidate_not_merged():
    from opencsc.people import services as people

    existing = people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2012, 2, 14),
                                    upn="Q805000000101")
    report = import_cin((FIXTURES / "cin_2025_26_sex.xml").read_bytes())
    row = next(r for r in report.rows if r.child == "FX1001")
    assert row.action == "created" and f"same UPN as {existing.la_child_id}" in row.detail
    assert Person.objects.filter(upn="Q805000000101").count() == 2


def broken(replace_from: str, replace_to: str) -> bytes:
    return (FIXTURES / "cin_2025_26_sex.xml").read_bytes().replace(replace_from.encode(), replace_to.encode(), 1)


@pytest.mark.parametrize("data, expected", [
    (broken("<CINreferralDate>2025-04-22", "<CINreferralDate>22/04/2025"), "is not a date"),
    (broken("<LAchildID>FX1003</LAchildID>", "<LAchildID></LAchildID>"), "no LAchildID"),
    (broken("<ReferralNFA>true", "<ReferralNFA>perhaps"), "is not true/false"),
])
def test_a_value_that_cannot_be_stored_refuses_the_whole_file_row_by_row(data, expected):
    with pytest.raises(Refused) as refusal:
        import_cin(data)
    assert any(expected in p for p in refusal.value.problems)
    assert Person.objects.count() == 0 and Referral.objects.count() == 0


@pytest.mark.parametrize("data, expected", [
    (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message><Children>&x;</Children></Message>',
     "entities"),
    (b"PK\x03\x04 this is a spreadsheet", "not readable XML"),
    (b"<Report><Row/></Report>", "not a CIN census file"),
])
def test_hostile_or_wrong_files_are_refused_with_a_clear_message(data, expected):
    with pytest.raises(Refused) as refusal:
        import_cin(data)
    assert expected in refusal.value.summary
    assert Person.objects.count() == 0


def test_the_command_imports_reports_and_refuses(tmp_path):
    source = tmp_path / "cin.xml"
    source.write_bytes((FIXTURES / "cin_2025_26_sex.xml").read_bytes())
    call_command("import_return", "cin", str(source), "--dry-run")
    assert Person.objects.count() == 0
    call_command("import_return", "cin", str(source))
    report = (tmp_path / "cin.xml.report.csv").read_text()
    assert report.startswith("child,action,detail,findings") and "FX1002,created" in report
    bad = tmp_path / "bad.xml"
    bad.write_bytes(broken("<CINreferralDate>2025-04-22", "<CINreferralDate>soon"))
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_return", "cin", str(bad))
    assert "is not a date" in (tmp_path / "bad.xml.report.csv").read_text()


def test_a_formula_in_an_imported_id_cannot_run_when_the_report_is_opened():
    data = broken("<LAchildID>FX1001</LAchildID>", "<LAchildID>=HYPERLINK(1)</LAchildID>")
    report = import_cin(data, dry_run=True)
    assert "'=HYPERLINK(1)" in report.csv() and "\n=HYPERLINK" not in report.csv()


def test_a_code_given_twice_is_kept_as_given_raised_as_a_finding_and_comes_back_twice():
    original = (FIXTURES / "cin_2025_26_sex.xml").read_bytes()
    root = etree.fromstring(original)
    child = next(c for c in root.iterfind("Children/Child") if c.find("ChildCharacteristics/Disabilities/Disability") is not None)
    child_id = child.findtext("ChildIdentifiers/LAchildID")
    disability = child.find("ChildCharacteristics/Disabilities/Disability")
    disability.addnext(etree.fromstring(f"<Disability>{disability.text}</Disability>"))
    report = import_cin(etree.tostring(root))
    notes = [f.message for f in report.findings if f.code == "import" and f.la_child_id == child_id]
    assert any(f"Disability '{disability.text}' is listed 2 times" in n for n in notes)
    assert f"Disability '{disability.text}' is listed 2 times" in next(r.findings for r in report.rows if r.child == child_id)
    exported = etree.fromstring(census.export(2026).xml)
    again = next(c for c in exported.iterfind("Children/Child") if c.findtext("ChildIdentifiers/LAchildID") == child_id)
    assert [d.text for d in again.iterfind("ChildCharacteristics/Disabilities/Disability")].count(disability.text) == 2
    distinct = {d.text for d in child.iterfind("ChildCharacteristics/Disabilities/Disability")}
    assert (import_cin(etree.tostring(root)).unchanged, Person.objects.get(la_child_id=child_id).disabilities.count()) == \
        (4, len(distinct))  # one row per code, the count kept on it; importing again changes nothing
