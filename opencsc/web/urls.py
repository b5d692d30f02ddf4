"""The pages that compose several apps (the child's record, My work, the front door, the team page) and
signing in and out. Each app's own pages are in its urls.py, included from opencsc/urls.py."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from . import record, views, work

app_name = "web"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("assets/<path:path>", views.govuk_assets, name="govuk-assets"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("children/<int:pk>/", record.child_record, name="child-record"),
    path("my-work/", work.my_work, name="my-work"),
    path("front-door/", work.front_door, name="front-door"),
    path("team/", work.team, name="team"),
]
