"""Validating the SSDA903 return: the set built from the record, checked with last year's (the rules
that compare years need it), the authority's ONS code (placement LA) and, when given, Ofsted's
provider list. One entry point for the command, the analyst pages, the child's panel and the import."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import replace

from django.conf import settings
from django.utils import timezone

from ..engine import validate, validate_child
from ..formats.safe_xml import Refused
from ..formats.ssda903_files import read_files
from ..formats.years import CollectionYear
from ..stored import ofsted_providers, submitted_run
from ..year_end import mark_not_yet_due, today
from . import export
from .reading import Set903, from_tables
from .rules import SSDA903


def authority_code() -> str:
    return settings.AUTHORITY["ons_code"]


def providers(urns=None):
    """Ofsted's provider list as last loaded (None if never: the URN rules then do not run)."""

    return ofsted_providers(urns)





# Runs marked as sent to DfE never change, so each is read once per process (by its file's digest).
_SUBMITTED: dict[bytes, Set903] = {}


def _read_submitted(run) -> Set903:
    key = hashlib.blake2b(run.content, digest_size=16).digest()
    if key not in _SUBMITTED:
        with zipfile.ZipFile(io.BytesIO(run.content)) as archive:
            # The CSV set, as DfE's tool is given it (the XML in the zip holds the same rows).
            files = [(name, archive.read(name)) for name in archive.namelist() if name.endswith(".csv")]
        if len(_SUBMITTED) > 8:
            _SUBMITTED.clear()
        _SUBMITTED[key] = from_tables(read_files(files), run.year, authority=authority_code())
    return _SUBMITTED[key]


def _sent(year: int):
    """(the run of the year's return last marked as sent, its set as read from its file); the set is None
    when no run is marked or its file cannot be read as an SSDA903 set."""

    run = submitted_run("903", year)
    if run is None:
        return None, None
    try:
        return run, _read_submitted(run)
    except (zipfile.BadZipFile, Refused):
        return run, None


def last_year(year: int, only=None) -> Set903:
    """Last year's return as DfE holds it: the run last marked as sent to DfE, or else (never sent from
    here, e.g. the first year on OpenCSC) built from the record (``only``: those children's rows)."""
    run, sent = _sent(year - 1)
    why = "no run of it is marked as sent to DfE"
    if run is not None:
        when = timezone.localtime(run.submitted_at).strftime("%-d %B %Y")
        if sent is not None:
            return replace(sent, source=f"as sent to DfE on {when} (run {run.pk})")
        why = f"the file of run {run.pk}, marked as sent on {when}, could not be read as an SSDA903 set"
    built = from_tables(export.build(year - 1, only=only).tables, year - 1, authority=authority_code())
    built.source = f"built from the record ({why})"
    return built


def changed_since_sent(year: int, *, person=None) -> list[str]:
    """Children whose rows in last year's return, built from the record today, differ from the file
    marked as sent to DfE (corrections DfE does not hold until an amended file is sent); [] if none is
    marked or its file cannot be read (``last_year`` says so). ``person``: only that child."""
    _, sent = _sent(year - 1)
    if sent is None or (person is not None and not person.la_child_id):
        return []
    now = from_tables(export.build(year - 1, only=None if person is None else [person.pk]).tables, year - 1)

    def rows(s, child_id):
        child = s.by_id.get(child_id)
        if child is None:
            return []
        # As DfE reads a CSV set: values upper-cased; compared table by table, in any order.
        return sorted((table, tuple(sorted((k, v.upper()) for k, v in row.items())))
                      for table in sent.provided for row in child.table(table))

    ids = {person.la_child_id} if person is not None else set(sent.by_id) | set(now.by_id)
    return sorted(child_id for child_id in ids if rows(sent, child_id) != rows(now, child_id))


def set_from_record(year: int, *, with_last_year: bool = True, built: export.Return903 | None = None) -> Set903:
    """The year's set as the rules read it (``built``: this year's return, if already built), with last
    year's (as DfE holds it), the authority's code and Ofsted's provider list."""
    last = last_year(year) if with_last_year else None
    built = built or export.build(year)
    return with_care_history(from_tables(built.tables, year, last=last, authority=authority_code(), providers=providers()))


def with_care_history(s: Set903) -> Set903:
    """What the record knows of the OC3 children's care before last year's return (rules 1001, 1002)."""
    s.care_before_last_year, s.care_leavers_by_history = export.care_history(
        [row["CHILD"] for row in s.rows("OC3")], CollectionYear(s.year - 1).start)
    s.as_at = today()
    return s


def validate_set(s: Set903) -> list:
    return mark_not_yet_due(validate(s, SSDA903, s.year), "903", s.year)


def validate_year(year: int) -> tuple[Set903, list]:
    s = set_from_record(year)
    return s, validate_set(s)


def findings_for_child(person, year: int) -> list:
    """A child's findings under the year's rules, from the child's own rows of this year's and last
    year's return (the child-level rules; a duplicate UPN across children is the bulk report's)."""
    if not person.la_child_id:
        return []
    this_year = export.build(year, only=[person.pk]).tables
    if not any(this_year.values()):
        return []
    last = last_year(year, only=[person.pk])
    urns = {row["URN"] for row in this_year.get("Episodes", []) if row.get("URN")}
    s = with_care_history(from_tables(this_year, year, last=last, authority=authority_code(), providers=providers(urns)))
    child = s.by_id.get(person.la_child_id)
    if child is None:
        return []
    return mark_not_yet_due(validate_child(child, s, [r for r in SSDA903.for_year(year) if r.scope == "child"]), "903", year)
