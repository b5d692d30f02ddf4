"""Family Help led by a practitioner who need not be a social worker: they hold the family's children,
cannot lead a section 47 enquiry, and a note written once for the family is on each child's chronology."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.casework.models import Section47Enquiry
from opencsc.familyhelp import services
from opencsc.familyhelp.models import FamilyHelpEpisode
from opencsc.familyhelp.selectors import counts_as_child_in_need
from opencsc.people import services as people
from opencsc.recording.chronology import chronology
from opencsc.staff.models import RoleCode
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


@pytest.fixture
def family(worker):
    mum = people.create_person(kind="adult", first_name="Gemma", last_name="Cole", sex="F")
    kids = []
    for first, born in (("Mia", date(2015, 1, 1)), ("Leo", date(2018, 6, 6))):
        kid = people.create_person(first_name=first, last_name="Cole", date_of_birth=born)
        people.link_relative(kid, mum, "mother", parental_responsibility=True, pr_basis="birth")
        kids.append(kid)
    lead = make_worker("fay.helper", RoleCode.FAMILY_HELP_PRACTITIONER, worker.team, name="Fay Helper")
    return {"children": kids, "lead": lead, "supervisor": worker}


def test_a_family_help_lead_who_is_not_a_social_worker_holds_the_children_but_cannot_lead_a_section_47(family):
    mia, leo = family["children"]
    lead = family["lead"]
    services.start_episode([mia, leo], start_date=timezone.localdate() - timedelta(days=30), reason="Mum's mental health; school worries",
                           lead=lead, supervisor=family["supervisor"])
    client = Client()
    client.force_login(lead.user)
    assert client.get(reverse("web:child-record", args=[mia.pk])).status_code == 200  # the allocation opens the record
    assert "Mia Cole" in client.get(reverse("web:my-work")).content.decode()
    referral = cw.open_referral(mia, referral_date=timezone.localdate() - timedelta(days=20), source="6", primary_need="N1")
    record = client.get(reverse("web:child-record", args=[mia.pk])).content.decode()
    assert "Strategy discussion" not in record.split("app-next-steps")[1][:3000]  # not offered
    refused = client.post(reverse("casework:journey-strategy", args=[mia.pk]), {**gov_date("date", timezone.localdate()), "section47_agreed": "yes"})
    assert refused.status_code == 403 and not Section47Enquiry.objects.exists()
    with pytest.raises(ValidationError, match="led by a registered social worker"):
        cw.start_section47(referral, start_date=timezone.localdate(), recorded_by=lead)
    assert cw.start_section47(referral, start_date=timezone.localdate(), recorded_by=family["supervisor"]).pk  # a social worker may


def test_a_family_note_is_written_once_and_is_on_each_childs_chronology(signed_in, family):
    mia, leo = family["children"]
    services.start_episode([mia, leo], start_date=timezone.localdate() - timedelta(days=10), reason="Housing and debt",
                           lead=family["lead"], supervisor=family["supervisor"])
    cw.allocate(mia, worker=family["supervisor"], team=family["supervisor"].team, start_date=timezone.localdate() - timedelta(days=10))
    url = reverse("familyhelp:family-help-note", args=[mia.pk])
    form = signed_in.get(url).context["form"]
    response = signed_in.post(url, {"submission_id": form.initial["submission_id"], **gov_date("date", timezone.localdate()),
                                    "subject": "Family meeting", "text": "Agreed a budget plan with mum."})
    assert response.status_code == 302
    for kid in (mia, leo):
        rows = [e for e in chronology(kid, ["family_help"], notes=kid.case_notes.none()) if e.title == "Family note: Family meeting"]
        assert len(rows) == 1 and "budget plan" in rows[0].detail
    page = signed_in.get(reverse("familyhelp:family-help", args=[mia.pk])).content.decode()
    assert "Fay Helper" in page and "Leo Cole" in page


def test_only_a_child_with_a_referral_during_the_help_counts_as_a_child_in_need(family):
    mia, leo = family["children"]
    episode = services.start_episode([mia, leo], start_date=timezone.localdate() - timedelta(days=40), reason="Support",
                                     lead=family["lead"], supervisor=family["supervisor"])
    cw.open_referral(mia, referral_date=timezone.localdate() - timedelta(days=20), source="6", primary_need="N1")
    assert counts_as_child_in_need(episode, mia) and not counts_as_child_in_need(episode, leo)


def test_the_lead_must_be_able_to_lead_and_the_supervisor_a_social_worker(family, worker):
    analyst = make_worker("ana.lyst", RoleCode.DATA_ANALYST)
    with pytest.raises(ValidationError, match="leads the help"):
        services.start_episode(family["children"], start_date=timezone.localdate(), reason="x", lead=analyst, supervisor=worker)
    with pytest.raises(ValidationError, match="not a registered social worker"):
        services.start_episode(family["children"], start_date=timezone.localdate(), reason="x", lead=family["lead"],
                               supervisor=family["lead"])
    episode = services.start_episode(family["children"], start_date=timezone.localdate() - timedelta(days=5), reason="x",
                                     lead=family["lead"], supervisor=worker)
    services.end_episode(episode, end_date=timezone.localdate(), reason="Goals met")
    assert FamilyHelpEpisode.objects.get().end_date == timezone.localdate()
    assert not family["lead"].allocations.filter(end_date__isnull=True).exists()  # the lead no longer holds them
