from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from antq.areas import selectors as area_selectors
from antq.cameras import selectors as camera_selectors
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
