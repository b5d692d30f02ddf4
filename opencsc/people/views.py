import re

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from opencsc.access.break_glass import offer_break_glass
from opencsc.access.gate import client_ip, open_child, record_access
from opencsc.access.models import RecordAccess
from opencsc.access.policy import decide_many, is_restricted_from, notes_visible_to
from opencsc.access.search import search_for
from opencsc.access.services import tell_other_teams_of_a_link
from opencsc.casework.journey_views import _step
from opencsc.casework.selectors import adoption_order_date
from opencsc.recording.chronology import EVENT_KINDS, chronology

from . import forms, selectors, services
from .genogram import draw as draw_genogram
from .genogram import listed as list_genogram
from .models import Address, Person, ProfessionalAroundChild, Relationship


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


# ---- the child's file: details, addresses, family, professionals around the child ------------------------


def _file_child(request, pk, what):
    return open_child(request, pk, what, needs="records_casework", for_work=True)


def child_details(request, pk):
    """Correct a child's details, or record a change from a date, each with who, when and why."""
    child = _file_child(request, pk, "the child's details")
    adopted_on = adoption_order_date(child)
    me = getattr(request.user, "professional", None)
    initial = {name: getattr(child, name) for name in services.DETAIL_FIELDS}
    initial["interpreter_needed"] = {True: "yes", False: "no"}.get(child.interpreter_needed, "")
    initial["disabilities"] = [d.code for d in child.disabilities.all()]

    def save(data, me_):
        form_values = forms.DetailsForm.values_of(data)
        made = services.change_details(child, form_values, kind=data["kind"], reason=data["reason"], by=me_,
                                       effective_from=data.get("effective_from"), disabilities=data.get("disabilities") or [],
                                       adopted_on=adopted_on)
        return f"Details saved: {', '.join(c.field.replace('_', ' ') for c in made)}"

    return _step(request, child, form_class=forms.DetailsForm, key="details", title="Change the child's details",
                 button="Save the details", save=save, initial=initial, edits=lambda lock: services.lock_person(child, lock),
                 template="people/details_form.html",
                 extra={"history": selectors.detail_history(child), "adopted_on": adopted_on, "me": me})


def address_new(request, pk):
    child = _file_child(request, pk, "new address")
    family = [m for m in selectors.family_members(child) if not m.ended and m.relationship is not None]
    choices = [(str(m.person.pk), f"{m.person.full_name} ({m.label.lower()})") for m in family]

    def save(data, me):
        movers = [child] + [m.person for m in family if str(m.person.pk) in (data.get("household") or [])]
        services.move_household(movers, line_1=data["line_1"], line_2=data["line_2"], town=data["town"], postcode=data["postcode"],
                                start_date=data["start_date"], confidential=data["confidential"])
        return f"Address saved for {', '.join(p.full_name for p in movers)}"

    return _step(request, child, form_class=forms.AddressForm, key="address", title="A new address", button="Save the address",
                 save=save, form_kwargs={"household_choices": choices},
                 known=[("Current address", a.one_line) for a in child.addresses.all() if a.end_date is None])


def address_end(request, pk, address_pk):
    child = _file_child(request, pk, "end an address")
    address = get_object_or_404(Address, pk=address_pk, person=child)

    def save(data, me):
        services.end_address(address, data["end_date"])
        return "Address ended"

    return _step(request, child, form_class=forms.EndAddressForm, key=f"address-end-{address.pk}", title="They left this address",
                 button="Save", save=save, known=[("Address", address.one_line)],
                 edits=lambda lock: Address.objects.select_for_update().get(pk=address.pk) if lock else address)


def relationship_new(request, pk):
    child = _file_child(request, pk, "add a family member")

    def save(data, me):
        relative = _relative_from(data)
        link = services.link_relative(child, relative, data["relationship"], parental_responsibility=data["parental_responsibility"],
                                      pr_basis=data["pr_basis"], pr_start_date=data.get("pr_start_date"),
                                      lives_with=data["lives_with"], start_date=data.get("start_date"))
        tell_other_teams_of_a_link(request.user, child, relative, link.get_relationship_display(), client_ip(request))
        return f"{relative.full_name} added as {link.get_relationship_display().lower()}"

    return _step(request, child, form_class=forms.RelationshipForm, key="relationship", title="Add a family member or significant person",
                 button="Add them", save=save)


def _relative_from(data) -> Person:
    """The person named by local ID, or a new one once the worker has seen anyone already known with that name."""
    if data.get("existing"):
        given = data["existing"].strip()
        number = re.fullmatch(r"[Pp](\d+)", given)
        found = (Person.objects.filter(pk=int(number.group(1)), kind=Person.Kind.ADULT).first() if number
                 else Person.objects.filter(la_child_id__iexact=given).first())
        if found is None:
            raise ValidationError({"existing": "No one has that local ID or person number: check it, or leave it blank to add a new person"})
        return found
    if not data.get("confirmed_not_duplicate"):
        known = selectors.possible_same_people(data.get("first_name", ""), data["last_name"], data.get("date_of_birth"))
        if known:
            listed = "; ".join(f"{p.full_name} ({p.la_child_id or f'P{p.pk}'}{', born ' + format(p.date_of_birth, 'j M Y') if p.date_of_birth else ''})"
                               for p in known)
            raise ValidationError({"confirmed_not_duplicate": f"People already known have a similar name: {listed}. Enter the "
                                   "local ID or person number (P…) of the one it is, or tick 'This is a new person' to add them"})
    kind = Person.Kind.CHILD if data.get("is_child") else Person.Kind.ADULT
    if kind == Person.Kind.CHILD and not data.get("date_of_birth"):
        raise ValidationError({"date_of_birth": "Enter the child's date of birth"})
    return services.create_person(kind=kind, first_name=data.get("first_name", ""), last_name=data["last_name"],
                                  date_of_birth=data.get("date_of_birth"), sex=data.get("sex", ""))


def relationship_edit(request, pk, relationship_pk):
    child = _file_child(request, pk, "change a relationship")
    link = get_object_or_404(Relationship.objects.select_related("relative"), pk=relationship_pk, person=child)

    def save(data, me):
        services.change_relationship(link, parental_responsibility=data["parental_responsibility"], pr_basis=data["pr_basis"],
                                     pr_end_date=data.get("pr_end_date"), lives_with=data["lives_with"], end_date=data.get("end_date"))
        return f"{link.relative.full_name}'s relationship saved"

    initial = {"parental_responsibility": link.parental_responsibility, "pr_basis": link.pr_basis, "pr_end_date": link.pr_end_date,
               "lives_with": link.lives_with, "end_date": link.end_date}
    return _step(request, child, form_class=forms.EndRelationshipForm, key=f"relationship-{link.pk}",
                 title=f"{link.relative.full_name}: {link.get_relationship_display().lower()}", button="Save", save=save,
                 initial=initial, edits=lambda lock: Relationship.objects.select_for_update().get(pk=link.pk) if lock else link)


def professional_new(request, pk):
    child = _file_child(request, pk, "add a professional")

    def save(data, me):
        services.add_professional_around(child, name=data["name"], agency=data["agency"], role=data["role"], contact=data["contact"],
                                         start_date=data.get("start_date"))
        return f"{data['name']} ({data['agency']}) added"

    return _step(request, child, form_class=forms.ProfessionalAroundForm, key="professional", title="Add a professional around the child",
                 button="Add them", save=save)


def genogram(request, pk):
    """The family drawn (SVG) with the same in words beside it; restricted relatives are not named."""
    child = open_child(request, pk, "genogram")
    today = timezone.localdate()
    tree = selectors.family_tree(child, today)
    household = selectors.household_of(child, today)
    decisions = decide_many(request.user, [pk_ for pk_ in tree["people"] if pk_ != child.pk])
    hidden = frozenset(pk_ for pk_, d in decisions.items() if d.restricted and not d.allowed)
    return render(request, "people/genogram.html", {
        "child": child, "svg": mark_safe(draw_genogram(child, tree, household, today, hidden)),  # noqa: S308 - every name escaped in genogram.draw
        "people": list_genogram(child, tree, household, today, hidden)})


def relative_address(request, pk, relationship_pk):
    """A new address for one of the child's relatives (a letter goes to each at their own address)."""
    child = _file_child(request, pk, "a relative's address")
    link = get_object_or_404(Relationship.objects.select_related("relative"), pk=relationship_pk, person=child)
    relative = link.relative

    def save(data, me):
        services.add_address(relative, line_1=data["line_1"], line_2=data["line_2"], town=data["town"], postcode=data["postcode"],
                             start_date=data["start_date"], confidential=data["confidential"])
        return f"Address saved for {relative.full_name}"

    return _step(request, child, form_class=forms.AddressForm, key=f"relative-address-{link.pk}",
                 title=f"A new address for {relative.full_name}", button="Save the address", save=save)


def professional_end(request, pk, professional_pk):
    child = _file_child(request, pk, "a professional stops working with the child")
    link = get_object_or_404(ProfessionalAroundChild, pk=professional_pk, person=child)

    def save(data, me):
        services.end_professional_around(link, data["end_date"])
        return f"{link.name} ({link.agency}) no longer listed"

    return _step(request, child, form_class=forms.EndProfessionalForm, key=f"professional-end-{link.pk}",
                 title=f"{link.name} stops working with the child", button="Save", save=save,
                 known=[("Professional", f"{link.name}, {link.role} ({link.agency})")],
                 edits=lambda lock: ProfessionalAroundChild.objects.select_for_update().get(pk=link.pk) if lock else link)
