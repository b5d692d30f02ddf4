"""Load steps for pre-proceedings, proceedings and orders: what another system's file gives, stored as
given (see ``casework.loading``; only an import calls these)."""

from __future__ import annotations

from datetime import date

from opencsc.as_given import amend
from opencsc.people.models import Person
from opencsc.staff.stepping import records
from opencsc.staff.steps import StepKey

from .models import CareProceedings, DeprivationOfLibertyOrder, PreProceedings, PreProceedingsMeeting

LOAD = StepKey.LOAD_FROM_FILE


@records(LOAD)
def load_pre_proceedings(child: Person, *, start: date, values: dict, review_count: int | None, fgdm_facilitated: bool | None,
                         initial_meeting: date | None, court_application: date | None, not_in_file: str) -> list[str]:
    """A child's pre-proceedings as a CIN census block gives them (PreProceedingsandFGDM), found by the date
    of the decision to start them. ``values``: the fields the block sets; what the file does not hold (the
    court, the decision's words) is said with ``not_in_file``, never guessed."""
    changed: list[str] = []
    pre = PreProceedings.objects.filter(children=child, decision_date=start).first()
    if pre is None:
        pre = PreProceedings.objects.create(legal_planning_date=start, decision_date=start,
                                            legal_planning_decision=f"{not_in_file} (only the date of the decision)")
        pre.children.add(child)
        changed.append(f"pre-proceedings from {start} added")
    changed += amend(pre, {**values, "fgdm_held_undated": bool(fgdm_facilitated) and pre.fgdm_held_on is None,
                           "review_meetings_undated": max(0, (review_count or 0) - pre.meetings.filter(kind="review").count())})
    if initial_meeting and not pre.meetings.filter(kind="initial").exists():
        PreProceedingsMeeting.objects.create(pre_proceedings=pre, kind="initial", date=initial_meeting)
        changed.append("initial pre-proceedings meeting added")
    if court_application:
        proceedings = getattr(pre, "proceedings", None)
        if proceedings is None:
            proceedings = CareProceedings.objects.create(pre_proceedings=pre, application_date=court_application, court=not_in_file)
            proceedings.children.add(child)
            changed.append("court application added")
        else:
            changed += amend(proceedings, {"application_date": court_application})
    return changed


@records(LOAD)
def load_liberty_order(child: Person, *, start: date | None, end: date | None, court: str) -> list[str]:
    """A deprivation of liberty order (SSDA903 DoLo), found by its start; ``court`` says the file does not name it."""
    order = DeprivationOfLibertyOrder.objects.filter(child=child, start_date=start).first()
    if order is None:
        DeprivationOfLibertyOrder.objects.create(child=child, start_date=start, end_date=end, court=court)
        return [f"deprivation of liberty order from {start} added"]
    return amend(order, {"end_date": end})
