from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("children/<int:pk>/plans/cin/close/", views.plan_close, name="plan-close"),
    path("children/<int:pk>/plans/<slug:kind>/", views.plan, name="plan"),
    path("children/<int:pk>/plans/<slug:kind>/update/", views.plan_update, name="plan-update"),
]
