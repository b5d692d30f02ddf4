from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.access.actor import acting_as
from opencsc.exchange.cin_import import Refused, import_cin


class Command(BaseCommand):
    help = "Import a statutory return file from a legacy system (CIN census XML, 2015/16 onwards)."

    def add_arguments(self, parser):
        parser.add_argument("return_name", choices=["cin"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show the report without writing anything")
        parser.add_argument("--report", type=Path, help="where to write the row-by-row report (default: FILE.report.csv)")

    def handle(self, *args, return_name, file, dry_run, report, **options):
        if not file.is_file():
            raise CommandError(f"There is no file at {file}")
        report_path = report or file.with_name(file.name + ".report.csv")
        try:
            with acting_as(label=f"import_return {file.name}"):
                result = import_cin(file.read_bytes(), dry_run=dry_run)
        except Refused as refusal:
            report_path.write_text("problem\n" + "\n".join(f'"{p}"' for p in refusal.problems) + "\n")
            shown = "\n".join(f"  {p}" for p in refusal.problems[:20])
            more = f"\n  … {len(refusal.problems) - 20} more in {report_path}" if len(refusal.problems) > 20 else ""
            raise CommandError(f"{refusal.summary}\n{shown}{more}") from None
        report_path.write_text(result.csv())
        self.stdout.write(f"{result.summary()}. Report: {report_path}")
