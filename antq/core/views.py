from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from antq.core.api import error_body, is_api_request


def not_found(request, exception):
    """A path nothing answers: under /api/ the API's JSON error, elsewhere Django's page."""
    if is_api_request(request):
        return JsonResponse(error_body(_("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """An unhandled error (already logged by Django): under /api/ the API's JSON error, so
    that clients parse every answer the same way."""
    if is_api_request(request):
        detail = _("The server could not handle this request.")
        return JsonResponse(error_body(detail), status=500)
    return defaults.server_error(request)
