from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from antq.areas import selectors as area_selectors
from antq.cameras import selectors as camera_selectors
from antq.core.api import error_body, is_api_request
from antq.movement import selectors as movement_selectors
from antq.movement.choices import ModelStatus, TeamKind
from antq.registry import selectors as registry_selectors


@login_required
def home(request):
    """The user's jurisdiction: its areas with counts of units under them, and the registry's
    counts (each one aggregate query over everything the user may see)."""
    roots = area_selectors.jurisdiction_roots(request.user)
    for area in roots:
        area.counts = area_selectors.descendant_counts(area)
    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "roots": roots,
            "organisation_count": registry_selectors.organisation_count(user),
            "cameras": camera_selectors.camera_counts(user),
            "fire_points": camera_selectors.firepoint_count(user),
            "reconfirmation_overdue": camera_selectors.reconfirmation_overdue(user).count(),
            "models": movement_selectors.model_counts(user),
            "model_statuses": [(s, s.label) for s in ModelStatus],
            "teams": movement_selectors.team_counts(user),
            "team_kinds": [(k, k.label) for k in TeamKind],
        },
    )


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
