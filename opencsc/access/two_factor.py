"""TOTP two-factor sign-in (RFC 6238), required for every role.

A code is accepted once (its time step is remembered) and within one step either side of now, for
phones whose clocks drift. In demo mode only, the demo users' documented code is also accepted;
outside demo mode it is an ordinary wrong code.
"""

from __future__ import annotations

import io

import pyotp
import segno
from django.conf import settings
from django.utils import timezone

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
    from opencsc.synth.generator import DEMO_USERS

    return user.username in {username for username, *_ in DEMO_USERS}


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
