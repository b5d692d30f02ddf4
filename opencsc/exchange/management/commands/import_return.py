from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencsc.access.actor import acting_as
from opencsc.exchange.cin_import import children_in_cin, import_cin
from opencsc.exchange.ofsted_providers import read_provider_lists
from opencsc.exchange.services import set_apart_for_approval
from opencsc.exchange.ssda903_import import children_in_903, import_903
from opencsc.returns.formats.safe_xml import Refused


def _files(paths: list[Path]) -> list[Path]:
    """Each path as given; a directory stands for the CSV and XML files in it."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xml", ".xlsx"))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"There is no file or directory at {path}")
    if not found:
        raise CommandError("No CSV, XML or XLSX files were found to import")
    return found


class Command(BaseCommand):
    help = ("Import a statutory return from a legacy system: a CIN census XML file, or an SSDA903 CSV set "
            "(tables recognised by their columns) or XML file; any year from 2015/16. 'ofsted' loads Ofsted's "
            "provider lists (Children's Homes and Social Care Providers .xlsx, or one combined list), which the "
            "SSDA903 URN rules check placements against.")

    def add_arguments(self, parser):
        parser.add_argument("return_name", choices=["cin", "903", "ofsted"])
        parser.add_argument("files", type=Path, nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument("--year", type=int, help="903: the year the collection ends, if the dates cannot tell it")
        parser.add_argument("--dry-run", action="store_true", help="show the report without writing anything")
        parser.add_argument("--report", type=Path, help="where to write the row-by-row report (default: beside the first file)")

    def handle(self, *args, return_name, files, dry_run, report, year=None, **options):
        paths = _files(files)
        if return_name == "ofsted":
            return self._providers(paths, dry_run)
        first = paths[0]
        report_path = report or (first.parent if len(paths) > 1 else first).with_name(
            (first.parent.name if len(paths) > 1 else first.name) + ".report.csv")
        if return_name == "cin" and len(paths) > 1:
            raise CommandError("A CIN census is one XML file; import one file at a time.")
        label = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        loaded = [(p.name, p.read_bytes()) for p in paths]
        waiting = []
        try:
            with acting_as(label=f"import_return {label}"):
                # As from the page: children a team holds (or restricted) wait for their managers' approval.
                free = None
                if not dry_run:
                    ids = children_in_cin(loaded[0][1]) if return_name == "cin" else children_in_903(loaded)
                    run, free = set_apart_for_approval(return_name, loaded, ids)
                    waiting = list(run.parts.all())
                if return_name == "cin":
                    result = import_cin(loaded[0][1], dry_run=dry_run, only=free)
                else:
                    result = import_903(loaded, year=year, dry_run=dry_run, only=free)
        except Refused as refusal:
            report_path.write_text("problem\n" + "\n".join(f'"{p}"' for p in refusal.problems) + "\n")
            shown = "\n".join(f"  {p}" for p in refusal.problems[:20])
            more = f"\n  … {len(refusal.problems) - 20} more in {report_path}" if len(refusal.problems) > 20 else ""
            raise CommandError(f"{refusal.summary}\n{shown}{more}") from None
        report_path.write_text(result.csv())
        self.stdout.write(f"{result.summary()}. Report: {report_path}")
        for part in waiting:
            self.stdout.write(f"Not written until approved: {len(part.children)} children held by {part.holder} "
                              f"(they are told; /returns/imports/parts/{part.pk}/)")

    def _providers(self, paths, dry_run):
        from opencsc.returns.services import load_provider_lists

        try:
            lists = read_provider_lists([(p.name, p.read_bytes()) for p in paths])
        except Refused as refusal:
            shown = "\n".join(f"  {p}" for p in refusal.problems[:20])
            raise CommandError(f"{refusal.summary}\n{shown}") from None
        if not dry_run:
            with acting_as(label="import_return ofsted"):
                load_provider_lists(lists)
        self.stdout.write(("Checked (nothing changed): " if dry_run else "Loaded: ") + lists.summary())
