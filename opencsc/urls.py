"""Every app's pages, each from its own urls.py; the administration site is access's."""

from django.urls import include, path

from opencsc.access.admin import site as administration

urlpatterns = [
    path("admin/", administration.urls),
    path("", include("opencsc.web.urls")),
    path("", include("opencsc.people.urls")),
    path("", include("opencsc.recording.urls")),
    path("", include("opencsc.casework.urls")),
    path("", include("opencsc.proceedings.urls")),
    path("", include("opencsc.plans.urls")),
    path("", include("opencsc.meetings.urls")),
    path("", include("opencsc.familyhelp.urls")),
    path("", include("opencsc.access.urls")),
    path("", include("opencsc.returns.urls")),
]

handler403 = "opencsc.web.views.forbidden"
handler404 = "opencsc.web.views.not_found"
handler500 = "opencsc.web.views.server_error"
