"""The service as production runs it: no debug pages, designed error pages, SQLite in WAL mode."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory

from opencsc.web import views


def test_debug_is_off_unless_asked_for():
    assert settings.DEBUG is False


@pytest.mark.parametrize("view, status, words", [
    (views.server_error, 500, "Sorry, there is a problem with the service"),
    (views.forbidden, 403, "You do not have access to this page"),
    (views.csrf_failure, 403, "Your form could not be sent"),
])
def test_error_pages_use_the_service_design_and_show_no_stack_trace(db, view, status, words):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request)
    page = response.content.decode()
    assert response.status_code == status and words in page
    assert "govuk-template" in page and "Traceback" not in page


@pytest.mark.django_db
def test_an_unhandled_error_in_a_view_gives_the_designed_500_page(client, worker, monkeypatch):
    from opencsc.people import views as people_views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(people_views, "search_for", broken)
    client.raise_request_exception = False
    client.force_login(worker.user)
    response = client.get("/?q=anything")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "boom" not in response.content.decode()


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_refuse_framing(signed_in):
    response = signed_in.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(worker):
    assert worker.user.password.startswith("argon2")


@pytest.mark.django_db
def test_sessions_end_after_thirty_minutes_without_activity_and_a_page_view_saves_the_session_at_most_once_a_minute(
        client, worker, settings, django_assert_num_queries):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and not settings.SESSION_SAVE_EVERY_REQUEST
    settings.SESSION_REFRESH_SECONDS = 60  # as in production
    client.force_login(worker.user)
    session = Session.objects.get()
    client.get("/my-work/")
    assert Session.objects.get().expire_date == session.expire_date  # within the minute: not saved again
    saved = client.session
    saved["_alive"] = 0  # the last refresh was long ago
    saved.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))  # and 25 idle minutes have passed
    client.get("/my-work/")
    moved = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < moved <= timedelta(minutes=30)  # activity moves the end on


@pytest.mark.django_db
def test_five_wrong_passwords_make_the_next_try_wait_even_with_the_right_one(client, worker):
    from tests.conftest import PASSWORD

    for _ in range(5):
        client.post("/sign-in/", {"username": worker.user.username, "password": "wrong-password"})
    waiting = client.post("/sign-in/", {"username": worker.user.username, "password": PASSWORD})
    assert "Wait 60 seconds before you try again" in waiting.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_wrong_password_says_so_in_the_error_summary(client, worker):
    page = client.post("/sign-in/", {"username": worker.user.username, "password": "wrong"}).content.decode()
    assert "There is a problem" in page and "The username or password is not right" in page
