"""Finding a child, the child's file (details, addresses, family, genogram), the court chronology, who has
looked at a record, and one's own activity."""

from django.urls import path

from . import views as people

app_name = "people"

urlpatterns = [
    path("", people.find_child, name="home"),
    path("children/<int:pk>/details/", people.child_details, name="child-details"),
    path("children/<int:pk>/addresses/new/", people.address_new, name="address-new"),
    path("children/<int:pk>/addresses/<int:address_pk>/end/", people.address_end, name="address-end"),
    path("children/<int:pk>/addresses/<int:address_pk>/dates/", people.address_dates, name="address-dates"),
    path("children/<int:pk>/family/new/", people.relationship_new, name="relationship-new"),
    path("children/<int:pk>/family/<int:relationship_pk>/", people.relationship_edit, name="relationship-edit"),
    path("children/<int:pk>/family/<int:relationship_pk>/address/", people.relative_address, name="relative-address"),
    path("children/<int:pk>/professionals/new/", people.professional_new, name="professional-new"),
    path("children/<int:pk>/professionals/<int:professional_pk>/end/", people.professional_end, name="professional-end"),
    path("children/<int:pk>/genogram/", people.genogram, name="genogram"),
    path("children/<int:pk>/chronology.pdf", people.court_chronology, name="court-chronology"),
    path("children/<int:pk>/views/", people.record_views, name="record-views"),
    path("my-activity/", people.my_activity, name="my-activity"),
]
