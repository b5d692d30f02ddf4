"""Item 1: the two-factor step cannot be guessed: growing waits, a lock at ten, per user, audited,
and secrets encrypted at rest."""

from datetime import timedelta

import pyotp
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from opencsc.access import two_factor
from opencsc.access.models import RecordAccess, TwoFactorDevice
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


@pytest.fixture
def device(worker):
    return TwoFactorDevice.objects.create(user=worker.user, secret=pyotp.random_base32(), confirmed_at=timezone.now())


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_from_the_third_wrong_code_each_try_waits_and_ten_lock_until_freed(device):
    now = timezone.now()
    right = lambda at: pyotp.TOTP(device.secret).at(at)  # noqa: E731
    for _ in range(2):
        assert two_factor.attempt(device, wrong(right(now)), now).ok is False
    # Two wrong in a row: no wait yet. The third makes the next try wait 2^(3-2) = 2 seconds.
    third = two_factor.attempt(device, wrong(right(now)), now)
    assert third.ok is False and third.wait_seconds == 2
    too_soon = two_factor.attempt(device, right(now + timedelta(seconds=1)), now + timedelta(seconds=1))
    assert too_soon.ok is False and too_soon.wait_seconds >= 1  # even the right code waits
    at = now + timedelta(seconds=2)
    for n in range(4, 11):
        result = two_factor.attempt(device, wrong(right(at)), at)
        assert result.ok is False
        at += timedelta(seconds=2 ** (n - 2))
    assert two_factor.attempt(device, right(at), at).locked
    assert RecordAccess.objects.filter(user=device.user, action="two-factor-failed").count() == 10
    assert RecordAccess.objects.filter(user=device.user, action="two-factor-locked").count() == 1
    call_command("reset_two_factor", device.user.username, "--unlock", "--reason", "spoke to them: a phone clock was wrong")
    later = at + timedelta(minutes=1)
    assert two_factor.attempt(TwoFactorDevice.objects.get(pk=device.pk), right(later), later).ok


def test_guessing_through_the_page_is_slowed_per_user_not_per_browser(client, device, worker):
    from django.test import Client

    other_browser = Client()
    for browser in (client, other_browser):
        browser.post(reverse("web:login"), {"username": worker.user.username, "password": PASSWORD})
    code = pyotp.TOTP(device.secret).now()
    for _ in range(3):
        page = client.post(reverse("access:two-factor"), {"code": wrong(code), "next": "/"})
        assert page.status_code == 200
    # The right code, at once, from another browser: the wait applies to the user.
    page = other_browser.post(reverse("access:two-factor"), {"code": code, "next": "/"})
    assert page.status_code == 200 and "Wait" in page.content.decode()


def test_totp_secrets_are_encrypted_at_rest(device):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM access_twofactordevice WHERE id = %s", [device.pk])
        raw = cursor.fetchone()[0]
    assert device.secret not in raw
    assert TwoFactorDevice.objects.get(pk=device.pk).secret == device.secret


def test_a_lock_tells_the_users_manager_who_frees_it_from_their_page(client, world):
    from opencsc.staff.models import Notification

    device = TwoFactorDevice.objects.create(user=world["worker"].user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    at = timezone.now()
    for n in range(1, 11):
        two_factor.attempt(device, "000000" if pyotp.TOTP(device.secret).at(at) != "000000" else "111111", at)
        at += timedelta(seconds=two_factor.wait_after(n))
    assert Notification.objects.filter(recipient=world["manager"], link="/access/two-factor-locks/").exists()
    signed_in_fully(client, world["other_manager"].user)
    assert client.post(reverse("access:two-factor-locks"), {"device": device.pk}).status_code == 403  # not their team
    signed_in_fully(client, world["manager"].user)
    assert world["worker"].name in client.get(reverse("access:two-factor-locks")).content.decode()
    client.post(reverse("access:two-factor-locks"), {"device": device.pk})
    assert TwoFactorDevice.objects.get(pk=device.pk).locked_at is None
    assert RecordAccess.objects.filter(action="two-factor-unlocked", user=world["manager"].user).exists()


def signed_in_fully(client, user):
    client.force_login(user)
    session = client.session
    session[two_factor.SESSION_KEY] = user.pk
    session.save()
