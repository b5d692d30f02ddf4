"""Browsers a person has signed in from before: a signed cookie listing the accounts that signed in
from it (at most ``KEEP``), so that a stranger's wrong passwords slow the stranger and not the owner at
their usual browser (``sign_in``), and so that an administrator's browser is known (``two_factor``).

The cookie is signed with the secret key (a forged or edited one is ignored), lasts a year, is never
readable by script, and holds only account ids — nothing about a child."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

COOKIE = "opencsc_device"
SALT = "opencsc.access.devices"
MAX_AGE = 365 * 24 * 60 * 60
KEEP = 8


def accounts(request) -> list[int]:
    """The accounts that have signed in from this browser (none if the cookie is missing or not ours)."""
    value = request.COOKIES.get(COOKIE) if request is not None else None
    if not value:
        return []
    try:
        ids = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember(request, response, user) -> None:
    """After a successful sign-in: this browser is now one this account has used."""
    ids = [user.pk] + [i for i in accounts(request) if i != user.pk]
    response.set_cookie(COOKIE, signing.dumps(ids[:KEEP], salt=SALT), max_age=MAX_AGE, httponly=True,
                        secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")


def administrators_browser(request) -> bool:
    """Whether an administrator (someone other than the person signed in) has signed in from this browser."""
    others = [i for i in accounts(request) if i != request.user.pk]
    return bool(others) and get_user_model().objects.filter(pk__in=others, professional__role__administers=True).exists()
