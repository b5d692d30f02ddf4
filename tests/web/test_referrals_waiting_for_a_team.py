"""A referral the front door accepts waits for a team; a team manager takes it into theirs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.access.policy import decide_many
from opencsc.casework import services as cw
from opencsc.casework.models import Allocation
from opencsc.people import services as people
from opencsc.staff.models import Professional
from opencsc.staff.models import RoleCode as Role
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(worker):
    """Two referrals accepted by the front door, no team yet; one child's record restricted."""
    today = timezone.localdate()
    older = people.create_person(first_name="Ola", last_name="Waits", date_of_birth=today - timedelta(days=3000))
    newer = people.create_person(first_name="Nia", last_name="Hidden", date_of_birth=today - timedelta(days=2000))
    first = cw.open_referral(older, referral_date=today - timedelta(days=80), source="5A", primary_need="N1")
    second = cw.open_referral(newer, referral_date=today - timedelta(days=1), source="3A")
    from opencsc.access.services import restrict

    restrict(newer, reason="a risk of the family finding the child", named_users=[])
    return first, second


@pytest.fixture
def manager(client, worker):
    boss = make_worker("tess.manager", Role.TEAM_MANAGER, worker.team)
    client.force_login(boss.user)
    return client


def test_the_team_page_lists_referrals_waiting_for_a_team_oldest_first_with_the_assessment_clock(manager, waiting):
    page = manager.get(reverse("web:team")).content.decode()
    section = page.split('id="waiting"')[1].split("</table>")[0]
    assert "Referrals waiting for a team (2)" in page
    assert section.index("Ola Waits") < section.index(waiting[1].child.la_child_id)
    assert "80 days" in section and "overdue" in section  # 45 working days from a referral 80 days ago have passed
    assert "Abuse or neglect" in section and "not yet recorded" in section
    # A restricted record shows only its ID, as in every list.
    assert "Nia Hidden" not in page and f"Restricted record {waiting[1].child.la_child_id}" in section


def test_taking_a_referral_allocates_a_worker_in_the_managers_team_and_moves_it_out_of_the_list(manager, waiting, worker):
    referral = waiting[0]
    assert not decide_many(worker.user, [referral.child_id])[referral.child_id].allowed
    response = manager.post(reverse("web:team"), {"take-action": "take", "take-referral": referral.pk, "take-worker": worker.pk},
                            follow=True)
    page = response.content.decode()
    assert "Ola Waits is now with Safeguarding Team 1, allocated to Sam Worker" in page
    allocation = Allocation.objects.get(child=referral.child, kind="social_worker")
    assert (allocation.worker, allocation.team, allocation.reason) == (worker, worker.team, "FCONTA")
    assert "Referrals waiting for a team (1)" in page
    # The worker now opens the record (their own allocation); the front door no longer holds it.
    assert decide_many(worker.user, [referral.child_id])[referral.child_id].allowed
    front_door = make_worker("fran.frontdoor", Role.FRONT_DOOR)
    assert not decide_many(front_door.user, [referral.child_id])[referral.child_id].allowed


def test_a_referral_another_manager_took_first_is_not_taken_twice(manager, waiting, worker):
    from opencsc.staff.models import Team

    other_team = Team.objects.create(name="Assessment Team 2")
    other = Professional.objects.create(name="Kim Other", team=other_team)
    referral = waiting[0]
    data = {"take-action": "take", "take-referral": referral.pk, "take-worker": worker.pk}
    cw.take_referral(referral, team=other_team, worker=other, on=timezone.localdate())  # meanwhile, elsewhere
    page = manager.post(reverse("web:team"), data).content.decode()
    assert "That referral is no longer waiting: someone may have taken it already" in page
    assert Allocation.objects.filter(child=referral.child).count() == 1
    # The service itself refuses too, naming who has it (two managers submitting at the same moment).
    with pytest.raises(Exception, match="Assessment Team 2 has already taken this referral"):
        cw.take_referral(referral, team=worker.team, worker=worker, on=timezone.localdate())


def test_the_manager_must_choose_a_referral_and_a_worker_of_their_team(manager, waiting):
    page = manager.post(reverse("web:team"), {"take-action": "take", "take-referral": "", "take-worker": ""}).content.decode()
    assert "Choose the referral" in page and "Choose the worker" in page
    stranger = Professional.objects.create(name="Not Mine")
    page = manager.post(reverse("web:team"), {"take-action": "take", "take-referral": waiting[0].pk,
                                          "take-worker": stranger.pk}).content.decode()
    assert "Select a valid choice" in page and not Allocation.objects.exists()


def test_when_nothing_is_waiting_the_page_says_so(manager):
    assert "No referrals are waiting for a team." in manager.get(reverse("web:team")).content.decode()


def test_a_team_managers_my_work_points_to_the_waiting_referrals(manager, waiting, worker):
    from django.test import Client

    page = manager.get(reverse("web:my-work")).content.decode()
    assert "2 referrals waiting for a team</a>, 1 past the assessment" in page
    social_worker = Client()
    social_worker.force_login(worker.user)
    assert "waiting for a team" not in social_worker.get(reverse("web:my-work")).content.decode()


def test_managers_of_teams_that_do_not_take_referrals_do_not_see_them(client, waiting):
    from opencsc.staff.models import Team

    care_team = Team.objects.create(name="Children in Care Team", service="looked after")
    client.force_login(make_worker("cara.manager", Role.TEAM_MANAGER, care_team).user)
    page = client.get(reverse("web:team")).content.decode()
    assert "Referrals waiting for a team" not in page and "Ola Waits" not in page
    refused = client.post(reverse("web:team"), {"take-action": "take", "take-referral": waiting[0].pk, "take-worker": ""})
    assert refused.status_code == 200 and not Allocation.objects.exists()


def test_the_front_door_sees_the_referrals_it_accepted_until_a_team_takes_them(client, waiting, worker):
    front_door = make_worker("fran.frontdoor", Role.FRONT_DOOR)
    client.force_login(front_door.user)
    page = client.get(reverse("web:front-door")).content.decode()
    section = page.split('id="accepted"')[1]
    assert "Accepted referrals waiting for a team (2)" in page
    assert reverse("web:child-record", args=[waiting[0].child_id]) in section and "Ola Waits" in section
    assert "Nia Hidden" not in section and f"Restricted record {waiting[1].child.la_child_id}" in section
    cw.take_referral(waiting[0], team=worker.team, worker=worker, on=timezone.localdate())
    page = client.get(reverse("web:front-door")).content.decode()
    assert "Accepted referrals waiting for a team (1)" in page and "Ola Waits" not in page
