"""Deployment checks: the development keys must never reach production.

``manage.py check --deploy`` reports them, and the service itself (``opencsc.wsgi``) refuses to
start with any of them outside demo mode: the defaults are public, in this repository.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

KEYS = [  # (setting, environment variable, check id, what it protects)
    ("AUDIT_KEY", "OPENCSC_AUDIT_KEY", "opencsc.E001", "the audit chain"),
    ("SECRET_KEY", "OPENCSC_SECRET_KEY", "opencsc.E002", "sessions and signed values"),
    ("TOTP_KEY", "OPENCSC_TOTP_KEY", "opencsc.E003", "two-factor secrets at rest"),
]


def public_keys() -> list[tuple[str, str, str]]:
    """The keys still at their public development value (none in demo mode, which uses them on purpose)."""
    if settings.DEMO_MODE:
        return []
    return [(variable, check_id, protects) for name, variable, check_id, protects in KEYS
            if "insecure-development" in getattr(settings, name)]


@register(Tags.security, deploy=True)
def development_keys(app_configs, **kwargs):
    return [Error(f"{variable} is the development key", id=check_id,
                  hint=f"Set a long random secret from the authority's secret store; it protects {protects} (docs/operations.md).")
            for variable, check_id, protects in public_keys()]


def refuse_public_keys() -> None:
    """Stop the service before it serves anyone with a key everyone can read."""
    missing = public_keys()
    if missing:
        raise ImproperlyConfigured(
            "OpenCSC will not start outside demo mode with the public development keys: set "
            + ", ".join(variable for variable, _, _ in missing)
            + " to long random secrets (docs/operations.md), or OPENCSC_DEMO=1 for the demo.")
