"""The documentation is read from a clone: it points at nothing outside the repository, and every
Markdown link inside it leads to a file that exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_no_document_points_outside_the_repository():
    outside = [f"{doc.relative_to(ROOT)}:{n}" for doc in DOCS for n, line in enumerate(doc.read_text().splitlines(), 1)
               if re.search(r"(^|[\s`(])\.\./", line)]
    assert outside == [], outside


def test_every_relative_markdown_link_leads_to_a_file():
    broken = []
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text()):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            if not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)} → {target}")
    assert broken == [], broken
