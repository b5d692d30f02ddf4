"""Slowing password guessing, counted by username and, separately, by address.

A username's wrong passwords in a row make each further try wait, from the fifth, growing (one
minute, then doubling, at most an hour) whatever address they come from, so rotating addresses
gains nothing; the right password resets it. An address is only slowed, and only past a high
number of wrong passwords in an hour, because an authority's staff share one outgoing address: a
colleague's typos never lock anyone else out. The client's address is the configured proxy
header's (``OPENCSC_CLIENT_ADDRESS_HEADER``, the entry the authority's own proxy added) or else
the connection's; never a header nobody configured. Every wrong password is audited.

The owner is not kept out by a stranger's guessing (second attack report, item 13): the right password
from a browser that has signed in as them before (``devices``) skips the username's wait (the
address's still applies), while every wrong password, from any browser, is still counted. The wrong
password that starts the wait tells the person and their managers, once.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opencsc.staff.models import Notification

from . import audit
from .break_glass import managers_of_user
from .models import SignInThrottle

USERNAME_WAIT_FROM = 5
USERNAME_FIRST_WAIT = 60  # seconds, doubling with each further wrong password
USERNAME_LONGEST_WAIT = 60 * 60
ADDRESS_SLOW_AFTER = 25  # wrong passwords from one address within an hour
ADDRESS_FIRST_WAIT = 10
ADDRESS_LONGEST_WAIT = 5 * 60
ADDRESS_WINDOW = timedelta(hours=1)


def client_address(request) -> str | None:
    """The client's address: the configured proxy header's last entry (what our own proxy saw), else
    the connection's. A header is read only when an operator has named it."""
    if request is None:
        return None
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "")
    if header and request.META.get(header):
        candidate = request.META[header].split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def _username_wait(failures: int) -> int:
    if failures < USERNAME_WAIT_FROM:
        return 0
    return min(USERNAME_FIRST_WAIT * 2 ** (failures - USERNAME_WAIT_FROM), USERNAME_LONGEST_WAIT)


def _address_wait(failures: int) -> int:
    if failures < ADDRESS_SLOW_AFTER:
        return 0
    return min(ADDRESS_FIRST_WAIT * 2 ** ((failures - ADDRESS_SLOW_AFTER) // ADDRESS_SLOW_AFTER), ADDRESS_LONGEST_WAIT)


def _keys(username: str, address: str | None) -> tuple[str, str | None]:
    return f"user:{(username or '').strip().lower()}"[:200], (f"addr:{address}" if address else None)


def wait_seconds(username: str, address: str | None, now=None, known_browser: bool = False) -> int:
    """How long this try must wait (0: go ahead). ``known_browser``: the account has signed in from this
    browser before, so the username's wait (which a stranger can cause) does not apply."""
    now = now or timezone.now()
    username_key, address_key = _keys(username, address)
    user_key = None if known_browser else username_key
    waits = [0]
    for row in SignInThrottle.objects.filter(key__in=[k for k in (user_key, address_key) if k]):
        if row.last_failure_at is None:
            continue
        if row.key == user_key:
            wait = _username_wait(row.failures)
        elif now - row.first_failure_at > ADDRESS_WINDOW:
            continue
        else:
            wait = _address_wait(row.failures)
        waits.append(math.ceil((row.last_failure_at + timedelta(seconds=wait) - now).total_seconds()))
    return max(waits)


@transaction.atomic
def failed(username: str, address: str | None, user=None, now=None) -> None:

    now = now or timezone.now()
    user_key, address_key = _keys(username, address)
    for key in (user_key, address_key):
        if not key:
            continue
        row, _ = SignInThrottle.objects.select_for_update().get_or_create(key=key, defaults={"first_failure_at": now})
        if key == address_key and now - row.first_failure_at > ADDRESS_WINDOW:
            row.failures, row.first_failure_at = 0, now  # an address is counted by the hour
        row.failures += 1
        row.last_failure_at = now
        row.save()
        if key == user_key and row.failures == USERNAME_WAIT_FROM and user is not None:
            _tell_of_lock_out(user, row.failures)
    audit.append(user=user, person=None, action="sign-in-failed", ip_address=address,
                 detail=f"wrong password for {username[:100]}")


def _tell_of_lock_out(user, failures: int) -> None:
    """The person (they will see it when they are in) and their managers, once per run of wrong passwords."""
    text = (f"{failures} wrong passwords in a row for {user.username}: new sign-ins from other browsers now wait. "
            "If this was not you, tell your system administrator.")
    me = getattr(user, "professional", None)
    for recipient in ([me] if me is not None else []) + managers_of_user(user):
        Notification.objects.create(recipient=recipient, kind=Notification.Kind.SIGN_IN_WAIT, text=text[:300], link="/my-activity/")


def succeeded(username: str) -> None:
    SignInThrottle.objects.filter(key=_keys(username, None)[0]).delete()


def wait_message(seconds: int) -> str:
    shown = f"{seconds} second{'s' if seconds != 1 else ''}" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
    return (f"Wait {shown} before you try again: there have been too many wrong passwords. This protects the records "
            "from someone guessing; if you have forgotten your password, ask your system administrator.")
