"""Imports as background work: queue the files, run them with progress, keep the report.

A 9 MB file no longer holds a web request (or its write lock) for half a minute: the page queues
the import and follows its progress, like a return. A file that cannot be stored is refused whole,
with the reasons, and nothing is written.

An import never decides for the team that holds a child: the children a team holds, and each
restricted record, are set apart (``ImportPart``) and written only when that team's manager (or
the restricted record's named people) approves, each part in one transaction; the manager is told
what it changed. Children nobody holds (and every child of a file into an empty authority) are
written at once.
"""

from __future__ import annotations

from django.db import OperationalError, transaction
from django.utils import timezone

from opencsc.access import audit
from opencsc.access.models import RecordRestriction
from opencsc.casework.selectors import held_children
from opencsc.people.models import Person
from opencsc.returns.formats.safe_xml import Refused
from opencsc.returns.services import load_provider_lists
from opencsc.staff.models import Notification, Professional

from . import tasks  # the module: tasks call services back
from .cin_import import ImportReport, children_in_cin, import_cin
from .models import ImportFile, ImportPart, ImportRun
from .ofsted_providers import ProviderLists, read_provider_lists
from .ssda903_import import children_in_903, import_903


@transaction.atomic
def request_import(*, kind: str, files: list[tuple[str, bytes]], dry_run: bool, user, year: int | None = None) -> ImportRun:

    run = ImportRun.objects.create(kind=kind, dry_run=dry_run, year=year, requested_by=user, stage="Waiting for the worker")
    ImportFile.objects.bulk_create([ImportFile(run=run, name=name[:255], content=data) for name, data in files])
    transaction.on_commit(lambda: tasks.import_files.enqueue(run.pk))
    return run


def _progress(run, percent, stage):
    run.progress, run.stage = percent, stage
    run.save(update_fields=["progress", "stage", "status"])


def _rows(report) -> list[dict]:
    return [{"child": r["child"] if isinstance(r, dict) else r.child, "action": r["action"] if isinstance(r, dict) else r.action,
             "detail": r["detail"] if isinstance(r, dict) else r.detail,
             "findings": r["findings"] if isinstance(r, dict) else r.findings} for r in report.rows]


def mark_failed(run_id: int, why: str) -> None:
    ImportRun.objects.filter(pk=run_id).exclude(status__in=[ImportRun.Status.DONE, ImportRun.Status.REFUSED]).update(
        status=ImportRun.Status.FAILED, finished_at=timezone.now(), summary=why)


def run_import(run_id: int) -> ImportRun:


    run = ImportRun.objects.get(pk=run_id)
    if run.is_finished:
        return run  # a task delivered twice changes nothing
    run.status = ImportRun.Status.RUNNING
    _progress(run, 10, "Reading the file")
    files = [(f.name, bytes(f.content)) for f in run.files.all()]
    report: ProviderLists | ImportReport
    try:
        if run.kind == "ofsted":
            report = read_provider_lists(files)
            report.dry_run = run.dry_run
            _progress(run, 60, "Keeping the provider lists")
            if not run.dry_run:
                load_provider_lists(report, user=run.requested_by)
        elif run.kind == "903":
            _progress(run, 30, "Checking the set, then storing it child by child")
            free = None if run.dry_run else _set_apart(run, children_in_903(files))
            report = import_903(files, year=run.year, dry_run=run.dry_run, only=free)
        elif len(files) > 1:
            raise Refused("A CIN census is one XML file: choose just that file.")
        else:
            _progress(run, 30, "Checking the file, then storing it child by child")
            free = None if run.dry_run else _set_apart(run, children_in_cin(files[0][1]))
            report = import_cin(files[0][1], dry_run=run.dry_run, only=free)
    except Refused as refused:
        run.status, run.summary, run.problems = ImportRun.Status.REFUSED, refused.summary, list(refused.problems)
    except OperationalError as error:
        if "locked" in str(error).lower():  # the task tries again (tasks.retrying_when_locked)
            run.status = ImportRun.Status.QUEUED
            _progress(run, 0, "Waiting for the database (another write is in progress)")
        raise
    except Exception as error:  # the person sees a plain message; the import wrote nothing (one transaction)
        run.status = ImportRun.Status.FAILED
        run.summary = (f"The import could not finish ({type(error).__name__}). Nothing was changed; try again, and tell "
                       "your system administrator if it happens again.")
        run.finished_at = timezone.now()
        run.save()
        raise
    else:
        run.status, run.summary, run.rows = ImportRun.Status.DONE, report.summary(), _rows(report)
        waiting = list(run.parts.all())
        if waiting:
            held = sum(len(p.children) for p in waiting)
            one = held == 1
            run.summary += (f". {held} {'child' if one else 'children'} held by a team (or restricted) "
                            f"{'was' if one else 'were'} not written: {'it waits' if one else 'they wait'} for approval by "
                            f"{', '.join(p.holder for p in waiting)}")
    run.progress, run.stage, run.finished_at = 100, "Finished", timezone.now()
    run.save()
    audit.append(user=run.requested_by, person=None, action="import",
                 detail=f"{run.label} {run.file_names}: {run.summary}"[:300])
    return run


# ---- children a team holds wait for its approval ---------------------------------------------------------


def _holders(ids: list[str]) -> tuple[set[str], dict[tuple, list[str]]]:
    """The file's children nobody holds, and the others grouped by who must approve them."""

    existing = dict(Person.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    restricted = set(RecordRestriction.objects.filter(person_id__in=existing.values()).values_list("person_id", flat=True))
    teams = dict(held_children(timezone.localdate()).filter(child_id__in=existing.values()).exclude(team=None)
                 .values_list("child_id", "team_id"))
    free: set[str] = set()
    parts: dict[tuple, list[str]] = {}
    for la_id in ids:
        pk = existing.get(la_id)
        if pk in restricted:
            parts.setdefault(("restricted", pk), []).append(la_id)
        elif pk in teams:
            parts.setdefault(("team", teams[pk]), []).append(la_id)
        else:
            free.add(la_id)
    return free, parts


def _set_apart(run: ImportRun, ids: list[str]) -> set[str]:
    """Keep the held children's parts for approval (telling their approvers); return the rest."""
    free, parts = _holders(ids)
    for (kind, key), children in parts.items():
        part = ImportPart.objects.create(run=run, children=sorted(children), team_id=key if kind == "team" else None,
                                         restricted_person_id=key if kind == "restricted" else None)
        _tell(approvers(part), f"An import of {run.label} ({run.file_names}) would change {len(children)} child"
                               f"{'ren' if len(children) != 1 else ''} your team holds: check and approve it", part)
    return free


def set_apart_for_approval(kind: str, files: list[tuple[str, bytes]], ids: list[str], user=None) -> tuple[ImportRun, set[str]]:
    """For an import not queued from the page (the command): keep the file as a run, set apart the
    held children's parts as the page does, and return the children that may be written now."""
    run = ImportRun.objects.create(kind=kind, requested_by=user, status=ImportRun.Status.DONE, progress=100,
                                   stage="Imported by command", finished_at=timezone.now())
    ImportFile.objects.bulk_create([ImportFile(run=run, name=name[:255], content=data) for name, data in files])
    return run, _set_apart(run, ids)


def approvers(part) -> list:
    """Who may approve this part: the holding team's managers, or the restricted record's named people."""
    from django.db.models import Q


    if part.restricted_person_id:
        restriction = RecordRestriction.objects.filter(person_id=part.restricted_person_id).first()
        return list(Professional.objects.filter(user__in=restriction.named.all())) if restriction else []
    return list(Professional.objects.filter(role__manages_team=True).exclude(user=None).filter(
        Q(team_id=part.team_id) | Q(teams_managed=part.team_id)).distinct())


def _tell(people, text: str, part) -> None:

    Notification.objects.bulk_create([Notification(recipient=p, kind=Notification.Kind.IMPORT_PART, text=text[:300], link=f"/returns/imports/parts/{part.pk}/")
                                      for p in people])


def _write_part(part, *, dry_run: bool):

    files = [(f.name, bytes(f.content)) for f in part.run.files.all()]
    if part.run.kind == "903":
        return import_903(files, dry_run=dry_run, only=set(part.children))
    return import_cin(files[0][1], dry_run=dry_run, only=set(part.children))


def preview_part(part) -> list[dict]:
    """What approving would change (a dry run of just these children)."""
    if not part.run.files.exists():
        return []
    try:
        return _rows(_write_part(part, dry_run=True))
    except Refused as refused:  # the file was checked when queued; say so rather than fail if it cannot be read now
        return [{"child": ", ".join(part.children), "action": "cannot be read", "detail": refused.summary, "findings": ""}]


def _check_approver(part, user) -> None:
    if not any(p.user_id == user.pk for p in approvers(part)):
        raise PermissionError("Only the holding team's manager, or the people named on a restricted record, decide on it.")


def _decide(part, by, status, record):
    """Lock the part, check it still waits and that ``by`` may decide, apply ``record``, audit and tell."""

    _check_approver(part, by)
    with transaction.atomic():
        part = ImportPart.objects.select_for_update().select_related("run").get(pk=part.pk)
        if part.status != ImportPart.Status.WAITING:
            raise ValueError(f"This part has already been decided: {part.get_status_display().lower()}")
        told = record(part)
        part.status, part.decided_by, part.decided_at = status, by, timezone.now()
        part.save()
        audit.append(user=by, person=None, action="import",
                     detail=f"{part.get_status_display()}: the part of import {part.run.pk} for {part.holder}"[:300])
        analyst = Professional.objects.filter(user=part.run.requested_by).first()
        approver = getattr(by, "professional", None) if status == ImportPart.Status.APPROVED else None
        _tell([p for p in (analyst, approver) if p], told, part)
    return part


def approve_part(part, *, by) -> ImportPart:
    """Write this part of the file (one transaction), and tell the approver and the analyst what changed."""
    def write(part):
        part.rows = _rows(_write_part(part, dry_run=False))
        changed = sum(1 for r in part.rows if r["action"] != "unchanged")
        return f"Import {part.run.pk} approved for {part.holder}: {changed} of {len(part.rows)} children changed"

    return _decide(part, by, ImportPart.Status.APPROVED, write)


def reject_part(part, *, by) -> ImportPart:
    """Nothing is written for these children; the analyst is told."""
    return _decide(part, by, ImportPart.Status.REJECTED,
                   lambda part: f"Import {part.run.pk}: {part.holder} did not approve their children's part")
