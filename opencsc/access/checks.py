"""Deployment checks: the development keys must never reach production."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_keys(app_configs, **kwargs):
    if settings.DEMO_MODE:
        return []
    problems = []
    if "insecure-development" in settings.AUDIT_KEY:
        problems.append(Error("OPENCSC_AUDIT_KEY is the development key", id="opencsc.E001",
                              hint="Set a long random secret from the authority's secret store (see docs/security.md)."))
    if "insecure-development" in settings.SECRET_KEY:
        problems.append(Error("OPENCSC_SECRET_KEY is the development key", id="opencsc.E002",
                              hint="Set a long random secret in the service's environment."))
    return problems
