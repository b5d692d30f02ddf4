"""Case notes and autosaved drafts."""

from django.urls import path

from . import views as recording

urlpatterns = [
    path("children/<int:pk>/case-notes/new/", recording.case_note_new, name="case-note-new"),
    path("children/<int:pk>/case-notes/<int:note_pk>/edit/", recording.case_note_edit, name="case-note-edit"),
    path("children/<int:pk>/case-notes/<int:note_pk>/restrict/", recording.case_note_restrict, name="case-note-restrict"),
    path("drafts/<str:form_key>/", recording.save_draft, name="draft-save"),
    path("drafts/<str:form_key>/discard/", recording.discard_draft, name="draft-discard"),
]
