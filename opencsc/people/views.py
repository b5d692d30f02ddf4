from django.shortcuts import render
from django.utils import timezone

from opencsc.access.break_glass import offer_break_glass
from opencsc.access.gate import open_child, record_access
from opencsc.access.models import RecordAccess
from opencsc.access.policy import is_restricted_from, notes_visible_to
from opencsc.access.search import search_for
from opencsc.recording.chronology import EVENT_KINDS, chronology


def find_child(request):
    query = request.GET.get("q", "").strip()
    results = None
    if "q" in request.GET:
        results = search_for(request.user, query)
        record_access(request.user, None, "search", detail=f"{query} ({len(results)} results)", request=request)
        offer_break_glass(request, [getattr(r, "person", r).pk for r in results])
    return render(request, "people/find_child.html", {"query": query, "results": results})








def court_chronology(request, pk):
    """The chronology as a PDF for court: significant events by default, or the kinds chosen."""
    import weasyprint
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    child = open_child(request, pk, "chronology for court (PDF)", action="download")
    kinds = [k for k in request.GET.getlist("type") if k in EVENT_KINDS]
    significant_only = request.GET.get("all") != "1"
    events = sorted(chronology(child, kinds or None, significant_only, notes=notes_visible_to(request.user)), key=lambda e: e.day)
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

    child = open_child(request, pk, "who has looked at this record", needs="manages_team", for_work=True)
    entries = RecordAccess.objects.filter(person=child).select_related("user__professional")[:200]
    return render(request, "people/record_views.html", {"child": child, "entries": entries})


def my_activity(request):

    entries = list(RecordAccess.objects.filter(user=request.user).select_related("person")[:100])
    hidden = is_restricted_from(request.user, {e.person_id for e in entries if e.person_id})
    for entry in entries:
        entry.name_hidden = entry.person_id in hidden
    return render(request, "people/my_activity.html", {"entries": entries})
