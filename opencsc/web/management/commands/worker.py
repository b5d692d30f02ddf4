"""The background worker: django-tasks' database queue (returns, imports) and, beside it, the audit sealer."""

import threading

from django_tasks_db.management.commands.db_worker import Command as QueueWorker

from opencsc.access.audit import keep_sealing


class Command(QueueWorker):
    help = ("Run the background work: the task queue (returns, imports; as db_worker) and the audit sealer, which "
            "seals the audit entries written since it last ran every --seal-every seconds.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--seal-every", type=float, default=2.0, help="seconds between audit seals (default 2)")

    def handle(self, *args, **options):
        seal_every = options.pop("seal_every")
        stop = threading.Event()
        sealer = threading.Thread(target=keep_sealing, args=(stop, seal_every), name="audit-sealer", daemon=True)
        sealer.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            sealer.join(10)
