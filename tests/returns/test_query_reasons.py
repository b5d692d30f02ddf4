"""A query that is right as recorded gets a reason (second walk, item 9): given by whoever may work on the
child, kept with who and when, shown on the child's "Data to fix" panel and the run, and listed (and
downloadable) for the analyst to give in DfE's collection system. An error takes no reason."""


import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.timescales import add_working_days
from opencsc.codes.base import collection_year_of
from opencsc.returns.models import QueryReason
from opencsc.returns.services import give_query_reason
from opencsc.staff.models import RoleCode, Team
from tests.conftest import as_opened, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_assessment(my_child):
    """An assessment open past its 45 working days: query 8670Q in the year in progress."""
    on = add_working_days(timezone.localdate(), -60)
    referral = cw.open_referral(my_child, referral_date=on, source="6", primary_need="N1")
    cw.start_assessment(referral, start_date=on)
    return my_child


def reason_url(child, code="8670Q"):
    return f"{reverse('returns:query-reason', args=[child.pk])}?return=cin&year={collection_year_of(timezone.localdate())}&code={code}"


def test_the_panel_offers_a_reason_for_a_query_and_shows_it_once_given(signed_in, worker, late_assessment):
    record = signed_in.get(reverse("web:child-record", args=[late_assessment.pk])).content.decode()
    assert "Or give a reason it is right" in record and "8670Q" in record
    url = reason_url(late_assessment)
    response = signed_in.post(url, as_opened(signed_in, url, {"reason": "The family moved away for six weeks; agreed with the manager"}))
    assert response.status_code == 302
    kept = QueryReason.objects.get(child=late_assessment, code="8670Q")
    assert (kept.given_by, kept.return_name) == (worker, "cin")
    record = signed_in.get(reverse("web:child-record", args=[late_assessment.pk])).content.decode()
    assert "Reason given by" in record and "The family moved away for six weeks" in record and "Change the reason" in record


def test_a_reason_saved_meanwhile_by_someone_else_is_not_overwritten(signed_in, worker, late_assessment):
    url = reason_url(late_assessment)
    opened = as_opened(signed_in, url, {"reason": "mine"})
    give_query_reason(late_assessment, return_name="cin", year=collection_year_of(timezone.localdate()), code="8670Q",
                      reason="theirs, first", by=worker)
    response = signed_in.post(url, opened)
    assert response.status_code == 200 and "mine" in response.content.decode()  # what was typed is kept on the page
    assert list(QueryReason.objects.values_list("reason", flat=True)) == ["theirs, first"]


def test_an_error_takes_no_reason(late_assessment, worker):
    with pytest.raises(ValidationError, match="not a query"):
        give_query_reason(late_assessment, return_name="cin", year=collection_year_of(timezone.localdate()), code="8500",
                          reason="because", by=worker)


def test_the_analyst_lists_and_downloads_the_reasons(client, worker, late_assessment):
    year = collection_year_of(timezone.localdate())
    give_query_reason(late_assessment, return_name="cin", year=year, code="8670Q", reason="Moved away, back now", by=worker)
    give_query_reason(late_assessment, return_name="cin", year=year, code="8670Q", reason="Moved away for six weeks", by=worker)
    client.force_login(make_worker("data.analyst", RoleCode.DATA_ANALYST).user)
    page = client.get(reverse("returns:query-reasons"), {"return": "cin", "year": year}).content.decode()
    assert late_assessment.la_child_id in page and "Moved away for six weeks" in page
    assert "Moved away, back now" not in page  # the latest reason for a child and rule
    csv = client.get(reverse("returns:query-reasons"), {"return": "cin", "year": year, "format": "csv"}).content.decode()
    assert csv.splitlines()[1].startswith(f"{late_assessment.la_child_id},8670Q,Moved away for six weeks")


def test_a_worker_who_may_not_work_on_the_child_cannot_give_a_reason(client, late_assessment):
    other = make_worker("other.worker", RoleCode.SOCIAL_WORKER, Team.objects.create(name="Other"))
    client.force_login(other.user)
    assert client.post(reason_url(late_assessment), {"reason": "x"}).status_code == 403
    assert not QueryReason.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_findings_download_carries_the_reason(client, worker, late_assessment, django_capture_on_commit_callbacks):
    from tests.returns.test_analyst_pages import build

    year = collection_year_of(timezone.localdate())
    give_query_reason(late_assessment, return_name="cin", year=year, code="8670Q", reason="Agreed late start", by=worker)
    client.force_login(make_worker("data.analyst", RoleCode.DATA_ANALYST).user)
    run = build(client, django_capture_on_commit_callbacks, year)
    rows = client.get(reverse("returns:return-run-findings", args=[run.pk, "csv"])).content.decode()
    assert "Agreed late start" in rows
    assert "1 query has a reason given" in client.get(reverse("returns:return-run", args=[run.pk])).content.decode()


