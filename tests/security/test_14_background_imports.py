"""Item 14: imports run in the background with progress, and the worker survives a locked database."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from tests.exchange.test_cin_import import FIXTURES

pytestmark = pytest.mark.django_db


def test_an_import_from_the_page_is_queued_and_shows_its_progress(analyst_signed_in):
    from opencsc.exchange.models import ImportRun

    upload = SimpleUploadedFile("cin.xml", (FIXTURES / "cin_2025_26_sex.xml").read_bytes(), content_type="text/xml")
    response = analyst_signed_in.post(reverse("returns:return-import"), {"return_name": "cin", "file": [upload]})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("returns:import-run", args=[run.pk])
    assert run.status in ("queued", "running", "done")
    page = analyst_signed_in.get(reverse("returns:import-run", args=[run.pk])).content.decode()
    assert "CIN census" in page


def test_a_task_meeting_a_locked_database_is_tried_again(monkeypatch):
    from opencsc.returns import tasks

    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "done"

    assert tasks.retrying_when_locked(flaky, pause=0) == "done" and len(calls) == 3
