"""Ofsted's provider lists: read as DfE's validator reads them, refused whole when they cannot be, and
used by the SSDA903 URN rules once loaded."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from opencsc.exchange.ofsted_providers import CH_COLUMNS, read_provider_lists
from opencsc.returns import services, stored
from opencsc.returns.formats.safe_xml import Refused
from opencsc.returns.models import OfstedProvider, OfstedProviderList
from opencsc.synth.ofsted_lists import ListedProvider, workbooks
from tests.conftest import import_from_page
from tests.fixtures.ssda903 import breakers


def files(providers=None, **kwargs):
    return list(workbooks(providers or breakers.providers(), **kwargs).items())


def by_urn(lists):
    return {p.urn: p for p in lists.providers}


def test_the_two_lists_are_read_with_codes_postcodes_and_closure_dates():
    lists = read_provider_lists(files())
    found = by_urn(lists)
    assert set(found) == {"SC105635", "SC507777", "SC600001"}
    home = found["SC600001"]
    # The children's homes list writes provider codes as PR4/PR5; they are read as DfE splits them.
    assert home.provider_codes == "PR4,PR5" and home.place_codes == "K2" and home.source == "CH List"
    assert home.reg_end == date(2025, 10, 1) and home.postcode == "TS42PE"
    assert found["SC105635"].place_codes == "U1,U2,U3,U4,U5,U6" and found["SC105635"].reg_end is None
    assert found["SC105635"].source == "SCP List"


def test_a_combined_list_gives_the_same_providers():
    separate, combined = by_urn(read_provider_lists(files())), by_urn(read_provider_lists(files(combined=True)))
    assert {u: (p.place_codes, p.provider_codes, p.reg_end, p.postcode) for u, p in separate.items()} == \
        {u: (p.place_codes, p.provider_codes, p.reg_end, p.postcode) for u, p in combined.items()}


def test_the_older_childrens_homes_layout_joins_settings_and_addresses_on_urn():
    book = Workbook()
    settings = book.active
    settings.title = "Settings and Inspection Info"
    settings.append(CH_COLUMNS[:-1])
    settings.append(["SC700001", "Hartlepool", "K2", "PR1", None])
    settings.append(["SC700002", "Hartlepool", "K2", "PR1", None])  # no address row: not on DfE's list either
    addresses = book.create_sheet("Address Details")
    addresses.append(["URN", "Setting Address Postcode"])
    addresses.append(["SC700001", "ts26 8nh"])
    out = io.BytesIO()
    book.save(out)
    scp = [f for f in files() if f[0] == "scp.xlsx"]
    found = by_urn(read_provider_lists([("ch.xlsx", out.getvalue()), *scp]))
    assert found["SC700001"].postcode == "TS268NH" and "SC700002" not in found


@pytest.mark.parametrize("given, reason", [
    (lambda: [("ch.xlsx", b"URN,Local Authority\nSC1,Hartlepool\n")], "is not an Excel workbook"),
    (lambda: [f for f in files() if f[0] == "ch.xlsx"], "Load both of Ofsted's lists together"),
    (lambda: files() + [("ch2.xlsx", dict(files())["ch.xlsx"])], "Two files of the same kind"),
    (lambda: [], "Choose Ofsted's Children's Homes list"),
])
def test_a_list_that_cannot_be_read_is_refused_with_the_reason(given, reason):
    with pytest.raises(Refused) as refused:
        read_provider_lists(given())
    assert reason in refused.value.summary


def test_a_missing_column_is_named():
    book = Workbook()
    book.active.title = "Provider information"
    book.active.append(["URN", "Local Authority", "Provider Code"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(Refused) as refused:
        read_provider_lists([("ch.xlsx", out.getvalue()), *[f for f in files() if f[0] == "scp.xlsx"]])
    assert "Provider Placement Code" in refused.value.summary and "Setting Postcode" in refused.value.summary


def test_an_unreadable_date_refuses_the_lists_naming_the_line():
    odd = [*breakers.providers(), ListedProvider("SC800001", "Hartlepool", ["K2"], ["PR1"], "TS268NH",
                                                 reg_end="sometime", children_home=True)]
    with pytest.raises(Refused) as refused:
        read_provider_lists(files(odd))
    assert refused.value.problems == ["ch.xlsx line 3: the date 'sometime' cannot be read (use dd/mm/yyyy)"]


def test_a_workbook_declaring_entities_is_refused_unread():
    data = dict(files())["ch.xlsx"]
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/workbook.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                body = body.replace(b"?>", b"?>" + doctype, 1) if body.startswith(b"<?xml") else doctype + body
            target.writestr(item, body)
    with pytest.raises(Refused) as refused:
        read_provider_lists([("ch.xlsx", out.getvalue()), *[f for f in files() if f[0] == "scp.xlsx"]])
    assert "DOCTYPE or entities" in refused.value.summary


@pytest.mark.django_db
def test_loading_a_list_replaces_the_last_and_the_rules_read_it_with_the_inferred_la():
    assert stored.ofsted_providers() is None  # never loaded: the URN rules do not run
    services.load_provider_lists(read_provider_lists(files()))
    services.load_provider_lists(read_provider_lists(files(breakers.providers()[:2])))
    assert OfstedProviderList.objects.count() == 2 and OfstedProvider.objects.count() == 2
    lookup = stored.ofsted_providers()
    assert set(lookup) == {"SC105635", "SC507777"}
    # Hartlepool (E06000001) is inferred from the service's postcode, as DfE's tool infers it.
    assert lookup["SC105635"]["la"] == "E06000001" and lookup["SC105635"]["provider_codes"] == {"PR1"}
    assert set(stored.ofsted_providers(urns={"SC507777"})) == {"SC507777"}


@pytest.mark.django_db
def test_the_command_loads_the_lists_and_a_dry_run_changes_nothing(tmp_path, capsys):
    for name, data in files():
        (tmp_path / name).write_bytes(data)
    call_command("import_return", "ofsted", str(tmp_path), "--dry-run")
    assert "Checked (nothing changed): 3 providers" in capsys.readouterr().out and not OfstedProvider.objects.exists()
    call_command("import_return", "ofsted", str(tmp_path / "ch.xlsx"), str(tmp_path / "scp.xlsx"))
    assert OfstedProvider.objects.count() == 3
    with pytest.raises(CommandError, match="Load both of Ofsted's lists together"):
        call_command("import_return", "ofsted", str(tmp_path / "ch.xlsx"))


@pytest.mark.django_db
def test_the_analyst_loads_the_lists_on_the_import_page(analyst_signed_in):
    page = analyst_signed_in.get(reverse("returns:return-import")).content.decode()
    assert "No Ofsted provider list has been loaded yet" in page
    uploads = [SimpleUploadedFile(name, data) for name, data in files()]
    page = import_from_page(analyst_signed_in, {"return_name": "ofsted", "file": uploads})
    assert "3 providers from ch.xlsx, scp.xlsx" in page and "CH List" in page and "1 closed or deregistered" in page
    assert "Ofsted provider list in use: 3 providers" in analyst_signed_in.get(reverse("returns:return-import")).content.decode()
    refused = import_from_page(analyst_signed_in, {
        "return_name": "ofsted", "file": [SimpleUploadedFile("ch.xlsx", dict(files())["ch.xlsx"])]})
    assert "Load both of Ofsted&#x27;s lists together" in refused and OfstedProvider.objects.count() == 3


@pytest.mark.django_db
def test_once_loaded_a_placement_in_a_closed_home_is_found_by_the_urn_rules():
    from opencsc.returns.engine import validate
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903

    tables = breakers.clean_tables()
    breakers.SCENARIOS["227"](tables)
    services.load_provider_lists(read_provider_lists(files()))
    with_list = from_tables(tables, breakers.YEAR, authority="E06000001", providers=stored.ofsted_providers())
    without = from_tables(tables, breakers.YEAR, authority="E06000001")
    found = {f.code for f in validate(with_list, SSDA903, breakers.YEAR) if f.la_child_id == "B2001"}
    assert {"227", "228"} <= found
    assert not {"227", "228"} & {f.code for f in validate(without, SSDA903, breakers.YEAR)}


@pytest.mark.django_db
def test_an_ssda903_run_says_whether_the_urn_checks_ran_and_against_which_list():
    from opencsc.returns.services import _ssda903_checks

    assert "did not run: no Ofsted provider list has been loaded" in _ssda903_checks(2026, None, 0, "built from the record")
    services.load_provider_lists(read_provider_lists(files()))
    said = _ssda903_checks(2026, stored.ofsted_providers(), 2, "built from the record")
    assert "ran against the provider list loaded on" in said and "(3 providers)" in said
    assert "2 findings need no change" in said
