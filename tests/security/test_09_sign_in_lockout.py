"""Item 9: wrong passwords slow the username whatever the address; an address is only slowed, at
a high threshold; the client address comes from the configured proxy header only; failures are
audited."""

import pytest
from django.urls import reverse

from opencsc.access.models import RecordAccess
from tests.conftest import PASSWORD, make_worker

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address):
    return client.post(reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_rotating_addresses_does_not_reset_the_count_for_a_username(client, worker):
    for n in range(5):
        sign_in(client, worker.user.username, "wrong-password", f"198.51.100.{n + 1}")
    page = sign_in(client, worker.user.username, PASSWORD, "198.51.100.99")
    assert "_auth_user_id" not in client.session
    assert "Wait" in page.content.decode()


def test_five_wrong_passwords_from_the_shared_address_do_not_lock_out_colleagues(client, worker):
    colleague = make_worker("cal.colleague", "senior_practitioner", worker.team)
    for _ in range(5):
        sign_in(client, worker.user.username, "wrong-password", "203.0.113.5")
    sign_in(client, colleague.user.username, PASSWORD, "203.0.113.5")
    assert client.session.get("_auth_user_id") == str(colleague.user.pk)


def test_the_client_address_is_read_from_the_configured_proxy_header_only(client, worker, settings):
    client.post(reverse("web:login"), {"username": worker.user.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert RecordAccess.objects.get(action="sign-in-failed").ip_address == "10.0.0.1"
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    client.post(reverse("web:login"), {"username": worker.user.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert RecordAccess.objects.filter(action="sign-in-failed", ip_address="192.0.2.8").exists()


def test_many_wrong_passwords_from_one_address_slow_that_address(client, worker):
    for n in range(30):
        sign_in(client, f"guess.{n}", "wrong-password", "203.0.113.9")
    page = sign_in(client, worker.user.username, PASSWORD, "203.0.113.9")
    assert "Wait" in page.content.decode() and "_auth_user_id" not in client.session


def test_a_usernames_wait_grows_with_each_wrong_password_and_ends_with_the_right_one(worker):
    from datetime import timedelta

    from django.utils import timezone

    from opencsc.access import sign_in

    now = timezone.now()
    for n in range(1, 8):
        sign_in.failed("sam.worker", f"198.51.100.{n}", now=now)
    # Seven wrong: the fifth waited a minute, the sixth two, the seventh four, from any address.
    assert 230 <= sign_in.wait_seconds("sam.worker", "192.0.2.1", now=now) <= 240
    assert sign_in.wait_seconds("sam.worker", "192.0.2.1", now=now + timedelta(minutes=4)) <= 0
    sign_in.succeeded("sam.worker")
    assert sign_in.wait_seconds("sam.worker", "192.0.2.1", now=now) == 0
