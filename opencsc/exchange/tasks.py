"""Background work for imports."""

from django_tasks import task

from opencsc.returns.tasks import retrying_when_locked

# The module, not its names: services queues these tasks and the tasks call services back.
from . import services


@task()
def import_files(run_id: int) -> None:
    try:
        retrying_when_locked(lambda: services.run_import(run_id))
    except Exception:
        services.mark_failed(run_id, "The import could not finish. Nothing was changed; try again, and tell your system "
                            "administrator if it happens again.")
        raise
