from django.contrib.auth.views import LogoutView
from django.urls import path

from opencsc.access import views as access
from opencsc.access.admin import site as administration
from opencsc.casework import journey
from opencsc.casework import views as casework
from opencsc.people import views as people
from opencsc.recording import views as recording
from opencsc.returns import views as returns

from . import views

urlpatterns = [
    path("admin/", administration.urls),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("", people.find_child, name="home"),
    path("children/<int:pk>/", people.child_record, name="child-record"),
    path("children/<int:pk>/case-notes/new/", recording.case_note_new, name="case-note-new"),
    path("children/<int:pk>/case-notes/<int:note_pk>/edit/", recording.case_note_edit, name="case-note-edit"),
    path("children/<int:pk>/case-notes/<int:note_pk>/restrict/", recording.case_note_restrict, name="case-note-restrict"),
    path("children/<int:pk>/assessment/", journey.assessment, name="journey-assessment"),
    path("children/<int:pk>/strategy-discussion/", journey.strategy_discussion, name="journey-strategy"),
    path("children/<int:pk>/section-47-outcome/", journey.section47_outcome, name="journey-s47-outcome"),
    path("children/<int:pk>/conference/", journey.conference, name="journey-conference"),
    path("children/<int:pk>/core-group/", journey.core_group, name="journey-core-group"),
    path("children/<int:pk>/visit/", journey.visit, name="journey-visit"),
    path("children/<int:pk>/looked-after/", journey.looked_after, name="journey-looked-after"),
    path("children/<int:pk>/placement/", journey.placement_move, name="journey-placement"),
    path("children/<int:pk>/looked-after-review/", journey.lac_review, name="journey-lac-review"),
    path("children/<int:pk>/close/", journey.close_case, name="journey-close"),
    path("authorisations/", journey.authorisations, name="authorisations"),
    path("authorisations/<int:auth_pk>/", journey.authorisation_decide, name="authorisation-decide"),
    path("children/<int:pk>/chronology.pdf", people.court_chronology, name="court-chronology"),
    path("children/<int:pk>/views/", people.record_views, name="record-views"),
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
    path("my-activity/", people.my_activity, name="my-activity"),
    path("my-work/", casework.my_work, name="my-work"),
    path("front-door/", casework.front_door, name="front-door"),
    path("team/", casework.team, name="team"),
    path("contacts/new/", casework.contact_new, name="contact-new"),
    path("contacts/<int:pk>/decide/", casework.contact_decide, name="contact-decide"),
    path("returns/", returns.returns_home, name="returns"),
    path("returns/runs/<int:pk>/", returns.run_detail, name="return-run"),
    path("returns/runs/<int:pk>/status/", returns.run_status, name="return-run-status"),
    path("returns/runs/<int:pk>/file/", returns.run_file, name="return-run-file"),
    path("returns/runs/<int:pk>/findings.<str:fmt>", returns.run_findings, name="return-run-findings"),
    path("returns/runs/<int:pk>/again/", returns.rerun, name="return-run-again"),
    path("returns/runs/<int:pk>/submitted/", returns.mark_submitted, name="return-run-submitted"),
    path("returns/data-quality/", returns.data_quality, name="data-quality"),
    path("returns/import/", returns.import_page, name="return-import"),
    path("returns/imports/<int:pk>/", returns.import_run, name="import-run"),
    path("returns/imports/<int:pk>/status/", returns.import_run_status, name="import-run-status"),
    path("returns/imports/parts/<int:pk>/", returns.import_part, name="import-part"),
    path("drafts/<str:form_key>/", recording.save_draft, name="draft-save"),
    path("drafts/<str:form_key>/discard/", recording.discard_draft, name="draft-discard"),
]
