"""The main journeys in a real browser, each checking that due work appears on and leaves "My work"
at the right moment; the keystroke and page-load budgets; an assessment's draft surviving the end
of a session."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.staff.models import RoleCode, Team
from tests.browser.conftest import sign_in
from tests.conftest import allocate_to, make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def my_work(page, live_server):
    page.goto(f"{live_server.url}/my-work/")
    return page.locator("main").inner_text()


@pytest.fixture
def people_at_work(worker):
    front = Team.objects.create(name="Front Door", service="front door")
    return {"worker": worker, "manager": make_worker("tess.manager", RoleCode.TEAM_MANAGER, worker.team),
            "front_door": make_worker("fran.frontdoor", RoleCode.FRONT_DOOR, front),
            "iro": make_worker("ira.chair", RoleCode.IRO, name="Ira Chair")}


@pytest.fixture
def lily(worker):
    child = people.create_person(first_name="Lily", last_name="Hartley", date_of_birth=date(2016, 5, 9), sex="F")
    return allocate_to(child, worker, start=timezone.localdate() - timedelta(days=400))


def test_front_door_decision_to_referral_to_an_authorised_assessment(page, live_server, people_at_work, lily, axe_check):
    cw.end_allocations(lily, end_date=timezone.localdate() - timedelta(days=30))  # her last case closed: the front door's now
    cw.record_contact(lily, received_at=timezone.now() - timedelta(hours=1), source="2A", reason="abuse_neglect", consent="given")
    sign_in(page, live_server, "fran.frontdoor")
    page.get_by_role("link", name="Front door").click()
    page.get_by_role("link", name="Decide on the contact about Lily Hartley").click()
    page.get_by_label("Progress to referral (children's social care)").check()
    page.get_by_label("Level 3: targeted (complex needs: child in need)").check()
    page.get_by_label("Why this decision").fill("Neglect reported by the school nurse; an assessment is needed.")
    page.get_by_label("Police: who was asked").fill("PC Amina Shah, MASH police desk")
    page.locator("#id_police_on-day").fill(str(timezone.localdate().day))
    page.locator("#id_police_on-month").fill(str(timezone.localdate().month))
    page.locator("#id_police_on-year").fill(str(timezone.localdate().year))
    page.get_by_label("Police: what they said").fill("No police involvement known.")
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Referral opened")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "tess.manager")  # the team takes the referral, allocating Sam
    page.goto(f"{live_server.url}/team/")
    page.get_by_label("Referral", exact=True).select_option(index=1)
    page.get_by_label("Social worker for this referral").select_option(label="Sam Worker")
    page.get_by_role("button", name=re.compile("Take into")).click()
    expect(page.get_by_text("Lily Hartley is now with")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "sam.worker")
    assert "Complete the child and family assessment" in my_work(page, live_server)  # it appears
    page.get_by_role("link", name="Complete the child and family assessment for Lily Hartley").click()
    axe_check(page, "assessment form")
    page.get_by_label("Yes").first.check()
    page.locator("#id_child_seen_date-day").fill(str(timezone.localdate().day))
    page.locator("#id_child_seen_date-month").fill(str(timezone.localdate().month))
    page.locator("#id_child_seen_date-year").fill(str(timezone.localdate().year))
    page.get_by_label("Child in need plan / services").check()
    page.get_by_label("The child's developmental needs").fill("Lily is meeting her milestones; attendance 93%.")
    page.get_by_label("Parenting capacity").fill("Mum is loving but exhausted; basic care slips when she is unwell.")
    page.get_by_label("Family and environmental factors").fill("Two-bedroom flat, rent arrears, grandmother nearby.")
    page.get_by_label("The child's wishes and feelings, in their own words").fill("“I like it when Nan comes round.”")
    page.get_by_label("Analysis", exact=True).fill("Mum is struggling; Lily is safe and well cared for.")
    page.get_by_label("The decision and the reasons for it").fill("A child in need plan: support for mum keeps Lily safe.")
    page.get_by_role("button", name="Send for authorisation").click()
    expect(page.get_by_text("Assessment sent to your manager for authorisation")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Assessment awaiting authorisation")  # back on My work
    sign_out(page)

    sign_in(page, live_server, "tess.manager")
    text = my_work(page, live_server)
    assert "Waiting for your authorisation (2)" in text  # the contact decision and the assessment
    page.get_by_role("link", name=re.compile(r"Assessment \(its outcome: child in need plan")).click()
    expect(page.locator("main")).to_contain_text("Lily is safe")
    page.get_by_role("button", name="Authorise").click()
    expect(page.get_by_text("Authorised: Assessment")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "sam.worker")
    assert "assessment" not in my_work(page, live_server).lower()  # it has left My work


def test_strategy_discussion_to_a_cp_plan_with_a_visit_recorded(page, live_server, people_at_work, lily):
    cw.open_referral(lily, referral_date=timezone.localdate() - timedelta(days=10), source="6", primary_need="N1")
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{lily.pk}/")
    page.get_by_role("link", name="Strategy discussion").click()
    for i, (name, agency) in enumerate((("PC Reid", "police"), ("Nurse Ali", "health"))):  # who took part, by agency
        page.locator(f"#id_att_{i}_name").fill(name)
        page.locator(f"#id_att_{i}_agency").select_option(agency)
        page.locator(f"#id_att_{i}_status").select_option("attended")
    page.get_by_label("Information shared").fill("Police: two call-outs this month. School nurse: bruise seen on Monday.")
    page.get_by_label("Yes").first.check()  # a section 47 enquiry was agreed
    page.get_by_label("The decision and the reasons for it").fill("Section 47: likely significant harm.")
    page.locator("#id_rec_0_text").fill("Joint visit with police")
    page.locator("#id_rec_0_owner_name").fill("PC Reid, police")
    for part, value in (("day", timezone.localdate().day), ("month", timezone.localdate().month),
                        ("year", timezone.localdate().year)):
        page.locator(f"#id_rec_0_due_on-{part}").fill(str(value))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Strategy discussion recorded and section 47 enquiry started")).to_be_visible()
    assert "Hold the initial child protection conference" in my_work(page, live_server)

    page.goto(f"{live_server.url}/children/{lily.pk}/")
    page.get_by_role("link", name="Section 47 outcome").click()
    page.locator("#id_child_seen-0").check()  # seen: yes
    today = timezone.localdate()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        page.locator(f"#id_child_seen_date-{part}").fill(str(value))
    page.locator("#id_seen_alone-0").check()
    page.get_by_label("What the child said").fill("“He shouts and then he hits.”")
    page.get_by_label("What the enquiry found").fill("Bruising consistent with her account; a medical is arranged.")
    page.get_by_label("Concerns substantiated", exact=True).check()
    page.get_by_label("Convene an initial child protection conference").check()
    page.get_by_label("Why this outcome").fill("Likely significant harm: a conference should decide on a plan.")
    page.get_by_role("button", name="Send for authorisation").click()
    expect(page.get_by_text("Section 47 outcome recorded and sent to your manager for authorisation")).to_be_visible()
    page.get_by_role("link", name="Child protection conference").click()  # recorded once: who came, minutes, outcome
    page.get_by_label("Chair").select_option(label="Ira Chair")
    page.locator("#id_att_0_name").fill("PC Reid")
    page.locator("#id_att_0_agency").select_option("police")
    page.locator("#id_att_0_status").select_option("attended")
    page.get_by_label("What the conference decided, and why").fill("A plan under neglect.")
    page.get_by_label("Child protection plan").check()
    page.get_by_label("Category of abuse (for a plan)").select_option("NEG")
    page.get_by_label("What the outline plan is for (for a plan)").fill("Lily is safe, fed and at school every day.")
    page.locator("#id_rec_0_text").fill("Health visitor to visit weekly")
    page.locator("#id_rec_0_owner_name").fill("Health visiting")
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        page.locator(f"#id_rec_0_due_on-{part}").fill(str(value))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Conference recorded: child protection plan started, its outline plan with 1 action")).to_be_visible()

    text = my_work(page, live_server)
    assert "Hold the initial child protection conference" not in text  # done: it has left
    assert "Hold the first core group" in text and "Child protection visit" in text  # the plan's clocks
    page.get_by_role("link", name="Child protection visit for Lily Hartley").click()
    page.get_by_label("The child was seen", exact=True).check()  # said, never assumed
    page.get_by_label("Yes", exact=True).check()  # her bedroom was seen
    page.get_by_label("What the child said").fill("“I like my new bed.”")
    page.get_by_label("Anything else (optional)").fill("Seen in her room; she showed me her drawings.")
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()
    row = page.locator("tr", has_text="Child protection visit")
    expect(row).to_contain_text("last visit")  # the next visit counts from this one


def test_becoming_looked_after_a_placement_and_the_first_review(page, live_server, people_at_work, lily):
    cw.open_referral(lily, referral_date=timezone.localdate() - timedelta(days=30), source="6", primary_need="N1")
    sign_in(page, live_server, "sam.worker")
    page.goto(f"{live_server.url}/children/{lily.pk}/")
    page.get_by_role("link", name="Becoming looked after").click()
    page.get_by_label("Legal status").select_option("V2")
    page.get_by_label("Placement type").select_option("U4")
    page.get_by_label("Placement provider").select_option("PR1")
    page.get_by_label("Carer reference").fill("FC-12")
    page.get_by_role("button", name="Save and send for authorisation").click()
    expect(page.get_by_text("Recorded as looked after")).to_be_visible()
    text = my_work(page, live_server)
    assert "Looked-after review" in text and "Visit in the first week of the placement" in text

    page.goto(f"{live_server.url}/children/{lily.pk}/")
    page.get_by_role("link", name="New placement").click()
    page.get_by_label("Why the last placement ended").select_option("CARPL")
    page.get_by_label("Placement type").select_option("U1")
    page.get_by_label("Carer reference").fill("FC-40")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("New placement recorded")).to_be_visible()
    assert "Visit in the first week of the placement" in my_work(page, live_server)  # a visit for each placement

    page.get_by_role("link", name="Looked-after review for Lily Hartley").click()
    page.get_by_label("Independent reviewing officer").select_option(label="Ira Chair")
    page.get_by_label("How the child took part").select_option("PN1")
    page.locator("#id_att_0_name").fill("Ms Foster")  # recorded once: who came and what it decided
    page.locator("#id_att_0_agency").select_option("social_care")
    page.locator("#id_att_0_status").select_option("attended")
    page.get_by_label("What the review decided").fill("The placement continues; contact with Mum fortnightly.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Looked-after review recorded")).to_be_visible()
    expect(page.locator("tr", has_text="Looked-after review")).to_have_count(0)  # the next is 3 months away: it has left
    from opencsc.casework.due import due_work

    review = next(i for i in due_work([lily.pk]) if i.what == "Looked-after review")
    assert review.anchor.startswith("first review on")


class Budget:
    """Counts page loads and key presses made through the real keyboard."""

    def __init__(self, page):
        self.page, self.loads, self.keys = page, 0, 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.loads += 1

    def type(self, text):
        self.page.keyboard.type(text)
        self.keys += len(text)

    def press(self, key):
        self.page.keyboard.press(key)
        self.keys += 1

    def start(self):
        self.loads, self.keys = 0, 0


BUDGETS = {"case note from My work": (3, 20), "statutory visit from My work": (3, 0), "find a child by a misspelt surname": (3, 25)}


def test_common_tasks_fit_their_keystroke_and_page_load_budgets(page, live_server, people_at_work, lily):
    referral = cw.open_referral(lily, referral_date=timezone.localdate() - timedelta(days=60), source="6", primary_need="N1")
    cw.start_cp_plan(referral, start_date=timezone.localdate() - timedelta(days=30), category="NEG")
    sign_in(page, live_server, "sam.worker")
    budget = Budget(page)
    results = {}

    # A case note, from My work: open the child, add a note, save. (The note's own words are not counted.)
    page.goto(f"{live_server.url}/my-work/")
    budget.start()
    page.get_by_role("link", name="Lily Hartley", exact=True).first.click()
    page.get_by_role("link", name="Add a case note").click()
    page.get_by_label("Telephone call").click()
    page.get_by_label("Subject").click()
    budget.type("Call with school")
    page.get_by_label("Case note").click()
    words = "School says Lily is settled."
    page.keyboard.type(words)
    page.get_by_role("button", name="Save case note").click()
    expect(page.get_by_text("Case note added")).to_be_visible()
    results["case note from My work"] = (budget.loads, budget.keys)

    # A statutory visit, from My work: the date and the kind of visit are already filled in.
    page.goto(f"{live_server.url}/my-work/")
    budget.start()
    page.get_by_role("link", name="Child protection visit for Lily Hartley").click()
    page.get_by_label("The child was seen", exact=True).check()  # said, never assumed: a click
    page.get_by_label("Yes", exact=True).check()  # the bedroom seen: a click, no typing
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()
    results["statutory visit from My work"] = (budget.loads, budget.keys)

    # Find a child by a misspelt surname, from any page.
    page.goto(f"{live_server.url}/my-work/")
    budget.start()
    page.get_by_role("link", name="Find a child").click()
    expect(page.get_by_label("Name, date of birth, NHS number, UPN or local ID")).to_be_focused()  # the box has focus
    budget.type("lily hartly")
    budget.press("Enter")
    page.get_by_role("link", name="Lily Hartley", exact=True).click()
    expect(page.get_by_role("heading", name="Lily Hartley")).to_be_visible()
    results["find a child by a misspelt surname"] = (budget.loads, budget.keys)

    for task, (loads, keys) in results.items():
        max_loads, max_keys = BUDGETS[task]
        assert loads <= max_loads, f"{task}: {loads} page loads (budget {max_loads})"
        assert keys <= max_keys, f"{task}: {keys} key presses (budget {max_keys})"
    print("budgets:", results)


def test_an_assessment_typed_when_the_session_ends_is_there_after_signing_in_again(page, live_server, people_at_work, lily):
    cw.open_referral(lily, referral_date=timezone.localdate() - timedelta(days=5), source="6", primary_need="N1")
    sign_in(page, live_server, "sam.worker")
    form_url = f"{live_server.url}/children/{lily.pk}/assessment/"
    page.goto(form_url)
    page.get_by_label("Analysis", exact=True).fill("Home visit: Lily was")
    expect(page.locator(".app-draft-status")).to_contain_text("Draft saved")
    page.context.clear_cookies()  # the session ends, as after 30 minutes without activity
    page.get_by_label("Analysis", exact=True).fill("Home visit: Lily was happy to talk about school and her friends.")
    # Several boxes of one field, ticked while signed out: all of them must come back.
    page.get_by_label("Drug misuse – parent or carer").check()
    page.get_by_label("Mental health – parent or carer").check()
    expect(page.locator(".app-draft-status")).to_contain_text("Not saved: you have been signed out")
    sign_in(page, live_server, "sam.worker")
    page.goto(form_url)
    expect(page.get_by_label("Analysis", exact=True)).to_have_value(
        "Home visit: Lily was happy to talk about school and her friends.")
    expect(page.get_by_label("Drug misuse – parent or carer")).to_be_checked()
    expect(page.get_by_label("Mental health – parent or carer")).to_be_checked()
    expect(page.locator(".app-draft-status")).to_contain_text("Draft saved")
    page.reload()  # and the server's copy of the draft has both too
    expect(page.get_by_label("Drug misuse – parent or carer")).to_be_checked()
    expect(page.get_by_label("Mental health – parent or carer")).to_be_checked()
