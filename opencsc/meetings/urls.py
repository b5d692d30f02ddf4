from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("children/<int:pk>/meetings/held/", views.meetings_held, name="meetings-held"),
    path("children/<int:pk>/meetings/record/", views.meeting_record_new, name="meeting-record-new"),
    path("children/<int:pk>/meetings/recommendations/<int:recommendation_pk>/done/", views.recommendation_done,
         name="recommendation-done"),
]
