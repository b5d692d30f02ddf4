"""Item 7: every form that changes a record refuses a stale save, and no one authorises what they
recorded or last edited."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.urls import reverse

import opencsc
from opencsc.casework import services as cw
from opencsc.casework.models import Assessment, Authorisation, Referral
from opencsc.web.forms import aware

pytestmark = pytest.mark.django_db


def opencsc_form_classes():
    for module in pkgutil.walk_packages(opencsc.__path__, "opencsc."):
        if ".migrations" in module.name or ".management" in module.name or module.name == "opencsc.wsgi":
            continue
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.name:
                yield cls


def test_every_form_class_that_changes_a_record_carries_a_version_check():
    found = list(opencsc_form_classes())
    assert len(found) > 15
    for cls in found:
        changes = getattr(cls, "changes", None)
        assert changes in ("nothing", "creates", "edits"), f"{cls.__module__}.{cls.__name__} does not say what it changes"
        if changes == "edits":
            assert "version" in cls.base_fields, f"{cls.__name__} edits a record without a version check"


def assessment_post(summary, version=None):
    data = {"start_date-day": 2, "start_date-month": 11, "start_date-year": 2026, "child_seen": "yes",
            "child_seen_date-day": 3, "child_seen_date-month": 11, "child_seen_date-year": 2026, "outcome": "cin_plan",
            "summary": summary, "developmental_needs": "On track.", "parenting_capacity": "Good enough.",
            "family_environment": "Settled housing.", "decision_reasons": "Support will keep her safe."}
    if version is not None:
        data["version"] = version
    return data


@pytest.fixture
def referral(world):
    contact = cw.record_contact(world["child"], received_at=aware(date(2026, 11, 2), "10:00"), source="1A",
                                reason="abuse_neglect", consent="given")
    cw.decide_contact(contact, outcome="referral", decided_at=aware(date(2026, 11, 2), "12:00"))
    return Referral.objects.get(child=world["child"])


def test_an_assessment_form_opened_before_someone_else_saved_is_refused_and_shows_the_conflict(client, world, referral):
    from django.test import Client

    child = world["child"]
    url = reverse("casework:journey-assessment", args=[child.pk])
    worker = Client()
    worker.force_login(world["worker"].user)
    worker.post(url, assessment_post("First draft by the worker"))
    client.force_login(world["manager"].user)
    opened = client.get(url).context["form"].initial["version"]
    worker.post(url, assessment_post("The worker's final analysis", version=worker.get(url).context["form"].initial["version"]))
    stale = client.post(url, assessment_post("The manager's words", version=opened))
    assert stale.status_code == 200 and "saved by someone else" in stale.content.decode()
    assert Assessment.objects.get(referral=referral).summary == "The worker's final analysis"


def test_a_manager_cannot_authorise_an_assessment_they_last_edited(client, world, referral):
    child = world["child"]
    client.force_login(world["manager"].user)
    url = reverse("casework:journey-assessment", args=[child.pk])
    client.post(url, assessment_post("Written by the manager", version=client.get(url).context["form"].initial["version"]))
    request = Authorisation.objects.get(child=child, kind="assessment", decision="")
    response = client.post(reverse("casework:authorisation-decide", args=[request.pk]), {"decision": "authorise"})
    assert response.status_code == 403
    assert Authorisation.objects.get(pk=request.pk).decision == ""


def test_a_restriction_form_opened_before_another_manager_changed_it_is_refused(client, world):
    from opencsc.access.models import RecordRestriction
    from opencsc.access.services import restrict

    child = world["child"]
    client.force_login(world["manager"].user)
    url = reverse("access:restrict-record", args=[child.pk])
    opened = client.get(url).context["form"].initial["version"]
    restrict(child, reason="adopted", named_users=[world["colleague"].user, world["manager"].user], by=world["colleague"].user)
    stale = client.post(url, {"reason": "mine", "named": [str(world["manager"].user.pk)], "version": opened})
    assert "saved by someone else" in stale.content.decode()
    assert RecordRestriction.objects.get(person=child).reason == "adopted"


def test_a_reallocation_made_on_a_page_opened_before_another_is_refused(client, world):
    from opencsc.casework.models import Allocation

    client.force_login(world["manager"].user)
    opened = client.get(reverse("web:team")).context["form"].initial["version"]
    cw.allocate(world["child"], worker=world["colleague"], team=world["team"], start_date=date.today(), reason="")
    stale = client.post(reverse("web:team"), {"child": world["child"].pk, "worker": world["worker"].pk, "reason": "MANAGE",
                                          "version": opened})
    assert "saved by someone else" in stale.content.decode()
    assert Allocation.objects.get(child=world["child"], end_date__isnull=True).worker == world["colleague"]
