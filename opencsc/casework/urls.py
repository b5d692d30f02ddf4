"""Contacts and the statutory journey's steps and authorisations."""

from django.urls import path

from . import journey_views as journey
from . import views as casework

app_name = "casework"

urlpatterns = [
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
    path("children/<int:pk>/meetings/book/", journey.meeting_book, name="meeting-book"),
    path("children/<int:pk>/meetings/<int:booking_pk>/", journey.meeting_change, name="meeting-change"),
    path("children/<int:pk>/kinship/new/", journey.kinship_new, name="kinship-new"),
    path("children/<int:pk>/kinship/<int:arrangement_pk>/end/", journey.kinship_end, name="kinship-end"),
    path("authorisations/", journey.authorisations, name="authorisations"),
    path("authorisations/<int:auth_pk>/", journey.authorisation_decide, name="authorisation-decide"),
    path("contacts/new/", casework.contact_new, name="contact-new"),
    path("contacts/<int:pk>/decide/", casework.contact_decide, name="contact-decide"),
    path("contacts/<int:pk>/correct/", casework.contact_correct, name="contact-correct"),
    path("contacts/<int:pk>/urgency/", casework.contact_urgency, name="contact-urgency"),
]
