"""Second attack report, item 13: wrong passwords slow the guesser, not the owner. The right password
from a browser that has signed in as that person before (a signed device cookie) is accepted while a
stranger's guesses make the username wait; a wrong one from it still counts; a lock-out tells the
person and their manager."""

import pytest
from django.test import Client
from django.urls import reverse

from opencsc.staff.models import Notification, RoleCode
from tests.conftest import PASSWORD, make_worker

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="198.51.100.1"):
    return client.post(reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def lock_out(username):
    attacker = Client()
    for n in range(5):
        sign_in(attacker, username, "guess-" + str(n), f"203.0.113.{n + 1}")


def test_the_owners_right_password_from_their_usual_browser_is_accepted_while_a_stranger_guesses(worker):
    theirs = Client()
    sign_in(theirs, worker.user.username, PASSWORD)
    assert theirs.session.get("_auth_user_id") == str(worker.user.pk)
    theirs.post(reverse("web:logout"))
    lock_out(worker.user.username)
    sign_in(theirs, worker.user.username, PASSWORD)
    assert theirs.session.get("_auth_user_id") == str(worker.user.pk)


def test_a_new_browser_still_waits_and_so_does_a_browser_another_person_signed_in_from(worker):
    colleague = make_worker("cal.colleague", RoleCode.SOCIAL_WORKER, worker.team)
    theirs = Client()
    sign_in(theirs, colleague.user.username, PASSWORD)
    theirs.post(reverse("web:logout"))
    lock_out(worker.user.username)
    for browser in (Client(), theirs):
        page = sign_in(browser, worker.user.username, PASSWORD)
        assert "Wait" in page.content.decode() and "_auth_user_id" not in browser.session


def test_a_forged_device_cookie_is_worth_nothing(worker):
    lock_out(worker.user.username)
    browser = Client()
    browser.cookies["opencsc_device"] = f"[{worker.user.pk}]"  # the cookie's name, unsigned
    page = sign_in(browser, worker.user.username, PASSWORD)
    assert "Wait" in page.content.decode() and "_auth_user_id" not in browser.session


def test_wrong_passwords_from_the_owners_browser_still_count(worker):
    theirs = Client()
    sign_in(theirs, worker.user.username, PASSWORD)
    theirs.post(reverse("web:logout"))
    for _ in range(5):
        sign_in(theirs, worker.user.username, "wrong")
    from opencsc.access.models import SignInThrottle

    assert SignInThrottle.objects.get(key=f"user:{worker.user.username}").failures == 5


def test_a_lock_out_tells_the_person_and_their_manager_once(worker):
    manager = make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)
    lock_out(worker.user.username)
    sign_in(Client(), worker.user.username, "one-more-wrong", "203.0.113.77")
    for who in (worker, manager):
        told = Notification.objects.filter(recipient=who, text__contains="wrong passwords")
        assert told.count() == 1, who
    assert worker.user.username in Notification.objects.get(recipient=manager).text
