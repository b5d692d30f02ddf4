from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from opencsc.access.break_glass import offer_break_glass
from opencsc.access.gate import open_for_work, record_access, require
from opencsc.access.policy import decide_many, is_restricted_from
from opencsc.casework.journey import next_steps
from opencsc.casework.models import CareLeaverContact, PeriodOfCare, Referral
from opencsc.casework.selectors import EVENT_KINDS, STATUS_LABELS, child_summary, chronology, statuses
from opencsc.returns.selectors import cin_findings_for_child, ssda903_findings_for_child, ssda903_last_year_note, year_label

from .models import Person
from .selectors import family_members, search_for


def find_child(request):
    query = request.GET.get("q", "").strip()
    results = None
    if "q" in request.GET:
        results = search_for(request.user, query)
        record_access(request.user, None, "search", detail=f"{query} ({len(results)} results)", request=request)
        offer_break_glass(request, [getattr(r, "person", r).pk for r in results])
    return render(request, "people/find_child.html", {"query": query, "results": results})


def with_status(family, user):
    """Each family member with what is happening for them now (children only) and whether this user
    may open their record ("full"), only know them ("identity") or not even that ("restricted")."""
    child_ids = [member.pk for member, _, _ in family if member.kind == Person.Kind.CHILD]
    status = {pk: STATUS_LABELS[s] for pk, s in statuses(child_ids).items() if s != "other"}
    open_cases = set(Referral.objects.filter(child_id__in=child_ids, closure_date__isnull=True).values_list("child_id", flat=True))
    decisions = decide_many(user, [member.pk for member, _, _ in family])
    tier = {pk: "full" if d.allowed else "restricted" if d.restricted else "identity" for pk, d in decisions.items()}
    return [(member, relationship, pr, status.get(member.pk) or ("open case" if member.pk in open_cases else ""), tier[member.pk])
            for member, relationship, pr in family]


def returns_panel(name, year, findings, note="") -> dict:
    from opencsc.returns.engine import tally

    errors, queries, no_change = tally(findings)
    return {"name": name, "year": year_label(year), "findings": findings, "errors": errors, "queries": queries,
            "no_change": no_change, "note": note}


def child_record(request, pk):
    child = get_object_or_404(Person, pk=pk, kind=Person.Kind.CHILD)
    record_access(request.user, child, "view", request=request)
    today = timezone.localdate()
    kinds = [k for k in request.GET.getlist("type") if k in EVENT_KINDS]
    significant_only = request.GET.get("significant") == "1"
    family = with_status(family_members(child), request.user)
    census_year, census_findings = cin_findings_for_child(child)
    returns = [returns_panel("Children in Need census", census_year, census_findings)]
    if PeriodOfCare.objects.filter(child=child).exists() or CareLeaverContact.objects.filter(child=child).exists():
        year, findings = ssda903_findings_for_child(child)
        returns.append(returns_panel("looked-after children return (SSDA903)", year, findings,
                                     ssda903_last_year_note(child, year)))
    return render(request, "people/child_record.html", {
        "child": child,
        "age": child.age_on(today),
        "summary": child_summary(child, today),
        "family": family,
        "events": chronology(child, kinds or None, significant_only, viewer=request.user),
        "event_kinds": EVENT_KINDS,
        "selected_kinds": kinds,
        "significant_only": significant_only,
        "disabilities": [d.code for d in child.disabilities.all()],
        "returns": returns,
        "next_steps": next_steps(child),
    })


def court_chronology(request, pk):
    """The chronology as a PDF for court: significant events by default, or the kinds chosen."""
    import weasyprint
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    child = get_object_or_404(Person, pk=pk, kind=Person.Kind.CHILD)
    kinds = [k for k in request.GET.getlist("type") if k in EVENT_KINDS]
    significant_only = request.GET.get("all") != "1"
    record_access(request.user, child, "download", detail="chronology for court (PDF)", request=request)
    events = sorted(chronology(child, kinds or None, significant_only, viewer=request.user), key=lambda e: e.day)
    html = render_to_string("people/court_chronology.html", {
        "child": child, "events": events, "significant_only": significant_only, "today": timezone.localdate(),
        "kinds": [EVENT_KINDS[k] for k in kinds], "me": getattr(request.user, "professional", None),
    }, request=request)
    if request.GET.get("preview") == "1":  # the same document as a web page, to check before printing
        return HttpResponse(html)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology_{child.la_child_id}_{timezone.localdate():%Y%m%d}.pdf"'
    return response


def record_views(request, pk):
    """Who has looked at this child's record, newest first (looking at this list is audited too)."""
    from opencsc.access.models import RecordAccess

    child = get_object_or_404(Person, pk=pk, kind=Person.Kind.CHILD)
    require(request, "manages_team", "who has looked at a record")
    open_for_work(request, child, "who has looked at this record")
    entries = RecordAccess.objects.filter(person=child).select_related("user__professional")[:200]
    return render(request, "people/record_views.html", {"child": child, "entries": entries})


def my_activity(request):
    from opencsc.access.models import RecordAccess

    entries = list(RecordAccess.objects.filter(user=request.user).select_related("person")[:100])
    hidden = is_restricted_from(request.user, {e.person_id for e in entries if e.person_id})
    for entry in entries:
        entry.name_hidden = entry.person_id in hidden
    return render(request, "people/my_activity.html", {"entries": entries})
