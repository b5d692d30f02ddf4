"""Background work for returns: build a return and keep its findings.

A task that meets a locked database (SQLite's one writer, during a long import) waits and tries
again rather than failing, so the worker carries on with the queue.
"""

import time

from django.db import OperationalError, close_old_connections
from django_tasks import task

# The module, not its names: services queues these tasks and the tasks call services back.
from . import services

LOCKED_TRIES = 5


def retrying_when_locked(work, pause: float = 5.0, tries: int = LOCKED_TRIES):
    """Run ``work``; if the database is locked, wait (longer each time) and run it again."""
    for attempt in range(1, tries + 1):
        try:
            return work()
        except OperationalError as error:
            if "locked" not in str(error).lower() or attempt == tries:
                raise
            close_old_connections()
            time.sleep(pause * attempt)


@task()
def build_return(run_id: int) -> None:
    retrying_when_locked(lambda: services.run_return(run_id))
