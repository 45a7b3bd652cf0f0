"""The shipped indicators: one declaration each. Record types that land later add theirs here."""

from django.apps import apps
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.indicators.base import FLOW, STOCK, Indicator, declare
from antq.tallies.choices import TallyStatus
from antq.tips.choices import SETTLED


def _m(label):
    return lambda: apps.get_model(label)


AREA, ORG, MODEL = _m("areas.Area"), _m("registry.Organisation"), _m("movement.MovementModel")
TEAM, MEMBER = _m("movement.Team"), _m("movement.TeamMember")
CAMERA, FIRE = _m("cameras.CameraSite"), _m("cameras.FirePoint")
TIP, TALLY = _m("tips.Tip"), _m("tallies.MonthlyTally")

LIVE_MODEL = Q(status__in=["active", "effective"])
NOT_REMOVED = ~Q(status="removed")
TIP_SETTLED = Q(status__in=SETTLED)  # the tip has left the unit's work for good


def _tally(key, name, fld, denominator=""):
    """A monthly-tally count summed over the tallies whose month falls in the period. Every tally
    counts, whatever its status (as the tallies' own figures page by default); the reports say
    how many of them were approved (`tallies.approved`)."""
    return Indicator(
        key,
        name,
        "tallies",
        model=TALLY,
        measure=("sum", fld),
        date_field="month",
        kind=FLOW,
        denominator=denominator,
    )


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
    # crime reports and tips (tố giác, tin báo), placed in time by the day they were received and
    # counted in their state today, as antq.tips.selectors.tip_figures does
    Indicator(
        "tips.received",
        _("crime reports and tips received"),
        "tips",
        model=TIP,
        date_field="received_on",
        kind=FLOW,
    ),
    Indicator(
        "tips.settled",
        _("crime reports and tips settled"),
        "tips",
        model=TIP,
        where=TIP_SETTLED,
        date_field="received_on",
        kind=FLOW,
        denominator="tips.received",
    ),
    Indicator(
        "tips.settled_on_time",
        _("crime reports and tips settled on time"),
        "tips",
        model=TIP,
        where=TIP_SETTLED & Q(settled_due_on__isnull=False, settled_on__lte=F("settled_due_on")),
        date_field="received_on",
        kind=FLOW,
        denominator="tips.settled",
    ),
    # monthly case tallies (counts only, never people)
    _tally(
        "tallies.criminal_registered",
        _("criminal cases registered"),
        "criminal_cases_registered",
    ),
    _tally(
        "tallies.criminal_clarified",
        _("criminal cases clarified"),
        "criminal_cases_clarified",
        denominator="tallies.criminal_registered",
    ),
    _tally(
        "tallies.social_order_occurred",
        _("social-order cases occurred"),
        "social_order_cases_occurred",
    ),
    _tally(
        "tallies.social_order_detected",
        _("social-order cases detected"),
        "social_order_cases_detected",
        denominator="tallies.social_order_occurred",
    ),
    _tally(
        "tallies.groups_dismantled",
        _("criminal groups dismantled"),
        "criminal_groups_dismantled",
    ),
    _tally("tallies.offenders_arrested", _("offenders arrested"), "offenders_arrested"),
    _tally("tallies.drug_cases", _("drug cases"), "drug_cases"),
    _tally("tallies.drug_violators", _("drug-law violators"), "drug_law_violators"),
    _tally(
        "tallies.rehabilitation",
        _("people persuaded into voluntary drug rehabilitation"),
        "persuaded_into_rehabilitation",
    ),
    _tally(
        "tallies.domestic_delegations",
        _("domestic delegations secured"),
        "domestic_delegations_secured",
    ),
    _tally(
        "tallies.foreign_delegations",
        _("foreign delegations secured"),
        "foreign_delegations_secured",
    ),
    _tally("tallies.events", _("events secured"), "events_secured"),
    Indicator(
        "tallies.count",
        _("monthly tallies"),
        "tallies",
        model=TALLY,
        date_field="month",
        kind=FLOW,
    ),
    Indicator(
        "tallies.approved",
        _("approved monthly tallies"),
        "tallies",
        model=TALLY,
        where=Q(status=TallyStatus.APPROVED),
        date_field="month",
        kind=FLOW,
        denominator="tallies.count",
    ),
)

GROUPS = {
    "areas": _("Areas"),
    "models": _("Movement models"),
    "teams": _("Teams"),
    "cameras": _("Cameras and fire safety"),
    "organisations": _("Organisations"),
    "tips": _("Crime reports and tips"),
    "tallies": _("Crime and order figures"),
}
__all__ = ["FLOW", "STOCK", "GROUPS"]
