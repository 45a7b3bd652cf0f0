"""Every read of camera sites and fire points, scoped to the user."""

import math
from datetime import date

from django.db.models import Count, F, FloatField, Q, Sum, Value
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt

from antq.cameras.choices import CameraStatus
from antq.cameras.models import CameraSite, FirePoint
from antq.core.scoping import Action, can_record

EARTH_KM = 6371.0088


def footage_requests_to(user, site: CameraSite) -> list:
    """The footage requests made to the owner of `site` (a site the caller already holds, so
    one the user may see), newest first: one query. Each says `tip_visible`, whether the reader
    may see the tip that asked (a tip of another unit, or one transferred away): only then does
    the page link the tip and show why the footage was needed."""
    requests = list(
        site.footage_requests.select_related(
            "tip", "tip__area", "requested_by", "outcome_by"
        ).order_by("-requested_on", "-id")
    )
    for r in requests:
        r.tip_visible = can_record(user, Action.VIEW, r.tip)
    return requests


def camerasite_list(user, action=Action.VIEW):
    return CameraSite.objects.visible_to(user, action).select_related(
        "area", "owner_organisation", "verified_by"
    )


def firepoint_list(user, action=Action.VIEW):
    return FirePoint.objects.visible_to(user, action).select_related("area")


def within_km(queryset, lat: float, lon: float, km: float):
    """Records within `km` of a point, nearest first, with `distance_km` annotated.

    A bounding box (indexable) narrows the rows; the haversine distance is computed in the
    database with portable functions (SQLite and PostgreSQL alike).
    """
    dlat = km / 111.32
    dlon = km / max(111.32 * math.cos(math.radians(lat)), 1e-6)
    qs = queryset.filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    )
    phi1, lam1 = Value(math.radians(lat), FloatField()), Value(math.radians(lon), FloatField())
    half_dphi = (Radians(F("latitude")) - phi1) / 2
    half_dlam = (Radians(F("longitude")) - lam1) / 2
    a = Power(Sin(half_dphi), 2) + Cos(phi1) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlam), 2
    )
    distance = 2 * EARTH_KM * ASin(Sqrt(a))
    return (
        qs.annotate(distance_km=distance).filter(distance_km__lte=km).order_by("distance_km", "pk")
    )


def camerasite_near(user, latitude: float, longitude: float, km: float):
    """The camera sites in service (not removed) the user may see within `km` of a point,
    nearest first, with `distance_km`: those that may have filmed what happened there."""
    sites = camerasite_list(user).exclude(status=CameraStatus.REMOVED)
    return within_km(sites, latitude, longitude, km)


def reconfirmation_overdue(user, day: date | None = None):
    """Sites whose annual re-confirmation date has passed (removed sites are not asked)."""
    day = day or date.today()
    return (
        camerasite_list(user)
        .filter(reconfirm_due_on__lt=day)
        .exclude(status=CameraStatus.REMOVED)
        .order_by("reconfirm_due_on", "pk")
    )


def camera_counts(user, area=None):
    """Sites, heads and connected heads of working and broken sites (removed ones excluded)."""
    qs = CameraSite.objects.visible_to(user).exclude(status=CameraStatus.REMOVED)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    totals = qs.aggregate(
        n_sites=Count("id"),
        n_heads=Coalesce(Sum("heads"), 0),
        n_connected=Coalesce(Sum("heads", filter=Q(connected=True)), 0),
        n_working=Count("id", filter=Q(status=CameraStatus.WORKING)),
    )
    return {
        "sites": totals["n_sites"],
        "heads": totals["n_heads"],
        "connected_heads": totals["n_connected"],
        "working_sites": totals["n_working"],
    }


def firepoint_count(user, area=None):
    qs = FirePoint.objects.visible_to(user)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    return qs.count()
