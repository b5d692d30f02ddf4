from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from opencsc.access import devices, sign_in


class SignInForm(AuthenticationForm):
    changes = "nothing"
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self):
        """Authenticate only once the username and the address may try again; count a wrong password."""
        from django.contrib.auth import authenticate, get_user_model
        from django.core.exceptions import ValidationError


        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        address = sign_in.client_address(self.request)
        known = get_user_model().objects.filter(username=username).first()
        wait = sign_in.wait_seconds(username, address,
                                    known_browser=known is not None and known.pk in devices.accounts(self.request))
        if wait > 0:
            raise ValidationError(sign_in.wait_message(wait), code="wait")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            sign_in.failed(username, address, user=known)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        sign_in.succeeded(username)
        return self.cleaned_data


class SignInView(LoginView):
    template_name = "web/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        devices.remember(self.request, response, form.get_user())  # this browser is now one they use
        return response


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def govuk_assets(request, path):
    """The GOV.UK and MOJ stylesheets ask for their fonts and images at /assets/: send them to the
    vendored copies among the static files (public, like every static file); anything else is 404."""
    name = f"vendor/govuk/assets/{path}"
    if ".." in path or not finders.find(name):
        raise Http404("No such asset")
    return redirect(static(name), permanent=True)


@login_not_required
def favicon(request):
    return redirect(static("vendor/govuk/assets/images/favicon.ico"), permanent=True)


def _error(request, status, title, message):
    return render(request, "web/error.html", {"title": title, "message": message}, status=status)


def forbidden(request, exception=None):
    """The refusal names no child: only where to go next (break-glass, if the role may use it)."""
    break_glass_url = getattr(exception, "break_glass_url", None)
    return render(request, "web/error.html", {
        "title": "You do not have access to this page",
        "message": "This record is not one your role opens for your work." if break_glass_url else
                   "Your role does not include this page. If you need it for your work, ask your team manager.",
        "break_glass_url": break_glass_url}, status=403)


def not_found(request, exception=None):
    return _error(request, 404, "Page not found",
                  "If you typed the web address, check it is correct. If you followed a link, it may be out of date.")


def server_error(request):
    return _error(request, 500, "Sorry, there is a problem with the service",
                  "Nothing you saved has been lost. Try again later; if it keeps happening, tell your system administrator.")


def csrf_failure(request, reason=""):
    return _error(request, 403, "Your form could not be sent",
                  "This can happen if the page was open for a long time or you signed in again in another tab. "
                  "Go back, refresh the page and try again: anything you typed in a form with drafts has been kept.")
