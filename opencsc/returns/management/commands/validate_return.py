import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.plain_english import counted
from opencsc.returns.cin import census, reading
from opencsc.returns.cin.rules import CIN
from opencsc.returns.engine import tally, validate
from opencsc.returns.formats.years import CollectionYear, current_year
from opencsc.returns.spreadsheets import safe_cell
from opencsc.returns.year_end import mark_not_yet_due


class Command(BaseCommand):
    help = "Validate a return built from the record: one row per child and rule (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("return_name", choices=["cin", "903"])
        parser.add_argument("--year", type=int, help="the year the collection ends (2026 = 2025/26); by default the "
                                                     "year in progress by today's date (it changes on 1 April)")
        parser.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")

    def handle(self, *args, return_name, year, out, **options):
        if year is None:
            year = current_year()
            self.stderr.write(f"Collection year {CollectionYear(year).label}: the year in progress by today's date (give --year for another)")
        if not 2016 <= year <= 2100:
            raise CommandError("--year is the year a collection ends, for example 2026 for 2025/26")
        if return_name == "903":
            from opencsc.returns.ssda903.validation import validate_year

            built, findings = validate_year(year)
            children = len(built.children)
        else:
            xml, children = census.build(census.CollectionYear(year))
            findings = mark_not_yet_due(validate(reading.parse(xml, year), CIN, year), "cin", year)
        rows = sorted((f.as_row() for f in findings), key=lambda r: (r["child"], r["rule"]))
        stream = out.open("w", newline="") if out else sys.stdout
        try:
            writer = csv.DictWriter(stream, fieldnames=["child", "rule", "type", "table", "fields", "message", "where"])
            writer.writeheader()
            writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
        finally:
            if out:
                stream.close()
        errors, queries, no_change, waiting = tally(findings)
        self.stderr.write(f"{counted(children, 'child', 'children')}: {counted(errors, 'error')}, {counted(queries, 'query', 'queries')}"
                          + (f", {no_change} reported by DfE's validator that need no change (see 'where')" if no_change else "")
                          + (f", {waiting} not yet due until the year ends (see 'where')" if waiting else ""))
        if return_name == "903" and built.last is not None:
            self.stderr.write(f"Compared with last year's return {built.last.source}.")
