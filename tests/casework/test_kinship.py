"""Kinship care: a child cared for by family or friends, the carer already on the family; a connected
person's temporary approval is on My work until it ends."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencsc import versions
from opencsc.casework import services as cw
from opencsc.casework.due import due_work
from opencsc.casework.models import KinshipArrangement
from opencsc.people import services as people
from opencsc.recording.chronology import chronology

pytestmark = pytest.mark.django_db


def gov_date(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_a_connected_person_caring_for_the_child_is_recorded_from_the_family_and_their_approval_falls_due(signed_in, my_child):
    today = timezone.localdate()
    nan = people.create_person(kind="adult", first_name="Nora", last_name="Smith-Jones", sex="F")
    people.link_relative(my_child, nan, "grandparent")
    cw.open_referral(my_child, referral_date=today - timedelta(days=30), source="6", primary_need="N1")
    url = reverse("casework:kinship-new", args=[my_child.pk])
    form = signed_in.get(url).context["form"]
    assert (nan.pk, f"{nan.full_name} (Grandparent)") in form.fields["carer"].choices
    data = {"submission_id": form.initial["submission_id"], "kind": "connected_person", "carer": nan.pk,
            **gov_date("start_date", today - timedelta(days=7)), "support": "Weekly support visit"}
    missing = signed_in.post(url, data)
    assert "Enter the date the temporary approval ends" in missing.content.decode()
    assert signed_in.post(url, {**data, **gov_date("approved_until", today + timedelta(days=105))}).status_code == 302
    arrangement = KinshipArrangement.objects.get()
    due = next(i for i in due_work([my_child.pk]) if i.what == "Temporary approval of the connected person ends")
    assert due.due == today + timedelta(days=105)
    assert "Nora Smith-Jones" in signed_in.get(reverse("web:child-record", args=[my_child.pk])).content.decode()
    assert any("Cared for by Nora" in e.detail for e in chronology(my_child, ["care"], notes=my_child.case_notes.none()))
    end = reverse("casework:kinship-end", args=[my_child.pk, arrangement.pk])
    assert signed_in.post(end, {**gov_date("end_date", today), "version": versions.token(arrangement)}).status_code == 302
    assert not any(i.what.startswith("Temporary approval") for i in due_work([my_child.pk]))


def test_a_child_is_not_a_kinship_carer(my_child, child):
    other = people.create_person(first_name="Kid", last_name="Other", date_of_birth=timezone.localdate() - timedelta(days=3000))
    with pytest.raises(ValidationError, match="adult"):
        cw.record_kinship(my_child, carer=other, kind="informal", start_date=timezone.localdate())
