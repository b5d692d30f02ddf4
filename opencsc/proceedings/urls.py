from django.urls import path

from . import views

app_name = "proceedings"

urlpatterns = [
    path("children/<int:pk>/pre-proceedings/", views.pre_proceedings, name="pre-proceedings"),
    path("children/<int:pk>/pre-proceedings/start/", views.pre_proceedings_start, name="pre-proceedings-start"),
    path("children/<int:pk>/pre-proceedings/letter/", views.pre_proceedings_letter, name="pre-proceedings-letter"),
    path("children/<int:pk>/pre-proceedings/response/", views.pre_proceedings_response, name="pre-proceedings-response"),
    path("children/<int:pk>/pre-proceedings/fgdm/", views.pre_proceedings_fgdm, name="pre-proceedings-fgdm"),
    path("children/<int:pk>/pre-proceedings/meeting/", views.pre_proceedings_meeting, name="pre-proceedings-meeting"),
    path("children/<int:pk>/pre-proceedings/decision/", views.pre_proceedings_decision, name="pre-proceedings-decision"),
    path("children/<int:pk>/pre-proceedings/application/", views.pre_proceedings_application, name="pre-proceedings-application"),
    path("children/<int:pk>/pre-proceedings/issue-letter/", views.pre_proceedings_issue_letter, name="pre-proceedings-issue-letter"),
    path("children/<int:pk>/proceedings/", views.care_proceedings, name="care-proceedings"),
    path("children/<int:pk>/proceedings/extension/", views.care_proceedings_extension, name="care-proceedings-extension"),
    path("children/<int:pk>/proceedings/hearing/", views.care_proceedings_hearing, name="care-proceedings-hearing"),
    path("children/<int:pk>/proceedings/order/", views.care_proceedings_order, name="care-proceedings-order"),
    path("children/<int:pk>/liberty-orders/new/", views.liberty_order_new, name="liberty-order-new"),
    path("children/<int:pk>/liberty-orders/<int:order_pk>/end/", views.liberty_order_end, name="liberty-order-end"),
]
