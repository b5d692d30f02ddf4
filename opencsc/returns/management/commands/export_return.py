from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.returns.cin import census


class Command(BaseCommand):
    help = "Export a statutory return built from the record (checked against its schema first)."

    def add_arguments(self, parser):
        parser.add_argument("return_name", choices=["cin"], help="cin: the Children in Need census")
        parser.add_argument("--year", type=int, required=True,
                            help="the year the collection ends (2026 = 1 April 2025 to 31 March 2026)")
        parser.add_argument("--out", type=Path, required=True, help="file to write")

    def handle(self, *args, return_name, year, out, **options):
        if not 2016 <= year <= 2100:
            raise CommandError("--year is the year a collection ends, for example 2026 for 2025/26")
        result = census.export(year)
        if not result.ok:
            shown = "\n".join(f"  {problem}" for problem in result.problems[:20])
            more = f"\n  … and {len(result.problems) - 20} more" if len(result.problems) > 20 else ""
            raise CommandError(f"The {result.year.label} CIN census does not pass its schema, so it was not written:\n"
                               f"{shown}{more}")
        out.write_bytes(result.xml)
        self.stdout.write(f"Wrote the {result.year.label} CIN census: {result.children} children, {out}")
