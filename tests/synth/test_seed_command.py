import io
from datetime import date

import pytest
from django.core.management import call_command

from opencsc.returns.models import ReturnRun
from opencsc.returns.ssda903.validation import last_year
from opencsc.synth.generator import DEMO_USERS


@pytest.mark.django_db
def test_the_demo_seed_leaves_last_years_returns_sent_so_this_years_ssda903_compares_with_them():
    def seed():
        out = io.StringIO()
        call_command("seed", children=40, seed=2, as_of=date(2026, 11, 30), if_empty=True, demo_users=True,
                     sent_returns=True, stdout=out)
        return out.getvalue()

    said = seed()
    from opencsc.access import audit

    assert not audit.unsealed().exists() and audit.verify().batches >= 1  # sealed before any worker runs
    assert "Built the SSDA903 (children looked after) 2025/26: ready" in said and "marked as sent to DfE" in said
    sent = ReturnRun.objects.filter(year=2026, submitted_at__isnull=False)
    assert sorted(sent.values_list("return_name", flat=True)) == ["903", "cin"]
    assert {run.submitted_by.username for run in sent} == {"data.analyst"}
    assert last_year(2027).source.startswith("as sent to DfE on")

    seed()  # a second `make demo` on the same database sends nothing again
    assert ReturnRun.objects.filter(year=2026).count() == 2


def test_the_demo_sign_ins_the_generator_makes_are_the_ones_settings_name_for_the_demo_code(settings):
    assert [username for username, *_ in DEMO_USERS] == list(settings.DEMO_USERNAMES)


@pytest.mark.django_db
def test_the_demo_gives_each_role_something_on_its_first_screen():
    from django.test import Client
    from django.urls import reverse

    from opencsc.casework.models import Allocation, Authorisation, MeetingBooking
    from opencsc.staff.models import Notification, Professional

    call_command("seed", children=120, seed=3, if_empty=True, demo_users=True, stdout=io.StringIO())
    by = {p.user.username: p for p in Professional.objects.filter(user__username__in=["front.door", "iro.chair", "team.manager"])}
    assert Authorisation.objects.filter(requested_by=by["front.door"], decision="returned").exists()
    assert Allocation.objects.filter(worker=by["iro.chair"], kind="iro", end_date__isnull=True).count() >= 1
    assert MeetingBooking.objects.filter(chair=by["iro.chair"], held_on__isnull=True).exists()
    assert Notification.objects.filter(recipient=by["team.manager"], text__contains="break-glass").exists()
    for username, expected in (("front.door", "Returned to you"), ("iro.chair", "Meetings booked"), ("front.door", "cut lip")):
        client = Client()
        client.force_login(by[username].user)
        page = reverse("web:front-door") if expected == "cut lip" else reverse("web:my-work")
        assert expected in client.get(page).content.decode(), username
    manager = Client()
    manager.force_login(by["team.manager"].user)
    team = manager.get(reverse("web:team")).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong> <a class="govuk-link" href="/children/' in team
    assert "break-glass" in manager.get(reverse("access:notifications")).content.decode()
    for username, expected in (("social.worker", "Care proceedings: week 26"), ("family.help", "Family Help")):
        client = Client()
        client.force_login(Professional.objects.get(user__username=username).user)
        work = client.get(reverse("web:my-work")).content.decode()
        first_child = work.split('href="/children/')[1].split("/")[0] if 'href="/children/' in work else None
        shown = work + (client.get(f"/children/{first_child}/").content.decode() if first_child and expected == "Family Help" else "")
        assert expected in shown, username
