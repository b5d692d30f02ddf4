"""SSDA903 rules on the Ofsted URN against Ofsted's provider lists (they run when the lists are loaded), in
DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/ssda903/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from opencsc.codes import lists

from .common import _registered, le, provider_rule, rows_where


@provider_rule("219", ["URN", "PLACE"], "The Ofsted Unique reference number (URN) provided for the child's placement does "
               "not match the placement type recorded.")
def urn_does_not_match_placement_type(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and not (
        e["PLACE"] and e["PLACE"] in s.providers.get(e["URN"], {}).get("place_codes", ())))


@provider_rule("221", ["URN", "PL_POST"], "The Ofsted Unique reference number (URN) provided for the child's placement does "
               "not match the placement postcode provided.")
def urn_does_not_match_placement_postcode(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and e["LS"] not in ("V3", "V4")
                      and e["PLACE"] in ("K1", "K2", "K3", "R3", "S1") and e["PL_POST"]
                      and e["PL_POST"].replace(" ", "") != s.providers.get(e["URN"], {}).get("postcode"))


@provider_rule("224", ["URN", "PLACE_PROVIDER"], "The Ofsted Unique reference number (URN) provided for the child's "
               "placement does not match the placement provider recorded.")
def ofsted_unique_reference_number_urn_childs_placement(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and not (
        e["PLACE_PROVIDER"] and e["PLACE_PROVIDER"] in s.providers.get(e["URN"], {}).get("provider_codes", ())))


@provider_rule("227", ["URN", "DECOM"], "Ofsted Unique reference number (URN) is not valid for the episode start date.")
def urn_not_registered_at_episode_start(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and le(s.providers.get(e["URN"], {}).get("reg_end"),
                                                                        e.day("DECOM")))


@provider_rule("228", ["URN", "DEC"], "Ofsted Unique reference number (URN) is not valid for the episode end date")
def urn_not_registered_at_episode_end(child, s):
    def closed(e):
        end = s.providers.get(e["URN"], {}).get("reg_end")
        if end is None:
            return False
        return (e.day("DEC") is not None and e.day("DEC") > end) or (e.day("DEC") is None and s.end > end)
    return rows_where(child, "Episodes", lambda e: _registered(e) and closed(e))


@provider_rule("229", ["URN", "PLACE_PROVIDER"], "Placement provider does not match between the placing authority and the "
               "local authority code of the provider.")
def placement_provider_does_not_match_between_placing(child, s):
    exempt = {"K3", "P1", "P3", "R1", "R2", "R5", *lists.TEMPORARY_PLACEMENTS, *lists.OTHER_PLACEMENTS}

    def wrong(e):
        la = s.providers.get(e["URN"], {}).get("la")
        return (e["PLACE_PROVIDER"] == "PR1" and la != s.authority) or (e["PLACE_PROVIDER"] == "PR2" and la == s.authority)
    return rows_where(child, "Episodes", lambda e: _registered(e) and e["PLACE"] not in exempt and wrong(e))


@provider_rule("1008", ["URN"], "Ofsted Unique Reference Number (URN) is not valid.")
def ofsted_unique_reference_number_urn_not_valid(child, s):
    return rows_where(child, "Episodes", lambda e: _registered(e) and e["URN"] not in s.providers)
