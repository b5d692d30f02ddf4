"""The DfE SSDA903 validation rules (``lac2025_26``), one small unit per DfE rule code, grouped by DfE table.

Each rule reads the set as DfE's validator does (``reading.py``: text values, dd/mm/yyyy dates, a
blank never equal to anything) and runs only when the set provides the tables it needs, as DfE's
rules do. Where DfE's implementation reads a rule narrowly or oddly, the rule here follows it, so
the findings agree with what COLLECT reports; ``docs/rules-exceptions.md`` lists where they differ.

All 316 rules of the registry are here (``NOT_IMPLEMENTED`` is empty; the coverage test keeps it so).
Rules that compare with last year's return run when the set carries last year's; the URN rules run
when Ofsted's provider lists have been loaded (``Set903.providers``), as DfE's do.

The modules, in the order DfE's tables come: ``header`` (and UASC; each child once), ``episodes`` (and
previous permanence), ``reviews``, ``oc2``, ``oc3``, ``adoption``, ``missing``, ``social_worker_episodes``,
``year_on_year`` (comparisons with last year's return), ``ofsted_urn`` and, from 2026/27, ``liberty`` (the DoLo table). ``common`` holds the rule set, its
one decorator (``rule``) and shared helpers. ``docs/rules.md`` lists every rule with its module and function.
"""

from . import (  # noqa: F401 - each module registers its rules on SSDA903
    adoption,
    episodes,
    header,
    liberty,
    missing,
    oc2,
    oc3,
    ofsted_urn,
    reviews,
    social_worker_episodes,
    year_on_year,
)
from .common import NOT_IMPLEMENTED, SSDA903

__all__ = ["NOT_IMPLEMENTED", "SSDA903"]
