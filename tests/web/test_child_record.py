from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.people import services as people
from opencsc.recording.models import CaseNote, Draft
from tests.conftest import allocate_to, as_opened

from .history import add_history


@pytest.fixture
def child(child, worker):
    """Here the child is allocated to the signed-in worker, whose role then opens the record."""
    return allocate_to(child, worker)


@pytest.fixture
def front_door_signed_in(client, db):
    from opencsc.staff.models import RoleCode, Team
    from tests.conftest import make_worker

    team = Team.objects.create(name="Front Door", service="front door")
    client.force_login(make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, team).user)
    make_worker("fred.doormanager", RoleCode.TEAM_MANAGER, team)  # who authorises the front door's decisions
    return client


def render_record(client, child):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:child-record", args=[child.pk]))
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
def test_the_record_page_uses_the_same_number_of_queries_for_one_event_of_each_kind_as_for_fifty(signed_in, worker):
    short = add_history(people.create_person(first_name="One", last_name="Each", date_of_birth=date(2012, 1, 1)), worker, 1)
    long = add_history(people.create_person(first_name="Fifty", last_name="Each", date_of_birth=date(2012, 1, 1)), worker, 50)
    short_response, short_queries = render_record(signed_in, short)
    long_response, long_queries = render_record(signed_in, long)
    assert short_queries == long_queries
    # and the long history really is on the page: 50 case notes and 50 placement moves
    assert long_response.content.decode().count("Seen at home.") == 50
    assert long_response.content.decode().count("Placement started") == 51


@pytest.mark.django_db
def test_the_record_shows_alerts_status_family_and_a_chronology_filter(signed_in, worker, child):
    add_history(child, worker, 1)
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Risk to staff" in page and "Visit in pairs" in page and "Interpreter needed" in page
    assert "Looked after" in page and "Legal status" in page
    assert "Mum Smith-Jones" in page
    filtered = signed_in.get(reverse("web:child-record", args=[child.pk]) + "?type=note").content.decode()
    assert "Visit 0" in filtered and "Placement started" not in filtered


@pytest.mark.django_db
def test_significant_only_hides_routine_events(signed_in, worker, child):
    add_history(child, worker, 2)
    page = signed_in.get(reverse("web:child-record", args=[child.pk]) + "?significant=1").content.decode()
    assert "Visit 0" in page and "Visit 1" not in page  # only even-numbered notes are significant


@pytest.mark.django_db
def test_adding_a_case_note_puts_it_on_the_chronology(signed_in, child):
    url = reverse("recording:case-note-new", args=[child.pk])
    response = signed_in.post(url, {"date-day": "3", "date-month": "2", "date-year": "2025", "note_type": "visit",
                                    "subject": "Home visit", "text": "Amelia showed me her room.", "significant": "on"})
    assert response.status_code == 302
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Amelia showed me her room." in page and "Significant" in page


@pytest.mark.django_db
def test_a_wrong_date_shows_the_error_summary_and_keeps_what_was_typed(signed_in, child):
    response = signed_in.post(reverse("recording:case-note-new", args=[child.pk]),
                              {"date-day": "31", "date-month": "2", "date-year": "2025", "note_type": "visit",
                               "subject": "Home visit", "text": "Kept text"})
    page = response.content.decode()
    assert "There is a problem" in page and "must be a real date" in page and "Kept text" in page
    assert CaseNote.objects.count() == 0


@pytest.mark.django_db
def test_a_draft_is_saved_as_typed_and_restored_in_a_new_session(client, worker, child):
    client.force_login(worker.user)
    key = f"case-note:{child.pk}"
    response = client.post(reverse("recording:draft-save", args=[key]), {"subject": "Half-written", "text": "I visited and"})
    assert response.json()["saved"] is True
    client.logout()
    client.force_login(worker.user)  # e.g. after the session expired
    page = client.get(reverse("recording:case-note-new", args=[child.pk])).content.decode()
    assert "I visited and" in page and "We restored the draft" in page
    client.post(reverse("recording:case-note-new", args=[child.pk]), {"date-day": "3", "date-month": "2", "date-year": "2025",
                                                           "note_type": "visit", "subject": "Done", "text": "I visited and saw her."})
    assert not Draft.objects.filter(form_key=key).exists()


@pytest.mark.django_db
def test_recording_a_contact_for_a_new_child_then_progressing_it_to_a_referral(front_door_signed_in):
    signed_in = front_door_signed_in
    response = signed_in.post(reverse("casework:contact-new"), {
        "first_name": "Noah", "last_name": "Price", "date_of_birth-day": "1", "date_of_birth-month": "6",
        "date_of_birth-year": "2018", "sex": "M", "received_date-day": "2", "received_date-month": "2",
        "received_date-year": "2025", "received_time": "09:15", "source": "2A", "reason": "abuse_neglect",
        "consent": "given"})
    assert response.status_code == 302
    decided = signed_in.post(response["Location"], as_opened(signed_in, response["Location"], {
        "outcome": "referral", "decision_date-day": "3", "decision_date-month": "2", "decision_date-year": "2025",
        "primary_need": "N1", "need_level": "3", "rationale": "Meets the threshold for an assessment."}), follow=True)
    page = decided.content.decode()
    assert "Referral opened" in page and "Noah Price" in page and "Referral accepted" in page
    again = signed_in.post(response["Location"], {"outcome": "nfa", "decision_date-day": "3", "decision_date-month": "2",
                                                  "decision_date-year": "2025"}, follow=True)
    assert "already recorded" in again.content.decode()  # a double submit does not make a second decision


@pytest.mark.django_db
def test_a_contact_with_consent_not_sought_and_no_reason_is_refused_in_place(signed_in, child):
    response = signed_in.post(reverse("casework:contact-new") + f"?child={child.pk}", {
        "received_date-day": "2", "received_date-month": "2", "received_date-year": "2025", "source": "6",
        "reason": "abuse_neglect", "consent": "not_sought"})
    assert "Say why consent to share was not sought" in response.content.decode()


@pytest.mark.django_db
def test_pages_need_sign_in_and_unknown_pages_get_the_designed_404(client, signed_in):
    from django.test import Client

    anonymous = Client()
    assert anonymous.get("/").status_code == 302
    response = signed_in.get("/children/999999/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_submitting_the_same_case_note_form_twice_saves_one_note(signed_in, child):
    form = signed_in.get(reverse("recording:case-note-new", args=[child.pk])).context["form"]
    data = {"date-day": "3", "date-month": "2", "date-year": "2025", "note_type": "visit", "subject": "Home visit",
            "text": "Saw Amelia.", "submission_id": str(form.initial["submission_id"])}
    signed_in.post(reverse("recording:case-note-new", args=[child.pk]), data)
    signed_in.post(reverse("recording:case-note-new", args=[child.pk]), data)
    assert CaseNote.objects.filter(child=child).count() == 1


@pytest.mark.django_db
def test_submitting_the_same_new_child_contact_twice_makes_one_child_and_one_contact(front_door_signed_in):
    signed_in = front_door_signed_in
    from opencsc.casework.models import Contact
    from opencsc.people.models import Person

    data = {"first_name": "Noah", "last_name": "Price", "date_of_birth-day": "1", "date_of_birth-month": "6",
            "date_of_birth-year": "2018", "received_date-day": "2", "received_date-month": "2", "received_date-year": "2025",
            "source": "2A", "reason": "abuse_neglect", "consent": "given",
            "submission_id": "6f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f"}
    first = signed_in.post(reverse("casework:contact-new"), data)
    second = signed_in.post(reverse("casework:contact-new"), data)
    assert first["Location"] == second["Location"]
    assert Person.objects.filter(last_name="Price").count() == 1 and Contact.objects.count() == 1


@pytest.mark.django_db
def test_alerts_show_on_the_forms_about_the_child_too(signed_in, worker, child):
    from datetime import date as day

    from opencsc.people import services as people

    people.add_alert(child, kind="risk_to_staff", start_date=day(2024, 1, 1), note="Dog at the property")
    people.add_alert(child, kind="marac", start_date=day(2020, 1, 1), end_date=day(2021, 1, 1), note="Old MARAC")
    for url in (reverse("web:child-record", args=[child.pk]), reverse("recording:case-note-new", args=[child.pk]),
                reverse("casework:contact-new") + f"?child={child.pk}"):
        page = signed_in.get(url).content.decode()
        assert "Dog at the property" in page, url
        assert "Old MARAC" not in page, url  # an ended alert is not shown


@pytest.mark.django_db
def test_autosave_after_the_session_ends_is_told_it_was_not_saved(client, child):
    response = client.post(reverse("recording:draft-save", args=[f"case-note:{child.pk}"]), {"text": "typed"})
    assert response.status_code == 401 and response.json()["saved"] is False
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_the_record_shows_census_problems_and_where_to_fix_them(signed_in, child):
    from datetime import timedelta

    from django.utils import timezone

    from opencsc.casework import services as cw

    recent = timezone.localdate() - timedelta(days=20)
    referral = cw.open_referral(child, referral_date=recent, source="6")  # no primary need yet
    cw.close_referral(referral, closure_date=recent + timedelta(days=1), reason="RC8")  # RC8 with no assessment
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Data to fix" in page
    assert "8610" in page and "Primary Need code is missing" in page  # an error
    assert "8825Q" in page  # a query
    assert 'href="?type=referral#chronology"' in page


@pytest.mark.django_db
def test_a_child_with_a_clean_record_has_nothing_to_fix(signed_in, child):
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "Nothing to fix" in page


@pytest.mark.django_db
def test_deciding_a_referral_without_a_primary_need_saves_it_and_warns_about_the_census(signed_in, child, worker):
    from django.utils import timezone

    from opencsc.staff.models import RoleCode
    from tests.conftest import make_worker

    make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team)  # who authorises the decision

    from opencsc.casework import services as cw
    from opencsc.casework.models import Referral
    from opencsc.web.forms import aware

    today = timezone.localdate()
    contact = cw.record_contact(child, received_at=aware(today, "00:01"), source="6", reason="abuse_neglect", consent="given")
    url = reverse("casework:contact-decide", args=[contact.pk])
    response = signed_in.post(url, as_opened(signed_in, url, {
        "outcome": "referral", "decision_date-day": str(today.day), "decision_date-month": str(today.month),
        "decision_date-year": str(today.year), "need_level": "3", "rationale": "Bruising seen by school; needs assessing."}), follow=True)
    page = response.content.decode()
    assert Referral.objects.filter(child=child).count() == 1  # the law requires it recorded: it is saved
    assert "Check this" in page and "Primary Need code is missing" in page and "8610" in page


@pytest.mark.django_db
def test_my_work_lists_what_is_overdue_due_this_week_and_coming_up_for_my_children(signed_in, worker):
    from datetime import timedelta

    from django.utils import timezone

    from opencsc.casework import services as cw
    from opencsc.people import services as people

    today = timezone.localdate()
    late = people.create_person(first_name="Late", last_name="Case", date_of_birth=today.replace(year=today.year - 8))
    cw.open_referral(late, referral_date=today - timedelta(days=90), source="6", primary_need="N1")
    cw.allocate(late, worker=worker, team=worker.team, start_date=today - timedelta(days=90))
    soon = people.create_person(first_name="Soon", last_name="Case", date_of_birth=today.replace(year=today.year - 6))
    cw.open_referral(soon, referral_date=today - timedelta(days=60), source="6", primary_need="N1")
    cw.allocate(soon, worker=worker, team=worker.team, start_date=today - timedelta(days=60))
    other = people.create_person(first_name="Not", last_name="Mine", date_of_birth=today.replace(year=today.year - 6))
    cw.open_referral(other, referral_date=today - timedelta(days=90), source="6", primary_need="N1")

    page = signed_in.get(reverse("web:my-work")).content.decode()
    overdue = page.split('aria-label="Overdue"')[1].split("Due this week")[0]
    assert "Late Case" in overdue and "Complete the child and family assessment" in overdue
    assert "Not Mine" not in page
    assert page.index("Late Case") < page.index("Soon Case")  # most urgent first


@pytest.mark.django_db
def test_my_work_with_no_children_says_so(signed_in):
    page = signed_in.get(reverse("web:my-work")).content.decode()
    assert "No children are allocated to you" in page


@pytest.mark.django_db
def test_the_front_door_queue_shows_waiting_contacts_oldest_first_with_alerts_and_history(front_door_signed_in):
    signed_in = front_door_signed_in
    from datetime import date as day

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencsc.casework import services as cw
    from opencsc.people import services as people
    from opencsc.web.forms import aware

    def contact_for(name, received, alert=None, referred=None):
        child = people.create_person(first_name=name, last_name="Queue", date_of_birth=day(2016, 1, 1))
        if alert:
            mum = people.create_person(kind="adult", first_name="Mum", last_name=name, date_of_birth=day(1990, 1, 1))
            people.add_relationship(child, mum, "mother", reciprocal="child")
            people.add_alert(mum, kind=alert, start_date=day(2020, 1, 1))
        if referred:
            cw.open_referral(child, referral_date=referred, source="6")
        return cw.record_contact(child, received_at=aware(received, "10:00"), source="6", reason="domestic_abuse",
                                 consent="given")

    contact_for("Older", day(2025, 3, 3), alert="marac", referred=day(2024, 6, 1))
    contact_for("Newer", day(2025, 3, 5))
    with CaptureQueriesContext(connection) as few:
        page = signed_in.get(reverse("web:front-door")).content.decode()
    for i in range(5):
        contact_for(f"More{i}", day(2025, 3, 6))
    with CaptureQueriesContext(connection) as more:
        signed_in.get(reverse("web:front-door"))
    assert len(few) == len(more)  # the queue's length does not change the query count
    assert page.index("Older Queue") < page.index("Newer Queue")
    assert "Overdue" in page and "MARAC" in page and "1 earlier referral, latest 1 Jun 2024" in page
    assert "Not known before" in page


@pytest.mark.django_db
def test_an_empty_front_door_says_so(front_door_signed_in):
    assert "No contacts are waiting" in front_door_signed_in.get(reverse("web:front-door")).content.decode()


@pytest.mark.django_db
def test_a_social_worker_can_pass_on_a_contact_about_a_child_they_do_not_work_with_but_not_see_the_record(signed_in):
    response = signed_in.post(reverse("casework:contact-new"), {
        "first_name": "Noah", "last_name": "Price", "date_of_birth-day": "1", "date_of_birth-month": "6",
        "date_of_birth-year": "2018", "sex": "M", "received_date-day": "2", "received_date-month": "2",
        "received_date-year": "2025", "received_time": "09:15", "source": "2A", "reason": "abuse_neglect",
        "consent": "given"}, follow=True)
    page = response.content.decode()
    assert "sent to the front door" in page and "Noah Price" not in page
    assert signed_in.get(reverse("web:front-door")).status_code == 403


@pytest.mark.django_db
def test_the_team_page_weighs_caseloads_by_status_and_reallocation_keeps_history(client, worker, settings):
    from datetime import date as day
    from datetime import timedelta

    from django.utils import timezone

    from opencsc.casework import services as cw
    from opencsc.casework.models import Allocation
    from opencsc.people import services as people
    from opencsc.staff.models import Professional, RoleCode
    from tests.conftest import make_worker

    assert client.get(reverse("web:team")).status_code == 302  # signed out
    client.force_login(worker.user)
    assert client.get(reverse("web:team")).status_code == 403  # a social worker has no team page
    client.force_login(make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team).user)
    signed_in = client
    settings.CASELOAD_WEIGHTS = {"child_protection": 2.0, "child_in_need": 1.0}
    colleague = Professional.objects.create(name="Robin Colleague", team=worker.team, role_id=RoleCode.SOCIAL_WORKER)
    start = timezone.localdate() - timedelta(days=200)
    cp = people.create_person(first_name="Plan", last_name="Child", date_of_birth=day(2015, 1, 1))
    referral = cw.open_referral(cp, referral_date=start, source="6", primary_need="N1")
    cw.start_cp_plan(referral, start_date=start + timedelta(days=10), category="NEG")
    cw.allocate(cp, worker=worker, team=worker.team, start_date=start)
    cin = people.create_person(first_name="Need", last_name="Child", date_of_birth=day(2015, 1, 1))
    cin_referral = cw.open_referral(cin, referral_date=start, source="6", primary_need="N4")
    cw.start_cin_plan(cin_referral, start_date=start + timedelta(days=30))
    cw.allocate(cin, worker=worker, team=worker.team, start_date=start)

    page = signed_in.get(reverse("web:team")).content.decode()
    mine = page.split(f'href="#worker-{worker.pk}">Sam Worker</a></td>')[1].split("</tr>")[0]
    assert ">2<" in mine and "3.0" in mine  # two children, weighted 2.0 + 1.0
    assert "1 child protection" in mine and "1 child in need" in mine
    assert "Tess" not in page.split("Caseloads")[1].split("</table>")[0]  # the manager holds no case: not a row
    # From the team page to an overdue item's form: the worker (an anchor on the page), then the item.
    section = page.split(f'id="worker-{worker.pk}"')[1].split("</section>")[0]
    assert "Plan Child" in section and "Need Child" in section
    assert f'href="/children/{cp.pk}/visit/?next=%2Fteam%2F"' in section  # no visit since the plan began: overdue

    response = signed_in.post(reverse("web:team"), as_opened(signed_in, reverse("web:team"), {"child": cp.pk, "worker": colleague.pk,
                                                                                       "reason": "MANAGE"}), follow=True)
    assert f"{cp.full_name} is now allocated to Robin Colleague" in response.content.decode()
    history = list(Allocation.objects.filter(child=cp, kind="social_worker").order_by("start_date"))
    assert [a.worker for a in history] == [worker, colleague]
    assert history[0].end_date == timezone.localdate() and history[1].end_date is None
    refused = signed_in.post(reverse("web:team"), {"child": cp.pk, "worker": colleague.pk}).content.decode()
    assert "Choose the reason for the change" in refused


@pytest.mark.django_db
def test_a_new_child_at_the_front_door_is_checked_against_likely_duplicates_first(front_door_signed_in):
    from datetime import date as day

    from opencsc.casework.models import Contact
    from opencsc.people import services as people
    from opencsc.people.models import Person

    signed_in = front_door_signed_in
    known = people.create_person(first_name="Noah", last_name="Price", date_of_birth=day(2018, 6, 1))
    data = {"first_name": "Noah", "last_name": "Pryce", "date_of_birth-day": "1", "date_of_birth-month": "6",
            "date_of_birth-year": "2018", "received_date-day": "2", "received_date-month": "2", "received_date-year": "2025",
            "source": "2A", "reason": "abuse_neglect", "consent": "given"}
    first = signed_in.post(reverse("casework:contact-new"), {**data, "submission_id": "1f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f"})
    page = first.content.decode()
    assert "Is this a child we already know?" in page and known.la_child_id in page
    assert Contact.objects.count() == 0 and Person.objects.count() == 1  # nothing saved yet

    chosen = signed_in.post(reverse("casework:contact-new"), {**data, "match": str(known.pk),
                                                     "submission_id": "2f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f"})
    assert chosen.status_code == 302
    assert Person.objects.count() == 1 and Contact.objects.get().child == known

    new = signed_in.post(reverse("casework:contact-new"), {**data, "match": "new",
                                                  "submission_id": "3f1c2f4e-8a51-4c57-9d5e-1a2b3c4d5e6f"})
    assert new.status_code == 302 and Person.objects.filter(last_name="Pryce").count() == 1


@pytest.mark.django_db
def test_the_chronology_for_court_is_a_pdf_of_significant_events_oldest_first(signed_in, worker, child):
    from opencsc.access.models import RecordAccess

    add_history(child, worker, 2)
    response = signed_in.get(reverse("people:court-chronology", args=[child.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert RecordAccess.objects.filter(person=child, action="download").exists()
    preview = signed_in.get(reverse("people:court-chronology", args=[child.pk]) + "?preview=1").content.decode()
    assert "OFFICIAL-SENSITIVE" in preview and "Significant events" in preview
    assert "Visit 0" in preview and "Visit 1" not in preview  # only significant case notes
    assert preview.index("Referral accepted") < preview.index("Child protection plan ended")  # oldest first
    pdf = response.content
    full = signed_in.get(reverse("people:court-chronology", args=[child.pk]) + "?all=1").content
    assert len(full) > len(pdf)  # the full chronology has more in it than the significant events


@pytest.mark.django_db
def test_the_family_shows_what_is_happening_for_each_sibling(signed_in, child, worker):
    from datetime import date as day

    from opencsc.casework import services as cw
    from opencsc.people import services as people

    sibling = people.create_person(first_name="Ben", last_name="Smith-Jones", date_of_birth=day(2013, 1, 1))
    people.add_relationship(child, sibling, "sibling", reciprocal="sibling")
    referral = cw.open_referral(sibling, referral_date=day(2025, 1, 6), source="6", primary_need="N1")
    cw.start_cp_plan(referral, start_date=day(2025, 2, 1), category="NEG")
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    family = page.split("Family and household")[1].split("Chronology")[0]
    assert "Ben Smith-Jones" in family and "child protection" in family
    assert reverse("web:child-record", args=[sibling.pk]) not in family  # named, but not a record this worker opens
    allocate_to(sibling, worker)
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert reverse("web:child-record", args=[sibling.pk]) in page.split("Family and household")[1].split("Chronology")[0]


def _ready_for_the_return(child, worker, home_since):
    """A child and worker with what the SSDA903 header and worker episodes need (UPN, ethnicity, a home
    postcode, the worker's Social Work England number)."""
    from opencsc.people import services as people

    child.upn, child.ethnicity = "A805000315369", "WBRI"
    child.save()
    worker.sw_england_number = "SW123456"
    worker.save()
    people.add_address(child, line_1="1 High Street", postcode="TS26 8NH", start_date=home_since)


@pytest.mark.django_db
def test_a_looked_after_childs_record_shows_the_ssda903_problems_and_the_new_placement_form_warns_of_them(
        signed_in, child, worker):
    from datetime import timedelta

    from django.utils import timezone

    from opencsc.casework import services as cw

    today = timezone.localdate()
    start = today - timedelta(days=30)
    _ready_for_the_return(child, worker, home_since=start - timedelta(days=400))
    cw.allocate(child, worker=worker, team=worker.team, start_date=start, reason="TSPROC")
    cw.become_looked_after(child, start_date=start, legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U6", "provider": "PR1", "postcode": "TS24 9RP",
                                      "urn": "SC105635", "carer_reference": "C1"})
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "looked-after children return (SSDA903) rules find no problems" in page
    # A move to a children's home with no provider and no Ofsted URN: saved, and the worker is told.
    response = signed_in.post(reverse("casework:journey-placement", args=[child.pk]), {
        "date-day": str(today.day), "date-month": str(today.month), "date-year": str(today.year),
        "reason_changed": "CARPL", "placement_type": "K2", "provider": "PR4", "postcode": "TS24 9RP", "urn": ""},
        follow=True)
    page = response.content.decode()
    assert "New placement recorded" in page
    assert "looked-after children return (SSDA903) will report" in page and "218" in page
    record = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert "218" in record and 'href="?type=care#chronology"' in record


@pytest.mark.django_db
def test_a_draft_keeps_every_ticked_box_of_a_field_with_several(client, worker, child):
    """The assessment's factors are many boxes sharing one name: a draft must bring them all back."""
    from datetime import date

    from opencsc.casework import services as cw

    referral = cw.open_referral(child, referral_date=date(2025, 1, 6), source="2A")
    client.force_login(worker.user)
    key = f"assessment-{referral.pk}:{child.pk}"
    response = client.post(reverse("recording:draft-save", args=[key]), {"factors": ["2A", "4A", "21"], "summary": "So far"})
    assert response.json()["saved"] is True
    assert Draft.objects.get(form_key=key).data["factors"] == ["2A", "4A", "21"]
    page = client.get(reverse("casework:journey-assessment", args=[child.pk])).content.decode()
    for code in ("2A", "4A", "21"):
        assert f'value="{code}" checked' in page
    assert 'value="4B" checked' not in page


@pytest.mark.django_db
def test_worker_history_from_before_care_in_the_year_in_progress_shows_as_not_yet_due_and_does_not_warn_at_save(signed_in, child, worker):
    from datetime import timedelta

    from django.utils import timezone

    from opencsc.casework import services as cw

    today = timezone.localdate()
    start = today - timedelta(days=30)
    _ready_for_the_return(child, worker, home_since=start - timedelta(days=400))
    # The signed-in worker has been the child's social worker since long before care (the fixture's allocation).
    cw.become_looked_after(child, start_date=start, legal_status="V2", category_of_need="N1",
                           placement={"placement_type": "U6", "provider": "PR1", "postcode": "TS24 9RP",
                                      "urn": "SC105635", "carer_reference": "C1"})
    # A move: the first episode now ends X1, and DfE's SW12 check reports the worker episode from before care.
    response = signed_in.post(reverse("casework:journey-placement", args=[child.pk]), {
        "date-day": str(today.day), "date-month": str(today.month), "date-year": str(today.year),
        "reason_changed": "CARPL", "placement_type": "U4", "provider": "PR1", "postcode": "TS24 9RP",
        "urn": "SC105635", "carer_reference": "C2"}, follow=True)
    page = response.content.decode()
    assert "New placement recorded" in page and "will report" not in page
    record = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    panel = record.split('id="data-to-fix"')[1].split("Family and household")[0]
    # The year is in progress (the current year), so the whole year's worker history is not due yet: shown
    # as such, with decision 007's reason, and never as an error.
    assert "SW12STG2" in panel and "Not yet due" in panel and "decision 007" in panel
    assert "<strong>0 errors</strong>" in panel and "1 that is not yet due" in panel


@pytest.mark.django_db
def test_the_record_says_when_last_years_return_as_sent_to_dfe_no_longer_matches_the_childs_record(
        signed_in, child, worker):
    from opencsc.casework import services as cw
    from opencsc.casework.models import Placement
    from opencsc.returns import services as returns
    from opencsc.returns.formats.years import current_year
    from opencsc.returns.models import ReturnRun

    year = current_year()
    start = date(year - 2, 6, 1)  # in care since last year's collection year
    _ready_for_the_return(child, worker, home_since=date(year - 4, 1, 1))
    cw.become_looked_after(child, start_date=start, legal_status="C2", category_of_need="N1",
                           placement={"placement_type": "U6", "provider": "PR1", "postcode": "TS24 9RP",
                                      "urn": "SC105635", "carer_reference": "C1"})
    sent = ReturnRun.objects.create(return_name="903", year=year - 1)
    returns.run_return(sent.pk)
    returns.mark_submitted(sent.pk, user=None)
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    assert 'data-testid="sent-note"' not in page

    Placement.objects.filter(child=child).update(provider="PR2")  # corrected after the return went to DfE
    page = signed_in.get(reverse("web:child-record", args=[child.pk])).content.decode()
    label = f"{year - 2}/{str(year - 1)[2:]}"
    assert f"This child&#x27;s {label} record has changed since that year&#x27;s return was sent to DfE on" in page
