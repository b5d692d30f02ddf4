"""Administration for system administrators: users, roles, teams and workers. No case content is
registered here, so case records cannot be read or edited through it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from opencsc.staff.models import Professional, Role, Team

from . import audit, ig_report, policy, services, two_factor
from .actor import current
from .models import AccessChange


class AddWorkerForm(forms.Form):
    changes = "creates"  # a worker and their sign-in (what they may reach waits for a second administrator)
    name = forms.CharField(max_length=200, label="Full name")
    email = forms.EmailField(label="Work email")
    username = forms.RegexField(regex=r"^[\w.@+-]+$", max_length=150, label="Sign-in (username)",
                                help_text="Letters, digits and . @ + - _ only, for example jo.bloggs")
    password = forms.CharField(widget=forms.PasswordInput(render_value=False), label="First password",
                               help_text="They must change it at their first sign-in")
    role = forms.ModelChoiceField(Role.objects.order_by("name"), label="Role")
    team = forms.ModelChoiceField(Team.objects.order_by("name"), required=False, label="Team")
    teams_managed = forms.ModelMultipleChoiceField(Team.objects.order_by("name"), required=False, label="Other teams they manage",
                                                   widget=forms.CheckboxSelectMultiple)
    job_title = forms.CharField(max_length=120, required=False)
    sw_england_number = forms.CharField(max_length=12, required=False, label="Social Work England number")

    def clean(self):
        data = super().clean() or {}
        if data.get("password"):
            try:
                validate_password(data["password"])
            except ValidationError as problems:
                self.add_error("password", problems)
        return data


class AdministrationSite(admin.AdminSite):
    site_header = "OpenCSC administration"
    site_title = "OpenCSC administration"
    index_title = "Users, roles and teams"
    index_template = "admin/opencsc_index.html"
    login_template = None

    def has_permission(self, request):
        return policy.can(request.user, "administers")

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied

        if request.user.is_authenticated:
            raise PermissionDenied("administrators only")
        return redirect_to_login(request.get_full_path())


    def get_urls(self):
        return [path("family-links-report/", self.admin_view(self.family_links_report), name="family-links-report"),
                path("add-worker/", self.admin_view(self.add_worker), name="add-worker"),
                *super().get_urls()]

    def add_worker(self, request):
        """One form for a new worker (second walk, item 11): name, email, sign-in, role, team and managed teams.
        Nothing it grants applies until a second administrator approves the one change it makes."""
        form = AddWorkerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                change = services.add_worker(by=request.user, name=data["name"], email=data["email"], username=data["username"],
                                             password=data["password"], role=data["role"], team=data["team"],
                                             teams_managed=list(data["teams_managed"]), job_title=data["job_title"],
                                             sw_england_number=data["sw_england_number"])
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, f"{change.summary}. This waits for a second administrator: they are told.")
                return redirect("admin:access_accesschange_change", change.pk)
        return TemplateResponse(request, "admin/add_worker.html", {**self.each_context(request), "title": "Add a worker",
                                                                   "form": form})

    def family_links_report(self, request):
        """What family links reached under the earlier code (``access.ig_report``), for the information-governance
        officer: local IDs and usernames only. Opening it is audited."""
        audit.append(user=request.user, person=None, action="view", detail="family links report (information governance)")
        return TemplateResponse(request, "admin/family_links_report.html", {
            **self.each_context(request), "title": "What family links reached",
            "links": ig_report.links_beyond_reach(), "opened": ig_report.opened_on_family_ground()})


site = AdministrationSite(name="admin")


class AdministratorsOnly(admin.ModelAdmin):
    """Permission comes from the role (administers), not from Django's per-model permissions. Every
    change made here is also written to the audit chain (not only Django's admin log)."""

    def log_addition(self, request, obj, message):
        audit.append(user=request.user, person=None, action="admin-change", detail=f"added {obj._meta.verbose_name} {obj}"[:300])
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit.append(user=request.user, person=None, action="admin-change",
                     detail=f"changed {obj._meta.verbose_name} {obj}: {message}"[:300])
        return super().log_change(request, obj, message)

    def has_module_permission(self, request):
        return policy.can(request.user, "administers")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "administers")

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # people leave; their accounts are deactivated, never deleted (the audit names them)


def _held_back(request, pending: dict) -> None:
    messages.warning(request, "Saved, except what widens access (" + ", ".join(pending) + "): that waits for a second "
                              "administrator under Access changes.")


@admin.register(Role, site=site)
class RoleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "scope", "sees_sensitive_notes", "manages_team", "runs_returns", "records_casework",
                    "administers", "may_break_glass"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        """A change to a role's scope or capabilities waits for a second administrator."""
        pending = {}
        if change:
            saved = Role.objects.get(pk=obj.pk)
            for name in services.ROLE_WIDENING:
                if name in form.changed_data:
                    pending[name] = getattr(obj, name)
                    setattr(obj, name, getattr(saved, name))
        super().save_model(request, obj, form, change)
        if pending:
            services.request_access_change(by=request.user, changes=pending, role=obj)
            _held_back(request, pending)


@admin.register(Team, site=site)
class TeamAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "service"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        """Making a team the front door gives its manager the front door's queue and families: that waits."""
        pending = {}
        if change and "service" in form.changed_data:
            saved = Team.objects.get(pk=obj.pk)
            if services.makes_front_door(saved.service, obj.service):
                pending["service"], obj.service = obj.service, saved.service
        super().save_model(request, obj, form, change)
        if pending:
            services.request_access_change(by=request.user, changes=pending, team=obj)
            _held_back(request, pending)


@admin.register(Professional, site=site)
class ProfessionalAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "role", "team", "user"]
    list_filter = ["role", "team"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["team"]
    filter_horizontal = ["teams_managed"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        """A person's sign-in, role and team are kept as they were; the change waits for a second administrator.
        (A new person's role and team grant nothing until a sign-in is linked, which waits.)"""
        self._pending = {}
        saved = Professional.objects.filter(pk=obj.pk).first() if change else None
        for name in ("user", "role", "team"):
            new = getattr(obj, f"{name}_id")
            if name not in form.changed_data or (not change and (name != "user" or new is None)):
                continue
            self._pending[name] = new
            setattr(obj, f"{name}_id", getattr(saved, f"{name}_id") if saved else None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if "teams_managed" in form.changed_data:
            self._pending["teams_managed"] = sorted(team.pk for team in form.cleaned_data["teams_managed"])
            form.cleaned_data["teams_managed"] = list(form.instance.teams_managed.all())  # kept as they were
        super().save_related(request, form, formsets, change)
        if self._pending:
            services.request_access_change(by=request.user, changes=self._pending, professional=form.instance)
            _held_back(request, self._pending)


@admin.register(AccessChange, site=site)
class AccessChangeAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Changes that widen access, each approved (or not) by a second administrator."""

    list_display = ["summary", "requested_by", "requested_at", "status", "decided_by"]
    list_filter = ["status"]
    readonly_fields = ["professional", "role", "team", "account", "what_changes", "summary", "requested_by", "requested_at",
                       "status", "decided_by", "decided_at"]
    exclude = ["changes"]  # shown as what_changes: a password's hash is never shown

    @admin.display(description="Changes")
    def what_changes(self, obj):
        return services._describe(obj.changes)
    actions = ["approve", "reject"]

    def has_add_permission(self, request, obj=None):
        return False  # made by the role and people pages, never by hand

    @admin.action(description="Approve the selected changes (not your own, not your own access)")
    def approve(self, request, queryset):
        for change in queryset:
            try:
                services.approve_access_change(change, by=request.user)
            except PermissionError as refusal:
                self.message_user(request, f"{change.summary}: {refusal}", level=messages.ERROR)
            else:
                self.message_user(request, f"Applied: {change.summary}")

    @admin.action(description="Reject the selected changes")
    def reject(self, request, queryset):
        for change in queryset.filter(status=AccessChange.Status.WAITING):
            services.reject_access_change(change, by=request.user)
            self.message_user(request, f"Rejected: {change.summary}")


class PasswordSetByAdministratorForm(AdminPasswordChangeForm):
    """The owner must change a password an administrator sets, and their sessions end."""

    changes = "creates"  # a new password (a reset): it replaces the old by design, nothing to merge

    def save(self, commit=True):
        user = super().save(commit=commit)
        services.password_set_by_administrator(user, by=current().user)  # the administrator of this request
        return user


class NewAccountForm(AdminUserCreationForm):
    """A new account's first password is the administrator's: its owner changes it at first sign-in."""

    changes = "creates"

    def save(self, commit=True):
        user = super().save(commit=True)
        services.password_set_by_administrator(user, by=current().user)
        return user


def _enrolled(user) -> bool:
    """Whether a password alone does not open this account (it has a confirmed authenticator, and
    two-factor is required): only then may one administrator set it."""
    return two_factor.required() and two_factor.confirmed_device(user) is not None


@admin.register(get_user_model(), site=site)
class AccountAdmin(AdministratorsOnly, UserAdmin):
    change_password_form = PasswordSetByAdministratorForm
    add_form = NewAccountForm

    def user_change_password(self, request, id, form_url=""):
        """The password of an account not enrolled in two-factor would open it to whoever set it (they
        could enrol their own authenticator): it waits for a second administrator, kept only as a hash."""
        user = self.get_object(request, id)
        if request.method != "POST" or user is None or _enrolled(user):
            return super().user_change_password(request, id, form_url)
        form = self.change_password_form(user, request.POST)
        if not form.is_valid():
            return super().user_change_password(request, id, form_url)
        services.request_access_change(by=request.user, changes={"password": make_password(form.cleaned_data["password1"])},
                                       account=user)
        messages.warning(request, f"{user.username} has no two-factor yet, so their new password waits for a second "
                                  "administrator under Access changes (it is not set until then).")
        return redirect("admin:auth_user_change", user.pk)

    def save_model(self, request, obj, form, change):
        """Switching an account back on waits for a second administrator; switching one off never does."""
        pending = {}
        if change and "is_active" in form.changed_data and obj.is_active:
            pending["is_active"], obj.is_active = True, False
        super().save_model(request, obj, form, change)
        if pending:
            services.request_access_change(by=request.user, changes=pending, account=obj)
            _held_back(request, pending)

    list_display = ["username", "is_active", "last_login"]
    list_filter = ["is_active"]
    fieldsets = [(None, {"fields": ["username", "password"]}), ("Status", {"fields": ["is_active", "last_login", "date_joined"]})]
    readonly_fields = ["last_login", "date_joined"]
