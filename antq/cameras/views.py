from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from antq.areas import selectors as area_selectors
from antq.cameras import selectors, services
from antq.cameras.records import CAMERA_SITES
from antq.formats import format_date

MAX_POINTS = 20_000


def _area_from(request):
    """The `area` of the query string (404 outside the jurisdiction), else the user's first root."""
    raw = request.GET.get("area", "")
    if raw:
        return area_selectors.area_get(request.user, raw)
    roots = area_selectors.jurisdiction_roots(request.user)
    return roots[0] if roots else None


@login_required
def map_page(request):
    area = _area_from(request)
    counts = selectors.camera_counts(request.user, area) if area else {}
    return render(
        request,
        "cameras/map.html",
        {
            "area": area,
            "counts": counts,
            "fire_points": selectors.firepoint_count(request.user, area) if area else 0,
            "tile_url": settings.ANTQ_TILE_URL,
        },
    )


@login_required
def map_points(request):
    """Camera sites and fire points with coordinates under an area, as compact JSON."""
    area = _area_from(request)
    if area is None:
        return JsonResponse({"cameras": [], "fire_points": [], "truncated": False})
    cams = (
        selectors.camerasite_list(request.user)
        .filter(area__path__startswith=area.path, latitude__isnull=False)
        .values_list("pk", "latitude", "longitude", "heads", "connected", "status", "address")
    )
    fires = (
        selectors.firepoint_list(request.user)
        .filter(area__path__startswith=area.path, latitude__isnull=False)
        .values_list("pk", "latitude", "longitude", "name")
    )
    cams, fires = list(cams[: MAX_POINTS + 1]), list(fires[: MAX_POINTS + 1])
    return JsonResponse(
        {
            "area": {"name": area.name, "lat": area.latitude, "lon": area.longitude},
            "cameras": cams[:MAX_POINTS],
            "fire_points": fires[:MAX_POINTS],
            "truncated": len(cams) > MAX_POINTS or len(fires) > MAX_POINTS,
        }
    )


@login_required
def reconfirm(request, pk):
    site = CAMERA_SITES.get(request.user, pk)  # 404 first, so existence does not leak
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.camerasite_reconfirm(acting_user=request.user, instance=site)
    messages.success(
        request,
        _("Re-confirmed; the next is due on {day}.").format(day=format_date(site.reconfirm_due_on)),
    )
    return redirect(site)
