"""The one gate every read of a child's record passes through, and every page that is not about
one child but needs a capability (returns, team management, administration).

Every page that opens a child calls ``open_child``: it fetches the child, checks the role and the
record (``policy``) and writes the audit entry before the page is built; if the entry cannot be
written, the page fails too. A refusal is audited as well, then the person is shown the
designed 403 page, which names no child. A change is written with its audit entry by
``change_record``, in one transaction the gate owns (views open none).
"""

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from opencsc.people.models import Person
from opencsc.staff.stepping import step
from opencsc.staff.steps import StepKey

from . import audit, policy
from .models import RecordAccess
from .sign_in import client_address


class AccessRefused(PermissionDenied):
    def __init__(self, message: str, break_glass_url: str | None = None):
        super().__init__(message)
        self.break_glass_url = break_glass_url


def client_ip(request):
    return client_address(request)


def can_read(user, person) -> bool:
    return policy.can_read(user, person)


def _refuse(user, person, action, detail, why, request, break_glass_url=None) -> NoReturn:
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
            url = reverse("access:break-glass", args=[person.pk]) if decision.may_break_glass else None
            _refuse(user, person, action, detail, decision.reason, request, url)
        why = decision.reason
    return audit.append(user=user, person=person, action=action, detail=detail, why=why, ip_address=client_ip(request))


def open_child(request, pk, what: str = "", *, action: str = "view", needs: str | None = None, for_work: bool = False,
               asking_for_break_glass: bool = False, refusal: str = "", deciding_also=None) -> Person:
    """The one way a page opens a child's record: the role's capability first (``needs``), then the
    child (404 if there is none), the record's policy and the audit entry. The child is read and access
    decided before anything is written, so no write lock (SQLite's one writer) is held meanwhile; the entry
    is one INSERT. ``for_work``: the page acts on the record (records a step, authorises, restricts,
    exports), which break-glass access does not allow. ``asking_for_break_glass``: the break-glass
    page, which opens a record the user may not yet read when break-glass is offered to them (it
    audits the look-up itself). ``refusal``: why this page refuses this user although the record
    opens for them (e.g. editing another worker's note), checked after the record's own policy so a
    user who may not open the record learns nothing more. The decision is left on ``child.access``.
    ``deciding_also``: a function of the child giving other people the page will name (the family), whose
    decisions are made with the child's, in the same statements (``decisions_around(child)``)."""
    request.opened_child = int(pk)  # what tests/access/test_one_way_to_open_a_child.py looks for
    if needs:
        require(request, needs, what or action)
    child = get_object_or_404(Person, pk=pk, kind=Person.Kind.CHILD)
    decisions = policy.decide_many(request.user, [child.pk, *(deciding_also(child) if deciding_also else ())])
    decision = decisions[child.pk]
    setattr(child, "access", decision)  # noqa: B010 - the page reads it; the record's model knows nothing of access
    setattr(child, "access_around", decisions)  # noqa: B010 - likewise
    if decision.allowed and not (for_work and decision.via_break_glass) and not refusal:
        audit.append(user=request.user, person=child, action=action, detail=what, why=decision.reason,
                     ip_address=client_ip(request))
        return child
    if asking_for_break_glass and decision.may_break_glass and not decision.restricted:
        return child
    if decision.allowed and refusal:
        _refuse(request.user, child, "change", what, refusal, request)
    if decision.allowed:  # through break-glass, for work
        _refuse(request.user, child, "open", what, "break-glass gives reading and adding a note, nothing else", request)
    url = reverse("access:break-glass", args=[child.pk]) if decision.may_break_glass and not asking_for_break_glass else None
    _refuse(request.user, child, action, what, decision.reason, request, url)


def decisions_around(child) -> dict[int, policy.Decision]:
    """What ``open_child`` decided for the child and the people ``deciding_also`` gave it, by person id."""
    return child.access_around


def decision_on(child) -> policy.Decision:
    """What ``open_child`` decided for this child (left on it for the page)."""
    return child.access


def change_record(request, child, detail, change, key: StepKey | None = None):
    """Make a change (``change()``, service calls) as one step (``staff.stepping``): checked against the
    role × step table when ``key`` names the step, written with one audit entry per person it changed
    (the child's says ``detail``), all in one transaction. It does not decide access again: the page
    decided when it opened the child (deciding a contact, for example, ends the front door's access).
    ``child`` None: the change's result names it (``result.child``, as a new contact does). ``detail``
    may be a function of the result. Returns what ``change()`` returns."""
    with step(key, detail="" if callable(detail) else detail, changes=child) as made:
        result = change()
        if callable(detail):
            made.detail = detail(result)
        if child is None:
            made.changed(result.child)
    return result


def refuse(request, person, what: str, why: str):
    """Refuse something the role allows in general but not here (e.g. editing another worker's note)."""
    _refuse(request.user, person, "change", what, why, request)


def require(request, capability: str, what: str) -> None:
    """Refuse (and audit the refusal) unless the signed-in user's role has this capability."""
    allowed = policy.works_front_door(request.user) if capability == "front_door" else policy.can(request.user, capability)
    if not allowed:
        _refuse(request.user, None, "open", what, f"needs {capability.replace('_', ' ')}", request)
