"""Answers under /api/ that Django or django-ninja make outside any API handler."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from antq.core.api import error_body, is_api_request


class ApiMethodNotAllowedMiddleware:
    """django-ninja answers a method a path does not take with a plain-text 405, made before any
    exception handler runs. Under /api/ it becomes the API's JSON error, so that clients parse
    every answer the same way; the Allow header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and is_api_request(request)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = _("This address does not take the method {method}.").format(
                method=request.method
            )
            answer = JsonResponse(error_body(detail), status=405)
            if response.has_header("Allow"):
                answer["Allow"] = response["Allow"]
            return answer
        return response
