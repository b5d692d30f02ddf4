from django.urls import include, path

urlpatterns = [path("", include("opencsc.web.urls"))]

handler403 = "opencsc.web.views.forbidden"
handler404 = "opencsc.web.views.not_found"
handler500 = "opencsc.web.views.server_error"
