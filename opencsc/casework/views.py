from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from opencsc import versions
from opencsc.access import policy
from opencsc.access.gate import open_for_work, record_access, record_change, require
from opencsc.access.policy import can_read, is_restricted_from, name_for_lists
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.people.selectors import likely_duplicates
from opencsc.recording.services import discard_draft
from opencsc.recording.views import form_with_draft
from opencsc.returns.selectors import cin_findings_for_child
from opencsc.web.forms import aware, copy_service_errors

from . import services
from .forms import ContactDecisionForm, ContactForm
from .models import Allocation, Contact

PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "expected_date_of_birth", "sex")
CONTACT_FIELDS = ("source", "reason", "consent", "consent_not_sought_reason", "details", "referrer_name",
                  "referrer_organisation", "referrer_confidential")


def contact_new(request):
    require(request, "records_casework", "record a contact")
    child = None
    if request.GET.get("child"):
        child = get_object_or_404(Person, pk=request.GET["child"], kind=Person.Kind.CHILD)
        record_access(request.user, child, "view", detail="contact form", request=request)
    form_key = f"contact:{child.pk if child else 'new'}"
    form_class = lambda *a, **k: ContactForm(*a, child=child, **k)  # noqa: E731
    form, restored = form_with_draft(request, form_class, form_key, initial={"received_date": timezone.localdate()})
    me = getattr(request.user, "professional", None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        already = data["submission_id"] and Contact.objects.filter(submission_id=data["submission_id"]).first()
        if already:  # the same form sent twice: show what the first one saved
            return redirect("contact-decide", pk=already.pk)
        existing = None
        if child is None:
            candidates = likely_duplicates(data["first_name"], data["last_name"], data["date_of_birth"])
            hidden = is_restricted_from(request.user, [c.pk for c in candidates])
            candidates = [c for c in candidates if c.pk not in hidden]  # a restricted record is never offered
            chosen = data.get("match", "")
            existing = next((c for c in candidates if str(c.pk) == chosen), None)
            if candidates and chosen != "new" and existing is None:
                # Show who this may be before anyone new is created.
                return render(request, "casework/contact_form.html",
                              {"form": form, "child": None, "candidates": candidates, "form_key": form_key})
        try:
            with transaction.atomic():
                subject = child or existing or people.create_person(kind=Person.Kind.CHILD,
                                                                    **{k: data[k] for k in PERSON_FIELDS})
                contact = services.record_contact(
                    subject, received_at=aware(data["received_date"], data["received_time"]), recorded_by=me,
                    submission_id=data["submission_id"], **{k: data[k] for k in CONTACT_FIELDS})
                # A match gives only what a new contact gives (never a held child's record): say who made it.
                record_change(request.user, subject, "contact recorded" + (
                    f"; matched by {request.user.username} to this existing record" if existing else ""), request=request)
        except ValidationError as error:
            copy_service_errors(form, error)
        else:
            discard_draft(request.user, form_key)
            if not can_read(request.user, subject):
                # Anyone may pass a concern on; the decision is the front door's, or the holding team's.
                held = services.holding_allocation(subject)
                messages.success(request, f"Contact recorded for {subject.la_child_id or 'the child'} and sent to "
                                          + (f"{held.team.name}, who hold the case" if held and held.team else "the front door"))
                return redirect("front-door" if policy.works_front_door(request.user) else "home")
            messages.success(request, f"Contact recorded for {subject.full_name}")
            return redirect("contact-decide", pk=contact.pk)
    if restored:
        form.errors.clear()
    return render(request, "casework/contact_form.html",
                  {"form": form, "child": child, "restored": restored, "form_key": form_key})


def warn_census_errors(request, child):
    """Saved, and told at once what the census will say about it, while it can still be fixed."""
    _, findings = cin_findings_for_child(child)
    errors = [f for f in findings if not f.is_query]
    if errors:
        listed = "; ".join(f"{f.message} ({f.code}, {f.where})" for f in errors[:3])
        messages.warning(request, f"Saved, but the CIN census will report {len(errors)} error{'s' if len(errors) > 1 else ''}: "
                                  f"{listed}. See Data to fix on the record.")


def contact_decide(request, pk):
    contact = get_object_or_404(Contact.objects.select_related("child"), pk=pk)
    child = contact.child
    open_for_work(request, child, "contact decision")
    require(request, "records_casework", "decide a contact")
    if contact.outcome:
        messages.success(request, f"A decision was already recorded: {contact.get_outcome_display().lower()}")
        return redirect("child-record", pk=child.pk)
    form = ContactDecisionForm(request.POST or None, initial={"decision_date": timezone.localdate(),
                                                              "version": versions.token(contact)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided_at = timezone.now() if data["decision_date"] == timezone.localdate() else aware(data["decision_date"], "17:00")
        try:
            with transaction.atomic():
                versions.check(data["version"], Contact.objects.select_for_update().get(pk=contact.pk))
                me = getattr(request.user, "professional", None)
                referral = services.decide_contact(contact, outcome=data["outcome"], decided_at=decided_at,
                                                   decided_by=me, primary_need=data["primary_need"])
                services.request_authorisation(child, services.Kind.CONTACT_DECISION, contact, requested_by=me,
                                               summary=f"Contact decision: {contact.get_outcome_display().lower()}")
                record_change(request.user, child, "contact decision", request=request)
        except ValidationError as error:
            copy_service_errors(form, error)
        except versions.Stale as stale:
            form.mark_stale(stale)
        else:
            messages.success(request, "Referral opened" if referral else "Decision recorded")
            warn_census_errors(request, child)
            if not can_read(request.user, child):  # the front door's part is done: back to the queue
                return redirect("front-door")
            return redirect("child-record", pk=child.pk)
    return render(request, "casework/contact_decide.html", {"form": form, "contact": contact, "child": child})


def my_work(request):
    from django.utils import timezone as tz

    from .selectors import my_work as read_my_work

    me = getattr(request.user, "professional", None)
    children, groups, next_due = read_my_work(me) if me else ([], {"overdue": [], "this week": [], "coming up": []}, {})
    name_for_lists(request.user, list(children) + [child for items in groups.values() for child, _ in items])
    from .journey import action_url, waiting_for
    from .models import Authorisation

    groups = {key: [(child, item, action_url(item, request.path)) for child, item in items] for key, items in groups.items()}
    to_authorise = list(waiting_for(me)) if me and me.role.manages_team else []
    returned = list(Authorisation.objects.filter(requested_by=me, decision="returned").select_related("child")) if me else []
    name_for_lists(request.user, [r.child for r in to_authorise + returned])
    waiting = []
    if me and me.role.manages_team:
        from .selectors import referrals_awaiting_allocation, takes_referrals

        waiting = referrals_awaiting_allocation() if takes_referrals(me.team) else []
    return render(request, "casework/my_work.html", {
        "to_authorise": to_authorise, "returned": returned, "waiting_referrals": len(waiting),
        "waiting_overdue": sum(1 for w in waiting if w.overdue),
        "children": [(c, next_due.get(c.pk)) for c in children], "groups": groups, "today": tz.localdate(),
        "sections": [("overdue", "Overdue"), ("this week", "Due this week"), ("coming up", "Coming up (next 4 weeks, and work in progress)")],
    })


def front_door(request):
    from .selectors import front_door_queue, referrals_awaiting_allocation

    require(request, "front_door", "the front door queue")
    queue = front_door_queue()
    accepted = referrals_awaiting_allocation()  # still the front door's until a team takes them
    hidden = is_restricted_from(request.user, {w.contact.child_id for w in queue} | {w.child.pk for w in accepted})
    for waiting in queue:
        waiting.name_hidden = waiting.contact.child_id in hidden
    for waiting in accepted:
        waiting.name_hidden = waiting.child.pk in hidden
    return render(request, "casework/front_door.html", {"queue": queue, "overdue": sum(1 for w in queue if w.overdue),
                                                        "waiting": accepted})


def team(request):
    from opencsc.access.models import Professional

    from .forms import ReallocateForm, TakeReferralForm
    from .selectors import STATUS_LABELS, caseload_weights, referrals_awaiting_allocation, takes_referrals, team_caseloads

    require(request, "manages_team", "the team page")
    me = request.user.professional
    if me.team is None:
        return render(request, "casework/team.html", {"no_team": True})
    loads = team_caseloads(me.team)
    children = sorted({c for load in loads for c in load.children}, key=lambda c: c.full_name)
    # Only teams that take referrals see those waiting (with their need): others have no need to know.
    waiting = referrals_awaiting_allocation() if takes_referrals(me.team) else []
    name_for_lists(request.user, children + [w.child for w in waiting])
    workers = list(Professional.objects.filter(team=me.team).order_by("name"))
    taking = request.method == "POST" and request.POST.get("take-action") == "take"
    def allocations(lock=False):  # the team's allocations as the page showed them (a reallocation form's version)
        held = Allocation.objects.filter(team=me.team, kind="social_worker", end_date__isnull=True).order_by("pk")
        return list(held.select_for_update() if lock else held)

    form = ReallocateForm(request.POST if request.method == "POST" and not taking else None, children=children, workers=workers,
                          initial={"version": versions.token(*allocations())})
    take_form = TakeReferralForm(request.POST if taking else None, waiting=waiting, workers=workers)
    if taking and take_form.is_valid():
        found = next(w for w in waiting if w.referral.pk == take_form.cleaned_data["referral"])
        worker = next(w for w in workers if w.pk == take_form.cleaned_data["worker"])
        try:
            with transaction.atomic():
                services.take_referral(found.referral, team=me.team, worker=worker, on=timezone.localdate())
                record_change(request.user, found.child, f"referral taken into {me.team.name}, allocated to {worker.name}",
                              request=request)
        except ValidationError as error:
            copy_service_errors(take_form, error)
        else:
            messages.success(request, f"{found.child.shown_name} is now with {me.team.name}, allocated to {worker.name}")
            return redirect("team")
    elif request.method == "POST" and not taking and form.is_valid():
        child = next(c for c in children if c.pk == form.cleaned_data["child"])
        worker = next(w for w in workers if w.pk == form.cleaned_data["worker"])
        try:
            with transaction.atomic():
                versions.check(form.cleaned_data["version"], *allocations(lock=True))
                services.allocate(child, worker=worker, team=me.team, start_date=timezone.localdate(),
                                  reason=form.cleaned_data["reason"])
                record_change(request.user, child, f"reallocated to {worker.name}", request=request)
        except ValidationError as error:
            copy_service_errors(form, error)
        except versions.Stale as stale:
            form.mark_stale(stale)
        else:
            messages.success(request, f"{child.full_name} is now allocated to {worker.name}")
            return redirect("team")
    return render(request, "casework/team.html", {"team": me.team, "loads": loads, "form": form, "take_form": take_form,
                                                  "waiting": waiting, "takes_referrals": takes_referrals(me.team),
                                                  "weights": [(STATUS_LABELS[k], v) for k, v in caseload_weights().items()]})
