"""Synthetic Ofsted provider lists, laid out as Ofsted publishes them (and as DfE's SSDA903 validator
reads them): a Children's Homes workbook and a Social Care Providers workbook, or one combined list.

Used by the tests and the demo, never real provider data. ``from_record`` makes a list that agrees
with the seeded authority's placements (each URN with the placement types, providers and postcode
its placements use), so a clean authority stays clean when the URN rules run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook

from opencsc.casework.models import Placement
from opencsc.codes.lists import URN_NOT_OFSTED_REGISTERED
from opencsc.exchange.ofsted_providers import CH_COLUMNS, COMBINED_COLUMNS, SCP_COLUMNS
from opencsc.returns.ssda903 import postcodes

CHILDRENS_HOME_TYPES = {"K1", "K2"}


@dataclass
class ListedProvider:
    urn: str
    la_name: str
    place_codes: list[str]
    provider_codes: list[str]
    postcode: str
    reg_end: date | None = None
    children_home: bool = False
    extra: dict = field(default_factory=dict)


def _book(sheets: dict[str, tuple[list[str], list[list]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbooks(providers: list[ListedProvider], *, combined: bool = False) -> dict[str, bytes]:
    """{"ch.xlsx": ..., "scp.xlsx": ...}, or {"combined.xlsx": ...}."""
    if combined:
        # The combined list names each provider's type; DfE's tool knows it by its "Children's Home" rows.
        rows = [[p.urn, "Children's Home" if p.children_home else "Social Care Provider", p.la_name,
                 ",".join(p.place_codes), "/".join(p.provider_codes), p.reg_end, p.postcode] for p in providers]
        header = ["URN", "Provider type"] + [c.capitalize() for c in COMBINED_COLUMNS[1:]]
        return {"combined.xlsx": _book({"Providers": (header, rows)})}
    homes = [p for p in providers if p.children_home]
    others = [p for p in providers if not p.children_home]
    # The children's homes list writes provider codes with "/" (PR1/PR2); the other list with ",".
    ch = [[p.urn, p.la_name, ",".join(p.place_codes), "/".join(p.provider_codes), p.reg_end, p.postcode] for p in homes]
    current = [[p.urn, p.la_name, ",".join(p.place_codes), ",".join(p.provider_codes), p.postcode]
               for p in others if p.reg_end is None]
    closed = [[p.urn, p.la_name, ",".join(p.place_codes), ",".join(p.provider_codes), p.reg_end, p.postcode]
              for p in others if p.reg_end is not None]
    return {
        "ch.xlsx": _book({"Provider information": (CH_COLUMNS, ch)}),
        "scp.xlsx": _book({"Current providers": ([c for c in SCP_COLUMNS if c != "Deregistration date"], current),
                           "Providers closed": (SCP_COLUMNS, closed)}),
    }


def from_record(la_name: str = "Synthetic Borough") -> list[ListedProvider]:
    """One entry per URN the record's placements use, agreeing with them (the authority's own fostering
    service is placed in the authority: its postcode is one of its in-area placements')."""
    from django.conf import settings


    authority = settings.AUTHORITY["ons_code"]
    found: dict[str, ListedProvider] = {}
    for urn, kind, provider, postcode in (Placement.objects.exclude(urn="").exclude(urn=URN_NOT_OFSTED_REGISTERED)
                                          .order_by("pk").values_list("urn", "placement_type", "provider", "postcode")):
        entry = found.setdefault(urn, ListedProvider(urn, la_name, [], [], postcode.replace(" ", "").upper(),
                                                     children_home=kind in CHILDRENS_HOME_TYPES))
        if kind and kind not in entry.place_codes:
            entry.place_codes.append(kind)
        if provider and provider not in entry.provider_codes:
            entry.provider_codes.append(provider)
        if provider == "PR1" and postcodes.placement_la(postcode) == authority:
            entry.postcode = postcode.replace(" ", "").upper()
    return list(found.values())
