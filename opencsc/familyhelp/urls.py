from django.urls import path

from . import views

app_name = "familyhelp"

urlpatterns = [
    path("children/<int:pk>/family-help/", views.family_help, name="family-help"),
    path("children/<int:pk>/family-help/start/", views.family_help_start, name="family-help-start"),
    path("children/<int:pk>/family-help/note/", views.family_help_note, name="family-help-note"),
    path("children/<int:pk>/family-help/end/", views.family_help_end, name="family-help-end"),
]
