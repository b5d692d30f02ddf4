import re
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from opencsc import versions
from opencsc.people.models import Address, Person
from opencsc.staff.models import Notification, Professional, Team
from opencsc.web.forms import VersionedForm, copy_service_errors

from . import audit, devices, policy, services, subject_access
from . import two_factor as tf
from .break_glass import is_offered, note_look_up
from .gate import client_ip, decision_on, open_child, record_access, refuse, require
from .models import BreakGlassGrant, PasswordMustChange, RecordRestriction, TwoFactorDevice
from .subject_access import count_marked


class BreakGlassForm(forms.Form):
    changes = "creates"
    reason = forms.CharField(label="Why do you need this record now?", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="For example: police called out of hours about a child found alone; the duty "
                                       "team needs to know the plan. Your team manager and the child's team manager can read this.",
                             error_messages={"required": "Say why you need this record now"})


def break_glass(request, pk):
    """Ask for time-limited access to a record your role does not open. The page shows only what
    anyone signed in may know (the identity tier)."""
    from django.http import Http404


    person = open_child(request, pk, action="break-glass", asking_for_break_glass=True)
    if decision_on(person).allowed:
        return redirect("web:child-record", pk=person.pk)
    if request.method in ("GET", "HEAD"):  # a HEAD is a look like any other (second attack report, item 18)
        offered = is_offered(request, person)
        note_look_up(request.user, person, shown=offered, ip_address=client_ip(request))
        if not offered:
            raise Http404("not offered")  # an ID typed in, not a refusal or a search: nothing to see
    elif not is_offered(request, person):
        raise Http404("not offered")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(request.user, person, form.cleaned_data["reason"], ip_address=client_ip(request))
        except ValidationError as error:
            copy_service_errors(form, error)
        else:
            messages.warning(request, "Break-glass access granted. The child's team manager has been told.")
            return redirect("web:child-record", pk=person.pk)
    return render(request, "access/break_glass.html", {"person": person, "form": form,
                                                        "hours": settings.BREAK_GLASS_HOURS})


def _mark_read(request, unread) -> None:
    """Mark these notifications read, and the count the menu shows with them (read with the user)."""
    marked = unread.update(read_at=timezone.now())
    if getattr(request.user, "unread_now", None) is not None:
        request.user.unread_now = max(0, request.user.unread_now - marked)


def break_glass_review(request):
    """A team manager's list of break-glass access to their teams' children, to review or revoke."""
    require(request, "manages_team", "break-glass review")
    me = request.user.professional
    since = timezone.now() - timedelta(days=90)
    recent = BreakGlassGrant.objects.filter(granted_at__gte=since).select_related(
        "user__professional", "person", "revoked_by", "reviewed_by")
    grants = [g for g in recent if me in services.managers_of(g.person)]
    _mark_read(request, Notification.objects.filter(recipient=me, read_at__isnull=True, kind=Notification.Kind.BREAK_GLASS))
    now = timezone.now()
    return render(request, "access/break_glass_review.html", {
        "grants": [(g, g.is_active(now)) for g in grants]})


@require_POST
def break_glass_decide(request, pk):
    grant = get_object_or_404(BreakGlassGrant, pk=pk)
    require(request, "manages_team", "break-glass review")
    try:
        if request.POST.get("action") == "revoke":
            services.revoke(grant, request.user, ip_address=client_ip(request))
            messages.success(request, f"Access revoked for {grant.user.username}")
        else:
            services.mark_reviewed(grant, request.user, ip_address=client_ip(request))
            messages.success(request, "Marked as reviewed")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("access:break-glass-review")


def notifications(request):
    """Each note names the child it is about, as lists do (a restricted record only by its ID)."""
    me = getattr(request.user, "professional", None)
    items = list(Notification.objects.filter(recipient=me)[:100]) if me else []
    about = {item.pk: int(found.group(1)) for item in items if (found := re.match(r"^/children/(\d+)/", item.link or ""))}
    people = {p.pk: p for p in Person.objects.filter(pk__in=set(about.values()))}
    policy.name_for_lists(request.user, people.values())
    for item in items:
        setattr(item, "about", people.get(about.get(item.pk)))  # noqa: B010 - for the page: the child it is about
    _mark_read(request, Notification.objects.filter(recipient=me, read_at__isnull=True))
    return render(request, "access/notifications.html", {"items": items})


class CodeForm(forms.Form):
    changes = "nothing"
    code = forms.CharField(label="Code from your authenticator app", max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "class": "govuk-input govuk-input--width-10", "autofocus": True}),
                           error_messages={"required": "Enter the 6-digit code from your authenticator app"})


def _safe_next(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"


def two_factor(request):
    """After the password: enrol an authenticator (first time) or enter its code."""

    if tf.is_verified(request):
        return redirect(_safe_next(request))
    device = tf.confirmed_device(request.user)
    enrolling = device is None
    if enrolling and devices.administrators_browser(request):
        # An administrator who set someone's password could otherwise enrol their own authenticator for them.
        audit.append(user=request.user, person=None, action="refused", ip_address=client_ip(request),
                     detail="two-factor enrolment: on a browser an administrator signs in from",
                     why="an administrator never completes another person's two-factor enrolment")
        return render(request, "web/error.html", {"title": "Set up two-factor on your own device", "message": (
            "Two-factor sign-in for this account must be set up by its owner, on a browser of their own: an "
            "administrator has signed in from this one. Sign out, and set it up from your own computer or phone.")},
                      status=403)
    if device is None:
        device = tf.start_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = tf.attempt(device, form.cleaned_data["code"], ip_address=client_ip(request))
        if result.ok:
            tf.mark_verified(request)
            request.session.cycle_key()  # a new session id once fully signed in
            record_access(request.user, None, "sign-in", detail="two-factor " + ("enrolled" if enrolling else "verified"),
                          request=request)
            return redirect(_safe_next(request))
        form.add_error("code", result.message)
    return render(request, "access/two_factor.html", {
        "form": form, "enrolling": enrolling, "next": _safe_next(request), "demo_code": settings.DEMO_TWO_FACTOR_CODE,
        "qr": tf.qr_svg(device) if enrolling else "",
        "secret": " ".join(device.secret[i:i + 4] for i in range(0, len(device.secret), 4)) if enrolling else ""})


def _subject_access(request, pk, fmt):
    """The record gathered for a subject access request, once the asker is known; otherwise the
    page that asks who is requesting (and lists confidential addresses waiting for release)."""

    requester = request.GET.get("requester", "")
    if requester not in subject_access.REQUESTERS:
        person = open_child(request, pk, "subject access request form", needs="manages_team", for_work=True)
        released = subject_access.released_addresses(person)
        return person, render(request, "access/subject_access_request.html", {
            "person": person, "requesters": subject_access.REQUESTERS.items(), "fmt": fmt.lower(),
            "confidential": [(a, a.pk in released) for a in person.addresses.filter(confidential=True)]})
    person = open_child(request, pk, f"subject access ({fmt}) for {requester}", action="export", needs="manages_team",
                        for_work=True)
    return person, subject_access.gather(person, request.user, requester)


def subject_access_json(request, pk):
    import json

    from django.http import HttpResponse

    person, record = _subject_access(request, pk, "JSON")
    if isinstance(record, HttpResponse):
        return record
    from django.core.serializers.json import DjangoJSONEncoder

    # Household ids (UUIDs), dates and decimals written as text (a UUID broke the export: second attack report, item 10).
    response = HttpResponse(json.dumps(record, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="subject_access_{person.la_child_id or person.pk}.json"'
    return response


def subject_access_pdf(request, pk):
    import weasyprint
    from django.http import HttpResponse
    from django.template.loader import render_to_string


    person, record = _subject_access(request, pk, "PDF")
    if isinstance(record, HttpResponse):
        return record
    html = render_to_string("access/subject_access.html", {"person": person, "record": subject_access.for_reading(record),
                                                           "marked": count_marked(record)}, request=request)
    if request.GET.get("preview") == "1":
        return HttpResponse(html)
    response = HttpResponse(weasyprint.HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="subject_access_{person.la_child_id or person.pk}.pdf"'
    return response


@require_POST
def subject_access_release_address(request, pk, address_pk):
    """The reviewer releases a confidential address for subject access (the allocated team's
    manager agrees by doing it; anyone else is refused)."""

    person = open_child(request, pk, "subject access: release a confidential address", needs="manages_team", for_work=True)
    address: Address = get_object_or_404(person.addresses, pk=address_pk, confidential=True)
    try:
        subject_access.release_address(address, reviewer=request.user)
    except PermissionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "The confidential address is released for this subject access request")
    return redirect("access:subject-access-json", pk=person.pk)


class RestrictForm(VersionedForm):
    reason = forms.CharField(label="Why is this record restricted?", max_length=200,
                             help_text="For example: adopted; child of a member of staff; high-profile case",
                             error_messages={"required": "Say why the record is restricted"})
    named = forms.MultipleChoiceField(label="Who may open it", widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "Name at least one person who may open the record"})
    ask_team = forms.TypedChoiceField(label="Who others should ask", coerce=int, required=False, empty_value=None)


def restrict_record(request, pk):
    """A manager restricts a record to named people (they are named too, so they keep access)."""
    from django.contrib.auth import get_user_model



    person = open_child(request, pk, "restriction form", needs="manages_team", for_work=True)
    me = request.user.professional
    colleagues = Professional.objects.filter(team_id__in=policy.teams_of(me)).exclude(user=None).select_related("user")
    current = RecordRestriction.objects.filter(person=person).first()
    form = RestrictForm(request.POST or None, initial={"version": services.restriction_state(current),
        "reason": current.reason if current else "", "ask_team": current.ask_team_id if current else me.team_id,
        "named": [str(u) for u in current.named.values_list("pk", flat=True)] if current else [str(request.user.pk)]})
    form.fields["named"].choices = [(str(p.user_id), f"{p.name} ({p.role})") for p in colleagues]
    form.fields["ask_team"].choices = [("", "Choose a team")] + [(t.pk, t.name) for t in Team.objects.all()]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        users = list(get_user_model().objects.filter(pk__in=set(data["named"]) | {request.user.pk}))
        try:
            services.restrict(person, reason=data["reason"], named_users=users, expected_version=data["version"],
                              ask_team=Team.objects.filter(pk=data["ask_team"]).first(), by=request.user)
        except versions.Stale as stale:
            form.mark_stale(stale)
        else:
            messages.success(request, f"The record is restricted to {len(users)} named {'person' if len(users) == 1 else 'people'}")
            return redirect("web:child-record", pk=person.pk)
    return render(request, "access/restrict.html", {"person": person, "form": form, "current": current})


def two_factor_locks(request):
    """A manager frees two-factor for someone in their team locked out by wrong codes."""

    require(request, "manages_team", "two-factor locks")
    if request.method == "POST":
        device = get_object_or_404(TwoFactorDevice, pk=request.POST.get("device"), locked_at__isnull=False)
        if device not in tf.locked_devices_for(request.user):

            refuse(request, None, "free two-factor", "only the person's own manager may free their two-factor")
        tf.unlock(device, by=request.user, reason="freed by their manager")
        messages.success(request, f"Two-factor sign-in for {device.user.username} is freed")
        return redirect("access:two-factor-locks")
    return render(request, "access/two_factor_locks.html", {"devices": tf.locked_devices_for(request.user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change your password (required at the next sign-in after an administrator set it)."""

    template_name = "access/password_change.html"
    success_url = "/"

    def form_valid(self, form):

        response = super().form_valid(form)  # keeps this session signed in; others end with the old password
        PasswordMustChange.objects.filter(user_id=self.request.user.pk or 0).delete()
        audit.append(user=self.request.user, person=None, action="password-changed", detail="changed their own password",
                     ip_address=client_ip(self.request))
        messages.success(self.request, "Your password has been changed")
        return response

    def get_context_data(self, **kwargs):

        return super().get_context_data(**kwargs) | {
            "required": PasswordMustChange.objects.filter(user_id=self.request.user.pk or 0).exists()}
