from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

from opencsc.access import two_factor
from opencsc.access.models import PasswordMustChange

OPEN_PATHS = ("/sign-in/", "/static/", "/healthz")


class TwoFactorRequiredMiddleware:
    """After the password, nothing but the two-factor page (and signing out) until the code is given."""

    ALLOWED = ("/two-factor/", "/sign-out/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.utils.http import urlencode


        if (request.user.is_authenticated and two_factor.required() and not two_factor.is_verified(request)
                and not request.path.startswith(self.ALLOWED)):
            if request.path.startswith("/drafts/"):
                return JsonResponse({"saved": False, "error": "signed out"}, status=401)
            return redirect("/two-factor/?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Every page needs a signed-in user, except sign-in itself and static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PATHS):
            if request.path.startswith("/drafts/"):
                # Autosave must learn the session has ended, not follow a redirect to the sign-in page.
                return JsonResponse({"saved": False, "error": "signed out"}, status=401)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A password an administrator set must be changed before anything else (after the two-factor code)."""

    ALLOWED = ("/password/", "/two-factor/", "/sign-out/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect


        if (request.user.is_authenticated and not request.path.startswith(self.ALLOWED)
                and PasswordMustChange.objects.filter(user=request.user).exists()):
            if request.path.startswith("/drafts/"):
                return JsonResponse({"saved": False, "error": "change your password first"}, status=401)
            return redirect("password-change")
        return self.get_response(request)
