from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from opencsc import versions
from opencsc.access import policy
from opencsc.access.gate import change_record, open_child, require
from opencsc.access.policy import can_read, is_restricted_from
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.people.selectors import likely_duplicates
from opencsc.recording.services import discard_draft, mark_submitted
from opencsc.staff.models import NO_STATUTORY_STEPS
from opencsc.web.forms import aware, copy_service_errors
from opencsc.web.step_pages import form_with_draft, save_step, warn_census_errors

from . import services, steps
from .forms import ContactCorrectionForm, ContactDecisionForm, ContactForm, ContactUrgencyForm
from .models import Authorisation, Contact
from .selectors import waiting_contacts

PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "expected_date_of_birth", "sex")
CONTACT_FIELDS = ("source", "reason", "consent", "consent_not_sought_reason", "details", "referrer_name",
                  "referrer_organisation", "referrer_confidential", "urgency")


def contact_new(request):
    require(request, "records_casework", "record a contact")
    child = None
    if request.GET.get("child"):
        child = open_child(request, request.GET["child"], "contact form")
    form_key = f"contact:{child.pk if child else 'new'}"
    form_class = lambda *a, **k: ContactForm(*a, child=child, **k)  # noqa: E731
    form, restored = form_with_draft(request, form_class, form_key, initial={"received_date": timezone.localdate()})
    me = getattr(request.user, "professional", None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        already = data["submission_id"] and Contact.objects.filter(submission_id=data["submission_id"]).first()
        if already:  # the same form sent twice: show what the first one saved
            return redirect("casework:contact-decide", pk=already.pk)
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
        def record():
            subject = child or existing
            if subject is None:
                subject = people.create_person(kind=Person.Kind.CHILD, **{k: data[k] for k in PERSON_FIELDS})
                if data.get("address_line_1"):  # where the child lives, as the referrer said (from the day received)
                    people.add_address(subject, line_1=data["address_line_1"], town=data["address_town"], postcode=data["address_postcode"],
                                       start_date=data["received_date"], confidential=data["address_confidential"])
            mark_submitted(data["submission_id"], form_key)  # its draft ends here, whatever autosave arrives late
            return services.record_contact(subject, received_at=aware(data["received_date"], data["received_time"]),
                                           recorded_by=me, submission_id=data["submission_id"], **{k: data[k] for k in CONTACT_FIELDS})

        try:
            # A match gives only what a new contact gives (never a held child's record): say who made it.
            contact = change_record(request, None, "contact recorded" + (
                f"; matched by {request.user.username} to this existing record" if existing else ""), record)
            subject = contact.child
        except ValidationError as error:
            copy_service_errors(form, error)
        else:
            discard_draft(request.user, form_key)
            if not can_read(request.user, subject):
                # Anyone may pass a concern on; the decision is the front door's, or the holding team's.
                held = services.holding_allocation(subject)
                messages.success(request, f"Contact recorded for {subject.la_child_id or 'the child'} and sent to "
                                          + (f"{held.team.name}, who hold the case" if held and held.team else "the front door"))
                return redirect("web:front-door" if policy.works_front_door(request.user) else "people:home")
            messages.success(request, f"Contact recorded for {subject.full_name}")
            return redirect("casework:contact-decide", pk=contact.pk)
    if restored:
        form.errors.clear()
    return render(request, "casework/contact_form.html",
                  {"form": form, "child": child, "restored": restored, "form_key": form_key})


def contact_decide(request, pk):
    contact = get_object_or_404(Contact, pk=pk)
    role = policy.role_of(request.user)
    child = open_child(request, contact.child_id, "contact decision", needs="records_casework", for_work=True,
                       refusal="a contact is decided by the front door or a case-holding role"
                       if role is not None and role.code in NO_STATUTORY_STEPS else "")
    # A decision a manager returned is decided again here, by whoever must act on it.
    returned = (Authorisation.objects.filter(kind=services.Kind.CONTACT_DECISION, contact=contact, decision="returned")
                .select_related("decided_by").first() if contact.outcome else None)
    if contact.outcome and returned is None:
        messages.success(request, f"A decision was already recorded: {contact.get_outcome_display().lower()}")
        return redirect("web:child-record", pk=child.pk)
    again = {"outcome": contact.outcome, "need_level": contact.need_level, "rationale": contact.decision_rationale} if returned else {}
    form = ContactDecisionForm(request.POST or None, initial={"decision_date": timezone.localdate(),
                                                              "version": versions.token(contact), **again})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided_at = timezone.now() if data["decision_date"] == timezone.localdate() else aware(data["decision_date"], "17:00")
        me = getattr(request.user, "professional", None)

        def decide():
            versions.check(data["version"], Contact.objects.select_for_update().get(pk=contact.pk))
            return steps.decide_a_contact(contact, outcome=data["outcome"], decided_at=decided_at, by=me,
                                          primary_need=data["primary_need"], rationale=data["rationale"],
                                          need_level=data["need_level"], checks=form.checks(), again=bool(returned))

        saved = save_step(request, child, form, "contact decision", decide)
        if saved is not None:
            messages.success(request, "Referral opened" if saved.value else "Decision recorded")
            warn_census_errors(request, child)
            if not can_read(request.user, child):  # the front door's part is done: back to the queue
                return redirect("web:front-door")
            return redirect("web:child-record", pk=child.pk)
    waiting = waiting_contacts([contact], timezone.localdate())[0]
    return render(request, "casework/contact_decide.html", {"form": form, "contact": contact, "child": child, "waiting": waiting,
                                                            "returned": returned})








def contact_urgency(request, pk):
    """Change how urgent a waiting contact is: whoever may decide it, with a reason; who and when are kept."""
    contact = get_object_or_404(Contact.objects.select_related("urgency_decided_by"), pk=pk)
    role = policy.role_of(request.user)
    child = open_child(request, contact.child_id, "contact urgency", needs="records_casework", for_work=True,
                       refusal="a contact's urgency is set by the front door or a case-holding role"
                       if role is not None and role.code in NO_STATUTORY_STEPS else "")
    if contact.outcome:
        messages.success(request, f"A decision was already recorded: {contact.get_outcome_display().lower()}")
        if policy.works_front_door(request.user):
            return redirect("web:front-door")
        return redirect("web:child-record", pk=child.pk)
    form = ContactUrgencyForm(request.POST or None, initial={"urgency": contact.urgency, "version": versions.token(contact)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        me = getattr(request.user, "professional", None)

        def change():
            versions.check(data["version"], Contact.objects.select_for_update().get(pk=contact.pk))
            return services.set_contact_urgency(contact, urgency=data["urgency"], decided_by=me, reason=data["reason"])

        saved = save_step(request, child, form, f"contact {contact.pk} urgency set", change)
        if saved is not None:
            messages.success(request, f"Urgency now: {saved.value.urgency_label}")
            return redirect("web:front-door" if policy.works_front_door(request.user) else "casework:contact-decide",
                            **({} if policy.works_front_door(request.user) else {"pk": contact.pk}))
    return render(request, "casework/contact_urgency.html", {"form": form, "contact": contact, "child": child})


def contact_correct(request, pk):
    """Correct a contact: until it is decided, whoever may record on it; then only a manager, with a reason."""
    contact = get_object_or_404(Contact, pk=pk)
    decided = bool(contact.outcome)
    manager = policy.can(request.user, "manages_team")
    child = open_child(request, contact.child_id, "correct a contact", needs="records_casework", for_work=True,
                       refusal="a decided contact is corrected only by a manager" if decided and not manager else "")
    local = timezone.localtime(contact.received_at)
    initial = {name: getattr(contact, name) for name in services.CORRECTABLE_CONTACT_FIELDS if name != "received_at"}
    form = ContactCorrectionForm(request.POST or None, initial={**initial, "received_date": local.date(),
                                                               "received_time": f"{local:%H:%M}", "version": versions.token(contact)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data[name] for name in services.CORRECTABLE_CONTACT_FIELDS if name != "received_at"}
        values["received_at"] = aware(data["received_date"], data["received_time"] or f"{local:%H:%M}")
        me = getattr(request.user, "professional", None)

        def correct():
            versions.check(data["version"], Contact.objects.select_for_update().get(pk=contact.pk))
            return services.correct_contact(contact, values, by=me, reason=data["correction_reason"], by_manager=manager)

        saved = save_step(request, child, form, lambda made: f"contact {contact.pk} corrected: {', '.join(c.field for c in made)}",
                          correct)
        if saved is not None:
            messages.success(request, f"Contact corrected: {', '.join(c.field.replace('_', ' ') for c in saved.value)}")
            return redirect("casework:contact-decide" if not decided else "web:child-record", pk=contact.pk if not decided else child.pk)
    return render(request, "casework/contact_correct.html", {"form": form, "contact": contact, "child": child, "decided": decided,
                                                             "corrections": contact.corrections.select_related("corrected_by")})
