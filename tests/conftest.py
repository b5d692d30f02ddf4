from datetime import date

import pytest
from django.contrib.auth import get_user_model

from opencsc.access.models import Professional, Role, Team
from opencsc.people import services as people
from opencsc.people.identifiers import upn_check_letter

PASSWORD = "test-password-123"


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
    user = get_user_model().objects.create_user(username="sam.worker", password=PASSWORD)
    return Professional.objects.create(user=user, name="Sam Worker", team=team, role=Role.SOCIAL_WORKER)


@pytest.fixture
def signed_in(client, worker):
    client.force_login(worker.user)
    return client


@pytest.fixture
def child(db):
    return people.create_person(first_name="Amelia", last_name="Smith-Jones", date_of_birth=date(2015, 3, 14), sex="F",
                                 ethnicity="WBRI", nhs_number="9434765919", upn=valid_upn("805123456789"))


def valid_upn(body: str) -> str:
    return upn_check_letter(body) + body
