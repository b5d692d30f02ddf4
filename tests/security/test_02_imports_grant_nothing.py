"""Item 2: an import never grants access, and a file touching children a team holds (or a
restricted record) waits for their managers' approval."""

from datetime import date

import pytest

from opencsc.access import policy
from opencsc.access.services import restrict
from opencsc.casework.models import Allocation
from opencsc.exchange import ssda903_import
from opencsc.people.models import Person

pytestmark = pytest.mark.django_db

SW_EPISODES = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n{child},01/05/2012,SW1234567,01/04/2025,,\n"


def test_a_worker_episode_in_a_file_grants_no_access(world):
    support = world["support"]
    support.sw_england_number = "SW1234567"
    support.save()
    other = Person.objects.create(first_name="Iris", last_name="Imported", date_of_birth=date(2012, 5, 1),
                                  la_child_id="IMP001", kind=Person.Kind.CHILD)
    ssda903_import.import_903([("sw.csv", SW_EPISODES.format(child=other.la_child_id).encode())], year=2026)
    assert Allocation.with_history.filter(child=other, worker=support).exists()  # kept, as history for the returns
    assert not Allocation.objects.filter(child=other).exists()
    assert not policy.can_read(support.user, other)


def cin_file_naming(child):
    """The synthetic census fixture, its first child given this child's LA ID."""
    from lxml import etree

    from tests.exchange.test_cin_import import FIXTURES

    data = (FIXTURES / "cin_2025_26_sex.xml").read_bytes()
    first_id = etree.fromstring(data).findtext("Children/Child/ChildIdentifiers/LAchildID")
    Person.objects.filter(pk=child.pk).update(la_child_id=first_id, ethnicity="ZZZZ")
    return data, first_id


def import_as_analyst(world, data):
    from opencsc.exchange import services as imports

    run = imports.request_import(kind="cin", files=[("cin.xml", data)], dry_run=False, user=world["analyst"].user)
    return imports.run_import(run.pk)


def test_a_file_touching_a_restricted_record_writes_nothing_until_its_named_people_approve(world):
    from opencsc.exchange import services as imports
    from opencsc.exchange.models import ImportPart

    child = world["child"]
    data, _ = cin_file_naming(child)
    restrict(child, reason="adopted", named_users=[world["manager"].user])
    run = import_as_analyst(world, data)
    assert Person.objects.get(pk=child.pk).ethnicity == "ZZZZ"  # nothing written for the restricted child
    assert Person.objects.count() > 1 and "for approval by" in run.summary  # the other children were written
    part = ImportPart.objects.get(run=run)
    with pytest.raises(PermissionError):
        imports.approve_part(part, by=world["other_manager"].user)
    imports.approve_part(part, by=world["manager"].user)
    assert Person.objects.get(pk=child.pk).ethnicity != "ZZZZ"


def test_the_holding_teams_manager_is_told_sees_the_changes_and_decides(client, world):
    from opencsc.exchange.models import ImportPart
    from opencsc.staff.models import Notification

    child = world["child"]
    data, la_id = cin_file_naming(child)
    run = import_as_analyst(world, data)
    part = ImportPart.objects.get(run=run, team=world["team"])
    assert part.children == [la_id] and Person.objects.get(pk=child.pk).ethnicity == "ZZZZ"
    told = Notification.objects.get(recipient=world["manager"], link=f"/returns/imports/parts/{part.pk}/")
    client.force_login(world["other_manager"].user)
    assert client.get(told.link).status_code == 403
    client.force_login(world["manager"].user)
    page = client.get(told.link).content.decode()
    assert la_id in page and "What approving would change" in page
    client.post(told.link, {"decision": "approve"})
    part.refresh_from_db()
    assert part.status == "approved" and part.rows and Person.objects.get(pk=child.pk).ethnicity != "ZZZZ"
    assert Notification.objects.filter(recipient=world["analyst"], text__contains="approved").exists()
    assert client.post(told.link, {"decision": "approve"}).status_code == 302  # twice: said, nothing more


def test_the_import_command_sets_held_children_apart_as_the_page_does(world, tmp_path, capsys):
    from django.core.management import call_command

    child = world["child"]
    data, _ = cin_file_naming(child)
    (tmp_path / "cin.xml").write_bytes(data)
    call_command("import_return", "cin", str(tmp_path / "cin.xml"))
    assert "Not written until approved: 1 children held by Safeguarding Team 1" in capsys.readouterr().out
    assert Person.objects.get(pk=child.pk).ethnicity == "ZZZZ"
