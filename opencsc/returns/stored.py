"""What the returns keep and read back: the runs marked as sent to DfE, and Ofsted's provider list as
the SSDA903 rules read it. Below the selectors and the validation, which both read these."""

from __future__ import annotations

from .models import OfstedProvider, OfstedProviderList, ReturnRun
from .ssda903 import postcodes


def submitted_run(return_name: str, year: int) -> ReturnRun | None:
    """The run of the year's return last marked as sent to DfE (None if none is)."""
    return (ReturnRun.objects.filter(return_name=return_name, year=year, submitted_at__isnull=False,
                                     status=ReturnRun.Status.DONE, content__isnull=False)
            .order_by("-submitted_at").first())


def current_provider_list():
    return OfstedProviderList.objects.select_related("loaded_by").first()


def ofsted_providers(urns=None) -> dict | None:
    """The latest Ofsted provider list as the SSDA903 rules read it (URN -> codes, postcode, end date,
    upper-tier LA of the postcode), or None when no list has been loaded (the URN rules then do not run).
    ``urns`` limits it to those providers (a child's own placements)."""
    loaded = current_provider_list()
    if loaded is None:
        return None
    entries = OfstedProvider.objects.filter(provider_list=loaded)
    if urns is not None:
        entries = entries.filter(urn__in=urns)
    return provider_lookup(entries)


def provider_lookup(entries) -> dict:
    """URN -> what the URN rules read, from provider list entries (``urn``, ``place_codes`` and
    ``provider_codes`` as comma-separated text, ``reg_end``, ``postcode``): codes split on commas as DfE
    splits them, and the LA inferred from the setting's postcode (lower tier -> upper tier, England only)."""

    out = {}
    for p in entries:
        found = postcodes.lookup(p.postcode)
        out[p.urn] = {"place_codes": set(p.place_codes.split(",")) if p.place_codes else set(),
                      "provider_codes": set(p.provider_codes.split(",")) if p.provider_codes else set(),
                      "postcode": p.postcode or None, "reg_end": p.reg_end,
                      "la": postcodes.upper_tier().get(found[0]) if found and found[0] else None}
    return out
