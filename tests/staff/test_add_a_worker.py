"""Adding a worker is one form (second walk, item 11): name, email, sign-in, role, team and managed teams,
and nothing it grants applies until a second administrator approves the one change it makes."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from opencsc.access import services
from opencsc.access.models import AccessChange, PasswordMustChange
from opencsc.staff.models import Professional, Role, RoleCode, Team
from tests.conftest import make_worker

pytestmark = pytest.mark.django_db
User = get_user_model()
FIRST = "Welcome-to-Synthshire-2026"


@pytest.fixture
def admins(world):
    admin = Client()
    admin.force_login(world["admin"].user)
    return admin, make_worker("ada.second", RoleCode.SYSTEM_ADMINISTRATOR)


def add(admin, **extra):
    team, _ = Team.objects.get_or_create(name="Safeguarding Team 9")
    other, _ = Team.objects.get_or_create(name="Safeguarding Team 10")
    data = {"name": "Jo Newstarter", "email": "jo.newstarter@synthshire.example", "username": "jo.newstarter",
            "password": FIRST, "role": Role.objects.get(code=RoleCode.TEAM_MANAGER).pk, "team": team.pk,
            "teams_managed": [other.pk], "job_title": "Team manager", **extra}
    return admin.post(reverse("admin:add-worker"), data), team, other


def test_the_admin_index_links_to_the_one_form(admins):
    admin, _ = admins
    assert reverse("admin:add-worker") in admin.get(reverse("admin:index")).content.decode()


def test_one_form_adds_a_worker_whose_access_waits_for_a_second_administrator(admins):
    admin, second = admins
    response, team, other = add(admin)
    assert response.status_code == 302
    jo = Professional.objects.get(name="Jo Newstarter")
    account = User.objects.get(username="jo.newstarter")
    assert (jo.user, jo.team, list(jo.teams_managed.all()), account.is_active) == (None, None, [], False)  # nothing yet
    change = AccessChange.objects.get(status=AccessChange.Status.WAITING)
    assert "Add Jo Newstarter (jo.newstarter) as Team manager in Safeguarding Team 9" in change.summary
    assert FIRST not in change.summary
    services.approve_access_change(change, by=second.user)
    jo.refresh_from_db()
    account.refresh_from_db()
    assert (jo.user, jo.team, jo.role.code, list(jo.teams_managed.all())) == (account, team, RoleCode.TEAM_MANAGER, [other])
    assert account.is_active and account.check_password(FIRST)
    assert PasswordMustChange.objects.filter(user=account).exists()  # they choose their own at first sign-in


def test_the_administrator_who_asked_cannot_approve_it(admins, world):
    admin, _ = admins
    add(admin)
    change = AccessChange.objects.get(status=AccessChange.Status.WAITING)
    with pytest.raises(PermissionError, match="second administrator"):
        services.approve_access_change(change, by=world["admin"].user)


def test_a_taken_username_or_a_weak_password_is_said_plainly_and_nothing_is_made(admins, world):
    admin, _ = admins
    response, _, _ = add(admin, username=world["worker"].user.username)
    assert "is taken: choose another" in response.content.decode()
    response, _, _ = add(admin, password="password")
    assert response.status_code == 200 and "This password is too common" in response.content.decode()
    assert not Professional.objects.filter(name="Jo Newstarter").exists() and not AccessChange.objects.exists()
