"""The background worker: django-tasks' database queue (returns, imports) and, beside it, the audit sealer and
the read models' keeper."""

import threading

from django_tasks_db.management.commands.db_worker import Command as QueueWorker

from opencsc.access.audit import keep_sealing
from opencsc.recording.chronology import keep_fresh


class Command(QueueWorker):
    help = ("Run the background work: the task queue (returns, imports; as db_worker), the audit sealer, which "
            "seals the audit entries written since it last ran every --seal-every seconds, and the read models' "
            "keeper, which rebuilds stale chronologies on start and every chronology every --rebuild-every hours.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--seal-every", type=float, default=2.0, help="seconds between audit seals (default 2)")
        parser.add_argument("--rebuild-every", type=float, default=24.0,
                            help="hours between rebuilds of every child's chronology rows (default 24)")

    def handle(self, *args, **options):
        seal_every = options.pop("seal_every")
        rebuild_every = options.pop("rebuild_every") * 3600
        stop = threading.Event()
        helpers = [threading.Thread(target=keep_sealing, args=(stop, seal_every), name="audit-sealer", daemon=True),
                   threading.Thread(target=keep_fresh, args=(stop, rebuild_every), name="read-models", daemon=True)]
        for helper in helpers:
            helper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            for helper in helpers:
                helper.join(10)
