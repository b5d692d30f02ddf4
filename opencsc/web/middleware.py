from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

OPEN_PATHS = ("/sign-in/", "/static/", "/healthz")


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
