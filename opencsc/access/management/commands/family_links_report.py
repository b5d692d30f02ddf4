"""The information-governance officer's one-off report of what family links reached (``access.ig_report``):
two CSV files, or both printed."""

import csv
import sys
from dataclasses import astuple, fields
from pathlib import Path

from django.core.management.base import BaseCommand

from opencsc.access import audit, ig_report


class Command(BaseCommand):
    help = ("Links made by people who may not open the relative, and records opened as 'family of a child with an "
            "open contact' (second attack report): for the information-governance officer.")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="a directory for links_beyond_reach.csv and opened_on_family_ground.csv "
                                          "(default: print both)")

    def handle(self, *args, out=None, **options):
        tables: dict[str, list] = {"links_beyond_reach": ig_report.links_beyond_reach(),
                                   "opened_on_family_ground": ig_report.opened_on_family_ground()}
        kinds = {"links_beyond_reach": ig_report.LinkBeyondReach, "opened_on_family_ground": ig_report.OpenedOnFamilyGround}
        for name, rows in tables.items():
            target = open(Path(out) / f"{name}.csv", "w", newline="") if out else sys.stdout  # noqa: SIM115
            if not out:
                target.write(f"# {name}: {len(rows)} row(s)\n")
            writer = csv.writer(target)
            writer.writerow([f.name for f in fields(kinds[name])])
            writer.writerows(astuple(row) for row in rows)
            if out:
                target.close()
        audit.append(user=None, person=None, action="export", detail="family links report (information governance)")
        self.stderr.write(f"{len(tables['links_beyond_reach'])} link(s) beyond reach; "
                          f"{len(tables['opened_on_family_ground'])} record(s) opened on the family ground")
