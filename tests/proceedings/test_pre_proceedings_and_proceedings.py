"""Pre-proceedings under the Public Law Outline, once for brothers and sisters together; the offer of a
family group decision-making meeting (s31ZA Children Act 1989); care proceedings on the 26-week clock;
orders that become the child's legal order and legal status."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencsc import versions
from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.casework.models import LegalOrder
from opencsc.people import services as people
from opencsc.proceedings import models as m
from opencsc.proceedings import services as plo
from opencsc.proceedings.selectors import s31za_findings, week_26
from opencsc.recording.chronology import chronology
from opencsc.recording.documents import addressees, current_templates, fill, merge_values
from tests.conftest import allocate_to

pytestmark = pytest.mark.django_db


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture
def family(worker):
    today = timezone.localdate()
    mum = people.create_person(kind="adult", first_name="Dawn", last_name="Reed", sex="F")
    dad = people.create_person(kind="adult", first_name="Lee", last_name="Reed", sex="M")
    kids = []
    for first, born in (("Ava", date(2016, 5, 1)), ("Noah", date(2019, 2, 2))):
        kid = people.create_person(first_name=first, last_name="Reed", date_of_birth=born)
        people.link_relative(kid, mum, "mother", parental_responsibility=True, pr_basis="birth")
        people.link_relative(kid, dad, "father", parental_responsibility=True, pr_basis="marriage_or_registration")
        allocate_to(kid, worker, start=today - timedelta(days=200))
        cw.open_referral(kid, referral_date=today - timedelta(days=200), source="6", primary_need="N1")
        kids.append(kid)
    return {"children": kids, "mum": mum, "dad": dad, "today": today}


def started(family, days_ago=60):
    today = family["today"]
    pre = plo.start_pre_proceedings(family["children"], legal_planning_date=today - timedelta(days=days_ago),
                                    decision="Neglect continues despite the plan: start pre-proceedings.")
    plo.send_letter_before_proceedings(pre, sent_on=today - timedelta(days=days_ago - 3), fgdm_offered=True)
    return pre


def test_brothers_and_sisters_go_through_pre_proceedings_once_and_the_meeting_count_comes_from_the_meetings(family):
    ava, noah = family["children"]
    pre = started(family)
    assert set(pre.children.all()) == {ava, noah}
    with pytest.raises(ValidationError, match="already in pre-proceedings"):
        plo.start_pre_proceedings([noah], legal_planning_date=family["today"], decision="Again")
    for days in (50, 30, 10):
        plo.record_meeting(pre, date=family["today"] - timedelta(days=days))
    kinds = list(pre.meetings.values_list("kind", flat=True))
    assert kinds == ["initial", "review", "review"]  # the first is the initial meeting; the count is never typed
    with pytest.raises(ValidationError, match="initial meeting was on"):
        plo.record_meeting(pre, date=family["today"] - timedelta(days=55))


def test_a_parent_who_accepts_the_family_group_meeting_must_have_it_before_any_application(family):
    ava, noah = family["children"]
    pre = started(family)
    assert {p.first_name for p in plo.parents_of(pre)} == {"Dawn", "Lee"}  # each parent with PR is offered it
    plo.record_parent_response(pre, family["mum"], accepted=True, responded_on=family["today"] - timedelta(days=50))
    plo.record_parent_response(pre, family["dad"], accepted=False, responded_on=family["today"] - timedelta(days=50))
    due = [i for i in due_work([ava.pk, noah.pk]) if i.what.startswith("Hold the family group")]
    assert {i.child_id for i in due} == {ava.pk, noah.pk}
    assert "Dawn Reed accepted" in s31za_findings(pre)[0].message
    plo.decide_step(pre, on=family["today"] - timedelta(days=5), outcome="issue")
    # The application is a fact: recorded even though s31ZA was not met, and the finding says who must act.
    made = plo.apply_to_court(pre, [ava, noah], application_date=family["today"] - timedelta(days=4), court="Family Court at Leeds")
    assert made.pk and "none was held before the court application" in s31za_findings(pre)[0].message
    assert "team manager and legal services" in s31za_findings(pre)[0].who_fixes


def test_no_offer_needs_its_reason(family):
    pre = plo.start_pre_proceedings(family["children"][:1], legal_planning_date=family["today"], decision="Start.")
    with pytest.raises(ValidationError, match="Say why a family group decision-making meeting was not offered"):
        plo.send_letter_before_proceedings(pre, sent_on=family["today"], fgdm_offered=False)
    plo.send_letter_before_proceedings(pre, sent_on=family["today"], fgdm_offered=False,
                                       not_offered_reason="an offer would alert a parent who poses a risk to the children")
    assert not s31za_findings(pre)


def test_the_26_week_clock_with_an_extension_is_on_my_work_and_a_care_order_sets_the_legal_status(family):
    ava, noah = family["children"]
    today = family["today"]
    pre = started(family, days_ago=120)
    plo.decide_step(pre, on=today - timedelta(days=100), outcome="issue")
    proceedings = plo.apply_to_court(pre, [ava, noah], application_date=today - timedelta(days=100), court="Family Court at Leeds")
    assert week_26(proceedings) == today - timedelta(days=100) + timedelta(weeks=26)
    with pytest.raises(ValidationError, match="1 to 8 weeks"):
        plo.extend(proceedings, granted_on=today - timedelta(days=10), weeks=9, reason="Expert report late")
    plo.extend(proceedings, granted_on=today - timedelta(days=10), weeks=6, reason="Expert report late")
    clock = next(i for i in due_work([ava.pk]) if i.what == "Care proceedings: week 26")
    assert clock.due == today - timedelta(days=100) + timedelta(weeks=32) and "extended 6 weeks" in clock.anchor

    period = cw.become_looked_after(ava, start_date=today - timedelta(days=99), legal_status="V2", category_of_need="N1",
                                    placement={"placement_type": "U4", "provider": "PR1", "carer_reference": "FC-9"})
    plo.make_order(proceedings, ava, kind="interim_care", made_on=today - timedelta(days=95))
    assert period.legal_statuses.get(end_date__isnull=True).code == "C1"  # not retyped
    plo.make_order(proceedings, ava, kind="care", made_on=today - timedelta(days=2))
    assert period.legal_statuses.get(end_date__isnull=True).code == "C2"
    assert LegalOrder.objects.get(child=ava, kind="interim_care").end_date == today - timedelta(days=2)
    proceedings.refresh_from_db()
    assert proceedings.concluded_on == today - timedelta(days=2)
    assert not any(i.what == "Care proceedings: week 26" for i in due_work([ava.pk]))  # concluded: the clock stops
    titles = [e.title for e in chronology(ava, ["court", "legal"], notes=ava.case_notes.none())]
    assert "Application to court" in titles and "Timetable extended by 6 weeks" in titles and "Care order (s31)" in titles


def test_a_placement_order_becomes_a_legal_order_on_the_record_and_a_stranger_cannot_be_given_one(family):
    ava, noah = family["children"]
    stranger = people.create_person(first_name="Zed", last_name="Other", date_of_birth=date(2017, 1, 1))
    proceedings = plo.apply_to_court(None, [ava], application_date=family["today"] - timedelta(days=30), court="Family Court")
    plo.make_order(proceedings, ava, kind="placement", made_on=family["today"])
    assert LegalOrder.objects.get(child=ava).kind == "placement"
    with pytest.raises(ValidationError, match="not a subject of these proceedings"):
        plo.make_order(proceedings, stranger, kind="care", made_on=family["today"])


def test_the_letter_before_proceedings_draws_on_the_decision_and_carries_the_offer(family):
    ava = family["children"][0]
    started(family)
    template = current_templates()["letter_before_proceedings"]
    to = addressees(ava, family["today"])[0]
    text = fill(template.body, merge_values(ava, to, family["today"]))
    assert "Neglect continues despite the plan" in text and "family group decision-making meeting" in text
    assert "free legal advice" in text


def test_deprivation_of_liberty_orders_keep_their_dates_and_court(family):
    ava = family["children"][0]
    with pytest.raises(ValidationError, match="authorised the deprivation of liberty"):
        plo.record_liberty_order(ava, start_date=family["today"], court="")
    order = plo.record_liberty_order(ava, start_date=family["today"] - timedelta(days=40), court="High Court, Family Division")
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        plo.end_liberty_order(order, end_date=family["today"] - timedelta(days=41))
    plo.end_liberty_order(order, end_date=family["today"])
    assert m.DeprivationOfLibertyOrder.objects.get().end_date == family["today"]


def test_the_steps_through_their_pages_refuse_a_stale_save(signed_in, family):
    ava, noah = family["children"]
    today = family["today"]
    start = reverse("proceedings:pre-proceedings-start", args=[ava.pk])
    page = signed_in.get(start).content.decode()
    assert "Noah Reed" in page  # the brother is offered, to go through it together
    signed_in.post(start, {**gov_date("legal_planning_date", today - timedelta(days=20)), "decision": "Start: neglect.",
                           "children": [ava.pk, noah.pk]})
    pre = m.PreProceedings.objects.get()
    letter = reverse("proceedings:pre-proceedings-letter", args=[ava.pk])
    opened = signed_in.get(letter).context["form"].initial["version"]
    signed_in.post(letter, {**gov_date("sent_on", today - timedelta(days=18)), "fgdm_offered": "yes", "version": opened})
    stale = signed_in.post(letter, {**gov_date("sent_on", today - timedelta(days=17)), "fgdm_offered": "yes", "version": opened})
    assert "saved by someone else" in stale.content.decode()
    pre.refresh_from_db()
    assert pre.letter_sent_on == today - timedelta(days=18)
    answer = reverse("proceedings:pre-proceedings-response", args=[noah.pk])
    signed_in.post(answer, {"parent": family["mum"].pk, "accepted": "yes", **gov_date("responded_on", today - timedelta(days=15)),
                            "version": versions.token(m.PreProceedings.objects.get())})
    overview = signed_in.get(reverse("proceedings:pre-proceedings", args=[ava.pk])).content.decode()
    assert "Dawn Reed: accepted" in overview and 'data-testid="s31za"' in overview
    assert "Pre-proceedings" in signed_in.get(reverse("web:child-record", args=[ava.pk])).content.decode()


def test_subject_access_lists_pre_proceedings_for_each_child_with_the_legal_advice_marked(family, worker):
    from opencsc.access.subject_access import gather

    ava, noah = family["children"]
    pre = started(family)
    plo.record_parent_response(pre, family["mum"], accepted=True, responded_on=family["today"] - timedelta(days=50))
    for kid in (ava, noah):
        listed = gather(kid, worker.user)["records"]["pre-proceedings"][0]
        assert listed["legal_planning_decision"]["ground"] == "legal_privilege"
        assert listed["answers"][0]["parent"]["value"] == "Dawn Reed" and listed["answers"][0]["accepted"] is True
