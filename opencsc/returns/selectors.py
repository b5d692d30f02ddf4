"""Reads that pages share: a child's findings under the statutory returns' rules."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from opencsc.proceedings.models import PreProceedings
from opencsc.returns.formats.years import CollectionYear, current_year

from .cin import census, reading
from .cin.rules import CIN
from .engine import validate_child
from .models import ReturnRun, RunFinding
from .ssda903.validation import changed_since_sent, findings_for_child
from .stored import submitted_run
from .year_end import mark_not_yet_due

# Where in the record each CIN table's facts are recorded (the chronology filter that shows them).
RECORD_PLACES = {
    "ChildIdentifiers": ("the child's details", ""),
    "ChildCharacteristics": ("the child's details", ""),
    "Disabilities": ("the child's details", ""),
    "CINdetails": ("referrals and closures", "referral"),
    "Assessments": ("assessments", "assessment"),
    "CINplanDates": ("child in need plans", "cin"),
    "Section47": ("child protection", "protection"),
    "ChildProtectionPlans": ("child protection", "protection"),
    "Reviews": ("child protection", "protection"),
    "PreProceedingsandFGDM": ("pre-proceedings", "court"),
}


ASK_THE_ANALYST = "ask the analyst"

# The form that fixes a finding, by return and table (and, where one table's fields are fixed in
# different places, by field). ASK_THE_ANALYST: no form corrects it yet; the data team corrects it
# and the panel says so. tests/returns/test_data_to_fix_links.py walks every rule of both returns.
FIX_FORMS = {
    ("cin", "ChildIdentifiers"): "people:child-details", ("cin", "ChildCharacteristics"): "people:child-details",
    ("cin", "Disabilities"): "people:child-details", ("cin", "Header"): ASK_THE_ANALYST,
    ("cin", "CINdetails"): ASK_THE_ANALYST, ("cin", "Assessments"): "casework:journey-assessment", ("cin", "CINplanDates"): ASK_THE_ANALYST,
    ("cin", "Section47"): "casework:journey-s47-outcome", ("cin", "ChildProtectionPlans"): "casework:journey-conference",
    ("cin", "Reviews"): "casework:journey-conference", ("cin", "PreProceedingsandFGDM"): "proceedings:pre-proceedings",
    ("903", "Header"): "people:child-details", ("903", "Episodes"): "casework:journey-placement", ("903", "Reviews"): "casework:journey-lac-review",
    ("903", "UASC"): ASK_THE_ANALYST, ("903", "OC2"): ASK_THE_ANALYST, ("903", "OC3"): ASK_THE_ANALYST,
    ("903", "AD1"): ASK_THE_ANALYST, ("903", "PlacedAdoption"): ASK_THE_ANALYST, ("903", "PrevPerm"): ASK_THE_ANALYST,
    ("903", "Missing"): ASK_THE_ANALYST, ("903", "SWEpisodes"): ASK_THE_ANALYST, ("903", "DoLo"): "proceedings:care-proceedings",
}
FIX_FIELDS = {
    ("cin", "CINclosureDate"): "casework:journey-close", ("cin", "ReasonForClosure"): "casework:journey-close",
    ("903", "HOME_POST"): "people:address-new", ("903", "MOTHER"): "people:relationship-new", ("903", "MC_DOB"): "people:relationship-new",
}


def fix_form(return_name: str, table: str, fields=()) -> str | None:
    """The URL name of the form that fixes a finding on these fields, ASK_THE_ANALYST, or None if no one decided."""
    for name in fields:
        if (return_name, name) in FIX_FIELDS:
            return FIX_FIELDS[(return_name, name)]
    return FIX_FORMS.get((return_name, table))


@dataclass
class ChildFinding:
    code: str
    is_query: bool
    message: str
    where: str
    fields: tuple
    place: str
    chronology_type: str
    no_change_needed: str = ""  # DfE's validator reports it, but the record is right (why)
    fix: str | None = None  # the URL name of the form that fixes it, or ASK_THE_ANALYST
    not_yet_due: str = ""  # in a year in progress, due only at its end (why; returns/year_end.py)


def cin_findings_for_child(person, year: int | None = None) -> tuple[int, list[ChildFinding]]:
    """The child's CIN census findings for the collection year (default: the current one)."""
    year = year or current_year()
    xml = census.child_census_xml(person, year)
    if xml is None:
        return year, []
    data = reading.parse(xml, year)
    findings = mark_not_yet_due(validate_child(data.children[0], data, CIN.for_year(year)), "cin", year)
    out = []
    for f in sorted(findings, key=lambda f: (f.rule.is_query, f.code)):
        place, chronology_type = RECORD_PLACES.get(f.rule.table, ("the record", ""))
        out.append(ChildFinding(f.code, f.rule.is_query, f.rule.message, f.where, f.rule.fields, place, chronology_type,
                                f.no_change_needed, fix_form("cin", f.rule.table, f.rule.fields), f.not_yet_due))
    return year, out


# Where in the record each SSDA903 table's facts are recorded (the chronology filter that shows them).
SSDA903_PLACES = {
    "Header": ("the child's details", ""),
    "Episodes": ("care and placements", "care"),
    "Reviews": ("looked-after reviews", "review"),
    "UASC": ("care and placements", "care"),
    "OC2": ("health", "health"),
    "OC3": ("leaving care", "leaving_care"),
    "AD1": ("adoption", "adoption"),
    "PlacedAdoption": ("adoption", "adoption"),
    "PrevPerm": ("care and placements", "care"),
    "Missing": ("missing episodes", "missing"),
    "SWEpisodes": ("allocations", "allocation"),
}


def ssda903_findings_for_child(person, year: int | None = None) -> tuple[int, list[ChildFinding]]:
    """The child's SSDA903 findings for the collection year (default: the current one); none for a
    child who is not in the return."""

    year = year or current_year()
    out = []
    for f in sorted(findings_for_child(person, year), key=lambda f: (f.rule.is_query, f.code)):
        place, chronology_type = SSDA903_PLACES.get(f.rule.table, ("the record", ""))
        out.append(ChildFinding(f.code, f.rule.is_query, f.rule.message, f.where, f.rule.fields, place, chronology_type,
                                f.no_change_needed, fix_form("903", f.rule.table, f.rule.fields), f.not_yet_due))
    return year, out


def pp_outcome_note(person, year: int | None = None) -> str:
    """Said on the child's CIN panel when their pre-proceedings ended in an outcome the authority has not
    mapped to DfE's PPOutcome codes: the census leaves PPOutcome out rather than guess."""
    year = year or current_year()
    if year < census.FIRST_PRE_PROCEEDINGS_YEAR:
        return ""
    y = CollectionYear(year)
    unmapped = sorted({pre.get_outcome_display() for pre in PreProceedings.objects.filter(
        children=person, decision_date__range=(y.start, y.end), step_decision_date__lte=y.end).exclude(outcome="")
        if not census.pp_outcome(pre.outcome)})
    if not unmapped:
        return ""
    return (f"PPOutcome is left out of this child's {year_label(year)} census: the authority has not said which of DfE's "
            f"codes (A, B, C) its outcome “{'”, “'.join(unmapped)}” is. Nothing for you to do: the data team "
            "will set it, and nothing is guessed meanwhile.")


def ssda903_last_year_note(person, year: int | None = None) -> str:
    """Said on the child's panel when the child's last-year rows in the record differ from the return
    DfE was sent: the year-on-year checks read what DfE holds until an amended return is sent."""

    year = year or current_year()
    if not changed_since_sent(year, person=person):
        return ""
    sent = submitted_run("903", year - 1)
    if sent is None or sent.submitted_at is None:
        return ""
    return (f"This child's {year_label(year - 1)} record has changed since that year's return was sent to DfE on "
            f"{timezone.localtime(sent.submitted_at):%-d %B %Y}. DfE still holds what it was sent, so the checks that "
            "compare with last year read that until the data team sends DfE an amended return.")


def year_label(year: int) -> str:
    return census.CollectionYear(year).label



# ---- analyst pages ------------------------------------------------------------------------------------

FINISHED = (ReturnRun.Status.DONE, ReturnRun.Status.REFUSED)


def latest_finished_run(return_name: str = "cin", year: int | None = None):
    runs = ReturnRun.objects.filter(return_name=return_name, status__in=FINISHED)
    if year is not None:
        runs = runs.filter(year=year)
    return runs.order_by("-finished_at").first()


def years_with_runs(return_name: str) -> list[int]:
    """The collection years this return has a finished run for, newest first."""
    return sorted(set(ReturnRun.objects.filter(return_name=return_name, status__in=FINISHED).values_list("year", flat=True)),
                  reverse=True)


def findings_by_rule(run):
    return list(RunFinding.objects.filter(run=run).values("code", "is_query", "no_change_needed", "not_yet_due", "message")
                .annotate(children=Count("la_child_id", distinct=True, filter=~Q(la_child_id="")), findings=Count("id"))
                .order_by("not_yet_due", "no_change_needed", "is_query", "-findings", "code"))


def findings_by_team(run):
    rows = (RunFinding.objects.filter(run=run).values("team__name")
            .annotate(errors=Count("id", filter=Q(is_query=False, no_change_needed=False, not_yet_due=False)),
                      queries=Count("id", filter=Q(is_query=True, not_yet_due=False)),
                      children=Count("la_child_id", distinct=True))
            .order_by("-errors", "-queries"))
    return [{**row, "team": row["team__name"] or "Not allocated"} for row in rows]


def findings_by_child(run):
    return list(RunFinding.objects.filter(run=run).select_related("team", "child").order_by("la_child_id", "code"))


def findings_over_time(return_name: str = "cin", year: int | None = None, limit: int = 30):
    """Each finished run of one collection year (runs of different years are not comparable)."""
    runs = ReturnRun.objects.filter(return_name=return_name, status__in=FINISHED)
    if year is not None:
        runs = runs.filter(year=year)
    latest = list(runs.order_by("-finished_at")[:limit])
    return [(run.finished_at, run.year_label, run.errors, run.queries) for run in reversed(latest)]


def line_chart(points, width=640, height=220, pad=40):
    """SVG coordinates for errors and queries over time (drawn by the template, no JavaScript)."""
    if not points:
        return None
    top = max(max(e, q) for _, _, e, q in points) or 1
    step = (width - 2 * pad) / max(1, len(points) - 1)

    def xy(i, value):
        return round(pad + i * step, 1), round(height - pad - (height - 2 * pad) * value / top, 1)

    errors = [xy(i, e) for i, (_, _, e, _) in enumerate(points)]
    queries = [xy(i, q) for i, (_, _, _, q) in enumerate(points)]
    return {
        "width": width, "height": height, "pad": pad, "top": top, "bottom": height - pad, "right": width - pad,
        "errors": " ".join(f"{x},{y}" for x, y in errors), "queries": " ".join(f"{x},{y}" for x, y in queries),
        "error_dots": errors, "query_dots": queries,
        "labels": [(round(pad + i * step, 1), timezone.localtime(at).strftime(
            "%-d %b %H:%M" if len({p[0].date() for p in points}) < len(points) else "%-d %b"))
            for i, (at, _, _, _) in enumerate(points)],
        "mid": round(height / 2, 1),
    }


def annex_a_preview(run, rows: int = 5):
    """Each list's row count and first rows, read back from the built workbook. Annex A names no
    child (each is their local ID), so restricted children appear here as everyone does: by ID."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(bytes(run.content)), read_only=True)
    preview = []
    for sheet in book.worksheets:
        values = list(sheet.iter_rows(values_only=True))
        shown = [[cell.strftime("%d/%m/%Y") if hasattr(cell, "strftime") else ("" if cell is None else cell) for cell in row]
                 for row in values[1:rows + 1]]
        preview.append({"name": sheet.title, "columns": list(values[0]) if values else [], "count": max(0, len(values) - 1),
                        "rows": shown})
    return preview
