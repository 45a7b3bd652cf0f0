"""Sign-in throttling (django-axes): the client's address as the portal reads it (behind the
configured trusted proxies), and what a locked-out client is told: a page on the sign-in form,
JSON in the usual error shape on the API."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from antq.core.api import error_body, is_api_request
from antq.core.ratelimit import client_ip


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the same reading of X-Forwarded-For as the portal's rate limit,
    so a forged header counts only when it comes from ANTQ_TRUSTED_PROXIES."""
    return client_ip(request)


def lockout_message() -> str:
    return _(
        "Too many failed sign-ins for this account or from this address. Try again in {n} "
        "minutes, or ask an administrator to unlock the account."
    ).format(n=settings.ANTQ_LOGIN_COOLOFF_MINUTES)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if is_api_request(request):
        response = JsonResponse(error_body(lockout_message()), status=status)
    else:
        response = render(
            request, "registration/locked_out.html", {"message": lockout_message()}, status=status
        )
    response["Retry-After"] = str(settings.ANTQ_LOGIN_COOLOFF_MINUTES * 60)
    return response
