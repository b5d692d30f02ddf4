"""The one gate every read of a child's record passes through, and every page that is not about
one child but needs a capability (returns, team management, administration).

The gate decides (``policy``) and writes the audit entry in the same transaction as the read; if
the entry cannot be written, the read fails too. A refusal is audited as well, then the person is
shown the designed 403 page, which names no child.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from . import audit, policy
from .models import RecordAccess


class AccessRefused(PermissionDenied):
    def __init__(self, message: str, break_glass_url: str | None = None):
        super().__init__(message)
        self.break_glass_url = break_glass_url


def client_ip(request):
    from .sign_in import client_address

    return client_address(request)


def can_read(user, person) -> bool:
    return policy.can_read(user, person)


def _refuse(user, person, action, detail, why, request, break_glass_url=None):
    audit.append(user=user, person=person, action="refused", detail=f"{action}: {detail}".strip(": "), why=why,
                 ip_address=client_ip(request))
    raise AccessRefused("You do not have access to this record." if person is not None else
                        "You do not have access to this page.", break_glass_url)


def record_access(user, person, action: str, detail: str = "", request=None) -> RecordAccess:
    """Check access to this person's record (if any) and write the audit entry."""
    why = ""
    if person is not None:
        decision = policy.decide(user, person)
        if not decision.allowed:
            url = reverse("break-glass", args=[person.pk]) if decision.may_break_glass else None
            _refuse(user, person, action, detail, decision.reason, request, url)
        why = decision.reason
    with transaction.atomic():
        return audit.append(user=user, person=person, action=action, detail=detail, why=why,
                            ip_address=client_ip(request))


def open_for_work(request, person, what: str, action: str = "view") -> RecordAccess:
    """Open a record to act on it (record a step, authorise, restrict, export, edit): like
    ``record_access``, but access through break-glass is refused here, since break-glass gives
    reading and adding a note and none of the powers of the team that holds the child."""
    decision = policy.decide(request.user, person)
    if decision.allowed and decision.via_break_glass:
        _refuse(request.user, person, "open", what, "break-glass gives reading and adding a note, nothing else", request)
    return record_access(request.user, person, action, detail=what, request=request)


def record_change(user, person, detail: str, request=None) -> RecordAccess:
    """Audit a change by someone whose access the page checked when it opened. Call it inside the
    change's transaction: the change and its audit entry are written together or not at all. (It
    does not decide again: deciding a contact, for example, ends the front door's access.)"""
    return audit.append(user=user, person=person, action="change", detail=detail, ip_address=client_ip(request))


def refuse(request, person, what: str, why: str):
    """Refuse something the role allows in general but not here (e.g. editing another worker's note)."""
    _refuse(request.user, person, "change", what, why, request)


def require(request, capability: str, what: str) -> None:
    """Refuse (and audit the refusal) unless the signed-in user's role has this capability."""
    allowed = policy.works_front_door(request.user) if capability == "front_door" else policy.can(request.user, capability)
    if not allowed:
        _refuse(request.user, None, "open", what, f"needs {capability.replace('_', ' ')}", request)
