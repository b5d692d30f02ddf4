from django.core.management.base import BaseCommand, CommandError

from opencsc.access.audit import verify


class Command(BaseCommand):
    help = "Prove the audit chain is intact; name the first broken entry if not."

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"The audit trail has been tampered with: {result.problem}")
        self.stdout.write(f"The audit trail is intact: {result.entries} entries, each chained to the one before.")
