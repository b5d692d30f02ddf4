"""Who may see what: the need-to-know rules, the identity tier, break-glass and restricted records."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.access import policy
from opencsc.access.models import BreakGlassGrant, RecordAccess
from opencsc.access.services import restrict
from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.recording.services import add_case_note
from opencsc.staff.models import Notification, Role, RoleCode
from opencsc.web.forms import aware
from tests.conftest import allocate_to, as_opened, make_worker

pytestmark = pytest.mark.django_db


def sees(professional, person):
    return policy.can_read(professional.user, person)


def test_workers_see_their_own_and_their_teams_children_and_no_one_elses(world):
    child = world["child"]
    assert sees(world["worker"], child) and sees(world["colleague"], child) and sees(world["manager"], child)
    assert sees(world["support"], child)
    for outsider in ("stranger", "other_manager", "front_door", "iro", "analyst", "admin"):
        assert not sees(world[outsider], child), outsider


def test_a_manager_sees_the_children_of_every_team_they_manage(world):
    assert not sees(world["manager"], allocate_to(
        people.create_person(first_name="Tom", last_name="Other", date_of_birth=date(2014, 1, 1)), world["stranger"]))
    world["manager"].teams_managed.add(world["other_team"])
    assert sees(world["manager"], world["stranger"].allocations.get().child)


def test_the_front_door_sees_children_with_an_open_contact_and_their_family_until_it_is_decided(world):
    brother = people.create_person(first_name="Ben", last_name="Smith-Jones", date_of_birth=date(2012, 1, 1))
    people.add_relationship(world["child"], brother, "sibling", reciprocal="sibling")
    front_door = world["front_door"]
    assert not sees(front_door, world["child"]) and not sees(front_door, brother)
    contact = cw.record_contact(brother, received_at=aware(date(2025, 3, 3), "10:00"), source="6",
                                reason="abuse_neglect", consent="given")
    # The child with the contact; a relative a team holds stays that team's (second attack report, item 2).
    assert sees(front_door, brother) and not sees(front_door, world["child"])
    sister = people.create_person(first_name="Sia", last_name="Smith-Jones", date_of_birth=date(2014, 1, 1))
    people.add_relationship(brother, sister, "sibling", reciprocal="sibling")
    assert sees(front_door, sister)  # family no team holds, recorded by someone other than the front door
    cw.decide_contact(contact, outcome="nfa", decided_at=aware(date(2025, 3, 3), "15:00"))
    assert not sees(front_door, brother) and not sees(front_door, world["child"]) and not sees(front_door, sister)


def test_the_front_doors_manager_opens_what_the_front_door_opens_and_no_more(world):
    lead = make_worker("fd.manager", RoleCode.TEAM_MANAGER, world["front_door"].team)
    newcomer = people.create_person(first_name="Nia", last_name="New", date_of_birth=date(2019, 2, 2))
    assert not sees(lead, newcomer)
    contact = cw.record_contact(newcomer, received_at=aware(date(2025, 3, 3), "10:00"), source="6",
                                reason="abuse_neglect", consent="given")
    assert sees(lead, newcomer)  # to check a decision before authorising it
    assert not sees(lead, world["child"])  # a team's child stays that team's
    cw.decide_contact(contact, outcome="nfa", decided_at=aware(date(2025, 3, 3), "15:00"))
    assert not sees(lead, newcomer)


def test_an_iro_sees_the_children_whose_conferences_or_reviews_they_chair(world):
    iro, child = world["iro"], world["child"]
    assert not sees(iro, child)
    period = cw.become_looked_after(child, start_date=date(2025, 1, 6), legal_status="C2", category_of_need="N1",
                                    placement={"placement_type": "U1", "provider": "PR1", "carer_reference": "C1"})
    cw.record("review", child, period=period, date=date(2025, 2, 3), chair=iro, participation="PN1")
    assert sees(iro, child)


def test_roles_are_data_an_administrator_can_change(world):
    child = world["child"]
    add_case_note(child, author=world["worker"], date=date(2025, 1, 2), note_type="visit", subject="Disclosure",
                  text="What the child said about home.", sensitive=True)
    add_case_note(child, author=world["worker"], date=date(2025, 1, 3), note_type="visit", subject="Routine visit",
                  text="All well.")
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(world["support"].user)
    page = client.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Routine visit" in page and "Disclosure" not in page  # business support: no sensitive notes
    Role.objects.filter(code=RoleCode.BUSINESS_SUPPORT).update(sees_sensitive_notes=True)
    page = client.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Disclosure" in page


def test_anyone_signed_in_can_find_that_a_child_exists_but_not_open_the_record(client, world):
    client.force_login(world["stranger"].user)
    page = client.get(reverse("people:home"), {"q": "Amelia Smith-Jones"}).content.decode()
    results = page.split('aria-label="Children found"')[1]
    assert "Amelia Smith-Jones" in results and "14 Mar 2015" in results and "Safeguarding Team 1" in results
    assert reverse("web:child-record", args=[world["child"].pk]) + '"' not in results  # no link to the record
    assert "9434765919" not in results and "needs access" in results  # identifiers beyond the identity tier are not shown
    assert reverse("access:break-glass", args=[world["child"].pk]) in results


def test_a_refused_record_names_no_child_is_audited_and_offers_break_glass(client, world):
    client.force_login(world["stranger"].user)
    child = world["child"]
    for url in (reverse("web:child-record", args=[child.pk]), reverse("people:court-chronology", args=[child.pk]),
                reverse("recording:case-note-new", args=[child.pk]), reverse("people:record-views", args=[child.pk])):
        response = client.get(url)
        assert response.status_code == 403, url
        body = response.content.decode()
        assert "Amelia" not in body and "Smith-Jones" not in body and child.la_child_id not in body, url
    assert reverse("access:break-glass", args=[child.pk]) in client.get(reverse("web:child-record", args=[child.pk])).content.decode()
    refusals = RecordAccess.objects.filter(action="refused", user=world["stranger"].user)
    assert refusals.count() == 5  # four record refusals and one page refusal (who has looked is a manager's page)
    assert refusals.filter(person=child).count() == 4 and "social workers see" in refusals.filter(person=child).first().why


def test_break_glass_asks_why_tells_the_manager_and_can_be_revoked(client, world):
    child, stranger = world["child"], world["stranger"]
    client.force_login(stranger.user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 403  # the refusal offers break-glass
    url = reverse("access:break-glass", args=[child.pk])
    short = client.post(url, {"reason": "need it"})
    assert "at least 15 characters" in short.content.decode() and not BreakGlassGrant.objects.exists()
    granted = client.post(url, {"reason": "Police called at 2am: child found alone, need the safety plan"}, follow=True)
    assert granted.status_code == 200 and "Break-glass access granted" in granted.content.decode()
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 200
    view = RecordAccess.objects.filter(person=child, action="view", user=stranger.user).first()
    assert view.why.startswith("break-glass until") and "Police called" in view.why
    assert RecordAccess.objects.filter(person=child, action="break-glass", why__contains="Police called").count() == 1

    note = Notification.objects.get(recipient=world["manager"])
    assert "break-glass" in note.text and "Police called" in note.text
    assert not Notification.objects.filter(recipient=world["other_manager"]).exists()

    client.force_login(world["manager"].user)
    review = client.get(reverse("access:break-glass-review")).content.decode()
    assert "Police called at 2am" in review and "Active until" in review
    grant = BreakGlassGrant.objects.get()
    client.force_login(world["other_manager"].user)  # not the child's manager
    client.post(reverse("access:break-glass-decide", args=[grant.pk]), {"action": "revoke"})
    grant.refresh_from_db()
    assert grant.revoked_at is None
    client.force_login(world["manager"].user)
    client.post(reverse("access:break-glass-decide", args=[grant.pk]), {"action": "revoke"})
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == world["manager"].user

    client.force_login(stranger.user)
    assert client.get(reverse("web:child-record", args=[child.pk])).status_code == 403


def test_break_glass_expires(world):
    grant = BreakGlassGrant.objects.create(user=world["stranger"].user, person=world["child"], reason="x" * 20,
                                           granted_at=timezone.now() - timedelta(hours=5),
                                           expires_at=timezone.now() - timedelta(hours=1))
    assert not sees(world["stranger"], world["child"]) and not grant.is_active(timezone.now())


def test_administrators_and_analysts_cannot_break_glass_into_what_their_role_forbids(client, world):
    client.force_login(world["admin"].user)
    response = client.post(reverse("access:break-glass", args=[world["child"].pk]), {"reason": "I am curious about this child"})
    assert response.status_code == 403 and not BreakGlassGrant.objects.exists()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("returns:returns")).status_code == 403
    client.force_login(world["analyst"].user)
    assert client.get(reverse("returns:returns")).status_code == 200
    assert client.get(reverse("admin:index")).status_code in (302, 403)
    assert client.get(reverse("web:child-record", args=[world["child"].pk])).status_code == 403


def test_the_administration_site_holds_no_case_content(client, world):
    from opencsc.access.admin import site

    registered = {model._meta.app_label for model in site._registry}
    assert registered <= {"access", "auth", "staff"}, registered
    client.force_login(world["admin"].user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Roles" in page and "Teams" in page and "Amelia" not in page


@pytest.fixture
def restricted(world):
    """The child's record restricted to the manager alone (say, the child of a staff member)."""
    restrict(world["child"], reason="child of a member of staff", named_users=[world["manager"].user],
             ask_team=world["team"])
    return world["child"]


def test_a_restricted_record_opens_only_for_the_people_named_on_it_break_glass_included(client, world, restricted):
    assert sees(world["manager"], restricted)
    assert not sees(world["worker"], restricted)  # allocated, but not named
    client.force_login(world["stranger"].user)
    response = client.post(reverse("access:break-glass", args=[restricted.pk]), {"reason": "Police called at 2am: child found alone"})
    assert response.status_code == 403 and not BreakGlassGrant.objects.exists()
    assert "Amelia" not in response.content.decode()


def test_a_restricted_child_appears_in_search_only_on_an_exact_name_and_date_of_birth(client, world, restricted):
    client.force_login(world["worker"].user)
    for query in ("Amelia", "Smith-Jones", "Amelia Smyth", "Amelia Smith-Jones", "14/03/2015", restricted.nhs_number):
        page = client.get(reverse("people:home"), {"q": query}).content.decode()
        assert "No children found" in page and restricted.la_child_id not in page, query
    page = client.get(reverse("people:home"), {"q": "amelia smith-jones 14/03/2015"}).content.decode()
    results = page.split('aria-label="Children found"')[1]
    assert "restricted: ask Safeguarding Team 1" in results and restricted.la_child_id in results
    assert reverse("web:child-record", args=[restricted.pk]) not in results
    client.force_login(world["manager"].user)  # named: found as anyone else is
    assert reverse("web:child-record", args=[restricted.pk]) in client.get(reverse("people:home"), {"q": "Amelia"}).content.decode()


def test_a_restricted_sibling_is_not_named_on_another_childs_record_or_in_its_alerts(client, world, restricted):
    sister = allocate_to(people.create_person(first_name="Maya", last_name="Smith-Jones", date_of_birth=date(2017, 1, 1)),
                         world["worker"])
    people.add_relationship(sister, restricted, "sibling", reciprocal="sibling")
    people.add_alert(restricted, kind="risk_to_staff", start_date=date(2024, 1, 1), note="Dog at the property")
    client.force_login(world["worker"].user)
    page = client.get(reverse("web:child-record", args=[sister.pk])).content.decode()
    assert "Amelia" not in page and "A restricted record" in page
    assert "Dog at the property" in page and "a family member (restricted record)" in page


def test_a_case_note_restricted_to_named_people_is_hidden_from_everyone_else(client, world):
    child = world["child"]
    note = add_case_note(child, author=world["colleague"], date=date(2025, 1, 2), note_type="visit",
                         subject="Allegation against a carer", text="Details for the LADO only.")
    note.restricted_to.set([world["manager"].user])
    client.force_login(world["worker"].user)
    assert "Allegation against a carer" not in client.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Allegation against a carer" not in client.get(
        reverse("people:court-chronology", args=[child.pk]) + "?preview=1&all=1").content.decode()
    for named in (world["manager"], world["colleague"]):  # the named manager, and the author
        client.force_login(named.user)
        assert "Allegation against a carer" in client.get(reverse("web:child-record", args=[child.pk])).content.decode()


def test_restricted_children_still_count_in_the_census(world, restricted):
    from opencsc.returns.cin import census

    cw.open_referral(restricted, referral_date=date(2025, 5, 1), source="6", primary_need="N1")
    assert restricted.la_child_id.encode() in census.export(2026).xml


def test_each_record_view_search_and_download_writes_exactly_one_audit_entry(client, world):
    client.force_login(world["worker"].user)
    child = world["child"]
    for url, params, action in ((reverse("web:child-record", args=[child.pk]), {}, "view"),
                                (reverse("people:home"), {"q": "Amelia"}, "search"),
                                (reverse("people:court-chronology", args=[child.pk]), {}, "download")):
        before = RecordAccess.objects.order_by("-id").values_list("id", flat=True).first() or 0
        assert client.get(url, params).status_code == 200
        written = list(RecordAccess.objects.filter(id__gt=before))
        assert [e.action for e in written] == [action], url
        assert written[0].user == world["worker"].user and written[0].ip_address == "127.0.0.1"


def test_if_the_audit_entry_cannot_be_written_the_record_is_not_shown(client, world, monkeypatch):
    from opencsc.access import gate

    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(gate.audit, "append", broken)
    client.raise_request_exception = False
    client.force_login(world["worker"].user)
    response = client.get(reverse("web:child-record", args=[world["child"].pk]))
    assert response.status_code == 500 and "Amelia" not in response.content.decode()


def test_lists_show_a_restricted_child_by_id_only_to_those_not_named(client, world, restricted):
    client.force_login(world["worker"].user)  # still allocated, not named
    page = client.get(reverse("web:my-work")).content.decode()
    assert "Amelia" not in page and f"Restricted record {restricted.la_child_id}" in page
    other_manager = make_worker("tim.manager", RoleCode.TEAM_MANAGER, world["team"])
    client.force_login(other_manager.user)
    page = client.get(reverse("web:team")).content.decode()
    assert "Amelia" not in page and f"Restricted record {restricted.la_child_id}" in page


def test_a_manager_restricts_a_record_from_its_page_and_stays_named(client, world):
    child = world["child"]
    client.force_login(world["manager"].user)
    url = reverse("access:restrict-record", args=[child.pk])
    refused = client.post(url, {"reason": "", "named": []})
    assert "Say why the record is restricted" in refused.content.decode()
    client.post(url, {"reason": "child of a member of staff", "named": [str(world["colleague"].user.pk)],
                      "ask_team": world["team"].pk})
    assert sees(world["manager"], child) and sees(world["colleague"], child)
    assert not sees(world["worker"], child)  # allocated, but not named
    assert RecordAccess.objects.filter(person=child, action="restrict").count() == 1


def test_a_restricted_child_is_never_offered_as_a_likely_duplicate_of_a_new_child(client, world, restricted):
    client.force_login(world["front_door"].user)
    response = client.post(reverse("casework:contact-new"), {
        "first_name": "Amelia", "last_name": "Smith-Jones", "date_of_birth-day": "14", "date_of_birth-month": "3",
        "date_of_birth-year": "2015", "received_date-day": "2", "received_date-month": "2", "received_date-year": "2025",
        "source": "2A", "reason": "abuse_neglect", "consent": "given"})
    assert restricted.la_child_id not in response.content.decode()


def test_a_notes_author_restricts_it_from_the_record_and_can_lift_it_again(client, world):
    child = world["child"]
    note = add_case_note(child, author=world["worker"], date=date(2025, 1, 2), note_type="visit",
                         subject="Disclosure about an uncle", text="Only the manager should read this for now.")
    client.force_login(world["worker"].user)
    record = client.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert reverse("recording:case-note-restrict", args=[child.pk, note.pk]) in record
    form = client.get(reverse("recording:case-note-restrict", args=[child.pk, note.pk])).content.decode()
    assert "Tess Manager" in form and "Cal Colleague" in form and "Oli Other" not in form  # colleagues in my teams
    url = reverse("recording:case-note-restrict", args=[child.pk, note.pk])
    response = client.post(url, as_opened(client, url, {"named": [str(world["manager"].user_id)]}), follow=True)
    assert "restricted to its author and 1 named person" in response.content.decode()
    assert set(note.restricted_to.all()) == {world["manager"].user}
    for who, can_read in ((world["colleague"], False), (world["manager"], True), (world["worker"], True)):
        client.force_login(who.user)
        assert ("Disclosure about an uncle" in client.get(reverse("web:child-record", args=[child.pk])).content.decode()) == can_read
    assert RecordAccess.objects.filter(action="change", detail__contains=f"case note {note.pk} restricted").exists()
    client.force_login(world["worker"].user)
    client.post(url, as_opened(client, url, {}))  # no one ticked: the restriction is lifted
    client.force_login(world["colleague"].user)
    assert "Disclosure about an uncle" in client.get(reverse("web:child-record", args=[child.pk])).content.decode()


def test_only_a_notes_author_or_a_manager_may_restrict_it(client, world):
    child = world["child"]
    note = add_case_note(child, author=world["worker"], date=date(2025, 1, 2), note_type="visit",
                         subject="A visit", text="Seen at home.")
    client.force_login(world["colleague"].user)  # may open the record, did not write the note
    assert client.get(reverse("recording:case-note-restrict", args=[child.pk, note.pk])).status_code == 403
    assert not note.restricted_to.exists()


@pytest.mark.django_db
def test_djangos_permission_api_answers_with_the_access_policy(world):
    child = world["child"]
    assert world["worker"].user.has_perm("people.view_person", child)  # allocated
    assert world["manager"].user.has_perm("people.view_person", child)  # their team's child
    assert not world["stranger"].user.has_perm("people.view_person", child)  # another team's
    assert not world["admin"].user.has_perm("people.view_person", child)  # administrators see no case content
    assert not world["worker"].user.has_perm("people.change_person", child)  # it answers only the one question
