from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from opencsc.access import audit, two_factor
from opencsc.access.models import TwoFactorDevice


class Command(BaseCommand):
    help = ("Remove a worker's authenticator (a lost or replaced phone): they enrol a new one at their next sign-in. "
            "With --unlock, free two-factor locked after too many wrong codes, keeping the authenticator.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="why (kept in the audit trail)")
        parser.add_argument("--unlock", action="store_true", help="free a lock; keep the enrolled authenticator")

    def handle(self, *args, username, reason, unlock=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username}")
        if unlock:
            device = TwoFactorDevice.objects.filter(user=user).first()
            if device is None:
                raise CommandError(f"{username} has no authenticator enrolled")
            two_factor.unlock(device, by=None, reason=reason)
            self.stdout.write(f"Two-factor sign-in for {username} is freed (their authenticator is kept)")
            return
        removed, _ = TwoFactorDevice.objects.filter(user=user).delete()
        audit.append(user=None, person=None, action="2fa-reset", detail=f"authenticator of {username} removed", why=reason)
        self.stdout.write(f"{username} will enrol a new authenticator at their next sign-in" if removed
                          else f"{username} had no authenticator enrolled")
