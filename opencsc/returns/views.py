import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from opencsc import versions
from opencsc.access.gate import open_child, record_access, refuse, require
from opencsc.codes.base import collection_year_of
from opencsc.exchange import services as imports
from opencsc.exchange.models import ImportPart, ImportRun
from opencsc.web.step_pages import save_step

from . import selectors, services, stored
from .forms import ImportForm, QueryReasonForm, RunForm
from .models import QueryReason, ReturnRun
from .spreadsheets import safe_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def returns_home(request):
    require(request, "runs_returns", "returns")
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.request_run(return_name=form.cleaned_data["return_name"], year=form.cleaned_data["year"],
                                   user=request.user)
        return redirect("returns:return-run", pk=run.pk)
    runs = ReturnRun.objects.select_related("requested_by")[:20]
    return render(request, "returns/home.html", {"form": form, "runs": runs})


def run_detail(request, pk):
    require(request, "runs_returns", "a return run")
    run = get_object_or_404(ReturnRun, pk=pk)
    context: dict[str, Any] = {"run": run}
    if run.is_finished:
        context["by_rule"] = selectors.findings_by_rule(run)[:15]
        context["reasons"] = QueryReason.objects.filter(return_name=run.return_name, year=run.year).values("child", "code").distinct().count()
    if run.return_name == "annexa" and run.status == ReturnRun.Status.DONE:
        context["preview"] = selectors.annex_a_preview(run)
    return render(request, "returns/run.html", context)


def run_status(request, pk):
    """The progress panel alone, polled by the run page while it builds."""
    require(request, "runs_returns", "a return run")
    run = get_object_or_404(ReturnRun, pk=pk)
    response = render(request, "returns/_status.html", {"run": run})
    if run.is_finished:
        response["HX-Refresh"] = "true"  # show the finished page with its summary
    return response


def run_file(request, pk):
    require(request, "runs_returns", "a return file")
    run = get_object_or_404(ReturnRun, pk=pk, status=ReturnRun.Status.DONE)
    record_access(request.user, None, "download", detail=f"{run.return_name} {run.year_label} return file", request=request)
    content_type, file_name, _ = ReturnRun.FILES.get(run.return_name, ReturnRun.FILES["cin"])
    response = HttpResponse(bytes(run.content or b""), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name.format(year=run.year)}"'
    return response


FINDING_COLUMNS = ["LA child ID", "Team", "Rule", "Type", "Message", "Where", "Reason given"]


def _finding_rows(run):
    findings = list(selectors.findings_by_child(run))
    reasons = services.latest_query_reasons({f.child_id for f in findings if f.is_query and f.child_id}, run.return_name, run.year)
    for f in findings:
        reason = reasons.get((f.child_id, run.return_name, run.year, f.code)) if f.is_query else None
        yield [f.la_child_id, f.team.name if f.team else "Not allocated", f.code, _kind(f.is_query, f.no_change_needed, f.not_yet_due),
               f.message, f.where, reason.reason if reason else ""]


def _kind(is_query, no_change_needed, not_yet_due=False) -> str:
    if not_yet_due:
        return "Not yet due"
    return "No change needed" if no_change_needed else ("Query" if is_query else "Error")


def run_findings(request, pk, fmt):
    require(request, "runs_returns", "return findings")
    run = get_object_or_404(ReturnRun, pk=pk)
    if not run.is_finished:
        raise PermissionDenied("The run has not finished yet.")
    record_access(request.user, None, "download", detail=f"{run.return_name} {run.year_label} findings ({fmt})", request=request)
    name = f"{'ssda903' if run.return_name == '903' else run.return_name}_{run.year}_findings"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(FINDING_COLUMNS)
        writer.writerows(safe_row(row) for row in _finding_rows(run))
        response = HttpResponse(out.getvalue(), content_type="text/csv")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "By child"
        sheet.append(FINDING_COLUMNS)
        for row in _finding_rows(run):
            sheet.append(safe_row(row))
        by_rule = book.create_sheet("By rule")
        by_rule.append(["Rule", "Type", "Message", "Findings", "Children"])
        for r in selectors.findings_by_rule(run):
            by_rule.append(safe_row([r["code"], _kind(r["is_query"], r["no_change_needed"], r["not_yet_due"]), r["message"], r["findings"],
                                     r["children"]]))
        by_team = book.create_sheet("By team")
        by_team.append(["Team", "Errors", "Queries", "Children"])
        for t in selectors.findings_by_team(run):
            by_team.append(safe_row([t["team"], t["errors"], t["queries"], t["children"]]))
        for ws in book.worksheets:
            ws.freeze_panes = "A2"
        workbook = io.BytesIO()
        book.save(workbook)
        response = HttpResponse(workbook.getvalue(), content_type=XLSX)
        fmt = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


RETURN_LABELS = {"cin": "Children in Need census", "903": "looked-after children return (SSDA903)"}


def data_quality(request):
    require(request, "runs_returns", "data quality")
    name = request.GET.get("return", "cin")
    name = name if name in RETURN_LABELS else "cin"
    # One collection year at a time: the year in progress unless another is chosen (building last year's
    # return must not hide this year's findings).
    in_progress = collection_year_of(timezone.localdate())
    years = sorted(set(selectors.years_with_runs(name)) | {in_progress}, reverse=True)
    try:
        year = int(request.GET.get("year", in_progress))
    except ValueError:
        year = in_progress
    year = year if year in years else in_progress
    run = selectors.latest_finished_run(name, year)
    points = selectors.findings_over_time(name, year)
    context = {"run": run, "chart": selectors.line_chart(points), "points": points, "return_name": name,
               "label": RETURN_LABELS[name], "returns": RETURN_LABELS, "year": year, "in_progress": in_progress,
               "years": [(y, f"{y - 1}/{str(y)[2:]}") for y in years]}
    if run:
        context.update(by_rule=selectors.findings_by_rule(run), by_team=selectors.findings_by_team(run))
    return render(request, "returns/data_quality.html", context)


def import_page(request):
    """Choose the file(s); the import is queued for the worker and its page follows the progress."""

    require(request, "runs_returns", "return import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = imports.request_import(kind=form.cleaned_data["return_name"], dry_run=form.cleaned_data["dry_run"],
                                     year=form.cleaned_data["year"],
                                     files=[(u.name, u.read()) for u in form.cleaned_data["file"]], user=request.user)
        return redirect("returns:import-run", pk=run.pk)
    return render(request, "returns/import.html", {"form": form, "provider_list": stored.current_provider_list(),
                                                   "recent": ImportRun.objects.select_related("requested_by")[:10]})


def import_run(request, pk):

    require(request, "runs_returns", "an import")
    return render(request, "returns/import_run.html", {"run": get_object_or_404(ImportRun, pk=pk)})


def import_part(request, pk):
    """A team's manager (or a restricted record's named people) sees what an import would change for
    the children they hold, and approves it (written in one transaction) or not."""

    part = get_object_or_404(ImportPart.objects.select_related("run", "team"), pk=pk)
    if not any(p.user_id == request.user.pk for p in imports.approvers(part)):
        refuse(request, None, f"import part {part.pk}", "only the holding team's manager or a restricted record's named people")
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                part = imports.approve_part(part, by=request.user)
                count = len(part.children)
                noun = "child is" if count == 1 else "children are"
                messages.success(request, f"Approved: the file's changes for {count} {noun} written")
            elif request.POST.get("decision") == "reject":
                imports.reject_part(part, by=request.user)
                messages.success(request, "Not approved: nothing was written for these children, and the analyst is told")
        except (ValueError, PermissionError) as reason:
            messages.error(request, str(reason))
        return redirect("returns:import-part", pk=part.pk)
    preview = imports.preview_part(part) if part.status == ImportPart.Status.WAITING else []
    return render(request, "returns/import_part.html", {"part": part, "preview": preview})


def import_run_status(request, pk):
    """The progress panel alone, polled by the import page while it runs."""

    require(request, "runs_returns", "an import")
    run = get_object_or_404(ImportRun, pk=pk)
    response = render(request, "returns/_import_status.html", {"run": run})
    if run.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def rerun(request, pk):
    require(request, "runs_returns", "a return run")
    run = get_object_or_404(ReturnRun, pk=pk)
    new = services.request_run(return_name=run.return_name, year=run.year, user=request.user)
    messages.success(request, f"Building the {run.year_label} return again")
    return redirect("returns:return-run", pk=new.pk)


@require_POST
def mark_submitted(request, pk):
    """The analyst says this run's file went to DfE (next year's comparisons read it)."""
    require(request, "runs_returns", "a return run")
    run = get_object_or_404(ReturnRun, pk=pk)
    try:
        services.mark_submitted(run.pk, user=request.user)
    except services.CannotMarkSubmitted as reason:
        messages.error(request, str(reason))
    else:
        record_access(request.user, None, "change", detail=f"{run.return_name} {run.year_label} run {run.pk} marked as sent to DfE",
                      request=request)
        following = f"{run.year}/{str(run.year + 1)[2:]}"
        messages.success(request, "Marked as sent to DfE." + (
            f" The {following} return's checks that compare with last year now read this file."
            if run.return_name == "903" else ""))
    return redirect("returns:return-run", pk=run.pk)


def query_reason(request, pk):
    """Give the reason a query is right as recorded: whoever may work on the child (the analyst then gives
    it to DfE). The form refuses a stale save: a reason given meanwhile by someone else is shown first."""
    child = open_child(request, pk, "reason for a return query", needs="records_casework", for_work=True)
    return_name = request.GET.get("return", "cin") if request.GET.get("return") in services.QUERY_RULES else "cin"
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = collection_year_of(timezone.localdate())
    code = request.GET.get("code", "")[:10]
    given = list(QueryReason.objects.filter(child=child, return_name=return_name, year=year, code=code).select_related("given_by"))
    form = QueryReasonForm(request.POST or None, initial={"reason": given[0].reason if given else "", "version": versions.token(*given)})
    if request.method == "POST" and form.is_valid():
        me = getattr(request.user, "professional", None)

        def give():
            versions.check(form.cleaned_data["version"], *QueryReason.objects.filter(
                child=child, return_name=return_name, year=year, code=code).order_by("-given_at", "-pk"))
            return services.give_query_reason(child, return_name=return_name, year=year, code=code,
                                              reason=form.cleaned_data["reason"], by=me)

        if save_step(request, child, form, f"reason given for query {code} ({return_name} {year})", give):
            messages.success(request, f"Reason kept for {code}: the data team will give it to DfE with the return")
            return redirect(reverse("web:child-record", args=[child.pk]) + "#data-to-fix")
    return render(request, "returns/query_reason.html", {"child": child, "form": form, "code": code, "year": year,
                                                          "return_label": RETURN_LABELS.get(return_name), "given": given})


def query_reasons(request):
    """Every reason given for a query of one return and year: what the analyst gives in DfE's collection
    system (the census files have no field for it). As a page, or CSV for the collection system."""
    require(request, "runs_returns", "reasons for return queries")
    return_name = request.GET.get("return", "cin") if request.GET.get("return") in services.QUERY_RULES else "cin"
    in_progress = collection_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", in_progress))
    except ValueError:
        year = in_progress
    latest = services.latest_query_reasons(
        QueryReason.objects.filter(return_name=return_name, year=year).values("child_id"), return_name, year)
    rows = sorted(latest.values(), key=lambda r: (r.child.la_child_id, r.code))
    record_access(request.user, None, "view", detail=f"reasons for {return_name} queries {year} ({len(rows)})", request=request)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="query_reasons_{return_name}_{year}.csv"'
        writer = csv.writer(response)
        writer.writerow(["LA child ID", "Rule", "Reason", "Given by", "Given on"])
        for r in rows:
            writer.writerow(safe_row([r.child.la_child_id, r.code, r.reason, r.given_by.name if r.given_by else "",
                                      f"{r.given_at:%Y-%m-%d}"]))
        return response
    return render(request, "returns/query_reasons.html", {"rows": rows, "return_name": return_name, "year": year,
                                                           "label": RETURN_LABELS[return_name], "returns": RETURN_LABELS,
                                                           "year_label": f"{year - 1}/{str(year)[2:]}"})
