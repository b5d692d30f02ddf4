"""What family links reached before the second attack report's fixes: a one-off report for the
information-governance officer (``manage.py family_links_report`` and /admin/family-links-report/).

Two lists, from the audit chain (so they cover what the earlier code did):

- **links beyond reach**: a family link made by someone who may not open the relative under today's
  rules, or whose access to the relative now rests on an allocation that began on or after the link
  (a group step of the earlier code allocated siblings this way); with how often they went on to open
  the relative's record after linking;
- **opened on the family ground**: every look at a record that was allowed as "family of a child with an
  open contact" (the front door's ground that a link could widen).

Children are named by local ID and workers by username: the report is for administrators, who see no
case content."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Min, Q

from opencsc.casework.models import Allocation
from opencsc.people.models import Relationship

from .models import RecordAccess
from .relatives import work_decisions

FAMILY_GROUND = "family of a child with an open contact"
LOOKS = ("view", "download", "export", "change", "create")


@dataclass(frozen=True)
class LinkBeyondReach:
    linked_at: datetime
    username: str
    child_ref: str
    relative_ref: str
    relationship: str
    why_listed: str
    opened_after: int


@dataclass(frozen=True)
class OpenedOnFamilyGround:
    username: str
    person_ref: str
    looks: int
    first: datetime
    last: datetime


def _ref(person) -> str:
    return person.la_child_id or f"P{person.pk}"


def _as_if_active(user):
    """Today's rules for someone who may since have left: their access as it would be, were they still here."""
    if user.is_active:
        return user
    active = copy.copy(user)
    active.is_active = True
    return active


def links_beyond_reach() -> list[LinkBeyondReach]:
    # A link's audit entry names its row: "Relationship 12 created" in a step's entry, "relationship 12"
    # in those the earlier per-row audit wrote (the links this report exists to find).
    made = (RecordAccess.objects.filter(action__in=("create", "change")).exclude(user=None)
            .filter(Q(detail__startswith="relationship ") | Q(detail__contains="Relationship ")).select_related("user"))
    out = []
    for entry in made.order_by("id"):
        for link_pk in _links_named(entry.detail):
            link = Relationship.objects.select_related("person", "relative").filter(pk=link_pk).first()
            if link is not None:
                out.extend(_beyond_reach(entry, link))
    return out


def _links_named(detail: str) -> list[int]:
    earlier = re.match(r"relationship (\d+)\b", detail)
    return [int(earlier.group(1))] if earlier else [int(pk) for pk in re.findall(r"\bRelationship (\d+) created\b", detail)]


def _beyond_reach(entry, link) -> list[LinkBeyondReach]:
    user = _as_if_active(entry.user)
    decision = work_decisions(user, [link.relative])[link.relative.pk]  # an adult: through a child they may work on
    if decision.allowed and not decision.via_break_glass:
        later = Allocation.objects.filter(child=link.relative, worker__user=entry.user, start_date__gte=entry.at.date())
        if not later.exists():
            return []
        why = "has an allocation that began on or after the link (check it was meant)"
    else:
        why = "may not open the relative" + (" (a restricted record)" if decision.restricted else "")
    # The link's own entries on the relative (the earlier per-row one, or a step's naming the link back) are no look.
    opened = (RecordAccess.objects.filter(user=entry.user, person=link.relative, at__gte=entry.at, action__in=LOOKS)
              .exclude(detail__startswith="relationship ").exclude(detail__regex=r"Relationship [0-9]+ created").count())
    return [LinkBeyondReach(entry.at, entry.username, _ref(link.person), _ref(link.relative),
                            link.get_relationship_display(), why, opened)]


def opened_on_family_ground() -> list[OpenedOnFamilyGround]:
    rows = (RecordAccess.objects.filter(why=FAMILY_GROUND).exclude(person=None)
            .values("username", "person_ref", "person_id").annotate(looks=Count("pk"), first=Min("at"), last=Max("at"))
            .order_by("username", "person_ref"))
    return [OpenedOnFamilyGround(r["username"], r["person_ref"] or f"P{r['person_id']}", r["looks"], r["first"], r["last"])
            for r in rows]
