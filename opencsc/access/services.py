"""Writes about access: break-glass grants and their review, restricted records, notifications.

Each is audited in the same transaction as the change it makes.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import audit, policy
from .models import BreakGlassGrant, Notification, Professional, RecordRestriction

MIN_REASON_LENGTH = 15


def managers_of(person) -> list[Professional]:
    """The team managers of the teams the child is currently allocated to (or, for a child with no
    allocation, of the front door), who are told when someone uses break-glass on the record."""
    from opencsc.casework.models import Allocation

    today = timezone.localdate()
    teams = set(Allocation.objects.filter(child=person, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)).exclude(team=None).values_list("team_id", flat=True))
    managers = Professional.objects.filter(role__manages_team=True).exclude(user=None)
    if teams:
        managers = managers.filter(Q(team_id__in=teams) | Q(teams_managed__in=teams))
    else:
        managers = managers.filter(team__service="front door")
    return list(managers.distinct())


@transaction.atomic
def break_glass(user, person, reason: str, ip_address=None) -> BreakGlassGrant:
    """Open a record the user does not otherwise see, for a limited time, with a reason."""
    reason = (reason or "").strip()
    if not policy.can(user, "may_break_glass"):
        raise ValidationError("Your role cannot use break-glass access.")
    if policy.is_restricted_from(user, [person.pk]):
        raise ValidationError("This record is restricted: break-glass does not open it. Ask the team named on it.")
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": f"Say why you need this record now, in at least {MIN_REASON_LENGTH} characters"})
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(user=user, person=person, reason=reason, granted_at=now,
                                           expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS))
    audit.append(user=user, person=person, action="break-glass", detail=f"granted for {settings.BREAK_GLASS_HOURS} hours",
                 why=reason, ip_address=ip_address)
    who = getattr(getattr(user, "professional", None), "name", user.username)
    for manager in managers_of(person):
        Notification.objects.create(
            recipient=manager, link=f"/access/break-glass/#grant-{grant.pk}",
            text=f"{who} used break-glass on the record of {person.la_child_id or person.pk}: {reason}"[:300])
    return grant


def _check_manages(user, grant):
    if not policy.can(user, "manages_team") or user.professional not in managers_of(grant.person):
        raise ValidationError("Only the child's team manager can review or revoke this access.")


@transaction.atomic
def revoke(grant: BreakGlassGrant, by, ip_address=None) -> None:
    _check_manages(by, grant)
    if grant.revoked_at is None:
        grant.revoked_at, grant.revoked_by = timezone.now(), by
        grant.reviewed_at, grant.reviewed_by = grant.reviewed_at or grant.revoked_at, grant.reviewed_by or by
        grant.save(update_fields=["revoked_at", "revoked_by", "reviewed_at", "reviewed_by"])
        audit.append(user=by, person=grant.person, action="revoke", detail=f"break-glass of {grant.user.username} revoked",
                     ip_address=ip_address)


@transaction.atomic
def mark_reviewed(grant: BreakGlassGrant, by, ip_address=None) -> None:
    _check_manages(by, grant)
    if grant.reviewed_at is None:
        grant.reviewed_at, grant.reviewed_by = timezone.now(), by
        grant.save(update_fields=["reviewed_at", "reviewed_by"])
        audit.append(user=by, person=grant.person, action="review",
                     detail=f"break-glass of {grant.user.username} reviewed", ip_address=ip_address)


def restriction_state(restriction) -> str:
    """The version of a restriction (who is named included), for the form that changes it."""
    from opencsc import versions

    return versions.token(restriction, extra=sorted(restriction.named.values_list("pk", flat=True)) if restriction else ())


@transaction.atomic
def restrict(person, *, reason: str, named_users, ask_team=None, by=None, expected_version=None) -> RecordRestriction:
    """Make a record visible only to the named people (and keep it counted in every return). With
    ``expected_version``, refuse (``versions.Stale``) if someone changed the restriction meanwhile."""
    if expected_version is not None:
        from opencsc import versions

        current = RecordRestriction.objects.select_for_update().filter(person=person).first()
        if restriction_state(current) != (expected_version or versions.NEW):
            raise versions.Stale(restriction_state(current))
    restriction, _ = RecordRestriction.objects.update_or_create(person=person, defaults={"reason": reason, "ask_team": ask_team})
    restriction.named.set(named_users)
    audit.append(user=by, person=person, action="restrict",
                 detail=f"restricted to {', '.join(sorted(u.username for u in named_users))}", why=reason)
    return restriction
