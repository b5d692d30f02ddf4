"""DfE compares a return with the file it was sent for last year, so once an analyst marks a run as
sent, next year's year-on-year checks read that file and not last year's record as it is today."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import RecordAccess
from opencsc.casework import services as cw
from opencsc.casework.models import Placement
from opencsc.people import services as people
from opencsc.returns import services
from opencsc.returns.models import ReturnRun
from opencsc.returns.ssda903.validation import changed_since_sent, last_year, set_from_record


def places(s, child):
    return [row["PLACE"] for row in s.by_id[child.la_child_id].table("Episodes")]


def sent_run(year):
    run = ReturnRun.objects.create(return_name="903", year=year)
    services.run_return(run.pk)
    return services.mark_submitted(run.pk, user=None)


@pytest.mark.django_db
def test_next_years_checks_read_the_file_marked_as_sent_not_last_years_record_as_it_is_today(worker, tmp_path):
    child = people.create_person(first_name="Mia", last_name="Stone", date_of_birth=date(2012, 5, 2), sex="F",
                                 ethnicity="WBRI", disabilities=["NONE"])
    cw.become_looked_after(child, start_date=date(2024, 4, 20), legal_status="C2", category_of_need="N1",
                           placement={"placement_type": "U6", "provider": "PR1", "carer_reference": "FC1"})
    assert last_year(2026).source.startswith("built from the record (no run of it is marked as sent to DfE)")

    first = sent_run(2025)
    Placement.objects.filter(child=child).update(placement_type="U4")  # corrected after the file went

    sent = last_year(2026)
    assert sent.source == f"as sent to DfE on {timezone.localtime(first.submitted_at):%-d %B %Y} (run {first.pk})"
    assert places(sent, child) == ["U6"]
    assert places(set_from_record(2026).last, child) == ["U6"]  # what the analyst's run and the command check with
    said = io.StringIO()
    call_command("validate_return", "903", "--year", "2026", "--out", str(tmp_path / "findings.csv"), stderr=said)
    assert f"Compared with last year's return as sent to DfE on {timezone.localtime(first.submitted_at):%-d %B %Y}" \
        in said.getvalue()

    # The analyst's run for 2025/26 says whose 2024/25 rows were corrected since the file went.
    checked = ReturnRun.objects.create(return_name="903", year=2026)
    services.run_return(checked.pk)
    checked.refresh_from_db()
    assert "with last year's return as sent to DfE on" in checked.message
    assert f"1 child's 2024/25 rows in the record differ from the file sent to DfE ({child.la_child_id})" in checked.message

    sent_run(2025)  # an amended file sent later is the one DfE holds
    assert places(last_year(2026), child) == ["U4"]
    assert changed_since_sent(2026) == []


@pytest.mark.django_db
def test_only_a_finished_dfe_return_with_its_file_can_be_marked_and_marking_twice_keeps_the_first_mark():
    waiting = ReturnRun.objects.create(return_name="903", year=2025)
    with pytest.raises(services.CannotMarkSubmitted, match="has no file to send"):
        services.mark_submitted(waiting.pk, user=None)
    annex = ReturnRun.objects.create(return_name="annexa", year=2025, status=ReturnRun.Status.DONE, content=b"xlsx")
    with pytest.raises(services.CannotMarkSubmitted, match="not a DfE return"):
        services.mark_submitted(annex.pk, user=None)
    done = ReturnRun.objects.create(return_name="cin", year=2025, status=ReturnRun.Status.DONE, content=b"<Message/>")
    first = services.mark_submitted(done.pk, user=None).submitted_at
    assert first is not None and services.mark_submitted(done.pk, user=None).submitted_at == first
    waiting.refresh_from_db()
    assert waiting.submitted_at is None


@pytest.mark.django_db
def test_the_analyst_marks_a_run_as_sent_on_its_page_and_the_list_of_runs_tags_it(analyst_signed_in):
    run = ReturnRun.objects.create(return_name="903", year=2025, status=ReturnRun.Status.DONE, content=b"zip",
                                   finished_at=timezone.now())
    page = analyst_signed_in.get(reverse("returns:return-run", args=[run.pk])).content.decode()
    assert "Mark as sent to DfE" in page and "year-on-year checks will read this one" in page

    after = analyst_signed_in.post(reverse("returns:return-run-submitted", args=[run.pk]), follow=True).content.decode()
    assert "Marked as sent to DfE. The 2025/26 return&#x27;s checks that compare with last year now read this file." in after
    assert 'id="submitted">Marked ' in after and "by dana.analyst</dd>" in after and "Mark as sent to DfE</button>" not in after
    assert "Sent to DfE</strong>" in analyst_signed_in.get(reverse("returns:returns")).content.decode()
    assert RecordAccess.objects.filter(action="change", detail=f"903 2024/25 run {run.pk} marked as sent to DfE").exists()

    queued = ReturnRun.objects.create(return_name="903", year=2026)
    refused = analyst_signed_in.post(reverse("returns:return-run-submitted", args=[queued.pk]), follow=True).content.decode()
    assert "has no file to send" in refused and "There is a problem" in refused and ">Success<" not in refused


@pytest.mark.django_db
def test_a_file_marked_as_sent_that_cannot_be_read_is_said_and_last_years_is_built_from_the_record():
    broken = ReturnRun.objects.create(return_name="903", year=2025, status=ReturnRun.Status.DONE, content=b"not a zip")
    services.mark_submitted(broken.pk, user=None)
    assert last_year(2026).source.startswith(f"built from the record (the file of run {broken.pk}, marked as sent on ")
    assert changed_since_sent(2026) == []
