from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from opencsc.access.gate import record_access
from opencsc.casework.selectors import EVENT_KINDS, child_summary, chronology
from opencsc.returns.selectors import cin_findings_for_child, year_label

from .models import Person
from .selectors import current_allocations, family_members, search_children


def find_child(request):
    query = request.GET.get("q", "").strip()
    results = None
    if "q" in request.GET:
        results = list(search_children(query))
        allocations = current_allocations([p.pk for p in results])
        for person in results:
            person.allocation = allocations.get(person.pk)
            person.current_address = person.current_addresses[0] if person.current_addresses else None
        record_access(request.user, None, "search", detail=f"{query} ({len(results)} results)", request=request)
    return render(request, "people/find_child.html", {"query": query, "results": results})


def child_record(request, pk):
    child = get_object_or_404(Person, pk=pk, kind=Person.Kind.CHILD)
    record_access(request.user, child, "view", request=request)
    today = timezone.localdate()
    kinds = [k for k in request.GET.getlist("type") if k in EVENT_KINDS]
    significant_only = request.GET.get("significant") == "1"
    family = family_members(child)
    census_year, census_findings = cin_findings_for_child(child)
    return render(request, "people/child_record.html", {
        "child": child,
        "age": child.age_on(today),
        "summary": child_summary(child, today),
        "family": family,
        "events": chronology(child, kinds or None, significant_only),
        "event_kinds": EVENT_KINDS,
        "selected_kinds": kinds,
        "significant_only": significant_only,
        "disabilities": [d.code for d in child.disabilities.all()],
        "census_year": year_label(census_year),
        "census_findings": census_findings,
        "census_errors": sum(1 for f in census_findings if not f.is_query),
        "census_queries": sum(1 for f in census_findings if f.is_query),
    })
