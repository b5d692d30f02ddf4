"""The record page reads what the steps keep (decisions 017, 018): the chronology's rows and the child's
return findings. It shows the same as the record says, says when the findings were checked, never shows
findings older than the last change, and costs the same few queries whatever the child's history."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.recording import chronology
from opencsc.returns import child_findings
from opencsc.returns.models import ChildFindings
from opencsc.staff.stepping import acting_as, step
from tests.conftest import allocate_to

from .history import add_history


def brought_up_to_date():
    """What the background worker does: every stale chronology and every child's findings."""
    chronology.rebuild(only_stale=True)
    while child_findings.refresh_stale():
        pass


def record(client, child):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:child-record", args=[child.pk]))
    assert response.status_code == 200
    return response, len(queries)


def with_census_problems(child):
    recent = timezone.localdate() - timedelta(days=20)
    referral = cw.open_referral(child, referral_date=recent, source="6")  # no primary need: 8610
    cw.close_referral(referral, closure_date=recent + timedelta(days=1), reason="RC8")
    return referral


@pytest.fixture
def child(child, worker):
    return allocate_to(child, worker)


@pytest.mark.django_db
def test_kept_findings_are_what_the_rules_find_now_and_the_page_says_when_they_were_checked(signed_in, child):
    with_census_problems(child)
    live, _ = record(signed_in, child)
    assert live.context["findings_kept"] is False and "Checked against the returns' rules just now" in live.content.decode()
    brought_up_to_date()
    kept, _ = record(signed_in, child)
    assert kept.context["findings_kept"] is True
    page = kept.content.decode()
    assert "8610" in page and "Primary Need code is missing" in page and "8825Q" in page
    assert f"at {timezone.localtime(ChildFindings.objects.get(child=child).as_of):%H:%M} today" in page
    shown = [[(f.code, f.message, f.where, f.fix_url, f.reason_url) for f in panel["findings"]] for panel in kept.context["returns"]]
    assert shown == [[(f.code, f.message, f.where, f.fix_url, f.reason_url) for f in panel["findings"]] for panel in live.context["returns"]]


@pytest.mark.django_db
def test_a_fix_saved_through_a_step_is_never_hidden_behind_kept_findings(signed_in, child, worker):
    referral = with_census_problems(child)
    brought_up_to_date()
    assert "8610" in record(signed_in, child)[0].content.decode()
    with acting_as(worker.user), step(changes=child):
        cw.set_primary_need(referral, "N1")
    after, _ = record(signed_in, child)
    assert after.context["findings_kept"] is False  # marked changed by the step: checked again now
    assert "8610" not in after.content.decode()
    brought_up_to_date()
    again, _ = record(signed_in, child)
    assert again.context["findings_kept"] is True and "8610" not in again.content.decode()


@pytest.mark.django_db
def test_a_change_made_while_the_worker_computes_is_not_overwritten_by_its_older_findings(child, worker, monkeypatch):
    with_census_problems(child)
    computing = child_findings.live_panels

    def a_step_lands_meanwhile(person):
        panels = computing(person)
        child_findings.mark_changed([person.pk])  # as a step in another request would
        return panels

    monkeypatch.setattr(child_findings, "live_panels", a_step_lands_meanwhile)
    assert child_findings.refresh([child.pk]) == 0
    assert not child_findings.current(ChildFindings.objects.get(child=child))
    monkeypatch.undo()
    assert child_findings.refresh([child.pk]) == 1
    assert child_findings.current(ChildFindings.objects.get(child=child))


@pytest.mark.django_db
def test_findings_go_stale_with_the_day_a_setting_the_rules_read_and_a_return_sent_to_dfe(child, settings):
    with_census_problems(child)
    brought_up_to_date()
    row = ChildFindings.objects.get(child=child)
    assert child_findings.current(row) and child_findings.stale() == []
    assert not child_findings.current(row, today=timezone.localdate() + timedelta(days=1))  # "not yet due" may have become due
    settings.PP_OUTCOME_CODES = {"something_new": "A"}
    assert not child_findings.current(row) and child_findings.stale() == [child.pk]
    brought_up_to_date()
    assert child_findings.stale() == []
    child_findings.mark_all_changed()
    assert child_findings.stale() == [child.pk]


@pytest.mark.django_db
def test_a_write_outside_any_step_drops_the_findings_so_they_are_computed_again(child, worker):
    with_census_problems(child)
    brought_up_to_date()
    people.add_alert(child, kind="interpreter", start_date=date(2026, 1, 1))  # a shell's write, no step
    assert not ChildFindings.objects.filter(child=child).exists() and child.pk in child_findings.stale()


@pytest.mark.django_db
def test_a_child_deleted_outside_any_step_leaves_no_read_model_naming_them(child, worker):
    add_history(child, worker, 1)
    brought_up_to_date()
    child.delete()  # a shell's: every row of the record cascades first, each noticed while the child still exists
    connection.check_constraints()
    assert not ChildFindings.objects.filter(child_id=child.pk).exists()


@pytest.mark.django_db
def test_with_everything_kept_the_record_page_costs_the_same_for_one_event_of_each_kind_as_for_twenty(signed_in, worker):
    short = add_history(people.create_person(first_name="One", last_name="Each", date_of_birth=date(2012, 1, 1)), worker, 1)
    long = add_history(people.create_person(first_name="Many", last_name="Each", date_of_birth=date(2012, 1, 1)), worker, 20)
    _, short_live = record(signed_in, short)
    brought_up_to_date()
    short_page, short_kept = record(signed_in, short)
    long_page, long_kept = record(signed_in, long)
    assert short_page.context["findings_kept"] and long_page.context["findings_kept"]
    assert short_kept == long_kept
    assert short_kept <= short_live - 30  # the chronology's builders and the returns no longer run on a view
    assert long_page.content.decode().count("Seen at home.") == 20


@pytest.mark.django_db
def test_a_day_passing_makes_a_not_yet_due_finding_due_after_the_refresh(child, worker, monkeypatch):
    """Rule 359 waits while a looked-after child's 18th birthday is ahead; the day after it, with no step
    taken, the kept findings are out of date and the refresh shows the finding as due."""
    def today_is(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)
        monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime.combine(day, time(9))))

    today_is(date(2026, 12, 7))
    turning_18 = people.create_person(first_name="Jay", last_name="Soon", date_of_birth=date(2008, 12, 8), sex="M", ethnicity="WBRI")
    cw.become_looked_after(turning_18, start_date=date(2026, 5, 1), legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U4", "provider": "PR1", "carer_reference": "C1"})
    brought_up_to_date()

    def rule_359():
        row = ChildFindings.objects.get(child=turning_18)
        (ssda903,) = [p for p in row.panels if p["return"] == "903"]
        return [f for f in ssda903["findings"] if f["code"] == "359"]

    (waiting,) = rule_359()
    assert waiting["not_yet_due"]
    today_is(date(2026, 12, 9))
    assert turning_18.pk in child_findings.stale()
    brought_up_to_date()
    (due,) = rule_359()
    assert not due["not_yet_due"]


@pytest.mark.django_db
def test_a_child_whose_findings_cannot_be_computed_does_not_stop_the_others(child, worker, monkeypatch, caplog):
    other = people.create_person(first_name="Other", last_name="Child", date_of_birth=date(2016, 1, 1))
    computing = child_findings.live_panels

    def fails_for_the_first(person):
        if person.pk == child.pk:
            raise ValueError("a record the rules cannot read")
        return computing(person)

    monkeypatch.setattr(child_findings, "live_panels", fails_for_the_first)
    assert child_findings.refresh([child.pk, other.pk]) == 1
    assert child_findings.current(ChildFindings.objects.get(child=other))
    assert not ChildFindings.objects.filter(child=child, kept__isnull=False).exists()
    assert f"child {child.pk} could not be computed" in caplog.text
