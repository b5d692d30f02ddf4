from django.urls import path

from . import views

urlpatterns = [
    path("children/<int:pk>/pre-proceedings/", views.pre_proceedings, name="pre-proceedings"),
    path("children/<int:pk>/pre-proceedings/<slug:step>/", views.pre_proceedings_step, name="pre-proceedings-step"),
    path("children/<int:pk>/proceedings/", views.care_proceedings, name="care-proceedings"),
    path("children/<int:pk>/proceedings/<slug:step>/", views.care_proceedings_step, name="care-proceedings-step"),
    path("children/<int:pk>/liberty-orders/new/", views.liberty_order_new, name="liberty-order-new"),
    path("children/<int:pk>/liberty-orders/<int:order_pk>/end/", views.liberty_order_end, name="liberty-order-end"),
]
