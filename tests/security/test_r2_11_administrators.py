"""Second attack report, item 11: one administrator never widens access alone. Setting the password of an
account not yet enrolled in two-factor, switching an account back on, making a team the front door and
letting a role edit letter templates each wait for a second administrator; and an administrator never
completes another person's two-factor enrolment."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from opencsc.access import services
from opencsc.access.models import AccessChange, RecordAccess, TwoFactorDevice
from opencsc.staff.models import Role, RoleCode, Team
from tests.conftest import PASSWORD, make_worker

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admins(world):
    admin = Client()
    admin.force_login(world["admin"].user)
    return admin, make_worker("ada.second", RoleCode.SYSTEM_ADMINISTRATOR)


def approve_the_waiting_change(second):
    change = AccessChange.objects.get(status=AccessChange.Status.WAITING)
    services.approve_access_change(change, by=second.user)


def test_the_password_of_an_account_not_enrolled_in_two_factor_waits_for_a_second_administrator(admins, world):
    admin, second = admins
    worker = world["worker"]
    admin.post(reverse("admin:auth_user_password_change", args=[worker.user.pk]),
               {"password1": "Known-to-the-admin-2026", "password2": "Known-to-the-admin-2026"})
    assert User.objects.get(pk=worker.user.pk).check_password(PASSWORD)  # unchanged for now
    change = AccessChange.objects.get(status=AccessChange.Status.WAITING)
    assert "Known-to-the-admin" not in change.summary and "argon2" not in change.summary
    approve_the_waiting_change(second)
    assert User.objects.get(pk=worker.user.pk).check_password("Known-to-the-admin-2026")


def test_the_password_of_an_enrolled_account_is_set_at_once(admins, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    admin, _ = admins
    session = admin.session
    session["two_factor_verified"] = world["admin"].user.pk  # the administrator signed in with their own code
    session.save()
    worker = world["worker"]
    TwoFactorDevice.objects.create(user=worker.user, secret="JBSWY3DPEHPK3PXP", confirmed_at="2026-01-01T00:00Z")
    admin.post(reverse("admin:auth_user_password_change", args=[worker.user.pk]),
               {"password1": "A-reset-password-2026", "password2": "A-reset-password-2026"})
    assert User.objects.get(pk=worker.user.pk).check_password("A-reset-password-2026")


def test_switching_an_account_back_on_waits(admins, world):
    admin, second = admins
    user = world["worker"].user
    User.objects.filter(pk=user.pk).update(is_active=False)
    admin.post(reverse("admin:auth_user_change", args=[user.pk]),
               {"username": user.username, "is_active": "on", "_save": "Save"})
    assert not User.objects.get(pk=user.pk).is_active
    approve_the_waiting_change(second)
    assert User.objects.get(pk=user.pk).is_active


def test_making_a_team_the_front_door_waits(admins, world):
    admin, second = admins
    team = world["team"]
    admin.post(reverse("admin:staff_team_change", args=[team.pk]), {"name": team.name, "service": "front door", "_save": "Save"})
    assert Team.objects.get(pk=team.pk).service != "front door"
    approve_the_waiting_change(second)
    assert Team.objects.get(pk=team.pk).service == "front door"


def test_letting_a_role_edit_letter_templates_waits(admins):
    admin, second = admins
    role = Role.objects.filter(edits_letter_templates=False, administers=False).first()
    fields = {f: getattr(role, f) for f in ("name", "scope", "sees_sensitive_notes", "manages_team", "runs_returns",
                                              "records_casework", "administers", "may_break_glass")}
    admin.post(reverse("admin:staff_role_change", args=[role.pk]),
               {**{k: v for k, v in fields.items() if v is not False}, "edits_letter_templates": "on", "_save": "Save"})
    assert not Role.objects.get(pk=role.pk).edits_letter_templates
    approve_the_waiting_change(second)
    assert Role.objects.get(pk=role.pk).edits_letter_templates


@pytest.mark.two_factor
def test_an_administrator_never_completes_another_persons_two_factor_enrolment(world):
    browser = Client()
    browser.post(reverse("web:login"), {"username": world["admin"].user.username, "password": PASSWORD})  # the admin's own browser
    browser.post(reverse("web:logout"))
    browser.post(reverse("web:login"), {"username": world["worker"].user.username, "password": PASSWORD})
    page = browser.get(reverse("access:two-factor"))
    assert page.status_code == 403 and "its owner" in page.content.decode()
    assert not TwoFactorDevice.objects.filter(user=world["worker"].user).exists()
    assert RecordAccess.objects.filter(action="refused", detail__contains="two-factor enrolment").exists()
