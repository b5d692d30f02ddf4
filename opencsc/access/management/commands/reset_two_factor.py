from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from opencsc.access import audit
from opencsc.access.models import TwoFactorDevice


class Command(BaseCommand):
    help = "Remove a worker's authenticator (a lost or replaced phone): they enrol a new one at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why (kept in the audit trail)")

    def handle(self, *args, username, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username}")
        removed, _ = TwoFactorDevice.objects.filter(user=user).delete()
        audit.append(user=None, person=None, action="2fa-reset", detail=f"authenticator of {username} removed", why=reason)
        self.stdout.write(f"{username} will enrol a new authenticator at their next sign-in" if removed
                          else f"{username} had no authenticator enrolled")
