"""When the break-glass page may be shown, so it cannot be used to look people up by ID.

The page shows a name, date of birth and ID (the identity tier). It opens only for a child this
user was just refused, or one a search of theirs named, within the hour; any other ID gives "page
not found" (audited). More than ``HARVEST_LIMIT`` look-ups in an hour tell the user's manager.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from opencsc.staff.models import Notification, Professional

from . import audit
from .models import RecordAccess

SESSION_KEY = "break_glass_offered"
OFFER_SECONDS = 60 * 60
HARVEST_LIMIT = 20
PAGE = "break-glass page"


def offer_break_glass(request, person_ids) -> None:
    """A search named these people for this user: their break-glass page may open for an hour."""
    now = int(time.time())
    offered = {pk: at for pk, at in request.session.get(SESSION_KEY, {}).items() if now - at < OFFER_SECONDS}
    offered.update({str(pk): now for pk in person_ids})
    request.session[SESSION_KEY] = offered


def is_offered(request, person) -> bool:
    at = request.session.get(SESSION_KEY, {}).get(str(person.pk))
    if at is not None and time.time() - at < OFFER_SECONDS:
        return True
    since = timezone.now() - timedelta(seconds=OFFER_SECONDS)
    return RecordAccess.objects.filter(user=request.user, person=person, action="refused", at__gte=since).exclude(
        detail__startswith=PAGE).exists()


def managers_of_user(user) -> list[Professional]:
    me = getattr(user, "professional", None)
    if me is None or me.team_id is None:
        return []
    return list(Professional.objects.filter(role__manages_team=True).exclude(user=None).exclude(pk=me.pk).filter(
        Q(team_id=me.team_id) | Q(teams_managed=me.team_id)).distinct())


def note_look_up(user, person, *, shown: bool, ip_address=None) -> None:
    """Audit this look-up at the page, and tell the user's manager once an hour past the limit."""
    audit.append(user=user, person=person, action="view" if shown else "refused", ip_address=ip_address,
                 detail=f"{PAGE}{'' if shown else ': not offered (no refusal or search naming the child in the last hour)'}")
    since = timezone.now() - timedelta(seconds=OFFER_SECONDS)
    count = RecordAccess.objects.filter(user=user, at__gte=since, detail__startswith=PAGE).count()
    if count <= HARVEST_LIMIT:
        return
    text = f"{user.username} opened the break-glass page for {count} children in the last hour"
    for manager in managers_of_user(user):
        if not Notification.objects.filter(recipient=manager, text__startswith=f"{user.username} opened the break-glass page",
                                           created_at__gte=since).exists():
            Notification.objects.create(recipient=manager, kind=Notification.Kind.BREAK_GLASS, text=text, link="/access/break-glass/")
