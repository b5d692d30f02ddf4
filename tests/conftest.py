import functools
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from opencsc.people import services as people
from opencsc.people.identifiers import upn_check_letter
from opencsc.staff.models import Professional, Team
from opencsc.staff.models import RoleCode as Role
from opencsc.staff.roles import ensure_default_roles
from opencsc.staff.stepping import loading

PASSWORD = "test-password-123"


@contextmanager
def as_a_legacy_file():
    """Set-up written as an import writes a legacy file's facts: as given, the rules reporting them."""
    with loading("test set-up, as a legacy file gave it", label="test set-up"):
        yield


@pytest.fixture(autouse=True)
def audit_anchor(settings, tmp_path):
    """Each test anchors its audit chain in its own place, never in a real one."""
    settings.AUDIT_ANCHOR = str(tmp_path / "audit-anchor")
    return settings.AUDIT_ANCHOR


@pytest.fixture
def team(db):
    return Team.objects.create(name="Safeguarding Team 1", service="child protection")


@pytest.fixture
def worker(team):
    ensure_default_roles()  # a transactional test before this one may have flushed them
    user = get_user_model().objects.create_user(username="sam.worker", password=PASSWORD)
    return Professional.objects.create(user=user, name="Sam Worker", team=team, role_id=Role.SOCIAL_WORKER)


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker.user)
    return client


@pytest.fixture
def child(db):
    return people.create_person(first_name="Amelia", last_name="Smith-Jones", date_of_birth=date(2015, 3, 14), sex="F",
                                 ethnicity="WBRI", nhs_number="9434765919", upn=valid_upn("805123456789"))


@pytest.fixture
def my_child(child, worker):
    """The child, allocated to the signed-in worker (so their role opens the record)."""
    allocate_to(child, worker)
    return child


def allocate_to(child, worker, start=date(2010, 1, 1)):
    from opencsc.casework import services as cw

    cw.allocate(child, worker=worker, team=worker.team, start_date=start, reason="")
    return child


@functools.cache
def earlier_today() -> datetime:
    """A moment half an hour ago or, just after midnight, midnight: already past, still today (whatever the
    hour the suite runs: 'in ten minutes' is tomorrow just before midnight, and a meeting booked then cannot
    be recorded as held today) and recent enough to book (a booking may not start over an hour ago)."""
    return max(timezone.now() - timedelta(minutes=30), timezone.make_aware(datetime.combine(timezone.localdate(), time(0, 0))))


def password_hash() -> str:
    """PASSWORD hashed once with the configured hasher (argon2 is slow on purpose; tests make many users)."""
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def make_worker(username, role, team=None, name=None):
    ensure_default_roles()
    user = get_user_model().objects.create(username=username, password=password_hash())
    return Professional.objects.create(user=user, name=name or username.replace(".", " ").title(), team=team, role_id=role)


def valid_upn(body: str) -> str:
    return upn_check_letter(body) + body


@pytest.fixture
def analyst_signed_in(client, db):
    """A client signed in as a data analyst (returns and data quality; no child's record)."""
    client.force_login(make_worker("dana.analyst", Role.DATA_ANALYST).user)
    return client


@pytest.fixture(autouse=True)
def session_saved_only_when_it_changes(settings):
    """A page's query count must not depend on whether a minute has passed since the last request (the
    session's end moving on): tests keep it still; its own test (test_service_shell) moves it."""
    settings.SESSION_REFRESH_SECONDS = 24 * 60 * 60


@pytest.fixture(autouse=True)
def two_factor_off_unless_tested(request, settings):
    """Most tests sign in with ``force_login``; the two-factor tests (marked) switch it back on."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture(autouse=True)
def writes_only_in_steps(settings):
    """A request or a job that writes the record outside a step fails the test (staff.stepping); a
    test's own set-up, acting for no one, may write directly."""
    settings.STEPS_STRICT = True


@pytest.fixture
def world(worker, child):
    """Two teams, a worker in each, their managers, the front door, an IRO and an analyst."""
    other_team = Team.objects.create(name="Safeguarding Team 2", service="child protection")
    front = Team.objects.create(name="Front Door", service="front door")
    w = {
        "team": worker.team, "other_team": other_team, "worker": worker,
        "colleague": make_worker("cal.colleague", Role.SENIOR_PRACTITIONER, worker.team),
        "stranger": make_worker("oli.other", Role.SOCIAL_WORKER, other_team),
        "manager": make_worker("tess.manager", Role.TEAM_MANAGER, worker.team),
        "other_manager": make_worker("olga.manager", Role.TEAM_MANAGER, other_team),
        "front_door": make_worker("fran.frontdoor", Role.FRONT_DOOR, front),
        "iro": make_worker("ira.chair", Role.IRO),
        "support": make_worker("bea.support", Role.BUSINESS_SUPPORT, worker.team),
        "analyst": make_worker("dana.analyst", Role.DATA_ANALYST),
        "admin": make_worker("adam.admin", Role.SYSTEM_ADMINISTRATOR),
        "child": allocate_to(child, worker),
    }
    return w


def as_opened(client, url, data, form="form"):
    """What a person sends from the page they opened: the form's version (its record's state) included."""
    return {**data, "version": client.get(url).context[form].initial.get("version", "")}


def import_from_page(client, data) -> str:
    """Send files from the import page, let the worker run the import it queued, and read its page."""
    from django.urls import reverse

    from opencsc.exchange.models import ImportRun
    from opencsc.exchange.services import run_import

    response = client.post(reverse("returns:return-import"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    run_import(ImportRun.objects.order_by("-pk").first().pk)
    return client.get(response["Location"]).content.decode()
