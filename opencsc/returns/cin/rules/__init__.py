"""The DfE CIN census validation rules, one small unit per DfE rule code, grouped by DfE table.

The rule set for a collection year is every rule whose years include it: the 2025/26 set is the
2022/23 baseline, with 1530 updated for 2023/24 and the 2024/25 changes (sex, LA child ID, retired
factors). Working-day rules follow the DfE validator's counting (the anchor date is day 1), so the
findings agree with what COLLECT reports. Each check yields the items that break the rule.

The modules, in the order of the census: ``header``, ``child_identifiers`` (and characteristics),
``cin_details``, ``assessments``, ``section47``, ``plans`` (CIN and child protection plans and reviews) and, from
2026/27, ``pre_proceedings`` (the PreProceedingsandFGDM block).
``common`` holds the rule set, its one decorator (``rule``), helpers and families of rules of one shape.
``docs/rules.md`` lists every rule with its module and function.
"""

from . import (  # noqa: F401 - each module registers its rules on CIN
    assessments,
    child_identifiers,
    cin_details,
    header,
    plans,
    pre_proceedings,
    section47,
)
from .common import CIN, validator_working_days_before

__all__ = ["CIN", "validator_working_days_before"]
