from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from antq.areas import selectors as area_selectors
from antq.registry import selectors as registry_selectors


@login_required
def home(request):
    """The user's jurisdiction: the areas where their roles sit, with counts of units under them."""
    roots = area_selectors.jurisdiction_roots(request.user)
    for area in roots:
        area.counts = area_selectors.descendant_counts(area)
    return render(
        request,
        "core/home.html",
        {
            "roots": roots,
            "organisation_count": registry_selectors.organisation_count(request.user),
        },
    )
