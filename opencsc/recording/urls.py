"""Case notes, autosaved drafts, documents and letters."""

from django.urls import path

from . import views as recording

app_name = "recording"

urlpatterns = [
    path("children/<int:pk>/case-notes/new/", recording.case_note_new, name="case-note-new"),
    path("children/<int:pk>/case-notes/<int:note_pk>/edit/", recording.case_note_edit, name="case-note-edit"),
    path("children/<int:pk>/case-notes/<int:note_pk>/restrict/", recording.case_note_restrict, name="case-note-restrict"),
    path("children/<int:pk>/documents/new/", recording.document_new, name="document-new"),
    path("children/<int:pk>/documents/<int:document_pk>/", recording.document_open, name="document-open"),
    path("children/<int:pk>/documents/<int:document_pk>/restrict/", recording.document_restrict, name="document-restrict"),
    path("children/<int:pk>/letters/", recording.letters, name="letters"),
    path("letter-templates/", recording.letter_templates, name="letter-templates"),
    path("letter-templates/<slug:key>/", recording.letter_template_edit, name="letter-template-edit"),
    path("drafts/<str:form_key>/", recording.save_draft, name="draft-save"),
    path("drafts/<str:form_key>/discard/", recording.discard_draft, name="draft-discard"),
]
