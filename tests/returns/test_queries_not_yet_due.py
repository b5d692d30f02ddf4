"""Second walk, item 9: in a year in progress, CIN queries 8670Q and 8675Q on an assessment or section 47
started within its timescale of today are "not yet due", not something to fix; one already past its
timescale is still a query."""

from datetime import date

import pytest
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.timescales import add_working_days
from opencsc.returns.selectors import cin_findings_for_child
from tests.conftest import allocate_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_year(monkeypatch):
    """A day in the middle of a collection year (the year in progress), whatever day the suite runs."""
    day = date(2026, 11, 16)
    monkeypatch.setattr("opencsc.returns.year_end.today", lambda: day)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    return day


def started(child, worker, on):
    allocate_to(child, worker)
    referral = cw.open_referral(child, referral_date=on, source="6", primary_need="N1")
    cw.start_assessment(referral, start_date=on)
    return referral


def test_an_assessment_started_today_is_not_yet_due_and_one_past_45_working_days_is_a_query(child, worker, in_year):
    started(child, worker, in_year)
    _, findings = cin_findings_for_child(child, 2027)
    late = [f for f in findings if f.code == "8670Q"]
    assert late and all(f.not_yet_due for f in late)


def test_an_assessment_past_its_45_working_days_is_still_a_query(child, worker, in_year):
    started(child, worker, add_working_days(in_year, -50))
    _, findings = cin_findings_for_child(child, 2027)
    late = [f for f in findings if f.code == "8670Q"]
    assert late and not any(f.not_yet_due for f in late)
