"""The practice the returns do not count, written into the synthetic authority: assessments by the
framework's domains, plan versions with actions, meetings as held with attendance by agency,
pre-proceedings and care proceedings, deprivation of liberty orders and Family Help.

It draws from its own random stream, so adding it left every return-shaping draw of the generator as
it was (the same seed gives the same returns). Rates are plausible, not published figures: about one
in six child protection plans ending in care went through pre-proceedings first being the least of it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from opencsc.casework import models as m
from opencsc.casework import services as cw
from opencsc.codes.lists import AllocationKind
from opencsc.familyhelp import services as family_help
from opencsc.meetings import services as meetings
from opencsc.people import services as people
from opencsc.plans import services as plans
from opencsc.plans.models import Plan
from opencsc.proceedings import services as court
from opencsc.proceedings.models import PreProceedings
from opencsc.staff.models import Professional, RoleCode, Team

DOMAINS = {
    "developmental_needs": ["Meeting milestones; attendance {pct}%.", "Speech delay, under the health visitor.",
                            "Anxious at school; sleeps badly.", "Healthy and growing well; dental check overdue."],
    "parenting_capacity": ["Warm and loving but struggling with routines.", "Basic care is good; boundaries are inconsistent.",
                           "Mother's low mood affects the care she can give.", "Father is engaged and protective."],
    "family_environment": ["Overcrowded two-bedroom flat; rent arrears.", "Grandmother nearby and supportive.",
                           "Domestic abuse from a former partner; he has moved away.", "Isolated; no family in the area."],
    "wishes_and_feelings": ["“I want Mum to stop being sad.”", "“I like school but not the bus.”", "Too young to say; settled and smiling.",
                            "“I want to stay with my brother.”"],
    "parents_views": ["Mother agrees support would help.", "Father disagrees that there is a problem.", "Parents want help with housing."],
    "agencies_views": ["School: attendance has fallen this term.", "Health visitor: weight on the 25th centile, no concerns.",
                       "Police: two calls to the address this year."],
}
ACTIONS = [("School attendance", "Walk to school plan with a family support worker", "Family support worker"),
           ("Mother's mental health", "GP appointment and talking therapies referral", "Mother"),
           ("Home conditions", "Housing officer visit about repairs", "Housing"),
           ("Child's emotional wellbeing", "Weekly sessions with the school counsellor", "School"),
           ("Domestic abuse", "Referral to the domestic abuse service", "Social worker")]
COURTS = ["Family Court at Synthshire", "Family Court at Leeds", "High Court, Family Division"]


TOO_YOUNG = "Too young to say; settled and smiling."


def in_words_for_age(said: str, age: int | None) -> str:
    """What a child of this age could have said: no toddler is quoted, and no child old enough to talk is
    'too young to say' (the same draw either way, so a seed gives the same authority)."""
    if not said or age is None:
        return said
    if age < 3:
        return TOO_YOUNG
    return "Did not want to talk today; drew a picture of the family instead." if said == TOO_YOUNG else said


class PracticeWriter:
    def __init__(self, seed: int, as_of: date):
        self.rng = random.Random(seed * 104729 + 3)
        # What a section 47 enquiry found draws from its own stream, so adding it left every other draw as it was.
        self.enquiry_rng = random.Random(seed * 104729 + 5)
        self.enquiry_fake = Faker("en_GB")
        self.enquiry_fake.seed_instance(seed * 104729 + 5)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed * 104729 + 3)
        # An initial conference as held (who came, minutes, recommendations) draws from its own stream too.
        self.conference_rng = random.Random(seed * 104729 + 7)
        self.conference_fake = Faker("en_GB")
        self.conference_fake.seed_instance(seed * 104729 + 7)
        self.as_of = as_of
        self._helpers: list[Professional] = []

    def text(self, section: str, age: int | None = None) -> str:
        said = self.rng.choice(DOMAINS[section]).format(pct=self.rng.randint(78, 99))
        return in_words_for_age(said, age) if section == "wishes_and_feelings" else said

    # ---- assessments and visits -----------------------------------------------------------------

    def assessment_text(self, assessments) -> None:
        for assessment in assessments:
            cw.write_assessment(assessment, sections={section: self.text(section, assessment.child.age_on(assessment.start_date))
                                                      for section in DOMAINS},
                                summary="Synthetic analysis: the needs are met with support.",
                                decision_reasons="Synthetic reasons: support will meet the child's needs.")

    def strategy_discussion(self, day: date) -> dict:
        """Who took part (social care, police, health), what they shared,
        the decision and the actions, as the strategy discussion form asks for them."""
        rng = self.enquiry_rng
        attendance = [{"name": self.enquiry_fake.name(), "agency": agency, "role": role, "status": "attended"}
                      for role, agency in (("Social worker", "social_care"), ("Detective constable", "police"),
                                           ("Safeguarding nurse", "health"))]
        return {"attendance": attendance,
                "information_shared": rng.choice(["Police: two call-outs to the address this year. Health: missed appointments.",
                                                  "School: bruise to the arm seen on Monday. Police: no previous call-outs.",
                                                  "Health: an injury not consistent with the account. Police: father known."]),
                "decisions": "Section 47 enquiry: reasonable cause to suspect significant harm; a joint visit with police.",
                "actions": [{"text": "Joint visit with police and see the child", "owner_name": "Social worker and police",
                             "due_on": day + timedelta(days=rng.choice([1, 2, 3]))}]}

    def initial_conference(self, day: date, makes_plan: bool) -> dict:
        """An initial conference as the conference form records it: who came, how the child and parents
        took part, the minutes and decision, and its recommendations, which become the outline plan's
        actions when it makes a plan (``plan_purpose`` then says what the plan is for)."""
        rng, fake = self.conference_rng, self.conference_fake
        people = [("Social worker", "social_care", "attended"), ("Class teacher", "education", "attended"),
                  ("Health visitor or school nurse", "health", "attended" if rng.random() < 0.85 else "report_only"),
                  ("Police officer", "police", "attended" if rng.random() < 0.6 else "report_only"),
                  ("Mother", "family", "attended" if rng.random() < 0.8 else "absent")]
        chosen = rng.sample(ACTIONS, 2)
        return {"attendance": [{"name": fake.name(), "agency": agency, "role": role, "status": status}
                               for role, agency, status in people],
                "child_participation": rng.choice(["attended", "advocate", "written", "too_young"]),
                "parents_participation": rng.choice(["attended", "attended", "views", "none"]),
                "minutes": "Synthetic minutes: the enquiry's findings were shared; each agency gave its view.",
                "decisions": ("The child is likely to suffer significant harm: a child protection plan." if makes_plan
                              else "The threshold for a plan is not met: support as a child in need."),
                "recommendations": [{"text": action, "owner_name": who, "due_on": day + timedelta(days=rng.randint(10, 40))}
                                    for _, action, who in chosen],
                "plan_purpose": "The child is safe and well at home." if makes_plan else ""}

    def section47_findings(self, enquiry, outcome: str, ended: date) -> dict:
        """What a worker writes when the enquiry concludes on ``ended`` (seen, alone, their words, the
        findings, why): the child seen within two days of its start, and never after it ended (an enquiry
        started today, seen "tomorrow", was refused as a date in the future)."""
        age = enquiry.child.age_on(enquiry.start_date)
        seen_on = min(enquiry.start_date + timedelta(days=self.enquiry_rng.randint(0, 2)), ended)
        substantiated = {"icpc": "substantiated", "legal": "substantiated"}.get(
            outcome, self.enquiry_rng.choice(["not_substantiated", "partly"]))
        return {"child_seen": True, "child_seen_date": seen_on, "seen_alone": age is not None and age >= 5,
                "child_said": in_words_for_age(self.enquiry_rng.choice(DOMAINS["wishes_and_feelings"]), age),
                "findings": self.enquiry_rng.choice(["Home visit with police: the injury is consistent with the account given.",
                                             "Medical: bruising not consistent with the explanation; a pattern of neglect.",
                                             "School and health visitor report no other concerns; the home is adequate."]),
                "concerns_substantiated": substantiated,
                "outcome_reasons": {"icpc": "Significant harm is likely: a conference should decide on a plan.",
                                    "continue_cin": "Not at risk of significant harm, but the family needs support.",
                                    "nfa": "The concerns were not substantiated and the family needs no further help."
                                    }.get(outcome, "Legal advice sought.")}

    def visit_detail(self, kind: str, seen: bool, age: int | None = None) -> dict:
        if not seen:
            return {}
        said = self.rng.choice(DOMAINS["wishes_and_feelings"]) if self.rng.random() < 0.6 else ""
        detail: dict[str, object] = {"child_views": in_words_for_age(said, age),
                  "observed": "Home warm and tidy." if self.rng.random() < 0.7 else "Little food in the kitchen.",
                  "next_steps": "Next visit booked." if self.rng.random() < 0.5 else ""}
        if kind in ("cp", "cla"):
            detail["bedroom_seen"] = self.rng.random() < 0.85
        return detail

    # ---- plans ---------------------------------------------------------------------------------

    def _actions(self, count: int, start: date) -> list[dict]:
        return [{"need": need, "action": action, "who": who, "by_when": start + timedelta(days=self.rng.randint(20, 80))}
                for need, action, who in self.rng.sample(ACTIONS, count)]

    def plan_versions(self, child, kind: str, fact, dates: list[tuple[date, str]]) -> None:
        """Version 1 and then one per review or core group, each moving some actions on. A plan whose first
        version its initial conference made (its outline) carries on from there."""
        the_plan = plans.open_plan(child, kind, fact=fact)
        made = set(the_plan.versions.values_list("made_on", "made_at"))
        for day, made_at in (d for d in dates if d[0] <= self.as_of):
            if (day, made_at) in made:
                # Draw what writing it here would have drawn, so the rest of this stream (and the seed) is as it was.
                self._actions(2, day)
                continue
            previous = the_plan.versions.prefetch_related("actions").first()
            progress = {a.pk: "done" for a in (previous.actions.all() if previous else []) if self.rng.random() < 0.5}
            plans.save_version(the_plan, made_on=day, made_at=made_at, purpose="Synthetic plan: the child is safe and well at home.",
                               needs="Synthetic needs.", progress=progress, new_actions=self._actions(2 if previous is None else 1, day),
                               next_review=day + timedelta(days=90))

    def cin_plan(self, cin_plans, start: date, end: date) -> None:
        for cin in cin_plans:
            dates = [(start, "started")] + [(start + timedelta(days=90 * i), "cin_review") for i in range(1, 6)
                                            if start + timedelta(days=90 * i) < end]
            self.plan_versions(cin.child, Plan.Kind.CIN, cin, dates)

    def cp_plan(self, cp_plans) -> None:
        for plan in cp_plans:
            dates = [(plan.start_date, "initial_conference")]
            dates += [(g.date, "core_group") for g in m.CoreGroupMeeting.objects.filter(plan=plan)[:1]]
            reviews = list(m.ChildProtectionConference.objects.filter(plan=plan, kind="review").order_by("date"))
            dates += [(c.date, "review_conference") for c in reviews if c.outcome == "continue"]
            self.plan_versions(plan.child, Plan.Kind.CP, plan, sorted(dates))
            for conference in reviews[:2]:
                if self.rng.random() < 0.6:
                    self.meeting(plan.child, "review_conference", conference.date, conference.chair)

    def meeting(self, child, kind: str, day: date, chair) -> None:
        if day > self.as_of:
            return
        people = [("Social worker", "social_care", "attended"), ("Class teacher", "education", "attended"),
                  ("Health visitor or school nurse", "health", "attended" if self.rng.random() < 0.8 else "apologies"),
                  ("Police officer", "police", "attended" if self.rng.random() < 0.5 else "report_only"),
                  ("Mother", "family", "attended" if self.rng.random() < 0.8 else "absent")]
        meetings.record_meeting(child, kind=kind, held_on=day, chair=chair, decisions="Synthetic decisions: the plan continues.",
                                attendance=[{"name": self.fake.name(), "agency": agency, "role": role, "status": status}
                                            for role, agency, status in people],
                                child_participation=self.rng.choice(["attended", "advocate", "written", "too_young"]),
                                parents_participation=self.rng.choice(["attended", "attended", "views", "none"]),
                                recommendations=[{"text": "Synthetic recommendation: update the plan's actions.",
                                                  "owner_name": "Social worker", "due_on": day + timedelta(days=28)}]
                                if self.rng.random() < 0.5 else [])

    # ---- pre-proceedings and proceedings ---------------------------------------------------------

    def pre_proceedings(self, children, plan_start: date, decided: date, issue: bool) -> object | None:
        """The Public Law Outline before ``decided``: the legal planning meeting, the letter with the
        family group meeting offer, the parents' answers, meetings, and the decision to issue or step down."""
        children = [c for c in children if not c.is_unborn_on(plan_start)]
        if PreProceedings.objects.filter(children__in=children, step_decision_date__isnull=True).exists():
            return None
        lpm = max(plan_start + timedelta(days=14), decided - timedelta(days=self.rng.randint(60, 110)))
        if not children or lpm > self.as_of or lpm >= decided:
            return None
        pre = court.start_pre_proceedings(children, legal_planning_date=lpm, decision="Synthetic: concerns persist despite the plan; "
                                                                                     "start pre-proceedings.")
        letter = lpm + timedelta(days=self.rng.randint(2, 10))
        if letter > self.as_of:
            return pre
        offered = self.rng.random() < 0.92
        court.send_letter_before_proceedings(pre, sent_on=letter, fgdm_offered=offered,
                                             not_offered_reason="" if offered else "an offer would place the mother at risk")
        if offered:
            for parent in court.parents_of(pre):
                answered = letter + timedelta(days=self.rng.randint(3, 14))
                if answered <= self.as_of:
                    court.record_parent_response(pre, parent, accepted=self.rng.random() < 0.55, responded_on=answered)
            if pre.responses.filter(accepted=True).exists() and letter + timedelta(days=30) <= min(decided, self.as_of):
                court.record_fgdm_held(pre, held_on=letter + timedelta(days=self.rng.randint(15, 30)))
        day = letter + timedelta(days=self.rng.randint(7, 14))
        while day < min(decided, self.as_of):
            court.record_meeting(pre, date=day)
            day += timedelta(days=self.rng.randint(28, 42))
        if decided <= self.as_of:
            court.decide_step(pre, on=decided, outcome="issue" if issue else "step_down")
        return pre

    def proceedings(self, children, pre, applied: date) -> None:
        """An application on the day the children came into care under an interim care order; the final
        orders the generator made end it; an extension for about one in four."""
        if applied > self.as_of or not children:
            return
        made = court.apply_to_court(pre, children, application_date=applied, court=self.rng.choice(COURTS),
                                    case_number=f"SY{applied:%y}C{self.rng.randint(100, 999)}")
        if pre is not None and applied + timedelta(days=1) <= self.as_of:
            court.send_issue_letter(pre, sent_on=applied + timedelta(days=1))
        hearing = applied + timedelta(days=self.rng.randint(10, 20))
        for kind in ("first", "cmh", "irh"):
            if hearing <= self.as_of:
                court.record_hearing(made, date=hearing, kind=kind)
            hearing += timedelta(days=self.rng.randint(40, 60))
        if self.rng.random() < 0.25 and applied + timedelta(weeks=24) <= self.as_of:
            court.extend(made, granted_on=applied + timedelta(weeks=24), weeks=self.rng.choice([4, 6, 8]),
                         reason="Synthetic: an expert assessment is not yet complete")
        court.attach_orders(made, m.LegalOrder.objects.filter(child__in=children, kind__in=["interim_care", "care"], court=""))

    def liberty(self, children) -> None:
        """A deprivation of liberty order for a few older children in children's homes (K2): at least one when
        any could have one, so every authority the generator makes shows the DoLo table."""
        made, eligible = 0, []
        for child in children:
            placement = m.Placement.objects.filter(child=child, placement_type="K2").order_by("start_date").first()
            if placement is None or (child.age_on(placement.start_date) or 0) < 12:
                continue
            if self.rng.random() > 0.35:
                eligible.append((child, placement))
                continue
            start = placement.start_date + timedelta(days=self.rng.randint(3, 30))
            if start > self.as_of or (placement.end_date and start >= placement.end_date):
                continue
            made += 1
            # In force while the child stays there (it ends the day before they leave), or lifted sooner.
            end = placement.end_date - timedelta(days=1) if placement.end_date else \
                (None if self.rng.random() < 0.7 else start + timedelta(days=self.rng.randint(60, 200)))
            court.record_liberty_order(child, start_date=start, court="High Court, Family Division",
                                       end_date=end if end is not None and start < end <= self.as_of else None)
        open_placements = [(c, p) for c, p in eligible if p.end_date is None and p.start_date + timedelta(days=7) <= self.as_of]
        if not made and open_placements:  # the latest placed, in force today (no further draw)
            child, placement = max(open_placements, key=lambda cp: cp[1].start_date)
            court.record_liberty_order(child, start_date=placement.start_date + timedelta(days=7), court="High Court, Family Division")

    def care_plans(self, children) -> None:
        """The care plan a few days after coming into care and the current placement's plan (CPPCR regs 4, 9)."""
        for child in children:
            period = m.PeriodOfCare.objects.filter(child=child, end_date__isnull=True).first()
            if period is None:
                continue
            day = period.start_date + timedelta(days=self.rng.randint(1, 9))
            if day <= self.as_of:
                plans.save_version(plans.open_plan(child, Plan.Kind.CARE, fact=period), made_on=day, made_at="started",
                                   purpose="Synthetic care plan: a safe, stable home.", arrangements="Synthetic: contact with mother weekly.")
            placement = m.Placement.objects.filter(period=period, end_date__isnull=True).first()
            if placement is not None and placement.start_date + timedelta(days=3) <= self.as_of:
                plans.save_version(plans.open_plan(child, Plan.Kind.PLACEMENT, fact=placement),
                                   made_on=placement.start_date + timedelta(days=3), made_at="started",
                                   purpose="Synthetic placement plan: settling in with the carers.")

    # ---- kinship care ----------------------------------------------------------------------------

    def kinship(self, children) -> None:
        """A grandparent approved as a connected person for most children placed with relatives or friends."""
        for child in children:
            placement = m.Placement.objects.filter(child=child, placement_type__in=["U1", "U2", "U3"]).order_by("start_date").first()
            if placement is None or self.rng.random() > 0.8:
                continue
            nan = people.create_person(kind="adult", first_name=self.fake.first_name_female(), last_name=child.last_name, sex="F")
            people.link_relative(child, nan, "grandparent")
            until = placement.start_date + timedelta(weeks=16)
            made = cw.record_kinship(child, carer=nan, kind="connected_person", start_date=placement.start_date,
                                     approved_until=until, support="Synthetic: weekly support visits.")
            if until <= self.as_of:  # approved in full as foster carers by then: the temporary arrangement ends
                cw.end_kinship(made, end_date=until)

    # ---- Family Help ---------------------------------------------------------------------------

    def helpers(self) -> list[Professional]:
        if not self._helpers:
            team, _ = Team.objects.get_or_create(name="Family Help Team", defaults={"service": "family help"})
            self._helpers = [Professional.objects.create(name=self.fake.name(), team=team, role_id=RoleCode.FAMILY_HELP_PRACTITIONER,
                                                         job_title="Family Help practitioner") for _ in range(4)]
        return self._helpers

    def family_help(self, children, start: date, end: date | None, supervisors) -> None:
        """Some families on a child in need plan are helped by a Family Help practitioner, with family notes."""
        if self.rng.random() > 0.35 or start > self.as_of:
            return
        alive = [c for c in children if not c.is_unborn_on(start)]
        if not alive or m.Allocation.objects.filter(child__in=alive, kind=AllocationKind.LEAD_PRACTITIONER, end_date__isnull=True).exists():
            return
        episode = family_help.start_episode(alive, start_date=start, reason="Synthetic: support with routines and school.",
                                            lead=self.rng.choice(self.helpers()), supervisor=self.rng.choice(supervisors))
        day = start + timedelta(days=self.rng.randint(7, 21))
        while day <= min(end or self.as_of, self.as_of):
            family_help.add_group_note(episode, date=day, subject="Family session", text="Synthetic family note.",
                                       author=episode.lead_practitioner)
            day += timedelta(days=self.rng.randint(21, 45))
        if end and end <= self.as_of:
            family_help.end_episode(episode, end_date=end, reason="Synthetic: goals met")
