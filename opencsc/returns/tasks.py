"""Background work for returns: build a return and keep its findings."""

from django_tasks import task

from .services import run_return


@task()
def build_return(run_id: int) -> None:
    run_return(run_id)
