"""Which role may record which step of a child's journey: one table, keyed by a step enum.

Decided on the server: each step's page (``casework.journey_views.child_for_step``) and the services
of the one-write-path redesign read ``may_record``; hiding a link is never the control. A role an
administrator adds records no statutory step until it is named here (the safe default).
"""

from __future__ import annotations

from django.db import models

from .models import RoleCode


class StepKey(models.TextChoices):
    CONTACT_DECISION = "contact_decision", "Decide what a contact leads to (the front door)"
    ASSESSMENT = "assessment", "Child and family assessment (section 17)"
    CIN_PLAN = "cin_plan", "Child in need plan"
    VISIT = "visit", "Statutory visit"
    MEETING = "meeting", "Book or record a meeting (not a strategy discussion or conference)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (section 47)"
    SECTION47_OUTCOME = "section47_outcome", "Section 47 outcome"
    CONFERENCE = "conference", "Child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    CP_PLAN = "cp_plan", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Becoming looked after"
    PLACEMENT = "placement", "Placement move"
    LAC_REVIEW = "lac_review", "Looked-after review"
    CARE_PLAN = "care_plan", "Care, placement or pathway plan"
    KINSHIP = "kinship", "Kinship arrangement"
    CLOSE_CASE = "close_case", "Close the case"
    FAMILY_HELP = "family_help", "Family Help"
    PRE_PROCEEDINGS = "pre_proceedings", "Pre-proceedings"
    CARE_PROCEEDINGS = "care_proceedings", "Care proceedings and court orders"
    LIBERTY_ORDER = "liberty_order", "Deprivation of liberty order"
    # Arranging, not recording: booking, moving or cancelling a meeting of any kind and writing its invitations.
    BOOK_MEETING = "book_meeting", "Book, move or cancel a meeting, and invite to it"
    # An import's own: a fact another system recorded, stored as its file gives it (the load steps).
    LOAD_FROM_FILE = "load_from_file", "Load a fact from another system's file, as given"


class SystemActor(models.TextChoices):
    """Who records a step when no person does: each has its own row in the role × step table."""

    SEED = "system:seed", "The synthetic authority's generator"
    IMPORT = "system:import", "An import of a return or an extract"


# Every step a person may record; loading a legacy file's facts as given is an import's alone.
EVERY_STEP = frozenset(StepKey) - {StepKey.LOAD_FROM_FILE}
# Section 17 work a Family Help lead practitioner may lead (Working Together 2023), authorised by a
# social-work-qualified manager; never section 47, conferences, looked-after or court steps.
SECTION_17 = frozenset({StepKey.ASSESSMENT, StepKey.CIN_PLAN, StepKey.VISIT, StepKey.MEETING, StepKey.FAMILY_HELP})
ROLE_STEPS: dict[str, frozenset[StepKey]] = {
    RoleCode.SOCIAL_WORKER: EVERY_STEP,
    RoleCode.SENIOR_PRACTITIONER: EVERY_STEP,
    RoleCode.TEAM_MANAGER: EVERY_STEP,
    # The front door records what a contact leads to while no team holds the child (its policy ground).
    RoleCode.FRONT_DOOR: EVERY_STEP,
    # An independent reviewing officer or CP chair records the reviews and conferences they chair.
    RoleCode.IRO: frozenset({StepKey.CONFERENCE, StepKey.LAC_REVIEW, StepKey.MEETING}),
    RoleCode.FAMILY_HELP_PRACTITIONER: SECTION_17,
    # Business support arrange meetings for the team (book, move, cancel, invite): never record one.
    RoleCode.BUSINESS_SUPPORT: frozenset({StepKey.BOOK_MEETING}),
    RoleCode.DATA_ANALYST: frozenset(),
    RoleCode.SYSTEM_ADMINISTRATOR: frozenset(),
    # The generator makes what the forms would make; an import loads a file's facts, whatever step they are.
    SystemActor.SEED: EVERY_STEP,
    SystemActor.IMPORT: EVERY_STEP | {StepKey.LOAD_FROM_FILE},
}

# A meeting's kind decides its step: booking a strategy discussion is a section 47 step.
MEETING_STEP = {"strategy": StepKey.STRATEGY_DISCUSSION, "initial_conference": StepKey.CONFERENCE,
                "review_conference": StepKey.CONFERENCE, "core_group": StepKey.CORE_GROUP, "lac_review": StepKey.LAC_REVIEW}
PLAN_STEP = {"cin": StepKey.CIN_PLAN, "cp": StepKey.CP_PLAN}


def may_record(role_code: str | None, step: StepKey) -> bool:
    return step in ROLE_STEPS.get(role_code or "", frozenset())


def plan_step(kind: str) -> StepKey:
    return PLAN_STEP.get(kind, StepKey.CARE_PLAN)


def meeting_step(kind: str) -> StepKey:
    return MEETING_STEP.get(kind, StepKey.MEETING)


def may_book(role_code: str | None, kind: str) -> bool:
    """Booking a meeting of this kind: whoever records it, or whoever arranges meetings."""
    return may_record(role_code, meeting_step(kind)) or may_record(role_code, StepKey.BOOK_MEETING)


def why_not(step: StepKey) -> str:
    return f"your role does not record this step ({step.label.lower()}): see docs/security.md, steps by role"
