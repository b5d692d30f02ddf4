from django.conf import settings


def service(request):
    professional = getattr(getattr(request, "user", None), "professional", None) if request else None
    return {"authority": settings.AUTHORITY, "demo_mode": settings.DEMO_MODE, "me": professional}
