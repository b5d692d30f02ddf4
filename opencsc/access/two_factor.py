"""TOTP two-factor sign-in (RFC 6238), required for every role.

A code is accepted once (its time step is remembered) and within one step either side of now, for
phones whose clocks drift. In demo mode only, the demo users' documented code is also accepted;
outside demo mode it is an ordinary wrong code.

Guessing is slowed and stopped per user, whatever browser or session it comes from (``attempt``):
from the third wrong code in a row each try waits 2^(n-2) seconds, and the tenth locks two-factor
until a manager or ``reset_two_factor --unlock`` frees it. Every wrong code and every lock is in
the audit chain; a lock tells the user's managers. Secrets are encrypted at rest (``secrets``).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opencsc.staff.models import Notification

from . import audit
from .break_glass import managers_of_user
from .models import TwoFactorDevice

SESSION_KEY = "two_factor_verified"
ISSUER = "OpenCSC"


def required() -> bool:
    return getattr(settings, "TWO_FACTOR_REQUIRED", True)


def is_verified(request) -> bool:
    return request.session.get(SESSION_KEY) == request.user.pk


def mark_verified(request) -> None:
    request.session[SESSION_KEY] = request.user.pk


def confirmed_device(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def start_enrolment(user) -> TwoFactorDevice:
    """A new secret for a user who has no confirmed device yet (kept until they confirm a code)."""
    device, created = TwoFactorDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    if device.confirmed_at is not None:
        raise ValueError("already enrolled")
    return device


def provisioning_uri(device) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=ISSUER)


def qr_svg(device) -> str:
    out = io.BytesIO()
    segno.make(provisioning_uri(device), error="m").save(out, kind="svg", scale=5, xmldecl=False, svgns=True,
                                                          title="QR code for your authenticator app")
    return out.getvalue().decode()


def is_demo_user(user) -> bool:
    return user.username in settings.DEMO_USERNAMES


def check(device: TwoFactorDevice, code: str, now=None) -> bool:
    """Is this the right code now (and not one already used)? Records its use if so."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if settings.DEMO_MODE and is_demo_user(device.user) and code == settings.DEMO_TWO_FACTOR_CODE:
        return True
    if len(code) != 6:
        return False
    now = now or timezone.now()
    totp = pyotp.TOTP(device.secret)
    for drift in (0, -1, 1):
        at = now.timestamp() + drift * totp.interval
        step = int(at // totp.interval)
        if step > device.last_used_step and totp.verify(code, for_time=at, valid_window=0):
            device.last_used_step = step
            if device.confirmed_at is None:
                device.confirmed_at = now
            device.save(update_fields=["last_used_step", "confirmed_at"])
            return True
    return False


WAIT_FROM = 3  # the wrong code in a row from which each try waits
LOCK_AT = 10  # wrong codes in a row that lock two-factor


@dataclass(frozen=True)
class Attempt:
    ok: bool
    wait_seconds: int = 0
    locked: bool = False

    @property
    def message(self) -> str:
        if self.locked:
            return (f"Two-factor sign-in is locked after {LOCK_AT} wrong codes in a row. Ask your team manager "
                    "(or the service desk) to free it; your authenticator app stays as it is.")
        if self.wait_seconds:
            return (f"Wait {self.wait_seconds} second{'s' if self.wait_seconds != 1 else ''} before you try again: "
                    "too many wrong codes in a row")
        return "That code is not right: enter the 6-digit code your app shows now"


def wait_after(failures: int) -> int:
    return 2 ** (failures - 2) if failures >= WAIT_FROM else 0


def attempt(device: TwoFactorDevice, code: str, now=None, ip_address=None) -> Attempt:
    """Try a code for this user's device, counting wrong codes per user (the row is locked while
    counting, so two browsers guessing at once are counted one after the other)."""

    now = now or timezone.now()
    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().select_related("user").get(pk=device.pk)
        if device.locked_at is not None:
            return Attempt(False, locked=True)
        if device.last_failure_at is not None:
            ready = device.last_failure_at + timedelta(seconds=wait_after(device.failures))
            if now < ready:
                return Attempt(False, wait_seconds=max(1, math.ceil((ready - now).total_seconds())))
        if check(device, code, now):
            if device.failures:
                device.failures, device.last_failure_at = 0, None
                device.save(update_fields=["failures", "last_failure_at"])
            return Attempt(True)
        device.failures += 1
        device.last_failure_at = now
        audit.append(user=device.user, person=None, action="two-factor-failed", ip_address=ip_address,
                     detail=f"wrong two-factor code, {device.failures} in a row")
        if device.failures >= LOCK_AT:
            device.locked_at = now
            audit.append(user=device.user, person=None, action="two-factor-locked", ip_address=ip_address,
                         detail=f"two-factor locked after {LOCK_AT} wrong codes in a row")
            _tell_managers(device.user)
        device.save(update_fields=["failures", "last_failure_at", "locked_at"])
        return Attempt(False, wait_seconds=wait_after(device.failures), locked=device.locked_at is not None)


def _tell_managers(user) -> None:


    for manager in managers_of_user(user):
        Notification.objects.create(recipient=manager, kind=Notification.Kind.TWO_FACTOR_LOCKED, link="/access/two-factor-locks/",
                                    text=f"Two-factor sign-in for {user.username} is locked after {LOCK_AT} wrong codes in a row")


def unlock(device: TwoFactorDevice, *, by, reason: str) -> None:
    """Free a locked device (a manager of the user, or an operator's command); audited."""

    with transaction.atomic():
        device = TwoFactorDevice.objects.select_for_update().select_related("user").get(pk=device.pk)
        device.failures, device.last_failure_at, device.locked_at = 0, None, None
        device.save(update_fields=["failures", "last_failure_at", "locked_at"])
        audit.append(user=by, person=None, action="two-factor-unlocked", why=reason[:200],
                     detail=f"two-factor of {device.user.username} freed")


def locked_devices_for(manager_user):
    """The locked devices of the people whose manager this is (their teams)."""

    locked = TwoFactorDevice.objects.filter(locked_at__isnull=False).select_related("user__professional")
    return [d for d in locked if any(m.user_id == manager_user.pk for m in managers_of_user(d.user))]
