"""Rebuild the read models the steps keep (decision 017) from the record itself."""

import time

from django.core.management.base import BaseCommand

from opencsc.casework import due_kept
from opencsc.recording.chronology import rebuild


class Command(BaseCommand):
    help = ("Rebuild every child's chronology rows and due work from the record (after a restore, a bulk correction "
            "made outside the steps, or to check that what is kept matches the record). --stale: only children whose "
            "rows are missing or were built by an older version of the builders (or, for due work, on another day).")

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="only children with no rows or rows of an older version")

    def handle(self, *args, stale=False, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done:,} of {total:,} children", ending="\r")

        count = rebuild(only_stale=stale, progress=progress)
        self.stdout.write(f"Rebuilt the chronology of {count:,} children in {time.monotonic() - started:.1f} s.")
        started = time.monotonic()
        count = due_kept.rebuild(only_stale=stale)
        self.stdout.write(f"Rebuilt the due work of {count:,} children in {time.monotonic() - started:.1f} s.")
