"""Build a child's history with ``n`` events of every kind, through the services."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from opencsc.casework import services as cw
from opencsc.people import services as people
from opencsc.recording.services import add_case_note


def add_history(child, worker, n: int, start=None):
    # From a month after the child's birth (care never comes before it), and no earlier than 2012.
    start = start or max(date(2012, 2, 1), child.date_of_birth + timedelta(days=31))
    day = start

    def step():
        nonlocal day
        day += timedelta(days=1)
        return day

    mother = people.create_person(kind="adult", first_name="Mum", last_name=child.last_name, date_of_birth=date(1990, 1, 1))
    people.add_relationship(child, mother, "mother", parental_responsibility=True, reciprocal="child")
    people.add_alert(mother, kind="risk_to_staff", start_date=start, note="Visit in pairs")
    people.add_alert(child, kind="interpreter", start_date=start)
    period = cw.become_looked_after(child, start_date=start, legal_status="C1", category_of_need="N1",
                                    placement={"placement_type": "U6", "provider": "PR1", "carer_reference": "C0"})
    for i in range(n):
        contact = cw.record_contact(child, received_at=timezone.make_aware(datetime.combine(step(), datetime.min.time())),
                                    source="6", reason="abuse_neglect", consent="given")
        referral = cw.decide_contact(contact, outcome="referral", decided_at=timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=18))))
        cw.record_early_help(child, start_date=step(), assessment_start=day, end_date=step(), lead_organisation="Hub")
        assessment = cw.start_assessment(referral, start_date=step())
        cw.authorise_assessment(assessment, authorised_date=step(), factors=["3B"], outcome="cin_plan", authorised_by=worker)
        cin = cw.start_cin_plan(referral, start_date=step())
        cw.end_plan(cin, end_date=step())
        discussion = cw.hold_strategy_discussion(referral, date=step())
        enquiry = cw.start_section47(referral, start_date=day, strategy_discussion=discussion)
        cw.conclude_section47(enquiry, end_date=step(), outcome="icpc")
        conference = cw.hold_conference(referral, kind="initial", date=day, section47=enquiry, chair=worker)
        plan = cw.start_cp_plan(referral, start_date=day, category="NEG", conference=conference)
        cw.record_core_group(plan, date=step())
        cw.hold_conference(referral, kind="review", date=step(), plan=plan, chair=worker)
        cw.end_plan(plan, end_date=step())
        cw.close_referral(referral, closure_date=step(), reason="RC7")
        cw.record_legal_order(child, kind="interim_care", start_date=step())
        cw.change_legal_status(period, date=step(), code="C2" if i % 2 else "C1")
        cw.move_placement(period, date=step(), reason_changed="CARPL", placement_type="U4", carer_reference=f"C{i + 1}")
        for fact, fields in (
            ("review", {"date": step(), "participation": "PN1", "period": period, "chair": worker}),
            ("visit", {"date": step(), "kind": "cla", "seen_alone": True, "worker": worker}),
            ("health_assessment", {"date": step(), "kind": "review"}),
            ("dental_check", {"date": step()}),
            ("sdq", {"date": step(), "score": 12}),
            ("missing", {"kind": "M", "start_date": step(), "end_date": step()}),
            ("uasc", {"start_date": step()}),
            ("permanence_plan", {"date": step(), "plan": "long_term_fostering"}),
            ("care_leaver_contact", {"date": step(), "in_touch": "YES", "activity": "F2", "accommodation": "U1"}),
            ("pathway_plan", {"date": step()}),
            ("needs_assessment", {"date": step()}),
            ("adoption", {"should_be_placed_date": step(), "matched_date": step(), "placed_date": step()}),
        ):
            cw.record(fact, child, **fields)
        cw.allocate(child, worker=worker, team=worker.team, start_date=step())
        add_case_note(child, author=worker, date=step(), note_type="visit", subject=f"Visit {i}", text="Seen at home.",
                      significant=i % 2 == 0)
    return child
