from django.conf import settings
from django.contrib.auth.views import redirect_to_login

OPEN_PATHS = ("/sign-in/", "/static/", "/healthz")


class LoginRequiredMiddleware:
    """Every page needs a signed-in user, except sign-in itself and static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PATHS):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
