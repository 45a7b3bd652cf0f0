import time

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from antq.accounts import second_factor
from antq.core.api import error_body

# reachable before the second factor is passed: the pages that ask for it, signing out,
# choosing a language and the static files
OPEN_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/")


class SecondFactorMiddleware:
    """A session signed in with a password only, whose user must pass a second factor, reaches
    nothing but the pages that ask for it (to verify, or to set one up first). API calls with
    a bearer token are not sessions: tokens are issued only against a second-factor code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and self._asked(request, user):
            if not request.path.startswith(OPEN_PREFIXES):
                if request.path.startswith("/api/"):
                    body = error_body(_("Finish signing in with your second factor."))
                    return JsonResponse(body, status=403)
                if request.headers.get("HX-Request"):
                    # a fragment the page asks for (the navigation's inbox count): nothing to
                    # swap in, where a redirect would swap the whole verify page, its form
                    # included, into the navigation
                    return HttpResponse(status=204)
                step = "verify" if second_factor.has_device(user) else "setup"
                url = reverse(f"accounts:otp-{step}")
                return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _asked(request, user):
        """Decided at sign-in; asked again every RECHECK_SECONDS of a session that was not
        asked (a role given since may require it), never of one that was."""
        session = request.session
        asked = session.get(second_factor.SESSION_KEY)
        checked = session.get(second_factor.CHECKED_KEY)
        if asked is None or (
            not asked and (checked is None or time.time() - checked > second_factor.RECHECK_SECONDS)
        ):
            asked = second_factor.asked_of(user)
            second_factor.remember(session, asked)
        return asked
