"""Plans as practitioners keep them: each version kept, actions carried forward with their progress,
reviews due on My work, and what the returns read recorded once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencsc import versions
from opencsc.casework import models as casework
from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.plans import services
from opencsc.plans.models import Plan, PlanAction
from tests.conftest import allocate_to

pytestmark = pytest.mark.django_db


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture
def in_need(worker, child):
    allocate_to(child, worker)
    referral = cw.open_referral(child, referral_date=timezone.localdate() - timedelta(days=100), source="6", primary_need="N1")
    cw.start_cin_plan(referral, start_date=timezone.localdate() - timedelta(days=95))
    return child


def test_a_child_in_need_plan_is_reviewed_each_version_kept_and_actions_carry_their_progress(signed_in, in_need):
    child, today = in_need, timezone.localdate()
    assert any(i.what == "Review the child in need plan" for i in due_work([child.pk]))  # due from the plan's start
    url = reverse("plans:plan-update", args=[child.pk, "cin"])
    opened = signed_in.get(url)
    assert opened.status_code == 200
    first = {**gov_date("made_on", today - timedelta(days=90)), "made_at": "started", "purpose": "Amelia attends school and is safe.",
             "needs": "School attendance; mum's low mood.", "new_0_need": "Attendance", "new_0_action": "Walk to school with mum",
             "new_0_who": "Family support worker", **gov_date("new_0_by_when", today - timedelta(days=30)),
             "new_1_action": "GP appointment for mum", "new_1_who": "Mum", "version": opened.context["form"].initial["version"]}
    assert signed_in.post(url, first).status_code == 302
    the_plan = Plan.objects.get(child=child)
    walk, gp = PlanAction.objects.filter(version__plan=the_plan).order_by("pk")
    page = signed_in.get(reverse("plans:plan", args=[child.pk, "cin"])).content.decode()
    assert "Walk to school with mum" in page and "Overdue" in page  # by when has passed, still to do

    reopened = signed_in.get(url)
    shown = reopened.content.decode()
    assert 'name="progress_0_status"' in shown and 'name="progress_1_status"' in shown and "Walk to school with mum (Family support worker)" in shown
    second = {**gov_date("made_on", today), "made_at": "cin_review", "purpose": "Amelia attends school and is safe.",
              "progress-TOTAL_FORMS": "5", "progress-INITIAL_FORMS": "2",  # claims more rows than there are actions: ignored
              "progress_0_status": "done", "progress_1_status": "open", "new_0_action": "Referral to the school nurse",
              "new_0_who": "", **gov_date("next_review", today + timedelta(days=60)),
              "version": reopened.context["form"].initial["version"]}
    refused = signed_in.post(url, second)
    assert "Say who will do" in refused.content.decode()  # an action with no one to do it
    second["new_0_who"] = "School nurse"
    assert signed_in.post(url, second).status_code == 302
    versions_kept = list(the_plan.versions.order_by("number"))
    assert [v.number for v in versions_kept] == [1, 2]
    assert [(a.action, a.status) for a in versions_kept[0].actions.all()] == [("Walk to school with mum", "open"),
                                                                               ("GP appointment for mum", "open")]
    assert [(a.action, a.status) for a in versions_kept[1].actions.all()] == [
        ("Walk to school with mum", "done"), ("GP appointment for mum", "open"), ("Referral to the school nurse", "open")]
    review = next(i for i in due_work([child.pk]) if i.what == "Review the child in need plan")
    assert review.due == today + timedelta(days=60)
    stale = signed_in.post(url, {**second, "version": opened.context["form"].initial["version"]})
    assert "saved by someone else" in stale.content.decode(), stale.context["form"].errors
    old = signed_in.get(reverse("plans:plan", args=[child.pk, "cin"]) + "?version=1").content.decode()
    assert "Version 1, agreed" in old and "Referral to the school nurse" not in old


def test_closing_the_child_in_need_plan_ends_it_for_the_census_with_the_reason(signed_in, in_need):
    url = reverse("plans:plan-close", args=[in_need.pk])
    the_plan = services.open_plan(in_need, "cin")
    response = signed_in.post(url, {**gov_date("on", timezone.localdate()), "reason": "Attendance 97% for a term.",
                                    "version": versions.token(the_plan)})
    assert response.status_code == 302
    assert casework.CINPlan.objects.get(child=in_need).end_date == timezone.localdate()  # CINPlanEndDate
    assert not any(i.what == "Review the child in need plan" for i in due_work([in_need.pk]))


def test_a_plan_needs_its_statutory_fact_and_a_pathway_plan_is_the_pathway_plan_date_the_returns_read(worker, child, in_need):
    other = in_need.__class__.objects.create(first_name="No", last_name="Plan", date_of_birth=date(2012, 1, 1), kind="child")
    with pytest.raises(ValidationError, match="is not looked after"):
        services.open_plan(other, "care")
    teen = in_need.__class__.objects.create(first_name="Kai", last_name="Leaver", date_of_birth=timezone.localdate() - timedelta(days=17 * 366),
                                            kind="child")
    period = cw.become_looked_after(teen, start_date=timezone.localdate() - timedelta(days=400), legal_status="C2",
                                    category_of_need="N1", placement={"placement_type": "U4", "provider": "PR1", "carer_reference": "F1"})
    care = services.open_plan(teen, "care")
    services.save_version(care, made_on=timezone.localdate() - timedelta(days=300), made_at="started", purpose="Stable home",
                          permanence="long_term_fostering")
    assert casework.PermanencePlan.objects.get(child=teen).plan == "long_term_fostering"  # Annex A list 8 reads it
    pathway = services.open_plan(teen, "pathway")
    services.save_version(pathway, made_on=timezone.localdate() - timedelta(days=10), made_at="started", purpose="Independence at 18",
                          needs_assessment="Budgeting, cooking, college place", personal_adviser=worker)
    assert casework.PathwayPlan.objects.get(child=teen).is_review is False
    assert casework.NeedsAssessment.objects.filter(child=teen).exists()
    assert casework.Allocation.objects.get(child=teen, kind="personal_adviser").worker == worker
    services.save_version(pathway, made_on=timezone.localdate(), made_at="pathway_review", purpose="Independence at 18")
    assert list(casework.PathwayPlan.objects.filter(child=teen).order_by("date").values_list("is_review", flat=True)) == [False, True]
    assert period.pk


def test_the_record_shows_each_current_plan_with_its_version(signed_in, in_need):
    the_plan = services.open_plan(in_need, "cin")
    services.save_version(the_plan, made_on=timezone.localdate(), made_at="started", purpose="Safe at home",
                          next_review=timezone.localdate() + timedelta(days=90))
    page = signed_in.get(reverse("web:child-record", args=[in_need.pk])).content.decode()
    assert 'data-testid="plan-cin"' in page and "Version 1" in page


def test_subject_access_lists_every_version_of_a_plan(worker, in_need):
    from opencsc.access.subject_access import gather

    the_plan = services.open_plan(in_need, "cin")
    services.save_version(the_plan, made_on=timezone.localdate(), made_at="started", purpose="Safe at home",
                          new_actions=[{"action": "Nursery place", "who": "Early years"}])
    listed = gather(in_need, worker.user)["records"]["plans"][0]
    assert listed["plan"] == "Child in need plan" and listed["versions"][0]["actions"][0]["action"] == "Nursery place"


def test_the_care_plan_and_each_placement_plan_are_due_until_written_and_my_work_links_to_the_form(worker, child):
    from opencsc.casework.journey_views import action_url

    allocate_to(child, worker)
    start = timezone.localdate() - timedelta(days=20)
    period = cw.become_looked_after(child, start_date=start, legal_status="V2", category_of_need="N1",
                                    placement={"placement_type": "U4", "provider": "PR1", "carer_reference": "F1"})
    due = {i.what: i for i in due_work([child.pk])}
    assert {"Write the care plan", "Write the placement plan"} <= set(due)
    assert action_url(due["Write the care plan"]) == reverse("plans:plan-update", args=[child.pk, "care"])
    services.save_version(services.open_plan(child, "care"), made_on=start, made_at="started", purpose="A stable home")
    moved = cw.move_placement(period, date=timezone.localdate() - timedelta(days=2), reason_changed="CHILD",
                              placement_type="U6", provider="PR4", carer_reference="F2")
    services.save_version(services.open_plan(child, "placement"), made_on=moved.start_date, made_at="started", purpose="Settle in")
    assert not {"Write the care plan", "Write the placement plan"} & {i.what for i in due_work([child.pk])}


@pytest.mark.parametrize("kind", ["cin", "cp"])
def test_updating_a_plan_keeps_its_next_review_unless_it_is_changed(signed_in, in_need, worker, kind):
    """Second walk, item 4: a new version starts from the last one's values, so the review stays on My work."""
    child, today = in_need, timezone.localdate()
    if kind == "cp":
        cw.start_cp_plan(casework.Referral.objects.get(child=child), start_date=today - timedelta(days=20), category="NEG")
    the_plan = services.open_plan(child, kind)
    services.save_version(the_plan, made_on=today - timedelta(days=10), made_at="other", purpose="Safe at home", needs="Routines",
                          contingency="", next_review=today + timedelta(days=50), by=worker)
    url = reverse("plans:plan-update", args=[child.pk, kind])
    form = signed_in.get(url).context["form"]
    assert form.initial["next_review"] == today + timedelta(days=50)
    posted = {**gov_date("made_on", today), "made_at": "other", "purpose": "Safe at home", "needs": "Routines",
              **gov_date("next_review", form.initial["next_review"]), "version": form.initial["version"]}
    assert signed_in.post(url, posted).status_code == 302
    assert the_plan.versions.first().next_review == today + timedelta(days=50)
