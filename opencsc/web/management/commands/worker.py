"""The background worker: django-tasks' database queue (returns, imports) and, beside it, the audit sealer and
the read models' keeper."""

import threading
from datetime import time

from django_tasks_db.management.commands.db_worker import Command as QueueWorker

from opencsc.access.audit import keep_sealing
from opencsc.staff.stepping import keep_read_models_fresh


class Command(QueueWorker):
    help = ("Run the background work: the task queue (returns, imports; as db_worker), the audit sealer, which "
            "seals the audit entries written since it last ran every --seal-every seconds, and the read models' "
            "keeper, which every few seconds brings up to date what is stale (chronologies, each child's return findings) "
            "and rebuilds everything once a day at --rebuild-at.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--seal-every", type=float, default=2.0, help="seconds between audit seals (default 2)")
        parser.add_argument("--rebuild-at", type=time.fromisoformat, default=time(1, 0),
                            help="local time of the daily rebuild of every read model (default 01:00)")

    def handle(self, *args, **options):
        seal_every = options.pop("seal_every")
        rebuild_at = options.pop("rebuild_at")
        stop = threading.Event()
        helpers = [threading.Thread(target=keep_sealing, args=(stop, seal_every), name="audit-sealer", daemon=True),
                   threading.Thread(target=keep_read_models_fresh, args=(stop, 5.0, rebuild_at), name="read-models", daemon=True)]
        for helper in helpers:
            helper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            for helper in helpers:
                helper.join(10)
