"""Break-glass, subject access, restriction, two-factor, passwords and notifications."""

from django.urls import path

from . import views as access

app_name = "access"

urlpatterns = [
    path("children/<int:pk>/break-glass/", access.break_glass, name="break-glass"),
    path("children/<int:pk>/subject-access.json", access.subject_access_json, name="subject-access-json"),
    path("children/<int:pk>/subject-access.pdf", access.subject_access_pdf, name="subject-access-pdf"),
    path("children/<int:pk>/subject-access/addresses/<int:address_pk>/release/", access.subject_access_release_address,
         name="subject-access-release-address"),
    path("children/<int:pk>/restrict/", access.restrict_record, name="restrict-record"),
    path("access/break-glass/", access.break_glass_review, name="break-glass-review"),
    path("access/break-glass/<int:pk>/", access.break_glass_decide, name="break-glass-decide"),
    path("two-factor/", access.two_factor, name="two-factor"),
    path("password/", access.PasswordChangeView.as_view(), name="password-change"),
    path("access/two-factor-locks/", access.two_factor_locks, name="two-factor-locks"),
    path("notifications/", access.notifications, name="notifications"),
]
