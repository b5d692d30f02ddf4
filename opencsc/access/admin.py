"""Administration for system administrators: users, roles, teams and workers. No case content is
registered here, so case records cannot be read or edited through it."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from . import policy
from .models import Professional, Role, Team


class AdministrationSite(admin.AdminSite):
    site_header = "OpenCSC administration"
    site_title = "OpenCSC administration"
    index_title = "Users, roles and teams"
    login_template = None

    def has_permission(self, request):
        return policy.can(request.user, "administers")

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied

        if request.user.is_authenticated:
            raise PermissionDenied("administrators only")
        return redirect_to_login(request.get_full_path())


site = AdministrationSite(name="admin")


class AdministratorsOnly:
    """Permission comes from the role (administers), not from Django's per-model permissions."""

    def has_module_permission(self, request):
        return policy.can(request.user, "administers")

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, "administers")

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # people leave; their accounts are deactivated, never deleted (the audit names them)


@admin.register(Role, site=site)
class RoleAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "scope", "sees_sensitive_notes", "manages_team", "runs_returns", "records_casework",
                    "administers", "may_break_glass"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Team, site=site)
class TeamAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "service"]
    search_fields = ["name"]


@admin.register(Professional, site=site)
class ProfessionalAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "role", "team", "user"]
    list_filter = ["role", "team"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["team"]
    filter_horizontal = ["teams_managed"]
    raw_id_fields = ["user"]


@admin.register(get_user_model(), site=site)
class AccountAdmin(AdministratorsOnly, UserAdmin):
    list_display = ["username", "is_active", "last_login"]
    list_filter = ["is_active"]
    fieldsets = [(None, {"fields": ["username", "password"]}), ("Status", {"fields": ["is_active", "last_login", "date_joined"]})]
    readonly_fields = ["last_login", "date_joined"]
