"""The shipped indicators: one declaration each. Record types that land later add theirs here."""

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.indicators.base import FLOW, STOCK, Indicator, declare


def _m(label):
    return lambda: apps.get_model(label)


AREA, ORG, MODEL = _m("areas.Area"), _m("registry.Organisation"), _m("movement.MovementModel")
TEAM, MEMBER = _m("movement.Team"), _m("movement.TeamMember")
CAMERA, FIRE = _m("cameras.CameraSite"), _m("cameras.FirePoint")

LIVE_MODEL = Q(status__in=["active", "effective"])
NOT_REMOVED = ~Q(status="removed")

declare(
    # the area tree
    Indicator(
        "areas.villages",
        _("villages and residential groups"),
        "areas",
        model=AREA,
        where=Q(level=AreaLevel.VILLAGE),
        path="path",
        date_field="valid_from",
        end_field="valid_to",
    ),
    Indicator(
        "areas.communes",
        _("communes and wards"),
        "areas",
        model=AREA,
        where=Q(level=AreaLevel.COMMUNE),
        path="path",
        date_field="valid_from",
        end_field="valid_to",
    ),
    # models (mô hình)
    Indicator(
        "models.total",
        _("models"),
        "models",
        model=MODEL,
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.effective",
        _("effective models"),
        "models",
        model=MODEL,
        where=Q(status="effective"),
        date_field="started_on",
        end_field="ended_on",
        denominator="models.total",
    ),
    Indicator(
        "models.ineffective",
        _("ineffective models"),
        "models",
        model=MODEL,
        where=Q(status="ineffective"),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.ministry",
        _("models recognised by the Ministry"),
        "models",
        model=MODEL,
        where=Q(recognition_level="ministry"),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.province",
        _("models recognised by the province"),
        "models",
        model=MODEL,
        where=Q(recognition_level="province"),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.replications",
        _("replicated models"),
        "models",
        model=MODEL,
        where=Q(replicated_from__isnull=False),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.villages_with_model",
        _("villages with at least one self-defence/self-management model"),
        "models",
        model=MODEL,
        measure=("count_distinct", "area"),
        where=LIVE_MODEL & Q(area__level=AreaLevel.VILLAGE),
        date_field="started_on",
        end_field="ended_on",
        denominator="areas.villages",
    ),
    # teams and members
    Indicator(
        "teams.total",
        _("teams"),
        "teams",
        model=TEAM,
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.fire_safety",
        _("inter-family fire-safety teams"),
        "teams",
        model=TEAM,
        where=Q(kind="fire_safety_inter_family"),
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.digital",
        _("community digital technology teams"),
        "teams",
        model=TEAM,
        where=Q(kind="digital_technology"),
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.security",
        _("self-governing security teams"),
        "teams",
        model=TEAM,
        where=Q(kind="security_self_governing"),
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.members",
        _("team members"),
        "teams",
        model=MEMBER,
        path="team__area__path",
        where=Q(team__dissolved_on__isnull=True),
        date_field="joined_on",
        end_field="left_on",
    ),
    # fire safety and cameras
    Indicator("fire.points", _("public fire-fighting points"), "cameras", model=FIRE),
    Indicator(
        "cameras.sites",
        _("camera sites"),
        "cameras",
        model=CAMERA,
        where=NOT_REMOVED,
        date_field="installed_on",
    ),
    Indicator(
        "cameras.heads",
        _("camera heads"),
        "cameras",
        model=CAMERA,
        where=NOT_REMOVED,
        measure=("sum", "heads"),
        date_field="installed_on",
    ),
    Indicator(
        "cameras.connected_heads",
        _("camera heads connected to the commune system"),
        "cameras",
        model=CAMERA,
        where=NOT_REMOVED & Q(connected=True),
        measure=("sum", "heads"),
        date_field="installed_on",
        denominator="cameras.heads",
    ),
    Indicator(
        "cameras.socialised_vnd",
        _("socialised funds for cameras (VND)"),
        "cameras",
        model=CAMERA,
        where=Q(funding_source="socialised"),
        measure=("sum", "funding_amount"),
        date_field="installed_on",
        unit="vnd",
    ),
    # organisations
    Indicator(
        "organisations.total",
        _("agencies, enterprises, schools and organisations"),
        "organisations",
        model=ORG,
    ),
)

GROUPS = {
    "areas": _("Areas"),
    "models": _("Movement models"),
    "teams": _("Teams"),
    "cameras": _("Cameras and fire safety"),
    "organisations": _("Organisations"),
}
__all__ = ["FLOW", "STOCK", "GROUPS"]
