"""Finding a child, the court chronology, who has looked at a record, and one's own activity."""

from django.urls import path

from . import views as people

urlpatterns = [
    path("", people.find_child, name="home"),
    path("children/<int:pk>/chronology.pdf", people.court_chronology, name="court-chronology"),
    path("children/<int:pk>/views/", people.record_views, name="record-views"),
    path("my-activity/", people.my_activity, name="my-activity"),
]
