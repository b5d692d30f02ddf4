from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the configured local authority."

    def handle(self, *args, **options):
        authority = settings.AUTHORITY
        self.stdout.write(f"name: {authority['name']}")
        self.stdout.write(f"la_number: {authority['la_number']}")
        self.stdout.write(f"ons_code: {authority['ons_code']}")
