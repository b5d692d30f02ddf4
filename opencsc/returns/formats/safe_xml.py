"""Reading XML someone else wrote: no entities, no network, no DTD, and a plain refusal for the person."""

from __future__ import annotations

from lxml import etree

MAX_BYTES = 200 * 1024 * 1024


class Refused(Exception):
    """The file cannot be stored; ``summary`` tells the person what to do, ``problems`` says why, row by row."""

    def __init__(self, summary: str, problems: list[str] | None = None):
        super().__init__(summary)
        self.summary = summary
        self.problems = problems or []


def declares_entities(data: bytes) -> bool:
    head = data.upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def safe_parser() -> etree.XMLParser:
    """No entities, no network, no DTD loading: hostile files must not hurt us."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
