"""Background work for imports."""

from django_tasks import task

from opencsc.returns.tasks import retrying_when_locked

from .services import mark_failed, run_import


@task()
def import_files(run_id: int) -> None:
    try:
        retrying_when_locked(lambda: run_import(run_id))
    except Exception:
        mark_failed(run_id, "The import could not finish. Nothing was changed; try again, and tell your system "
                            "administrator if it happens again.")
        raise
