"""A team manager takes a referral that is waiting for a team, in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.casework.models import Allocation
from opencsc.people import services as people
from opencsc.staff.models import RoleCode
from tests.browser.test_access_in_browser import password_step
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_sees_a_waiting_referral_and_takes_it_into_the_team(page, live_server, worker, axe_check):
    today = timezone.localdate()
    child = people.create_person(first_name="Ola", last_name="Waits", date_of_birth=today - timedelta(days=3000))
    cw.open_referral(child, referral_date=today - timedelta(days=3), source="5A", primary_need="N1")
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    password_step(page, live_server, manager.user.username)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/my-work/")
    page.get_by_role("link", name="1 referral waiting for a team").click()
    expect(page.get_by_role("heading", name="Referrals waiting for a team (1)")).to_be_visible()
    axe_check(page, "team page with a referral waiting")
    page.get_by_label("Referral", exact=True).select_option(index=1)  # the first (oldest) referral
    page.get_by_label("Social worker for this referral").select_option(label="Sam Worker")
    page.get_by_role("button", name="Take into Safeguarding Team 1").press("Enter")  # by keyboard
    expect(page.get_by_text("Ola Waits is now with Safeguarding Team 1, allocated to Sam Worker")).to_be_visible()
    expect(page.get_by_role("heading", name="Referrals waiting for a team (0)")).to_be_visible()
    expect(page.get_by_text("No referrals are waiting for a team.")).to_be_visible()
    assert Allocation.objects.get(child=child).worker == worker
