import time
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import JsonResponse

from opencsc.access import two_factor
from opencsc.access.models import PasswordMustChange


def must_change_password(user) -> bool:
    """Read with the signed-in user (``access.backends.SignInBackend``); asked of the database otherwise."""
    known = getattr(user, "must_change_password_now", None)
    return known if known is not None else PasswordMustChange.objects.filter(user=user).exists()


class SessionKeptAliveMiddleware:
    """The session ends after SESSION_COOKIE_AGE without activity. Saving it on every request kept that
    exact but made every page view a database write (on SQLite, the one writer's lock); it is saved
    instead when it changes, and at most once every SESSION_REFRESH_SECONDS (a minute) to move its end
    on: signed out after 29 to 30 idle minutes."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - session.get(ALIVE, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[ALIVE] = now
        return self.get_response(request)


ALIVE = "_alive"


def mark_alive_at_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Signing in saves the session anyway: start its minute there, so the first page does not save it again."""
    if request is not None and hasattr(request, "session"):
        request.session[ALIVE] = int(time.time())


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


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's: every page needs a signed-in user unless its view is marked ``login_not_required``
    (sign-in, the health check); static files are served before it. Autosave is told in JSON. The
    administration site marks its views open (it has its own sign-in page); here it signs in as
    every other page does, with two-factor."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/admin/") and not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        return super().process_view(request, view_func, view_args, view_kwargs)

    def get_login_url(self, view_func):
        return str(settings.LOGIN_URL)  # one sign-in page for every page, the administration site's included

    def handle_no_permission(self, request, view_func):
        if request.path.startswith("/drafts/"):
            # Autosave must learn the session has ended, not follow a redirect to the sign-in page.
            return JsonResponse({"saved": False, "error": "signed out"}, status=401)
        return super().handle_no_permission(request, view_func)


class PasswordChangeRequiredMiddleware:
    """A password an administrator set must be changed before anything else (after the two-factor code)."""

    ALLOWED = ("/password/", "/two-factor/", "/sign-out/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect


        if (request.user.is_authenticated and not request.path.startswith(self.ALLOWED)
                and must_change_password(request.user)):
            if request.path.startswith("/drafts/"):
                return JsonResponse({"saved": False, "error": "change your password first"}, status=401)
            return redirect("access:password-change")
        return self.get_response(request)


class UploadSizeLimitMiddleware:
    """Refuse a document upload whose declared length is over the limit before a byte of it is read
    (second attack report, item 14): a 400 MB upload must never reach a worker's memory or disk. The
    form's own fields fit in the margin."""

    MARGIN = 1 << 20

    def __init__(self, get_response):
        import re

        self.get_response = get_response
        self.uploads = re.compile(r"^/children/\d+/documents/new/$")

    def __call__(self, request):
        from django.http import HttpResponse
        from django.utils.html import escape

        if request.method == "POST" and self.uploads.match(request.path):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > settings.DOCUMENT_MAX_BYTES + self.MARGIN:
                limit = settings.DOCUMENT_MAX_BYTES >> 20
                return HttpResponse(
                    f"<!DOCTYPE html><html lang='en'><title>File too large</title><body><h1>The file is too large</h1>"
                    f"<p>Documents can be up to {limit} MB. Nothing was saved: go back, and choose a smaller file (a scan at a lower "
                    f"resolution, or the document split into parts).</p><p><a href='{escape(request.path)}'>Back to the upload form</a></p>",
                    status=413)
        return self.get_response(request)


class NoStoreMiddleware:
    """A signed-in page is never kept by the browser or a proxy: case content stays off shared computers'
    disks, and Back after a save fetches the form again (empty, with a new submission id) instead of
    showing it filled in, ready to be saved twice (second walk, item 2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
