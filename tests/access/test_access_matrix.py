"""Every URL against the hand-written permission matrix in docs/access-matrix.csv.

The matrix states the rules of the access issue (role × situation × page → allow / deny); it is
not derived from the code. This test fails on any URL pattern with no row, on any row naming a page
that does not exist, and on any response that differs from the matrix. Denied responses must not
contain the child's name or record text.
"""

import csv
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from opencsc.access.models import BreakGlassGrant
from opencsc.access.services import restrict
from opencsc.casework import services as cw
from opencsc.casework.models import KinshipArrangement, MeetingBooking
from opencsc.meetings.models import Recommendation
from opencsc.meetings.services import record_meeting
from opencsc.people import services as people
from opencsc.proceedings import services as proceedings
from opencsc.proceedings.models import DeprivationOfLibertyOrder
from opencsc.recording.documents import add_document
from opencsc.recording.services import add_case_note
from opencsc.returns.models import ReturnRun
from opencsc.staff.models import RoleCode, Team
from opencsc.web.forms import aware
from tests.conftest import as_a_legacy_file, make_worker

MATRIX = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.csv"
ROLES = [code for code, _ in RoleCode.choices] + ["anonymous"]
SITUATIONS = ["allocated_to_me", "my_team", "other_team", "open_contact", "chaired_by_me", "break_glass",
              "restricted_named", "restricted_not_named"]
PROCEEDINGS_STEPS = [f"proceedings:pre-proceedings-{step}" for step in ("start", "letter", "response", "fgdm", "meeting", "decision",
                                                                      "application", "issue-letter")] + [
    f"proceedings:care-proceedings-{step}" for step in ("extension", "hearing", "order")]
CHILD_PAGES = {
    "web:child-record",
    *(f"access:{name}" for name in ("restrict-record", "break-glass", "subject-access-json", "subject-access-pdf",
                                    "subject-access-release-address")),
    *(f"recording:{name}" for name in ("case-note-new", "case-note-edit", "case-note-restrict", "document-new", "document-open",
                                       "document-restrict", "letters")),
    *(f"people:{name}" for name in ("court-chronology", "record-views", "child-details", "address-new", "address-end", "address-dates",
                                    "relationship-new", "relationship-edit", "relative-address", "professional-new", "professional-end",
                                    "genogram")),
    *(f"casework:{name}" for name in ("contact-decide", "contact-urgency", "contact-correct", "journey-assessment", "journey-strategy",
                                      "journey-s47-outcome", "journey-conference", "journey-core-group", "journey-visit",
                                      "journey-looked-after", "journey-placement", "journey-lac-review", "journey-close", "meeting-book",
                                      "meeting-change", "kinship-new", "kinship-end")),
    "returns:query-reason",
    "proceedings:pre-proceedings", "proceedings:care-proceedings", *PROCEEDINGS_STEPS, "proceedings:liberty-order-new",
    "proceedings:liberty-order-end",
    "plans:plan", "plans:plan-update", "plans:plan-close",
    "meetings:meetings-held", "meetings:meeting-record-new", "meetings:recommendation-done",
    "familyhelp:family-help", "familyhelp:family-help-start", "familyhelp:family-help-note", "familyhelp:family-help-end",
}
POST_ONLY = {"access:subject-access-release-address", "web:logout", "recording:draft-save", "recording:draft-discard",
             "access:break-glass-decide", "returns:return-run-again", "returns:return-run-submitted"}
ADMIN_PAGES = ["admin:index", "admin:add-worker", "admin:staff_role_changelist", "admin:staff_team_changelist",
               "admin:staff_professional_changelist", "admin:auth_user_changelist", "admin:auth_user_add"]


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            else:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
    return set(walk(get_resolver().url_patterns))


def load_matrix():
    """{(page, role, situation): expected}, each combination stated exactly once."""
    expected, seen_twice = {}, []
    with MATRIX.open(newline="") as f:
        for row in csv.DictReader(f):
            for page in row["pages"].split():
                for role in row["roles"].split():
                    for situation in row["situations"].split():
                        key = (page, role, situation)
                        if key in expected:
                            seen_twice.append(key)
                        expected[key] = row["expected"]
    assert not seen_twice, f"stated more than once: {seen_twice[:5]}"
    return expected


def covers(page_name, matrix):
    pages = {page for page, _, _ in matrix}
    return page_name in pages or (page_name.startswith("admin:") and "admin:*" in pages)


def test_every_url_has_a_row_and_every_row_a_url():
    matrix = load_matrix()
    names = url_names()
    unnamed = [name for name in names if name is None or name.endswith(":None")]
    # Django's admin adds a few unnamed catch-all patterns (redirects); they are covered by admin:*.
    assert all(name.startswith("admin:") for name in unnamed if name), unnamed
    assert None not in names, "every URL of the service has a name (so the matrix can state it)"
    missing = sorted(name for name in names if not covers(name, matrix))
    assert not missing, f"URLs with no row in docs/access-matrix.csv: {missing}"
    unknown = sorted({page for page, _, _ in matrix} - names - {"admin:*"})
    assert not unknown, f"rows for pages that do not exist: {unknown}"


def test_every_role_and_situation_is_stated_for_every_page():
    matrix = load_matrix()
    for page in {page for page, _, _ in matrix}:
        situations = SITUATIONS if page in CHILD_PAGES else ["any"]
        for role in ROLES:
            wanted = ["any"] if role == "anonymous" else situations
            for situation in wanted:
                assert (page, role, situation) in matrix, (page, role, situation)


def build_world(role):
    """The acting worker (with ``role``) in team A, a colleague in A, an outsider in team B, and one
    child per situation."""
    team_a = Team.objects.create(name="Team A", service="child protection")
    team_b = Team.objects.create(name="Team B", service="child protection")
    me = make_worker("acting.worker", role if role != "anonymous" else RoleCode.SOCIAL_WORKER, team_a)
    colleague = make_worker("cal.colleague", RoleCode.SOCIAL_WORKER, team_a)
    outsider = make_worker("oli.outsider", RoleCode.SOCIAL_WORKER, team_b)
    make_worker("olga.manager", RoleCode.TEAM_MANAGER, team_b)  # every authorisation request has a manager to see it
    start = date(2024, 1, 8)
    children = {}
    for i, situation in enumerate(SITUATIONS):
        child = people.create_person(first_name=f"Zebedee{i}", last_name=f"Quartermaine{i}", date_of_birth=date(2014, 1, 1 + i))
        holder = {"allocated_to_me": me, "my_team": colleague, "restricted_not_named": me}.get(situation, outsider)
        if situation != "open_contact":  # a contact about a held child is the holding team's, not the front door's
            with as_a_legacy_file():  # every role "allocated to me", as legacy data may say (only case holders are allocated now)
                cw.allocate(child, worker=holder, team=holder.team, start_date=start)
        received = aware(start + timedelta(days=30), "10:00")
        contact = cw.record_contact(child, received_at=received, source="6", reason="abuse_neglect", consent="given",
                                    details=f"Record text for {situation}")
        if situation != "open_contact":
            cw.decide_contact(contact, outcome="nfa", decided_at=received + timedelta(hours=3))
        people.add_address(child, line_1="1 Matrix Row", postcode="TS24 8AA", start_date=start, confidential=True)
        add_case_note(child, author=outsider, date=start, note_type="visit", subject="Secret visit note",
                      text=f"Sensitive record text {i}")
        parent = people.create_person(kind="adult", first_name=f"Parent{i}", last_name=f"Quartermaine{i}", sex="F")
        people.link_relative(child, parent, "mother", parental_responsibility=True, pr_basis="birth")
        add_document(child, data=b"%PDF-1.4 matrix", original_name="m.pdf", title="Matrix report", kind="report", date=start, by=outsider)
        people.add_professional_around(child, name="Pat Teacher", agency="Matrix School", role="Teacher")
        cw.book_meeting(child, kind="lac_review", starts_at=timezone.now() + timedelta(days=9), venue="Matrix room")
        proceedings.record_liberty_order(child, start_date=start, court="High Court, Family Division")
        cw.record_kinship(child, carer=parent, kind="informal", start_date=start)
        record_meeting(child, kind="core_group", held_on=start, decisions="Plan continues",
                       attendance=[{"name": "Pat Nurse", "agency": "health", "status": "attended"}],
                       recommendations=[{"text": "Refer to CAMHS", "owner_name": "Pat Nurse", "due_on": start + timedelta(days=14)}])
        if situation == "chaired_by_me":
            period = cw.become_looked_after(child, start_date=start, legal_status="C2", category_of_need="N1",
                                            placement={"placement_type": "U1", "provider": "PR1", "carer_reference": "C1"})
            cw.record("review", child, period=period, date=start + timedelta(days=20), chair=me, participation="PN1")
        if situation == "break_glass":
            BreakGlassGrant.objects.create(user=me.user, person=child, reason="matrix test situation",
                                           granted_at=timezone.now(), expires_at=timezone.now() + timedelta(hours=1))
        if situation == "restricted_named":
            restrict(child, reason="matrix", named_users=[me.user])
        if situation == "restricted_not_named":
            restrict(child, reason="matrix", named_users=[outsider.user])
        children[situation] = (child, contact)
    run = ReturnRun.objects.create(return_name="cin", year=2026, status=ReturnRun.Status.DONE, content=b"<Message/>",
                                   finished_at=timezone.now(),
                                   requested_by=me.user)
    grant = BreakGlassGrant.objects.create(user=outsider.user, person=children["my_team"][0], reason="for the review page",
                                           granted_at=timezone.now(), expires_at=timezone.now() + timedelta(hours=1))
    from opencsc.casework.models import Contact
    from opencsc.casework.services import Kind, request_authorisation

    asked = request_authorisation(children["my_team"][0], Kind.CONTACT_DECISION, Contact.objects.filter(child=children["my_team"][0]).first(),
                                  summary="for the matrix", requested_by=colleague)
    from opencsc.exchange.models import ImportRun

    imported = ImportRun.objects.create(kind="cin", status=ImportRun.Status.DONE, requested_by=me.user, summary="for the matrix")
    from opencsc.exchange.models import ImportPart

    part = ImportPart.objects.create(run=imported, team=team_a, children=["X1"])  # team A's: its manager approves
    return me, children, {"returns:import-run": imported.pk, "returns:import-run-status": imported.pk, "returns:import-part": part.pk,
                          "casework:authorisation-decide": asked.pk, "returns:return-run": run.pk, "returns:return-run-status": run.pk,
                          "returns:return-run-file": run.pk,
                          "returns:return-run-findings": run.pk, "returns:return-run-again": run.pk, "returns:return-run-submitted": run.pk,
                          "access:break-glass-decide": grant.pk}


def child_url(page, child, contact):
    if page in ("recording:case-note-edit", "recording:case-note-restrict"):
        return reverse(page, args=[child.pk, child.case_notes.get().pk])
    if page in ("casework:contact-decide", "casework:contact-urgency", "casework:contact-correct"):
        return reverse(page, args=[contact.pk])
    if page in ("access:subject-access-release-address", "people:address-end", "people:address-dates"):
        return reverse(page, args=[child.pk, child.addresses.get().pk])
    if page in ("people:relationship-edit", "people:relative-address"):
        return reverse(page, args=[child.pk, child.relationships.get().pk])
    if page == "casework:meeting-change":
        return reverse(page, args=[child.pk, MeetingBooking.objects.get(child=child).pk])
    if page == "casework:kinship-end":
        return reverse(page, args=[child.pk, KinshipArrangement.objects.get(child=child).pk])
    if page == "meetings:recommendation-done":
        return reverse(page, args=[child.pk, Recommendation.objects.get(meeting__child=child).pk])
    if page in ("plans:plan", "plans:plan-update"):
        return reverse(page, args=[child.pk, "cin"])
    if page == "proceedings:liberty-order-end":
        return reverse(page, args=[child.pk, DeprivationOfLibertyOrder.objects.get(child=child).pk])
    if page == "people:professional-end":
        return reverse(page, args=[child.pk, child.professionals_around.get().pk])
    if page in ("recording:document-open", "recording:document-restrict"):
        return reverse(page, args=[child.pk, child.documents.get().pk])
    url = reverse(page, args=[child.pk])
    return url + "?preview=1" if page in ("people:court-chronology", "access:subject-access-pdf") else url


def other_url(page, objects):
    if page == "returns:return-run-findings":
        return reverse(page, args=[objects[page], "csv"])
    if page in objects:
        return reverse(page, args=[objects[page]])
    if page == "web:govuk-assets":
        return reverse(page, args=["fonts/bold-affa96571d-v2.woff"])
    if page == "recording:letter-template-edit":
        return reverse(page, args=["icpc_invitation"])
    if page in ("recording:draft-save", "recording:draft-discard"):
        return reverse(page, args=["case-note:1"])
    return reverse(page)


def outcome(page, response) -> str:
    if response.status_code == 403:
        return "deny"
    if page == "web:logout" and response.status_code == 302 and "next=" not in response["Location"]:
        return "allow"  # signed out, and sent to the sign-in page
    if response.status_code == 302 and "/sign-in/" in response["Location"]:
        return "sign_in"
    if response.status_code == 401:
        return "sign_in"  # autosave is told the session has ended (it cannot follow a redirect)
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return "deny"  # the admin site sends those without permission to its login, which refuses them
    assert response.status_code in (200, 301, 302), response.status_code  # 301: a font or icon sent to its static copy
    return "allow"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says_and_a_refusal_names_no_child(role):
    matrix = load_matrix()
    me, children, objects = build_world(role)
    client = Client()
    if role != "anonymous":
        client.force_login(me.user)
    differences = defaultdict(list)
    # Signing out comes last, or every page after it would ask for sign-in.
    for (page, matrix_role, situation), expected in sorted(matrix.items(), key=lambda item: (item[0][0] == "web:logout", item[0])):
        if matrix_role != role:
            continue
        if page in CHILD_PAGES and situation != "any":
            child, contact = children[situation]
            url = child_url(page, child, contact)
        elif page in CHILD_PAGES:  # anonymous: any child will do
            child, contact = children["my_team"]
            url = child_url(page, child, contact)
        else:
            child = None
            urls = [reverse(name) for name in ADMIN_PAGES] if page == "admin:*" else [other_url(page, objects)]
        for target in ([url] if child is not None else urls):
            if page == "access:break-glass" and child is not None:
                client.get(reverse("web:child-record", args=[child.pk]))  # the page is reached from a refusal
            response = client.post(target, {}) if page in POST_ONLY else client.get(target)
            got = outcome(page, response)
            if got != expected:
                differences[f"{page} as {role} ({situation})"].append(f"{target}: expected {expected}, got {got}")
            if got == "deny" and child is not None:
                body = response.content.decode()
                assert child.first_name not in body and child.last_name not in body and "record text" not in body, target
    assert not differences, "\n".join(f"{k}: {v}" for k, v in differences.items())
