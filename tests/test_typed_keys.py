"""Keys are enums, never words: an allocation's kind and a role's scope are compared by their enum
(codes.lists.AllocationKind, staff.models.Scope), so renaming a label or mistyping a word cannot change
who holds a child or who sees a record."""

import re
from pathlib import Path

from opencsc.codes.lists import ALLOCATION_KIND, AllocationKind
from opencsc.staff.models import Scope

ROOT = Path(__file__).resolve().parents[1]
ALLOCATION_WORDS = re.compile(r'kind(?:=|\s*==\s*|__in=\[|": )"(social_worker|personal_adviser|lead_practitioner)"')
SCOPE_WORDS = re.compile(r'scope\s*==\s*"(' + "|".join(s.value for s in Scope) + ')"')


def code_files():
    return [p for p in (ROOT / "opencsc").rglob("*.py") if "migrations" not in p.parts and p.parent.name != "codes"]


def test_no_allocation_kind_or_scope_is_written_as_a_word():
    found = [f"{p.relative_to(ROOT)}:{n}" for p in code_files() for n, line in enumerate(p.read_text().splitlines(), 1)
             if ALLOCATION_WORDS.search(line) or SCOPE_WORDS.search(line)]
    assert found == []


def test_the_allocation_code_list_is_the_enum():
    assert [c.code for c in ALLOCATION_KIND] == [k.value for k in AllocationKind]


def test_the_scan_sees_a_word():
    assert ALLOCATION_WORDS.search('Allocation.objects.filter(kind="social_worker")')
    assert SCOPE_WORDS.search('if role.scope == "chaired":')
