"""Two-factor sign-in, as production runs it (the ``two_factor`` mark switches it on)."""

from datetime import timedelta

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.access import two_factor
from opencsc.access.models import RecordAccess, TwoFactorDevice
from opencsc.staff.models import RoleCode
from tests.conftest import PASSWORD, make_worker

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


def sign_in_with_password(client, username):
    return client.post(reverse("web:login"), {"username": username, "password": PASSWORD})


def test_the_first_sign_in_enrols_an_authenticator_and_every_page_waits_for_the_code(client, worker):
    response = sign_in_with_password(client, worker.user.username)
    assert response.status_code == 302
    page = client.get(reverse("web:my-work"))
    assert page.status_code == 302 and page["Location"].startswith("/two-factor/?next=")
    enrol = client.get(page["Location"]).content.decode()
    assert "Set up two-factor sign-in" in enrol and "<svg" in enrol
    assert client.post(reverse("recording:draft-save", args=["case-note:1"]), {"text": "x"}).status_code == 401

    device = TwoFactorDevice.objects.get(user=worker.user)
    wrong = client.post(reverse("access:two-factor"), {"code": "000000", "next": "/my-work/"})
    assert "That code is not right" in wrong.content.decode()
    right = client.post(reverse("access:two-factor"), {"code": pyotp.TOTP(device.secret).now(), "next": "/my-work/"})
    assert right.status_code == 302 and right["Location"] == "/my-work/"
    assert client.get(reverse("web:my-work")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed_at is not None
    assert RecordAccess.objects.filter(user=worker.user, action="sign-in", detail="two-factor enrolled").exists()


def test_an_enrolled_worker_is_asked_for_the_code_without_a_new_qr_code(client, worker):
    TwoFactorDevice.objects.create(user=worker.user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    sign_in_with_password(client, worker.user.username)
    page = client.get(reverse("access:two-factor")).content.decode()
    assert "Enter your code" in page and "<svg" not in page
    # Nothing but the code and a way out until it is entered: no menu, no notifications.
    assert "Find a child" not in page and "My work" not in page and "Notifications" not in page and "Sign out" in page
    device = TwoFactorDevice.objects.get(user=worker.user)
    client.post(reverse("access:two-factor"), {"code": pyotp.TOTP(device.secret).now(), "next": "/my-work/"})
    assert "Find a child" in client.get(reverse("web:my-work")).content.decode()


def test_a_code_is_accepted_once_and_only_near_its_time(worker):
    device = TwoFactorDevice.objects.create(user=worker.user, secret=pyotp.random_base32())
    now = timezone.now()
    code = pyotp.TOTP(device.secret).at(now)
    assert two_factor.check(device, code, now)
    assert not two_factor.check(device, code, now)  # replayed
    later = now + timedelta(minutes=5)
    assert not two_factor.check(device, code, later)  # too old
    assert two_factor.check(device, pyotp.TOTP(device.secret).at(later), later)


def test_the_demo_code_works_only_for_demo_sign_ins_and_only_in_demo_mode(settings, db):
    demo = make_worker("social.worker", RoleCode.SOCIAL_WORKER)
    other = make_worker("real.person", RoleCode.SOCIAL_WORKER)
    demo_device = TwoFactorDevice.objects.create(user=demo.user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    other_device = TwoFactorDevice.objects.create(user=other.user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    settings.DEMO_MODE = False
    assert not two_factor.check(demo_device, settings.DEMO_TWO_FACTOR_CODE)
    settings.DEMO_MODE = True
    assert two_factor.check(demo_device, settings.DEMO_TWO_FACTOR_CODE)
    assert not two_factor.check(other_device, settings.DEMO_TWO_FACTOR_CODE)


def test_a_next_address_elsewhere_is_not_followed(client, worker):
    device = TwoFactorDevice.objects.create(user=worker.user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    sign_in_with_password(client, worker.user.username)
    response = client.post(reverse("access:two-factor"), {"code": pyotp.TOTP(device.secret).now(), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_deployment_check_refuses_the_development_audit_key(settings):
    from opencsc.access.checks import development_keys

    settings.DEMO_MODE = False
    settings.AUDIT_KEY = "insecure-development-audit-key-change-me"
    assert [e.id for e in development_keys(None)][:1] == ["opencsc.E001"]
    settings.AUDIT_KEY = "a-long-random-secret-from-the-secret-store"
    settings.SECRET_KEY = "another-long-random-secret"
    assert [e.id for e in development_keys(None)] == ["opencsc.E003"]  # the two-factor secrets' key
    settings.TOTP_KEY = "a-third-long-random-secret"
    assert development_keys(None) == []


def test_an_operator_can_reset_a_lost_authenticator_and_it_is_audited(worker, capsys):
    from django.core.management import call_command

    TwoFactorDevice.objects.create(user=worker.user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    call_command("reset_two_factor", worker.user.username, "--reason", "phone lost, ticket 4411")
    assert not TwoFactorDevice.objects.filter(user=worker.user).exists()
    assert RecordAccess.objects.filter(action="2fa-reset", why="phone lost, ticket 4411").count() == 1
    assert "enrol a new authenticator" in capsys.readouterr().out
