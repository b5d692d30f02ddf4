from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.returns.cin import census
from opencsc.returns.formats.years import CollectionYear, current_year


class Command(BaseCommand):
    help = "Export a statutory return built from the record (checked against its schema first)."

    def add_arguments(self, parser):
        parser.add_argument("return_name", choices=["cin", "903", "annexa"],
                            help="cin: the Children in Need census; 903: the SSDA903 looked-after children return; "
                                 "annexa: Ofsted's Annex A lists")
        parser.add_argument("--date", type=date.fromisoformat, help="annexa: the reference date (YYYY-MM-DD)")
        parser.add_argument("--year", type=int,
                            help="the year the collection ends (2026 = 1 April 2025 to 31 March 2026); by default the "
                                 "year in progress by today's date (it changes on 1 April)")
        parser.add_argument("--out", type=Path, help="file to write (cin) or directory for the CSV set (903)")
        parser.add_argument("--xml", type=Path, help="903: also write the XML form to this file")

    def handle(self, *args, return_name, year, out, xml=None, date=None, **options):
        if return_name == "annexa":
            from opencsc.returns.annex_a import build as build_annex_a

            if date is None or out is None:
                raise CommandError("Annex A needs --date YYYY-MM-DD and --out FILE.xlsx")
            annex = build_annex_a(date)
            out.write_bytes(annex.workbook())
            counts = ", ".join(f"{name}: {len(rows)}" for name, rows in annex.sheets.items())
            self.stdout.write(f"Wrote Annex A for {date:%d/%m/%Y} to {out} ({counts})")
            return
        if year is None:
            year = current_year()
            self.stderr.write(f"Collection year {CollectionYear(year).label}: the year in progress by today's date (give --year for another)")
        if not 2016 <= year <= 2100:
            raise CommandError("--year is the year a collection ends, for example 2026 for 2025/26")
        if out is None and xml is None:
            raise CommandError("Say where to write the return: --out (and, for 903, --xml)")
        if return_name == "903":
            from opencsc.returns.ssda903.export import build

            ssda903 = build(year)
            if ssda903.stops:
                raise CommandError("The SSDA903 set was not written:\n" + "\n".join(f"  {stop}" for stop in ssda903.stops[:20]))
            if out:
                written = ssda903.write_csv(out)
                self.stdout.write(f"Wrote the {ssda903.year.label} SSDA903 CSV set: {len(ssda903.rows('Header'))} children, "
                                  f"{len(ssda903.rows('Episodes'))} episodes, {len(written)} files in {out}")
            if xml:
                xml.write_bytes(ssda903.xml())
                self.stdout.write(f"Wrote the {ssda903.year.label} SSDA903 XML form: {xml}")
            return
        result = census.export(year)
        if not result.ok:
            shown = "\n".join(f"  {problem}" for problem in result.problems[:20])
            more = f"\n  … and {len(result.problems) - 20} more" if len(result.problems) > 20 else ""
            raise CommandError(f"The {result.year.label} CIN census does not pass its schema, so it was not written:\n"
                               f"{shown}{more}")
        out.write_bytes(result.xml)
        self.stdout.write(f"Wrote the {result.year.label} CIN census: {result.children} children, {out}")
