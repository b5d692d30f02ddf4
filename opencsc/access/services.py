"""Writes about access: break-glass grants and their review, restricted records, notifications.

Each is audited in the same transaction as the change it makes.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencsc import versions
from opencsc.casework.models import Allocation
from opencsc.casework.selectors import FRONT_DOOR_SERVICE
from opencsc.staff.models import Notification, Professional, Role, Team

from . import audit, policy
from .models import AccessChange, BreakGlassGrant, PasswordMustChange, RecordRestriction

MIN_REASON_LENGTH = 15


def managers_of(person) -> list[Professional]:
    """The team managers of the teams the child is currently allocated to (or, for a child with no
    allocation, of the front door), who are told when someone uses break-glass on the record."""

    today = timezone.localdate()
    teams = set(Allocation.objects.filter(child=person, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)).exclude(team=None).values_list("team_id", flat=True))
    managers = Professional.objects.filter(role__manages_team=True).exclude(user=None)
    if teams:
        managers = managers.filter(Q(team_id__in=teams) | Q(teams_managed__in=teams))
    else:
        managers = managers.filter(team__service=FRONT_DOOR_SERVICE)
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
            recipient=manager, kind=Notification.Kind.BREAK_GLASS, link=f"/access/break-glass/#grant-{grant.pk}",
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

    return versions.token(restriction, extra=sorted(restriction.named.values_list("pk", flat=True)) if restriction else ())


@transaction.atomic
def restrict(person, *, reason: str, named_users, ask_team=None, by=None, expected_version=None) -> RecordRestriction:
    """Make a record visible only to the named people (and keep it counted in every return). With
    ``expected_version``, refuse (``versions.Stale``) if someone changed the restriction meanwhile."""
    if expected_version is not None:

        current = RecordRestriction.objects.select_for_update().filter(person=person).first()
        if restriction_state(current) != (expected_version or versions.NEW):
            raise versions.Stale(restriction_state(current))
    restriction, _ = RecordRestriction.objects.update_or_create(person=person, defaults={"reason": reason, "ask_team": ask_team})
    restriction.named.set(named_users)
    audit.append(user=by, person=person, action="restrict",
                 detail=f"restricted to {', '.join(sorted(u.username for u in named_users))}", why=reason)
    return restriction


# ---- administration: changes that widen access need a second administrator ------------------------------

ROLE_WIDENING = ("scope", "sees_sensitive_notes", "manages_team", "runs_returns", "records_casework", "administers",
                 "may_break_glass", "edits_letter_templates")


def makes_front_door(old: str, new: str) -> bool:
    """A team's service changed to the front door (widens its manager's reach: the queue and its families)."""
    return (new or "").strip().lower() == FRONT_DOOR_SERVICE and (old or "").strip().lower() != FRONT_DOOR_SERVICE
PROFESSIONAL_WIDENING = ("user", "role", "team", "teams_managed")


def _describe(changes: dict) -> str:
    return ", ".join(f"{name} → {'(a new password)' if name in ('password', 'first_password') else value}"
                     for name, value in changes.items())


@transaction.atomic
def add_worker(*, by, name: str, email: str, username: str, password: str, role, team=None, teams_managed=(),
               job_title: str = "", sw_england_number: str = "") -> AccessChange:
    """Add a worker in one step: their sign-in (switched off, its first password kept only as a hash) and
    their record (no role, team or managed teams yet), with everything that grants access waiting for a
    second administrator as one change. Approved, the sign-in is switched on and must change its password."""
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username} is taken: choose another"})
    account = User.objects.create(username=username, email=email, is_active=False, password=make_password(password))
    person = Professional.objects.create(name=name, job_title=job_title, sw_england_number=sw_england_number)
    changes = {"user": account.pk, "role": role.pk, "first_password": account.password}
    if team is not None:
        changes["team"] = team.pk
    if teams_managed:
        changes["teams_managed"] = sorted(t.pk for t in teams_managed)
    change = request_access_change(by=by, changes=changes, professional=person)
    AccessChange.objects.filter(pk=change.pk).update(
        summary=f"Add {name} ({username}) as {role.name}{f' in {team.name}' if team else ''}"
                f"{f', managing {len(teams_managed)} other team(s)' if teams_managed else ''}: sign-in and first password"[:300])
    change.refresh_from_db()
    return change


@transaction.atomic
def request_access_change(*, by, changes: dict, professional=None, role=None, team=None, account=None):
    """Keep a widening change for a second administrator (the change is not applied). A password is
    kept only as its hash, and never written into the summary."""

    whom = (f"role {role.code}" if role is not None else f"team {team.name}" if team is not None
            else f"account {account.username}" if account is not None else f"{professional.name}")
    change = AccessChange.objects.create(professional=professional, role=role, team=team, account=account, changes=changes,
                                         requested_by=by, summary=f"{whom}: {_describe(changes)}"[:300])
    audit.append(user=by, person=None, action="access-change", detail=f"requested {change.pk}: {change.summary}"[:300])
    for admin in Professional.objects.filter(role__administers=True).exclude(user=None).exclude(user=by):
        Notification.objects.create(recipient=admin, kind=Notification.Kind.ACCESS_CHANGE,
                                    text=f"An access change waits for a second administrator: {change.summary}"[:300],
                                    link=f"/admin/access/accesschange/{change.pk}/change/")
    return change


def _own_access(change, user) -> bool:
    if change.professional_id and change.professional.user_id == user.pk:
        return True
    if change.account_id == user.pk:
        return True
    me = getattr(user, "professional", None)
    if me is None:
        return False
    if change.team_id and (me.team_id == change.team_id or me.teams_managed.filter(pk=change.team_id).exists()):
        return True
    return bool(change.role_id and me.role_id == change.role_id)


@transaction.atomic
def approve_access_change(change, *, by):
    """A second administrator applies the change; never the one who asked, never one whose own access it changes."""


    change = AccessChange.objects.select_for_update().get(pk=change.pk)  # (PostgreSQL locks no outer join)
    if not policy.can(by, "administers"):
        raise PermissionError("Only an administrator approves a change to access.")
    if change.requested_by_id == by.pk:
        raise PermissionError("A change to access needs a second administrator: you asked for this one.")
    if _own_access(change, by):
        raise PermissionError("No administrator approves a change to their own access.")
    if change.status != AccessChange.Status.WAITING:
        raise PermissionError(f"This change has already been decided ({change.get_status_display().lower()}).")
    if change.role_id:
        role = Role.objects.select_for_update().get(pk=change.role_id)
        for name, value in change.changes.items():
            setattr(role, name, value)
        role.full_clean()
        role.save()
    elif change.team_id:
        Team.objects.filter(pk=change.team_id).update(**{k: v for k, v in change.changes.items() if k == "service"})
    elif change.account_id:
        account = get_user_model().objects.select_for_update().get(pk=change.account_id)
        if "is_active" in change.changes:
            account.is_active = bool(change.changes["is_active"])
        if "password" in change.changes:
            account.password = change.changes["password"]  # the hash kept when it was set
        account.save()
        if "password" in change.changes:
            password_set_by_administrator(account, by=change.requested_by)
    else:
        person = Professional.objects.select_for_update().get(pk=change.professional_id)
        for name, value in change.changes.items():
            if name == "teams_managed":
                person.teams_managed.set(value)
            elif name == "first_password":  # a new worker's sign-in (add_worker): switched on with its first password
                account = get_user_model().objects.select_for_update().get(pk=change.changes["user"])
                account.password, account.is_active = value, True
                account.save()
                password_set_by_administrator(account, by=change.requested_by)
            else:
                setattr(person, f"{name}_id", value)
        person.save()
    change.status, change.decided_by, change.decided_at = AccessChange.Status.APPROVED, by, timezone.now()
    change.save()
    audit.append(user=by, person=None, action="access-change", detail=f"approved {change.pk}: {change.summary}"[:300])
    return change


@transaction.atomic
def reject_access_change(change, *, by):

    if not policy.can(by, "administers"):
        raise PermissionError("Only an administrator decides on a change to access.")
    change.status, change.decided_by, change.decided_at = AccessChange.Status.REJECTED, by, timezone.now()
    change.save()
    audit.append(user=by, person=None, action="access-change", detail=f"rejected {change.pk}: {change.summary}"[:300])
    return change


@transaction.atomic
def password_set_by_administrator(user, *, by) -> None:
    """The owner must change it at their next sign-in; every session of theirs ends now. Audited."""
    from django.contrib.sessions.models import Session


    PasswordMustChange.objects.update_or_create(user=user, defaults={"set_by": by})
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    audit.append(user=by, person=None, action="password-set",
                 detail=f"password of {user.username} set by an administrator; {ended} session(s) ended; must change it")


def tell_other_teams_of_a_link(user, child, relative, relationship_label: str, ip_address=None) -> list[Professional]:
    """A worker linked a relative who is a child another team holds: the link is audited on the
    relative's record too, and that team's managers are told. It gives no one new access."""
    if relative.kind != relative.Kind.CHILD:
        return []
    mine = set(Allocation.objects.filter(child=child, end_date__isnull=True).exclude(team=None).values_list("team_id", flat=True))
    theirs = set(Allocation.objects.filter(child=relative, end_date__isnull=True).exclude(team=None).values_list("team_id", flat=True))
    if not theirs or theirs <= mine:
        return []
    who = getattr(getattr(user, "professional", None), "name", user.username)
    audit.append(user=user, person=relative, action="change", ip_address=ip_address,
                 detail=f"linked as {relationship_label.lower()} of {child.la_child_id} by {who}")
    managers = managers_of(relative)
    for manager in managers:
        Notification.objects.create(recipient=manager, kind=Notification.Kind.FAMILY_LINK, link=f"/children/{relative.pk}/",
                                    text=f"{who} recorded your team's child {relative.la_child_id} as "
                                         f"{relationship_label.lower()} of {child.la_child_id}."[:300])
    return managers
