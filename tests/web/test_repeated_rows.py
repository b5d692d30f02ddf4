"""Repeated rows (who was at a meeting, its recommendations, a plan's new actions) are Django formsets
named as the pages have always posted them: the management form the page renders and a post without it
give the same rows; a row's error is named in the error summary and linked to its field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.meetings.forms import MeetingRecordForm
from opencsc.meetings.models import MeetingRecord

pytestmark = pytest.mark.django_db


def meeting(today, **rows):
    return {"kind": "core_group", "held_on-day": str(today.day), "held_on-month": str(today.month), "held_on-year": str(today.year),
            "decisions": "The plan continues.", **rows}


def test_rows_posted_with_or_without_the_management_form_are_the_same_rows():
    today = timezone.localdate()
    rows = {"att_0_name": "PC Reid", "att_0_agency": "police", "att_0_status": "attended",
            "att_1_name": "Ms Head", "att_1_agency": "education", "att_1_status": "apologies"}
    without = MeetingRecordForm(meeting(today, **rows))
    with_management = MeetingRecordForm(meeting(today, **rows, **{"att-TOTAL_FORMS": "2", "att-INITIAL_FORMS": "0",
                                                                    "rec-TOTAL_FORMS": "0", "rec-INITIAL_FORMS": "0"}))
    assert without.is_valid(), without.errors
    assert with_management.is_valid(), with_management.errors
    names = [(row["name"], row["agency"], row["status"]) for row in without.cleaned_data["attendance"]]
    assert names == [("PC Reid", "police", "attended"), ("Ms Head", "education", "apologies")]
    assert [row["name"] for row in with_management.cleaned_data["attendance"]] == ["PC Reid", "Ms Head"]


def test_a_row_pre_filled_from_the_invitees_and_left_as_it_was_still_counts():
    today = timezone.localdate()
    form = MeetingRecordForm(rows=[("PC Reid", "police")])
    assert form["att_0_name"].initial == "PC Reid" and len(form.attendance_rows()) == 1 + 4  # and four spare rows
    rendered = str(form.attendance.management_form)
    assert 'name="att-TOTAL_FORMS" value="5"' in rendered and 'name="att-INITIAL_FORMS" value="1"' in rendered
    posted = MeetingRecordForm(meeting(today, **{"att-TOTAL_FORMS": "1", "att-INITIAL_FORMS": "1", "att_0_name": "PC Reid",
                                                 "att_0_agency": "police", "att_0_status": "", "rec-TOTAL_FORMS": "0",
                                                 "rec-INITIAL_FORMS": "0"}), rows=[("PC Reid", "police")])
    assert posted.is_valid(), posted.errors
    assert posted.cleaned_data["attendance"][0]["name"] == "PC Reid"


def test_a_wrong_date_in_a_row_is_named_in_the_error_summary_and_nothing_is_saved(signed_in, worker, child):
    from tests.conftest import allocate_to

    allocate_to(child, worker)
    today = timezone.localdate()
    url = reverse("meetings:meeting-record-new", args=[child.pk])
    page = signed_in.get(url)
    data = meeting(today - timedelta(days=1), submission_id=page.context["form"].initial["submission_id"],
                   att_0_name="Sam Worker", att_0_agency="social_care", att_0_status="attended",
                   rec_0_text="Refer to the school nurse", **{"rec_0_due_on-day": "31", "rec_0_due_on-month": "2",
                                                              "rec_0_due_on-year": str(today.year + 1)})
    response = signed_in.post(url, data)
    shown = response.content.decode()
    assert response.status_code == 200 and not MeetingRecord.objects.exists()
    assert "There is a problem" in shown and 'href="#id_rec_0_due_on-day">By when must be a real date' in shown


def test_a_plan_draft_kept_before_progress_was_a_formset_still_restores_each_actions_progress():
    from opencsc.plans.forms import PlanForm
    from opencsc.plans.models import PlanAction

    today = timezone.localdate()
    walk = PlanAction(pk=41, action="Walk to school", who="Family support worker", status="open")
    gp = PlanAction(pk=57, action="GP appointment", who="Mum", status="open")
    old_draft = {"made_on-day": str(today.day), "made_on-month": str(today.month), "made_on-year": str(today.year),
                 "made_at": "cin_review", "purpose": "Safe at home.", "progress_41": "done", "progress_57": "dropped"}
    form = PlanForm(old_draft, kind="cin", actions=[walk, gp])
    form.fields.pop("version", None)
    assert form.is_valid(), form.errors
    assert form.progress() == {41: "done", 57: "dropped"}
    assert [row["status"] for row in form.cleaned_data["progress"]] == ["done", "dropped"]
