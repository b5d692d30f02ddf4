"""Second attack report, "Also": the information-governance officer's one-off report of what family
links reached under the earlier code — links made by someone who may not open the relative, and
records opened as "family of a child with an open contact" — as a command and an administrators' page."""


import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from opencsc.access import audit
from opencsc.access.actor import acting_as
from opencsc.access.ig_report import FAMILY_GROUND, links_beyond_reach, opened_on_family_ground
from opencsc.access.models import RecordAccess
from opencsc.people import services as people
from opencsc.staff.stepping import step

pytestmark = pytest.mark.django_db


@pytest.fixture
def reached(family):
    """What the earlier code let through: the worker linked the other team's child and opened it; the front
    door opened a held child as family of a contact."""
    with acting_as(family["worker"].user), step():
        people.link_relative(family["a"], family["theirs"], "sibling")
        people.link_relative(family["a"], people.create_person(kind="adult", first_name="Una", last_name="Kle"), "aunt_uncle")
    audit.append(user=family["worker"].user, person=family["theirs"], action="view", detail="record")
    audit.append(user=family["front_door"].user, person=family["theirs"], action="view", detail="record", why=FAMILY_GROUND)
    audit.append(user=family["front_door"].user, person=family["theirs"], action="download", detail="chronology", why=FAMILY_GROUND)
    return family


def test_a_link_to_a_record_the_linker_may_not_open_is_listed_with_what_they_opened_after(reached):
    rows = links_beyond_reach()
    assert [(r.username, r.child_ref, r.relative_ref, r.opened_after) for r in rows] == [
        (reached["worker"].user.username, reached["a"].la_child_id, reached["theirs"].la_child_id, 1)]
    assert "may not open" in rows[0].why_listed  # the uncle (whom the worker may reach) and Theo's link back to A are not listed


def test_every_look_on_the_family_ground_is_counted_by_person_and_record(reached):
    rows = opened_on_family_ground()
    assert [(r.username, r.person_ref, r.looks) for r in rows] == [
        (reached["front_door"].user.username, reached["theirs"].la_child_id, 2)]


def test_the_command_writes_both_lists_as_csv_and_is_audited(reached, tmp_path):
    call_command("family_links_report", out=str(tmp_path))
    assert reached["theirs"].la_child_id in (tmp_path / "links_beyond_reach.csv").read_text()
    assert "2" in (tmp_path / "opened_on_family_ground.csv").read_text().splitlines()[1].split(",")
    assert RecordAccess.objects.filter(action="export", detail__contains="family links report").exists()


def test_the_page_is_for_administrators_and_names_no_child(reached):
    admin = Client()
    admin.force_login(reached["admin"].user)
    page = admin.get(reverse("admin:family-links-report"))
    text = page.content.decode()
    assert page.status_code == 200 and reached["theirs"].la_child_id in text and "Theo" not in text
    worker = Client()
    worker.force_login(reached["worker"].user)
    assert worker.get(reverse("admin:family-links-report")).status_code in (302, 403)
