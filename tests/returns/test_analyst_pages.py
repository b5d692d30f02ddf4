import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from opencsc.casework import services as cw
from opencsc.casework.models import Referral
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.returns.cin import census
from opencsc.returns.formats.years import current_year
from opencsc.returns.models import ReturnRun
from tests.conftest import import_from_page

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def record(worker):
    """Two children in the current census year: one clean, one the rules will question."""
    year = current_year()
    start = date(year - 1, 4, 10)
    clean = people.create_person(first_name="Ava", last_name="Khan", date_of_birth=date(2015, 6, 1), sex="F",
                                 ethnicity="APKN", disabilities=["NONE"])
    referral = cw.open_referral(clean, referral_date=start, source="2A", primary_need="N1")
    cw.allocate(clean, worker=worker, team=worker.team, start_date=start)
    questioned = people.create_person(first_name="Leo", last_name="Hart", date_of_birth=date(2014, 1, 1), sex="M",
                                      ethnicity="WBRI", disabilities=["NONE"])
    cw.open_referral(questioned, referral_date=start, source="6")  # no primary need: error 8610
    return clean, questioned, referral


def build(client, django_capture_on_commit_callbacks, year, return_name="cin"):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:returns"), {"return_name": return_name, "year": str(year)})
    run = ReturnRun.objects.latest("requested_at")
    assert response.status_code == 302 and response["Location"] == reverse("returns:return-run", args=[run.pk])
    assert run.status == ReturnRun.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay")  # the background worker, for real
    run.refresh_from_db()
    return run


def test_an_ssda903_set_whose_dates_fit_two_years_asks_for_the_year_on_the_page(analyst_signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder = Path(__file__).resolve().parents[1] / "exchange" / "fixtures" / "ssda903_2025_26"

    def files():
        out = []
        for p in sorted(folder.glob("*.csv")):
            data = p.read_bytes()
            if p.name in ("reviews.csv", "missing.csv"):  # half its reviews and missing spells a year earlier
                data = data.replace(b"/2025,", b"/2024,").replace(b"/09/2025", b"/09/2024")
            out.append(SimpleUploadedFile(p.name, data, content_type="text/csv"))
        return out

    refused = import_from_page(analyst_signed_in, {"return_name": "903", "file": files()})
    assert "more than one collection year" in refused and "choose the collection year on the import page" in refused
    assert not Person.objects.exists()
    page = import_from_page(analyst_signed_in, {"return_name": "903", "file": files(), "year": "2026"})
    assert "created 5" in page and "2025/26, as given" in page


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections, as in production
def test_building_a_return_runs_in_the_background_and_offers_the_file_and_its_findings(
        analyst_signed_in, record, django_capture_on_commit_callbacks):
    year = current_year()
    run = build(analyst_signed_in, django_capture_on_commit_callbacks, year)
    assert run.status == ReturnRun.Status.DONE and run.progress == 100 and run.children == 2
    assert run.errors >= 1
    page = analyst_signed_in.get(reverse("returns:return-run", args=[run.pk])).content.decode()
    assert "Download the census file" in page and "8610" in page

    xml = analyst_signed_in.get(reverse("returns:return-run-file", args=[run.pk])).content
    assert census.schema_problems(xml, year) == []
    assert etree.fromstring(xml).findtext("Header/CollectionDetails/Year") == str(year)

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(analyst_signed_in.get(reverse("returns:return-run-findings", args=[run.pk, "xlsx"])).content))
    assert book.sheetnames == ["By child", "By rule", "By team"]
    rows = list(book["By child"].iter_rows(values_only=True))
    assert rows[0] == ("LA child ID", "Team", "Rule", "Type", "Message", "Where", "Reason given")
    assert any(r[2] == "8610" and r[0] == record[1].la_child_id for r in rows[1:])
    csv_text = analyst_signed_in.get(reverse("returns:return-run-findings", args=[run.pk, "csv"])).content.decode()
    assert csv_text.startswith("LA child ID,Team,Rule,Type,Message,Where") and "8610" in csv_text


def test_the_progress_panel_polls_until_the_run_finishes(analyst_signed_in, record):
    run = ReturnRun.objects.create(year=current_year(), stage="Reading the record", progress=5,
                                   status=ReturnRun.Status.RUNNING)
    panel = analyst_signed_in.get(reverse("returns:return-run-status", args=[run.pk]))
    assert 'hx-trigger="every 2s"' in panel.content.decode() and "5%" in panel.content.decode()
    run.status, run.progress = ReturnRun.Status.DONE, 100
    run.save()
    assert analyst_signed_in.get(reverse("returns:return-run-status", args=[run.pk]))["HX-Refresh"] == "true"


@pytest.mark.django_db(transaction=True)
def test_data_quality_shows_findings_by_team_and_rule_and_a_chart_over_time(
        analyst_signed_in, record, worker, django_capture_on_commit_callbacks):
    year = current_year()
    build(analyst_signed_in, django_capture_on_commit_callbacks, year)
    cw.set_primary_need(Referral.objects.get(child=record[1]), "N1")  # someone fixes the error
    build(analyst_signed_in, django_capture_on_commit_callbacks, year)
    page = analyst_signed_in.get(reverse("returns:data-quality")).content.decode()
    assert "<polyline" in page and "Errors and queries at each run" in page
    runs = ReturnRun.objects.order_by("finished_at")
    assert [r.errors for r in runs][-1] < [r.errors for r in runs][0]  # fewer errors after the fix
    assert "Not allocated" in page  # the questioned child has no allocated team


def test_data_quality_before_any_run_says_what_to_do(analyst_signed_in):
    page = analyst_signed_in.get(reverse("returns:data-quality")).content.decode()
    label = f"{current_year() - 1}/{str(current_year())[2:]}"
    assert f"No Children in Need census for {label} has been built yet" in page
    page = analyst_signed_in.get(reverse("returns:data-quality") + "?return=903").content.decode()
    assert f"No looked-after children return (SSDA903) for {label} has been built yet" in page


def test_the_import_page_shows_the_report_and_a_dry_run_changes_nothing(analyst_signed_in):
    data = (FIXTURES / "cin_2025_26_sex.xml").read_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = import_from_page(analyst_signed_in, {
        "return_name": "cin", "file": SimpleUploadedFile("cin.xml", data, content_type="text/xml"), "dry_run": "on"})
    assert "Dry run, nothing written" in page and "FX1002" in page and "1510" in page
    assert Person.objects.count() == 0
    refused = import_from_page(analyst_signed_in, {
        "return_name": "cin",
        "file": SimpleUploadedFile("bad.xml", b"<Message><Children><Child><ChildIdentifiers/></Child></Children></Message>")})
    assert "nothing was changed" in refused and "no LAchildID" in refused


def test_an_ssda903_csv_set_is_imported_from_the_page_all_files_at_once(analyst_signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    folder = Path(__file__).resolve().parents[1] / "exchange" / "fixtures" / "ssda903_2025_26"
    files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv") for p in sorted(folder.glob("*.csv"))]
    page = import_from_page(analyst_signed_in, {"return_name": "903", "file": files})
    assert "created 5" in page and "2025/26 SSDA903 set" in page and "B2003" in page
    assert Person.objects.filter(la_child_id="B2003").exists()
    bad = SimpleUploadedFile("episodes.csv", b"CHILD,DECOM\nX,01/01/2025\n", content_type="text/csv")
    refused = import_from_page(analyst_signed_in, {"return_name": "903", "file": [bad]})
    assert "not the columns of any SSDA903 table" in refused


@pytest.mark.django_db(transaction=True)
def test_the_ssda903_set_and_annex_a_are_built_in_the_background_and_downloaded(
        analyst_signed_in, record, django_capture_on_commit_callbacks):
    import zipfile

    from openpyxl import load_workbook

    year = current_year()
    child = record[0]
    cw.become_looked_after(child, start_date=date(year - 1, 4, 20), legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U6", "provider": "PR1", "carer_reference": "FC1"})
    run = build(analyst_signed_in, django_capture_on_commit_callbacks, year, "903")
    assert run.status == ReturnRun.Status.DONE
    page = analyst_signed_in.get(reverse("returns:return-run", args=[run.pk])).content.decode()
    assert "SSDA903" in page and "Download the SSDA903 CSV set and XML (zip)" in page
    # The page says what it was checked with: every rule, and no Ofsted URN checks without a list loaded.
    from opencsc.returns.ssda903.rules import SSDA903

    assert f"Checked with the {len(SSDA903.for_year(year))} DfE SSDA903 rules OpenCSC runs" in page
    assert len(SSDA903.for_year(2027)) == 327  # 2025/26's 316 and the DoLo rules 700-710
    assert "Ofsted URN checks" in page and "did not run" in page
    assert "not yet run here" not in page and reverse("returns:return-run-findings", args=[run.pk, "csv"]) in page
    assert f'<dd class="govuk-summary-list__value">{run.errors}</dd>' in page
    archive = zipfile.ZipFile(io.BytesIO(analyst_signed_in.get(reverse("returns:return-run-file", args=[run.pk])).content))
    assert "episodes.csv" in archive.namelist() and child.la_child_id in archive.read("episodes.csv").decode()
    # Checked against the DfE rules as it was built: no URN and no postcodes recorded for the placement.
    assert run.errors > 0 and run.findings.filter(code="218", la_child_id=child.la_child_id).exists()
    quality = analyst_signed_in.get(reverse("returns:data-quality") + "?return=903").content.decode()
    assert "Data quality: looked-after children return (SSDA903)" in quality and "218" in quality

    annex = build(analyst_signed_in, django_capture_on_commit_callbacks, year, "annexa")
    response = analyst_signed_in.get(reverse("returns:return-run-file", args=[annex.pk]))
    assert response["Content-Disposition"].endswith(f'annex_a_{year}.xlsx"')
    assert load_workbook(io.BytesIO(response.content)).sheetnames[-1] == "List 11"
    page = analyst_signed_in.get(reverse("returns:return-run", args=[annex.pk])).content.decode()
    assert "List 6:" in page and child.la_child_id in page and child.first_name not in page  # IDs only


def test_findings_that_need_no_change_are_shown_apart_on_the_run_page_and_in_the_download(analyst_signed_in):
    from opencsc.returns import services
    from opencsc.returns.engine import validate
    from opencsc.returns.ssda903.reading import from_tables
    from opencsc.returns.ssda903.rules import SSDA903
    from tests.fixtures.ssda903 import breakers, edits

    tables = breakers.clean_tables()
    edits._set(tables, "SWEpisodes", "B2001", SW_DECOM="01/03/2025")  # worker history from before care
    findings = validate(from_tables(tables, breakers.YEAR, authority="E06000001"), SSDA903, breakers.YEAR)
    run = ReturnRun.objects.create(return_name="903", year=breakers.YEAR, status=ReturnRun.Status.DONE, errors=0, queries=0)
    services.keep_findings(run, findings)
    assert run.findings.get(code="SW12STG2").no_change_needed
    page = analyst_signed_in.get(reverse("returns:return-run", args=[run.pk])).content.decode()
    assert "No change needed</strong> SW12STG2" in page
    response = analyst_signed_in.get(reverse("returns:return-run-findings", args=[run.pk, "csv"]))
    assert response["Content-Disposition"].endswith('ssda903_2026_findings.csv"')
    assert "B2001,Not allocated,SW12STG2,No change needed," in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_data_quality_shows_the_year_in_progress_unless_another_year_is_chosen(
        analyst_signed_in, record, django_capture_on_commit_callbacks):
    year = current_year()
    build(analyst_signed_in, django_capture_on_commit_callbacks, year)
    build(analyst_signed_in, django_capture_on_commit_callbacks, year - 1)  # last year's, built after this year's
    this_year, last_year = (ReturnRun.objects.get(year=y) for y in (year, year - 1))
    page = analyst_signed_in.get(reverse("returns:data-quality")).content.decode()
    assert f"From the latest run of {this_year.year_label}" in page
    assert f'<option value="{year}" selected>' in page and "(in progress)" in page
    chosen = analyst_signed_in.get(reverse("returns:data-quality"), {"year": year - 1}).content.decode()
    assert f"From the latest run of {last_year.year_label}" in chosen
    assert analyst_signed_in.get(reverse("returns:data-quality"), {"year": "nonsense"}).status_code == 200
