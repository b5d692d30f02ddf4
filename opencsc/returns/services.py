"""Writes for returns: request a run, carry it out (with progress), keep its findings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.casework.models import Allocation
from opencsc.codes.lists import AllocationKind
from opencsc.people.models import Person

from . import child_findings, tasks  # tasks: the module, as tasks call services back
from .annex_a import build as build_annex_a
from .cin import census, reading
from .cin.rules import CIN
from .engine import tally, validate
from .formats.years import CollectionYear
from .models import OfstedProvider, OfstedProviderList, QueryReason, ReturnRun, RunFinding
from .ssda903.export import build as build_903
from .ssda903.rules import SSDA903
from .ssda903.validation import changed_since_sent, set_from_record, validate_set
from .stored import current_provider_list
from .year_end import mark_not_yet_due

FIRST_YEAR, LAST_YEAR = 2016, 2100


@transaction.atomic
def request_run(*, return_name: str, year: int, user) -> ReturnRun:
    """Queue a run; the worker builds it. The page follows its progress."""

    run = ReturnRun.objects.create(return_name=return_name, year=year, requested_by=user, stage="Waiting for the worker")
    transaction.on_commit(lambda: tasks.build_return.enqueue(run.pk))
    return run


def _progress(run, percent, stage):
    run.progress, run.stage = percent, stage
    run.save(update_fields=["progress", "stage"])


def run_return(run_id: int) -> ReturnRun:
    run = ReturnRun.objects.get(pk=run_id)
    run.status = ReturnRun.Status.RUNNING
    _progress(run, 5, "Reading the record")
    if run.return_name in ("903", "annexa"):
        return _run_other(run)
    try:
        xml, children = census.build(census.CollectionYear(run.year))
        run.children = children
        _progress(run, 50, "Checking the file against the schema")
        problems = census.schema_problems(xml, run.year)
        _progress(run, 70, "Running the DfE validation rules")
        findings = mark_not_yet_due(validate(reading.parse(xml, run.year), CIN, run.year), "cin", run.year)
        _progress(run, 90, "Saving the findings")
        keep_findings(run, findings)
    except Exception as error:  # the run is marked failed; the person sees a plain message
        run.status = ReturnRun.Status.FAILED
        run.message = f"The run could not finish ({type(error).__name__}). Nothing has been lost; try again, and tell " \
                      f"your system administrator if it happens again."
        run.finished_at = timezone.now()
        run.save()
        raise
    run.schema_problems = [str(p) for p in problems[:200]]
    run.errors, run.queries, _, _ = tally(findings)
    run.content = xml if not problems else None
    run.status = ReturnRun.Status.DONE if not problems else ReturnRun.Status.REFUSED
    run.progress, run.stage, run.finished_at = 100, "Finished", timezone.now()
    run.save()
    return run


def keep_findings(run, findings):
    ids = {f.la_child_id for f in findings if f.la_child_id}
    people = dict(Person.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    teams = dict(Allocation.objects.filter(child_id__in=people.values(), kind=AllocationKind.SOCIAL_WORKER, end_date__isnull=True)
                 .values_list("child_id", "team_id"))
    RunFinding.objects.filter(run=run).delete()
    RunFinding.objects.bulk_create([
        RunFinding(run=run, code=f.code, is_query=f.rule.is_query, la_child_id=f.la_child_id or "",
                   child_id=people.get(f.la_child_id), team_id=teams.get(people.get(f.la_child_id)),
                   message=f.rule.message[:500], where=f.shown_where[:300],
                   no_change_needed=bool(f.no_change_needed), not_yet_due=bool(f.not_yet_due))
        for f in findings
    ], batch_size=1000)


class CannotMarkSubmitted(Exception):
    """Why a run cannot be marked as sent to DfE (said to the analyst as it is)."""


@transaction.atomic
def mark_submitted(run_id: int, *, user) -> ReturnRun:
    """Record that this run's file was sent to DfE. The latest run so marked for a year is the one the
    next year's comparisons read (DfE compares with what it was sent). Marking twice changes nothing."""
    run = ReturnRun.objects.select_for_update().get(pk=run_id)
    if run.submitted_at is not None:
        return run
    if not run.can_be_submitted:
        raise CannotMarkSubmitted(
            "Ofsted's Annex A is not a DfE return." if run.return_name == "annexa" else
            "Only a finished run with a file can be marked as sent to DfE: this one has no file to send. "
            "Build the return again, and mark the new run once you have sent its file.")
    run.submitted_at, run.submitted_by = timezone.now(), user
    run.save(update_fields=["submitted_at", "submitted_by"])
    child_findings.mark_all_changed()  # next year's comparisons now read this file
    return run


def _ssda903_checks(year, ofsted, no_change, last_year, changed=(), waiting=0) -> str:
    """What an SSDA903 run was checked with, for the analyst reading its page."""

    said = [f"Checked with the {len(SSDA903.for_year(year))} DfE SSDA903 rules OpenCSC runs for the year, with last year's return "
            f"{last_year}."]
    if ofsted is None:
        said.append("The Ofsted URN checks (219, 221, 224, 227, 228, 229, 1008) did not run: no Ofsted provider list has "
                    "been loaded. Load Ofsted's latest lists on the import page and build again.")
    else:
        loaded = current_provider_list()
        said.append(f"The Ofsted URN checks ran against the provider list loaded on {loaded.loaded_at:%d %B %Y} "
                    f"({loaded.providers} providers).")
    if changed:
        label = f"{year - 2}/{str(year - 1)[2:]}"
        shown = ", ".join(changed[:10]) + (f" and {len(changed) - 10} more" if len(changed) > 10 else "")
        said.append(f"{len(changed)} {'child' if len(changed) == 1 else 'children'}'s {label} rows in the record differ "
                    f"from the file sent to DfE ({shown}): DfE compares with what it was sent, so if these are "
                    f"corrections, send DfE an amended {label} return and mark its run as sent.")
    if no_change:
        said.append(f"{no_change} finding{'s' if no_change != 1 else ''} need{'s' if no_change == 1 else ''} no change: "
                    "DfE's validator reports social worker history from before care, which the return must include "
                    "(decision 007); explain them in the return's notes.")
    if waiting:
        said.append(f"{waiting} finding{'s' if waiting != 1 else ''} {'are' if waiting != 1 else 'is'} not yet due: the "
                    f"{CollectionYear(year).label} year is still in progress, and what {'they ask' if waiting != 1 else 'it asks'} about "
                    "(the SDQ of children looked after for a year, the social worker history of children looked after on 31 "
                    "March) is settled only at its end. They count as errors or queries once the year has ended.")
    return " ".join(said)


def _run_other(run) -> ReturnRun:
    """SSDA903 (the CSV set and XML, zipped, checked against the DfE rules with last year's return) and
    Annex A (the workbook, which has no DfE rules)."""
    import io
    import zipfile

    try:
        if run.return_name == "903":

            result = build_903(run.year)
            if result.stops:
                run.schema_problems = result.stops[:200]
                run.status, run.finished_at, run.progress, run.stage = ReturnRun.Status.REFUSED, timezone.now(), 100, "Finished"
                run.message = (f"{len(result.stops)} value{'s' if len(result.stops) != 1 else ''} would run as a formula in a "
                               "spreadsheet; the file is not written until they are corrected in the record.")
                run.save()
                return run
            _progress(run, 40, "Reading last year's return, then running the DfE validation rules")
            checked = set_from_record(run.year, built=result)
            findings = validate_set(checked)
            keep_findings(run, findings)
            run.errors, run.queries, no_change, waiting = tally(findings)
            run.message = _ssda903_checks(run.year, checked.providers, no_change, checked.last.source if checked.last else "",
                                          changed_since_sent(run.year), waiting)
            _progress(run, 70, "Writing the CSV set and the XML form")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, text in result.csv_files().items():
                    archive.writestr(name, text)
                archive.writestr(f"ssda903_{run.year}.xml", result.xml())
            run.content, run.children = out.getvalue(), len(result.rows("Header"))
        else:
            annex = build_annex_a(run.annex_a_date)
            _progress(run, 70, "Writing the workbook")
            run.content, run.children = annex.workbook(), len({row[0] for rows in annex.sheets.values() for row in rows})
    except Exception as error:
        run.status, run.finished_at = ReturnRun.Status.FAILED, timezone.now()
        run.message = f"The run could not finish ({type(error).__name__}). Nothing has been lost; try again."
        run.save()
        raise
    run.status, run.progress, run.stage, run.finished_at = ReturnRun.Status.DONE, 100, "Finished", timezone.now()
    run.save()
    return run


@transaction.atomic
def load_provider_lists(lists, *, user=None):
    """Keep Ofsted's provider lists (``exchange.ofsted_providers.ProviderLists``) as the current list."""

    loaded = OfstedProviderList.objects.create(loaded_by=user, files=", ".join(lists.files)[:500], providers=len(lists.providers))
    child_findings.mark_all_changed()  # the SSDA903 checks of placements read the providers
    OfstedProvider.objects.bulk_create([
        OfstedProvider(provider_list=loaded, urn=p.urn[:20], la_name=p.la_name[:100], place_codes=p.place_codes[:100],
                       provider_codes=p.provider_codes[:100], reg_end=p.reg_end, postcode=p.postcode[:10], source=p.source)
        for p in lists.providers], batch_size=2000)
    # Only the latest list is used; older loads are kept as the record of what was loaded, without entries.
    OfstedProvider.objects.filter(provider_list__loaded_at__lte=loaded.loaded_at).exclude(provider_list=loaded).delete()
    return loaded


QUERY_RULES = {"cin": CIN, "903": SSDA903}


@transaction.atomic
def give_query_reason(child: Person, *, return_name: str, year: int, code: str, reason: str, by=None) -> QueryReason:
    """Record why a query stands for this child (kept with who and when; an earlier reason stays in the
    history). Only a query of that return's rules for that year takes a reason: an error must be fixed."""
    rules = QUERY_RULES.get(return_name)
    rule = next((r for r in rules.for_year(year) if r.code == code), None) if rules else None
    if rule is None or not rule.is_query:
        raise ValidationError({"reason": f"{code} is not a query of that return in {year - 1}/{str(year)[2:]}: "
                                         "an error is fixed in the record, not explained"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the query is right as recorded"})
    return QueryReason.objects.create(child=child, return_name=return_name, year=year, code=code, reason=reason.strip(),
                                      given_by=by)


def latest_query_reasons(child_ids, return_name: str | None = None, year: int | None = None) -> dict:
    """{(child id, return, year, code): the latest reason} in one query."""
    reasons = QueryReason.objects.filter(child_id__in=child_ids).select_related("given_by", "child")
    if return_name:
        reasons = reasons.filter(return_name=return_name)
    if year:
        reasons = reasons.filter(year=year)
    latest: dict = {}
    for r in reasons.order_by("given_at", "pk"):
        latest[(r.child_id, r.return_name, r.year, r.code)] = r
    return latest
