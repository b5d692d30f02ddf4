import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe

from opencsc.access.break_glass import offer_break_glass
from opencsc.access.gate import client_ip, open_child, record_access
from opencsc.access.models import RecordAccess
from opencsc.access.policy import decide_many, is_restricted_from, notes_visible_to
from opencsc.access.relatives import change_relative, shown_name, work_decisions
from opencsc.access.search import search_for
from opencsc.access.services import tell_other_teams_of_a_link
from opencsc.casework.selectors import adoption_order_date
from opencsc.recording.chronology import EVENT_KINDS, chronology
from opencsc.staff.stepping import changed
from opencsc.web.step_pages import step_page

from . import forms, selectors, services
from .genogram import draw as draw_genogram
from .genogram import listed as list_genogram
from .models import Address, Person, ProfessionalAroundChild, Relationship
from .selectors import exact_name_and_dob


def find_child(request):
    query = request.GET.get("q", "").strip()
    results = adults = None
    if "q" in request.GET:
        results, adults = search_for(request.user, query)
        record_access(request.user, None, "search", detail=f"{query} ({len(results)} children, {len(adults)} adults)",
                      request=request)
        offer_break_glass(request, [r.person.pk for r in results]
                          + [child.pk for adult in adults for child, tier, _ in adult.children if tier == "identity"])
    return render(request, "people/find_child.html", {"query": query, "results": results, "adults": adults})








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
    entries = RecordAccess.objects.filter(person=child).select_related("user__professional")
    # Every entry, a page at a time, between the dates asked for (second walk, item 10: it stopped at 200).
    since, until = _iso_day(request.GET.get("from")), _iso_day(request.GET.get("to"))
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    page = Paginator(entries.order_by("-at", "-pk"), RECORD_VIEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "people/record_views.html", {"child": child, "entries": page, "page": page, "since": since,
                                                        "until": until})


RECORD_VIEWS_PER_PAGE = 100


def _iso_day(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def my_activity(request):

    entries = list(RecordAccess.objects.filter(user=request.user).select_related("person")[:100])
    hidden = is_restricted_from(request.user, {e.person_id for e in entries if e.person_id})
    for entry in entries:
        setattr(entry, "name_hidden", entry.person_id in hidden)  # noqa: B010 - for the page
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

    return step_page(request, child, form_class=forms.DetailsForm, key="details", title="Change the child's details",
                 button="Save the details", save=save, initial=initial, edits=lambda lock: services.lock_person(child, lock),
                 template="people/details_form.html",
                 extra={"history": selectors.detail_history(child), "adopted_on": adopted_on, "me": me})


def address_new(request, pk):
    child = _file_child(request, pk, "new address")
    family = [m for m in selectors.family_members(child) if not m.ended and m.relationship is not None]
    # Only relatives this user may work on can move with the child: a link is not a key to their record.
    workable = work_decisions(request.user, [m.person for m in family])
    family = [m for m in family if workable[m.person.pk].allowed and not workable[m.person.pk].via_break_glass]
    choices = [(str(m.person.pk), f"{m.person.full_name} ({m.label.lower()})") for m in family]

    def save(data, me):
        movers = [child] + [m.person for m in family if str(m.person.pk) in (data.get("household") or [])]
        for mover in movers[1:]:
            changed(mover, f"moved with {child.la_child_id} to a new address", why=workable[mover.pk].reason)
        services.move_household(movers, line_1=data["line_1"], line_2=data["line_2"], town=data["town"], postcode=data["postcode"],
                                start_date=data["start_date"], confidential=data["confidential"], recorded_for=child)
        return f"Address saved for {', '.join(p.full_name for p in movers)}"

    current = [a for a in child.addresses.all() if a.end_date is None]
    return step_page(request, child, form_class=forms.AddressForm, key="address", title="A new address", button="Save the address",
                 save=save, form_kwargs={"household_choices": choices},
                 known=[("Current address", f"{a.one_line} (since {a.start_date:%-d %B %Y})") for a in current],
                 extra={"fix_dates": reverse("people:address-dates", args=[child.pk, current[0].pk]) if current else ""})


def address_end(request, pk, address_pk):
    child = _file_child(request, pk, "end an address")
    address = get_object_or_404(Address, pk=address_pk, person=child)

    def save(data, me):
        services.end_address(address, data["end_date"])
        return "Address ended"

    return step_page(request, child, form_class=forms.EndAddressForm, key=f"address-end-{address.pk}", title="Record that they left this address",
                 button="Save", save=save, known=[("Address", address.one_line)],
                 edits=lambda lock: Address.objects.select_for_update().get(pk=address.pk) if lock else address)


def address_dates(request, pk, address_pk):
    """Correct when the child lived at an address, keeping what it said before (second walk, item 6)."""
    child = _file_child(request, pk, "correct an address's dates")
    address = get_object_or_404(Address, pk=address_pk, person=child)

    def save(data, me):
        services.correct_address_dates(address, start_date=data["start_date"], end_date=data["end_date"], reason=data["reason"], by=me)
        return "Address dates corrected (what they said before is kept)"

    history = [(f"Corrected {c.corrected_at:%-d %b %Y}", f"{c.old_start_date:%-d %b %Y} to "
                f"{c.old_end_date.strftime('%-d %b %Y') if c.old_end_date else 'now'}: {c.reason}")
               for c in address.date_corrections.all()]
    return step_page(request, child, form_class=forms.AddressDatesForm, key=f"address-dates-{address.pk}",
                 title="Correct the dates at this address", button="Save the corrected dates", save=save,
                 initial={"start_date": address.start_date, "end_date": address.end_date},
                 known=[("Address", address.one_line), *history],
                 edits=lambda lock: Address.objects.select_for_update().get(pk=address.pk) if lock else address)


def relationship_new(request, pk):
    child = _file_child(request, pk, "add a family member")

    def save(data, me):
        relative = _relative_from(data, request.user)
        link = services.link_relative(child, relative, data["relationship"], parental_responsibility=data["parental_responsibility"],
                                      pr_basis=data["pr_basis"], pr_start_date=data.get("pr_start_date"),
                                      lives_with=data["lives_with"], start_date=data.get("start_date"), by=me)
        tell_other_teams_of_a_link(request.user, child, relative, link.get_relationship_display(), client_ip(request))
        name = shown_name(request.user, relative)  # a restricted record is never named, even to the one who linked it
        return f"{name[0].upper()}{name[1:]} added as {link.get_relationship_display().lower()}"

    return step_page(request, child, form_class=forms.RelationshipForm, key="relationship", title="Add a family member or significant person",
                 button="Add them", save=save)


def _relative_from(data, user) -> Person:
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
        known, unnamed = _offered_duplicates(user, data)
        if known or unnamed:
            listed = "; ".join(f"{p.full_name} ({p.la_child_id or f'P{p.pk}'}{', born ' + date_format(p.date_of_birth, 'j M Y') if p.date_of_birth else ''})"
                               for p in known)
            more = (f"{unnamed} other {'person' if unnamed == 1 else 'people'} with a similar name {'is' if unnamed == 1 else 'are'} "
                    "known to other teams: if it may be one of them, ask the team that works with them for their person number. "
                    if unnamed else "")
            raise ValidationError({"confirmed_not_duplicate": (f"People already known have a similar name: {listed}. " if known else "")
                                   + more + "Enter the local ID or person number (P…) of the one it is, or tick 'This is a new "
                                   "person' to add them"})
    kind = Person.Kind.CHILD if data.get("is_child") else Person.Kind.ADULT
    if kind == Person.Kind.CHILD and not data.get("date_of_birth"):
        raise ValidationError({"date_of_birth": "Enter the child's date of birth"})
    return services.create_person(kind=kind, first_name=data.get("first_name", ""), last_name=data["last_name"],
                                  date_of_birth=data.get("date_of_birth"), sex=data.get("sex", ""))


def _offered_duplicates(user, data) -> tuple[list[Person], int]:
    """The people already known who may be this one, as search would offer them to this user: a child at
    the identity tier, a restricted record only on its exact name and date of birth, an adult only when
    linked to a child this user may work on, or to no child at all. The rest are counted, never named."""
    found = selectors.possible_same_people(data.get("first_name", ""), data["last_name"], data.get("date_of_birth"))
    restricted = is_restricted_from(user, {p.pk for p in found})
    adults = [p for p in found if p.kind != Person.Kind.CHILD]
    workable = work_decisions(user, adults)
    linked = set(Relationship.objects.filter(person__in=adults).values_list("person_id", flat=True)) | set(
        Relationship.objects.filter(relative__in=adults).values_list("relative_id", flat=True))
    typed = f"{data.get('first_name', '')} {data['last_name']} {date_format(data['date_of_birth'], 'd/m/Y') if data.get('date_of_birth') else ''}"
    offered, unnamed = [], 0
    for person in found:
        if person.pk in restricted:
            if exact_name_and_dob(person, typed):
                offered.append(person)
        elif person.kind == Person.Kind.CHILD or workable[person.pk].allowed or person.pk not in linked:
            offered.append(person)
        else:
            unnamed += 1
    return offered, unnamed


def relationship_edit(request, pk, relationship_pk):
    child = _file_child(request, pk, "change a relationship")
    link = get_object_or_404(Relationship.objects.select_related("relative"), pk=relationship_pk, person=child)

    def save(data, me):
        services.change_relationship(link, parental_responsibility=data["parental_responsibility"], pr_basis=data["pr_basis"],
                                     pr_end_date=data.get("pr_end_date"), lives_with=data["lives_with"], end_date=data.get("end_date"))
        return f"{link.relative.full_name}'s relationship saved"

    initial = {"parental_responsibility": link.parental_responsibility, "pr_basis": link.pr_basis, "pr_end_date": link.pr_end_date,
               "lives_with": link.lives_with, "end_date": link.end_date}
    return step_page(request, child, form_class=forms.EndRelationshipForm, key=f"relationship-{link.pk}",
                 title=f"{shown_name(request.user, link.relative)}: {link.get_relationship_display().lower()}", button="Save", save=save,
                 initial=initial, edits=lambda lock: Relationship.objects.select_for_update().get(pk=link.pk) if lock else link)


def professional_new(request, pk):
    child = _file_child(request, pk, "add a professional")

    def save(data, me):
        services.add_professional_around(child, name=data["name"], agency=data["agency"], role=data["role"], contact=data["contact"],
                                         start_date=data.get("start_date"))
        return f"{data['name']} ({data['agency']}) added"

    return step_page(request, child, form_class=forms.ProfessionalAroundForm, key="professional", title="Add a professional around the child",
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
    # The relative's own fact: the gate for **that** person decides (and audits a refusal on their trail).
    if not work_decisions(request.user, [relative])[relative.pk].allowed:
        change_relative(request, relative, "a new address", lambda: None)  # refuses, audited

    def save(data, me):
        change_relative(request, relative, f"new address (recorded from {child.la_child_id})", lambda: services.add_address(
            relative, line_1=data["line_1"], line_2=data["line_2"], town=data["town"], postcode=data["postcode"],
            start_date=data["start_date"], confidential=data["confidential"], recorded_for=child))
        return f"Address saved for {relative.full_name}"

    return step_page(request, child, form_class=forms.AddressForm, key=f"relative-address-{link.pk}",
                 title=f"A new address for {relative.full_name}", button="Save the address", save=save)


def professional_end(request, pk, professional_pk):
    child = _file_child(request, pk, "a professional stops working with the child")
    link = get_object_or_404(ProfessionalAroundChild, pk=professional_pk, person=child)

    def save(data, me):
        services.end_professional_around(link, data["end_date"])
        return f"{link.name} ({link.agency}) no longer listed"

    return step_page(request, child, form_class=forms.EndProfessionalForm, key=f"professional-end-{link.pk}",
                 title=f"{link.name} stops working with the child", button="Save", save=save,
                 known=[("Professional", f"{link.name}, {link.role} ({link.agency})")],
                 edits=lambda lock: ProfessionalAroundChild.objects.select_for_update().get(pk=link.pk) if lock else link)
