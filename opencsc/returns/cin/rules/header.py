"""CIN census rules on the header (the reference date), in DfE code order.

Each function is named for what it checks; its ``@rule`` gives the DfE code, the tables it needs and
DfE's message. Its scenario (data that breaks it) is in ``tests/fixtures/cin/``; ``docs/rules.md`` is the index.
"""

from __future__ import annotations

from .common import rule


@rule("100", "Header", ["ReferenceDate"], "Reference Date is incorrect", scope="return")
def reference_date_is_31_march(census):
    if census.reference_date != census.year.end:
        yield None, f"reference date {census.reference_date} should be {census.year.end}"
