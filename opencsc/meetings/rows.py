"""Reading a booking's invitees into the rows of who was there."""

import re

AGENCY_WORDS = [(r"police|pc |ds |dc ", "police"), (r"school|academy|college|teacher|education", "education"),
                (r"health|gp\b|nurse|midwife|doctor|paediatric|camhs", "health"), (r"probation", "probation"),
                (r"housing", "housing"), (r"social care|social worker|children's services", "social_care")]


def guess_agency(line: str) -> str:
    """An invitee typed as "Ms Head, Quay Primary School": the agency, where the words make it plain."""
    lowered = f" {line.lower()} "
    return next((agency for pattern, agency in AGENCY_WORDS if re.search(pattern, lowered)), "")
