from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opencsc.access.audit import verify


class Command(BaseCommand):
    help = "Prove the audit trail is intact (every sealed batch, the anchor, each waiting entry); name the first problem if not."

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"The audit trail has been tampered with: {result.problem}")
        waiting = ""
        if result.unsealed:
            age = (timezone.now() - result.oldest_unsealed).total_seconds() if result.oldest_unsealed else 0
            waiting = (f" {result.unsealed} entries are not yet sealed, the oldest written {age:.0f} s ago"
                       + (": is the background worker (manage.py worker) running?" if age > 60 else "."))
        self.stdout.write(f"The audit trail is intact: {result.entries} entries, {result.batches} sealed batches, "
                          f"each chained to the one before.{waiting}")
