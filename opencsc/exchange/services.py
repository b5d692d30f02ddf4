"""Imports as background work: queue the files, run them with progress, keep the report.

A 9 MB file no longer holds a web request (or its write lock) for half a minute: the page queues
the import and follows its progress, like a return. What an import may change is unchanged: a
file that cannot be stored is refused whole, with the reasons, and nothing is written.
"""

from __future__ import annotations

from django.db import OperationalError, transaction
from django.utils import timezone

from opencsc.access import audit

from .cin_import import Refused
from .models import ImportFile, ImportRun


def request_import(*, kind: str, files: list[tuple[str, bytes]], dry_run: bool, user) -> ImportRun:
    from .tasks import import_files

    run = ImportRun.objects.create(kind=kind, dry_run=dry_run, requested_by=user, stage="Waiting for the worker")
    ImportFile.objects.bulk_create([ImportFile(run=run, name=name[:255], content=data) for name, data in files])
    transaction.on_commit(lambda: import_files.enqueue(run.pk))
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
    from opencsc.returns.services import load_provider_lists

    from .cin_import import import_cin
    from .ofsted_providers import read_provider_lists
    from .ssda903_import import import_903

    run = ImportRun.objects.get(pk=run_id)
    if run.is_finished:
        return run  # a task delivered twice changes nothing
    run.status = ImportRun.Status.RUNNING
    _progress(run, 10, "Reading the file")
    files = [(f.name, bytes(f.content)) for f in run.files.all()]
    try:
        if run.kind == "ofsted":
            report = read_provider_lists(files)
            report.dry_run = run.dry_run
            _progress(run, 60, "Keeping the provider lists")
            if not run.dry_run:
                load_provider_lists(report, user=run.requested_by)
        elif run.kind == "903":
            _progress(run, 30, "Checking the set, then storing it child by child")
            report = import_903(files, dry_run=run.dry_run)
        elif len(files) > 1:
            raise Refused("A CIN census is one XML file: choose just that file.")
        else:
            _progress(run, 30, "Checking the file, then storing it child by child")
            report = import_cin(files[0][1], dry_run=run.dry_run)
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
    run.progress, run.stage, run.finished_at = 100, "Finished", timezone.now()
    run.save()
    audit.append(user=run.requested_by, person=None, action="import",
                 detail=f"{run.label} {run.file_names}: {run.summary}"[:300])
    return run
