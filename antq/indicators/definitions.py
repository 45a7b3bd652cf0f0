"""The shipped indicators: one declaration each. Record types that land later add theirs here."""

from django.apps import apps
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.indicators.registry import FLOW, STOCK, Indicator, declare
from antq.tallies.choices import TallyStatus
from antq.tips.choices import SETTLED


def _m(label):
    return lambda: apps.get_model(label)


AREA, ORG, MODEL = _m("areas.Area"), _m("registry.Organisation"), _m("movement.MovementModel")
TEAM, MEMBER = _m("movement.Team"), _m("movement.TeamMember")
CAMERA, FIRE = _m("cameras.CameraSite"), _m("cameras.FirePoint")
TIP, TALLY = _m("tips.Tip"), _m("tallies.MonthlyTally")
ACTIVITY, SECURED = _m("activities.Activity"), _m("activities.SecuredEvent")
REGULATION = _m("activities.CoordinationRegulation")
AGREEMENT, COMMENDATION = _m("honours.EmulationAgreement"), _m("honours.Commendation")

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


def _activity(key, name, kind, measure=("count", "pk")):
    """Activities of one kind held in the period: their number, or the sum of participants."""
    return Indicator(
        key,
        name,
        "activities",
        model=ACTIVITY,
        where=Q(kind=kind) if kind else Q(),
        measure=measure,
        date_field="held_on",
        kind=FLOW,
    )


def _secured(key, name, where=None):
    return Indicator(
        key,
        name,
        "events",
        model=SECURED,
        where=where or Q(),
        date_field="held_on",
        kind=FLOW,
    )


APPROVED = Q(status="approved")
PARTICIPANTS = ("sum", "participants")


def _commendations(key, name, where=None, denominator=""):
    """Approved commendations, placed in time by the date of their decision."""
    return Indicator(
        key,
        name,
        "honours",
        model=COMMENDATION,
        where=APPROVED & (where or Q()),
        date_field="decision_date",
        kind=FLOW,
        denominator=denominator,
    )


declare(
    # activities of the movement (the detailed records, one per session)
    _activity("activities.total", _("activities held"), ""),
    _activity("activities.participants", _("participants in activities"), "", PARTICIPANTS),
    _activity("activities.outreach_sessions", _("outreach sessions"), "outreach"),
    _activity(
        "activities.outreach_participants",
        _("participants in outreach sessions"),
        "outreach",
        PARTICIPANTS,
    ),
    _activity("activities.dialogues", _("dialogues"), "dialogue"),
    _activity(
        "activities.dialogue_participants", _("participants in dialogues"), "dialogue", PARTICIPANTS
    ),
    _activity("activities.trainings", _("trainings"), "training"),
    _activity(
        "activities.training_participants", _("participants in trainings"), "training", PARTICIPANTS
    ),
    _activity("activities.preliminary_reviews", _("preliminary reviews"), "preliminary_review"),
    _activity("activities.final_reviews", _("final reviews"), "final_review"),
    _activity("activities.festival_days", _("movement festival days"), "festival_day"),
    _activity(
        "activities.festival_participants",
        _("participants in movement festival days"),
        "festival_day",
        PARTICIPANTS,
    ),
    _activity(
        "activities.agreement_signings", _("signings of emulation agreements"), "agreement_signing"
    ),
    # delegations and events kept secure (the detailed records; the monthly tallies carry the
    # police's own monthly counts as tallies.domestic_delegations … )
    _secured("events.total", _("delegations and events kept secure")),
    _secured(
        "events.domestic_delegations",
        _("domestic delegations kept secure"),
        Q(kind="domestic_delegation"),
    ),
    _secured(
        "events.foreign_delegations",
        _("foreign delegations kept secure"),
        Q(kind="foreign_delegation"),
    ),
    _secured("events.events", _("cultural and political events kept secure"), Q(kind="event")),
    _secured(
        "events.with_incidents",
        _("secured delegations and events with incidents"),
        Q(incidents_occurred=True),
    ),
    # coordination regulations in force at the end of the period
    Indicator(
        "regulations.total",
        _("coordination regulations in force"),
        "regulations",
        model=REGULATION,
        date_field="signed_on",
        end_field="ended_on",
    ),
    # emulation and commendation
    Indicator(
        "honours.agreements",
        _("emulation agreements signed"),
        "honours",
        model=AGREEMENT,
        date_field="signed_on",
        kind=FLOW,
    ),
    _commendations("honours.commendations", _("commendations (approved)")),
    _commendations(
        "honours.certificates_of_merit",
        _("certificates of merit"),
        Q(award_form="certificate_of_merit"),
    ),
    _commendations(
        "honours.certificates_of_commendation",
        _("certificates of commendation"),
        Q(award_form="certificate_of_commendation"),
    ),
    _commendations(
        "honours.commemorative_medals",
        _("commemorative medals"),
        Q(award_form="commemorative_medal"),
    ),
    _commendations(
        "honours.collective",
        _("commendations of collectives"),
        ~Q(recipient_kind="individual"),
        denominator="honours.commendations",
    ),
    _commendations(
        "honours.individual",
        _("commendations of individuals"),
        Q(recipient_kind="individual"),
        denominator="honours.commendations",
    ),
)


# hotspots (điểm nóng), and the annual evaluations: each result is placed in time by the end of
# its evaluation window, so a year's figures are those of the year's windows
HOTSPOT = _m("hotspots.Hotspot")
ASSESSMENT, CLASSIFICATION = _m("evaluations.Assessment"), _m("evaluations.Classification")
RURAL = _m("evaluations.RuralAssessment")
ASSESSED = Q(status__in=["assessed", "recognised"])


def _standard(kind, assessed, met, recognised):
    """Subjects of a kind assessed against the standard, meeting it, recognised."""
    where = Q(subject_kind=kind)
    common = {"model": ASSESSMENT, "date_field": "window_end", "kind": FLOW}
    key = f"evaluations.{kind}"
    return (
        Indicator(f"{key}_assessed", assessed, "evaluations", where=where & ASSESSED, **common),
        Indicator(
            f"{key}_met",
            met,
            "evaluations",
            where=where & ASSESSED & Q(meets_standard=True),
            denominator=f"{key}_assessed",
            **common,
        ),
        Indicator(
            f"{key}_recognised",
            recognised,
            "evaluations",
            where=where & Q(status="recognised"),
            denominator=f"{key}_assessed",
            **common,
        ),
    )


def _class(movement_class, name):
    return Indicator(
        f"evaluations.class_{movement_class}",
        name,
        "classification",
        model=CLASSIFICATION,
        where=Q(movement_class=movement_class),
        date_field="period_end",
        kind=FLOW,
        denominator="evaluations.classified",
    )


declare(
    Indicator(
        "hotspots.new",
        _("hotspots that arose"),
        "hotspots",
        model=HOTSPOT,
        date_field="opened_on",
        kind=FLOW,
    ),
    Indicator(
        "hotspots.open",
        _("hotspots open"),
        "hotspots",
        model=HOTSPOT,
        date_field="opened_on",
        end_field="settled_on",
    ),
    Indicator(
        "hotspots.settled",
        _("hotspots settled"),
        "hotspots",
        model=HOTSPOT,
        where=Q(status="settled"),
        date_field="settled_on",
        kind=FLOW,
    ),
    *_standard(
        "residential",
        _("residential areas assessed against the standard"),
        _("residential areas meeting the standard"),
        _("residential areas recognised as meeting the standard"),
    ),
    *_standard(
        "commune",
        _("communes and wards assessed against the standard"),
        _("communes and wards meeting the standard"),
        _("communes and wards recognised as meeting the standard"),
    ),
    *_standard(
        "agency",
        _("agencies and enterprises assessed against the standard"),
        _("agencies and enterprises meeting the standard"),
        _("agencies and enterprises recognised as meeting the standard"),
    ),
    *_standard(
        "school",
        _("schools assessed against the standard"),
        _("schools meeting the standard"),
        _("schools recognised as meeting the standard"),
    ),
    Indicator(
        "evaluations.classified",
        _("units whose movement was classified"),
        "classification",
        model=CLASSIFICATION,
        date_field="period_end",
        kind=FLOW,
    ),
    _class("excellent", _("units classified excellent")),
    _class("good", _("units classified good")),
    _class("average", _("units classified average")),
    _class("weak", _("units classified weak")),
    Indicator(
        "evaluations.rural_assessed",
        _("communes assessed on the new-rural criterion on defence and security"),
        "rural",
        model=RURAL,
        date_field="period_end",
        kind=FLOW,
    ),
    Indicator(
        "evaluations.rural_met",
        _("communes meeting the new-rural criterion on defence and security"),
        "rural",
        model=RURAL,
        where=Q(meets=True),
        date_field="period_end",
        kind=FLOW,
        denominator="evaluations.rural_assessed",
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
    "activities": _("Activities of the movement"),
    "events": _("Delegations and events kept secure"),
    "regulations": _("Coordination regulations"),
    "honours": _("Emulation and commendation"),
    "hotspots": _("Hotspots"),
    "evaluations": _("Safe for security and order"),
    "classification": _("Movement classification"),
    "rural": _("New-rural criterion on defence and security"),
}
__all__ = ["FLOW", "STOCK", "GROUPS"]
