from dataclasses import replace
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from opencsc.access import policy
from opencsc.access.gate import change_record, open_child, refuse, require
from opencsc.access.policy import can
from opencsc.access.relatives import address_visible
from opencsc.casework.selectors import current_allocations
from opencsc.staff.models import NO_STATUTORY_STEPS, Professional
from opencsc.web.forms import VersionedForm, copy_service_errors
from opencsc.web.step_pages import form_with_draft, save_step

from . import documents, services
from .forms import CaseNoteEditForm, CaseNoteForm, DocumentForm, LetterForm, LetterTemplateForm
from .models import CaseNote, Document, LetterTemplateVersion


def case_note_new(request, pk):
    child = open_child(request, pk, "case note form", needs="records_casework")
    form_key = f"case-note:{child.pk}"
    role = policy.role_of(request.user)
    administrative = role is not None and role.code in NO_STATUTORY_STEPS  # business support: administrative notes
    factory = lambda *a, **k: CaseNoteForm(*a, administrative_only=administrative, **k)  # noqa: E731
    form, restored = form_with_draft(request, factory, form_key, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if save_step(request, child, form, "case note added", lambda: services.add_case_note(
                child, author=getattr(request.user, "professional", None), **form.cleaned_data)):
            services.discard_draft(request.user, form_key)
            messages.success(request, "Case note added")
            return redirect("web:child-record", pk=child.pk)
    if restored:
        form.errors.clear()  # a restored draft is work in progress, not a failed submission
    return render(request, "recording/case_note_form.html",
                  {"form": form, "child": child, "restored": restored, "form_key": form_key})


@require_POST
def save_draft(request, form_key):
    try:
        draft = services.save_draft(request.user, form_key, dict(request.POST.lists()))
    except services.AlreadySubmitted:
        return JsonResponse({"saved": False, "submitted": True,
                             "error": "this form has already been saved, so there is nothing more to keep"}, status=409)
    except ValidationError as error:
        return JsonResponse({"saved": False, "error": error.messages[0]}, status=400)
    return JsonResponse({"saved": True, "at": draft.updated_at.isoformat()})


@require_POST
def discard_draft(request, form_key):
    from django.utils.http import url_has_allowed_host_and_scheme

    services.discard_draft(request.user, form_key)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "people:home"  # never off-site
    return redirect(target)


def _note_for_author_or_manager(request, pk, note_pk, action: str):
    """The child and the note, once the gate has let this user open the record (audited) and they are
    the note's author or a manager; refused otherwise. Also says whether they are the author."""
    note = get_object_or_404(CaseNote.objects.select_related("author"), pk=note_pk, child_id=pk)
    is_author = note.author is not None and note.author.user_id == request.user.pk
    named = set(note.restricted_to.values_list("pk", flat=True))
    refusal = ""
    if not (is_author or can(request.user, "manages_team")):
        refusal = f"only its author or a manager may {action} a case note"
    elif named and not is_author and request.user.pk not in named:
        refusal = "restricted note: only its author and the people named on it"
    child = open_child(request, pk, f"case note {note.pk} {action} form", needs="records_casework", for_work=True,
                       refusal=refusal)
    return child, note, is_author


def case_note_edit(request, pk, note_pk):
    """Edit a case note (its author, or a manager). If someone else saved it meanwhile, the save is
    refused and both versions are shown; what this person typed stays in the form."""
    child, note, _ = _note_for_author_or_manager(request, pk, note_pk, "edit")
    initial = {field: getattr(note, field) for field in services.EDITABLE} | {"version": note.version}
    form = CaseNoteEditForm(request.POST or None, initial=initial)
    theirs = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_record(request, child, f"case note {note.pk} edited", lambda: services.edit_case_note(
                note, expected_version=data["version"], **{field: data[field] for field in services.EDITABLE}))
        except ValidationError as error:
            copy_service_errors(form, error)
        except services.EditConflict as conflict:
            theirs = conflict.current
            posted = request.POST.copy()
            posted["version"] = theirs.version  # saving again (after reading theirs) is a deliberate choice
            form = CaseNoteEditForm(posted)
            form.is_valid()
        else:
            messages.success(request, "Case note updated")
            return redirect("web:child-record", pk=child.pk)
    return render(request, "recording/case_note_edit.html", {"form": form, "child": child, "note": note, "theirs": theirs})


class RestrictToNamedForm(VersionedForm):
    named = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, noun: str, verb: str, owner_words: str, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        named = self.fields["named"]
        assert isinstance(named, forms.MultipleChoiceField)
        named.label = f"Who else may {verb} this {noun}"
        named.help_text = (f"{owner_words.capitalize()} always may. Leave everyone unticked to lift the restriction: then everyone "
                           f"who may open the record may {verb} it (sensitive {noun}s stay hidden from business support).")
        named.choices = [(str(p.user_id), f"{p.name} ({p.role})") for p in colleagues]


def _restrict_to_named(request, child, item, *, owner, owner_words: str, is_owner: bool, noun: str, verb: str, about: list, back: str):
    """The page that restricts a case note or a document to named people (its owner or a manager):
    for what only some may know, without restricting the whole record."""
    me = request.user.professional
    colleagues = (Professional.objects.filter(team_id__in=policy.teams_of(me)).exclude(user=None)
                  .exclude(user=owner.user if owner else None).select_related("user", "role"))
    current = [str(pk) for pk in item.restricted_to.values_list("pk", flat=True)]
    form = RestrictToNamedForm(request.POST if request.method == "POST" else None, noun=noun, verb=verb, owner_words=owner_words,
                               colleagues=colleagues, initial={"named": current, "version": services.restriction_state(item)})
    if request.method == "POST" and form.is_valid():
        users = list(get_user_model().objects.filter(pk__in=form.cleaned_data["named"]))
        if not is_owner and users:
            users.append(request.user)  # a manager who restricts it stays able to see it
        if save_step(request, child, form, f"{noun} {item.pk} restricted to {len(users)} named" if users
                     else f"{noun} {item.pk} restriction lifted",
                     lambda: services.restrict_to_named(item, named_users=users, expected_version=form.cleaned_data["version"])):
            messages.success(request, f"The {noun} is restricted to {owner_words} and {len(users)} named "
                                      f"{'person' if len(users) == 1 else 'people'}" if users else f"The {noun}'s restriction is lifted")
            return redirect(back)
    return render(request, "recording/restrict_to_named.html", {"form": form, "child": child, "noun": noun, "verb": verb,
                                                                "about": about, "restricted": bool(current)})


def case_note_restrict(request, pk, note_pk):
    """Restrict one case note to named people (its author, or a manager): for a disclosure about a family member, say."""
    child, note, is_author = _note_for_author_or_manager(request, pk, note_pk, "restrict")
    return _restrict_to_named(request, child, note, owner=note.author, owner_words="its author", is_owner=is_author, noun="case note", verb="read",
                              about=[("Note", f"{note.subject} ({note.date:%-d %b %Y})"),
                                     ("Written by", note.author.name if note.author else "Not recorded")],
                              back=reverse("web:child-record", args=[child.pk]))


# ---- documents and letters ------------------------------------------------------------------------


def document_new(request, pk):
    child = open_child(request, pk, "upload a document", needs="records_casework", for_work=True)
    form = DocumentForm(request.POST or None, request.FILES or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:  # refused on its size, never read into memory
            form.add_error("file", f"The file is larger than {settings.DOCUMENT_MAX_BYTES >> 20} MB: choose a smaller one")
            return render(request, "recording/document_form.html", {"form": form, "child": child})
        saved = save_step(request, child, form, lambda d: f"document added: {d.title}", lambda: documents.add_document(
            child, data=upload.read(), original_name=upload.name, title=data["title"], kind=data["kind"], date=data["date"],
            sensitive=data["sensitive"], by=getattr(request.user, "professional", None), submission_id=data["submission_id"]))
        if saved is not None:
            messages.success(request, "Document: already saved" if saved.again else f"Document saved: {saved.value.title}")
            return redirect(f"{reverse('web:child-record', args=[child.pk])}#documents")
    return render(request, "recording/document_form.html", {"form": form, "child": child})


def document_open(request, pk, document_pk):
    """The file, through the gate: audited, as an attachment, never sniffed by the browser."""
    child = open_child(request, pk, f"document {document_pk}", action="download")
    document = policy.documents_visible_to(request.user, Document.objects.filter(child=child, pk=document_pk)).first()
    if document is None:
        refuse(request, child, f"document {document_pk}", "the document is sensitive or restricted to named people")
    try:
        data = documents.read_document(document)
    except (documents.Tampered, FileNotFoundError):
        return render(request, "recording/document_missing.html", {"child": child, "document": document}, status=410)
    response = HttpResponse(data, content_type=document.content_type)
    extension = document.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{child.la_child_id}_{document.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


def letters(request, pk):
    """Choose a letter; it is filled from the record for each person with parental responsibility,
    each at their own address, for the worker to review and produce."""
    child = open_child(request, pk, "letters", needs="records_casework", for_work=True)
    today = timezone.localdate()
    templates = documents.current_templates()
    key = request.GET.get("template") or request.POST.get("template") or ""
    if key not in templates:
        return render(request, "recording/letters.html", {"child": child, "templates": templates.values(),
                                                          "addressees": _addressees(request.user, child, today)})
    template = templates[key]
    me = getattr(request.user, "professional", None)
    everyone = _addressees(request.user, child, today)
    allocation = current_allocations([child.pk]).get(child.pk)
    worker, team = (allocation.worker, allocation.team) if allocation else (me, getattr(me, "team", None))
    drafts = []
    for i, to in enumerate(everyone):
        values = documents.merge_values(child, to, today, worker, team)
        initial = {"subject": documents.fill(template.subject, values), "text": documents.fill(template.body, values), "sent_how": "post"}
        bound = request.method == "POST" and request.POST.get("addressee") == str(to.person.pk)
        form = LetterForm(request.POST if bound else None, prefix=f"to{i}", initial=initial)
        if bound and form.is_valid():
            data = form.cleaned_data
            html = render_to_string("recording/letter_pdf.html", {"child": child, "to": to, "values": values, "subject": data["subject"],
                                                                  "paragraphs": data["text"].split("\n\n"), "team": team})
            produce = partial(documents.produce_letter, child, to, template, text=data["text"], subject=data["subject"], html=html,
                              today=today, sent_how=data["sent_how"], by=me, submission_id=data["submission_id"])
            saved = save_step(request, child, form, lambda d: f"letter produced: {d.title}", produce)
            if saved is not None and saved.again:
                messages.success(request, "Letter: already saved")
                return redirect(f"{reverse('web:child-record', args=[child.pk])}#documents")
            if saved is not None:
                messages.success(request, f"Letter saved on the record as a PDF: {saved.value.title}")
                return redirect(f"{reverse('recording:letters', args=[child.pk])}?template={key}")
        drafts.append((to, form, values))
    return render(request, "recording/letter_review.html", {"child": child, "template": template, "drafts": drafts})


def _addressees(user, child, today):
    """Each person with parental responsibility, with their address only where this user may see it: a
    confidential address recorded from another child's record is withheld (linking someone never brings it)."""
    return [replace(to, address=None, withheld=True) if to.address is not None and not address_visible(user, to.address) else to
            for to in documents.addressees(child, today)]


def letter_templates(request):
    require(request, "edits_letter_templates", "letter templates")
    return render(request, "recording/letter_templates.html", {"templates": documents.current_templates().values()})


def letter_template_edit(request, key):
    require(request, "edits_letter_templates", "letter templates")
    templates = documents.current_templates()
    if key not in templates:
        raise Http404("No such letter template")
    current = templates[key]
    form = LetterTemplateForm(request.POST or None, initial={"version": current.version, "subject": current.subject, "body": current.body})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = documents.edit_template(key, subject=data["subject"], body=data["body"], expected_version=data["version"],
                                            by=getattr(request.user, "professional", None))
        except ValidationError as error:
            copy_service_errors(form, error)
        else:
            messages.success(request, f"{saved.name}: version {saved.version} saved; letters already sent keep the words they were made from")
            return redirect("recording:letter-templates")
    return render(request, "recording/letter_template_form.html", {
        "form": form, "template": current, "merge_fields": documents.merge_fields().items(),
        "history": LetterTemplateVersion.objects.filter(key=key).select_related("created_by")})


def document_restrict(request, pk, document_pk):
    """Restrict one document to named people (its uploader, or a manager), as a case note is."""
    document = get_object_or_404(Document.objects.select_related("uploaded_by"), pk=document_pk, child_id=pk)
    is_uploader = document.uploaded_by is not None and document.uploaded_by.user_id == request.user.pk
    named = set(document.restricted_to.values_list("pk", flat=True))
    refusal = ""
    if not (is_uploader or can(request.user, "manages_team")):
        refusal = "only whoever uploaded it or a manager may restrict a document"
    elif named and not is_uploader and request.user.pk not in named:
        refusal = "restricted document: only its uploader and the people named on it"
    child = open_child(request, pk, f"document {document.pk} restrict form", needs="records_casework", for_work=True, refusal=refusal)
    return _restrict_to_named(request, child, document, owner=document.uploaded_by, owner_words="whoever uploaded it",
                              is_owner=is_uploader, noun="document", verb="open",
                              about=[("Document", f"{document.title} ({document.date:%-d %b %Y})"),
                                     ("Uploaded by", document.uploaded_by.name if document.uploaded_by else "Not recorded")],
                              back=f"{reverse('web:child-record', args=[child.pk])}#documents")
