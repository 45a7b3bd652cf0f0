"""Activities of the movement, delegations and events kept secure, and coordination
regulations: their indicators and the report's sentences on them."""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.indicators.groups import Group, declare_groups
from antq.indicators.registry import FLOW, Indicator, declare
from antq.indicators.wording import counted

PARTICIPANTS = ("sum", "participants")
# An activity filed without its number of participants holds 0: it did not report them.
RECORDED = Q(participants__gt=0)


def _activity(key, name, kind, measure=("count", "pk"), where=None, reported_by=""):
    """Activities of one kind held in the period: their number, or the sum of participants
    (not reported where no activity of the kind recorded its participants)."""
    return Indicator(
        key,
        name,
        "activities",
        model=Activity,
        where=(Q(kind=kind) if kind else Q()) & (where or Q()),
        measure=measure,
        date_field="held_on",
        kind=FLOW,
        reported_by=reported_by,
    )


def _participants_of(key, recorded_key, name, recorded_name, kind):
    """The participants of one kind of activity, and the number of its activities that recorded
    them."""
    return (
        _activity(key, name, kind, PARTICIPANTS, reported_by=recorded_key),
        _activity(recorded_key, recorded_name, kind, where=RECORDED),
    )


def _secured(key, name, where=None):
    return Indicator(
        key,
        name,
        "events",
        model=SecuredEvent,
        where=where or Q(),
        date_field="held_on",
        kind=FLOW,
    )


declare(
    # activities of the movement (the detailed records, one per session)
    _activity("activities.total", _("activities held"), ""),
    *_participants_of(
        "activities.participants",
        "activities.with_participants",
        _("participants in activities"),
        _("activities with participants recorded"),
        "",
    ),
    _activity("activities.outreach_sessions", _("outreach sessions"), "outreach"),
    *_participants_of(
        "activities.outreach_participants",
        "activities.outreach_with_participants",
        _("participants in outreach sessions"),
        _("outreach sessions with participants recorded"),
        "outreach",
    ),
    _activity("activities.dialogues", _("dialogues"), "dialogue"),
    *_participants_of(
        "activities.dialogue_participants",
        "activities.dialogues_with_participants",
        _("participants in dialogues"),
        _("dialogues with participants recorded"),
        "dialogue",
    ),
    _activity("activities.trainings", _("trainings"), "training"),
    *_participants_of(
        "activities.training_participants",
        "activities.trainings_with_participants",
        _("participants in trainings"),
        _("trainings with participants recorded"),
        "training",
    ),
    _activity("activities.preliminary_reviews", _("preliminary reviews"), "preliminary_review"),
    _activity("activities.final_reviews", _("final reviews"), "final_review"),
    _activity("activities.festival_days", _("movement festival days"), "festival_day"),
    *_participants_of(
        "activities.festival_participants",
        "activities.festivals_with_participants",
        _("participants in movement festival days"),
        _("movement festival days with participants recorded"),
        "festival_day",
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
        model=CoordinationRegulation,
        date_field="signed_on",
        end_field="ended_on",
    ),
)


def activities_sentences(v, fmt):
    total = v.value("activities.total")
    if not total:
        return [gettext("No activity of the movement was recorded in the period.")]
    sessions = v.value("activities.outreach_sessions")
    return [
        ngettext(
            "In the period, {sessions} was held {participants}; {dialogues} "
            "{dialogue_participants}.",
            "In the period, {sessions} were held {participants}; {dialogues} "
            "{dialogue_participants}.",
            sessions,
        ).format(
            sessions=counted("{n} outreach session", "{n} outreach sessions", sessions, fmt),
            participants=_with_participants(v, "outreach", fmt),
            dialogues=counted(
                "{n} dialogue", "{n} dialogues", v.value("activities.dialogues"), fmt
            ),
            dialogue_participants=_with_participants(v, "dialogue", fmt),
        ),
        gettext(
            "The movement also held {trainings} ({training_participants}), {preliminary}, "
            "{final} and {festivals} ({festival_participants}); emulation agreements were "
            "signed at {signings}."
        ).format(
            trainings=counted(
                "{n} training", "{n} trainings", v.value("activities.trainings"), fmt
            ),
            training_participants=_participants(v, "training", fmt),
            preliminary=counted(
                "{n} preliminary review",
                "{n} preliminary reviews",
                v.value("activities.preliminary_reviews"),
                fmt,
            ),
            final=counted(
                "{n} final review", "{n} final reviews", v.value("activities.final_reviews"), fmt
            ),
            festivals=counted(
                "{n} movement festival day",
                "{n} movement festival days",
                v.value("activities.festival_days"),
                fmt,
            ),
            festival_participants=_participants(v, "festival_day", fmt),
            signings=counted(
                "{n} signing ceremony",
                "{n} signing ceremonies",
                v.value("activities.agreement_signings"),
                fmt,
            ),
        ),
        ngettext(
            "In all, {n} activity of the movement was held {participants}.",
            "In all, {n} activities of the movement were held {participants}.",
            total,
        ).format(n=fmt.number(total), participants=_with_participants(v, "", fmt)),
    ]


# For each kind of activity (all of them: ""): the keys of its number, its participants and the
# number of its activities that recorded their participants.
PARTICIPANT_KEYS = {
    "": ("activities.total", "activities.participants", "activities.with_participants"),
    "outreach": (
        "activities.outreach_sessions",
        "activities.outreach_participants",
        "activities.outreach_with_participants",
    ),
    "dialogue": (
        "activities.dialogues",
        "activities.dialogue_participants",
        "activities.dialogues_with_participants",
    ),
    "training": (
        "activities.trainings",
        "activities.training_participants",
        "activities.trainings_with_participants",
    ),
    "festival_day": (
        "activities.festival_days",
        "activities.festival_participants",
        "activities.festivals_with_participants",
    ),
}


def _how_recorded(v, kind):
    """(participants, "all" | "some" | "none"): whether every activity of the kind held in the
    period recorded its participants, some of them, or none (then the figure was not reported;
    with no activity held, it is a plain 0)."""
    held_key, key, recorded_key = PARTICIPANT_KEYS[kind]
    held = v.value(held_key)
    if held and not v.reported(key):
        return 0, "none"
    partly = v.tells_unreported and v.value(recorded_key) < held
    return v.value(key), "some" if partly else "all"


def _participants(v, kind, fmt):
    """The participants of a kind of activity: "12 participants", "at least 12 participants"
    or "participants not reported"."""
    n, recorded = _how_recorded(v, kind)
    if recorded == "none":
        return gettext("participants not reported")
    if recorded == "some":
        return counted("at least {n} participant", "at least {n} participants", n, fmt)
    return counted("{n} participant", "{n} participants", n, fmt)


def _with_participants(v, kind, fmt):
    """The participants after a number of activities: "with 12 participants", "with at least
    12 participants" or "(participants not reported)"."""
    n, recorded = _how_recorded(v, kind)
    if recorded == "none":
        return gettext("(participants not reported)")
    if recorded == "some":
        return counted("with at least {n} participant", "with at least {n} participants", n, fmt)
    return counted("with {n} participant", "with {n} participants", n, fmt)


def events_sentences(v, fmt):
    total = v.value("events.total")
    if not total:
        return [gettext("No delegation or event kept secure was recorded in the period.")]
    paragraphs = [
        ngettext(
            "Security was kept for {n} delegation or event: {domestic}, {foreign} and {events}.",
            "Security was kept for {n} delegations and events: {domestic}, {foreign} and {events}.",
            total,
        ).format(
            n=fmt.number(total),
            domestic=counted(
                "{n} domestic delegation",
                "{n} domestic delegations",
                v.value("events.domestic_delegations"),
                fmt,
            ),
            foreign=counted(
                "{n} foreign delegation",
                "{n} foreign delegations",
                v.value("events.foreign_delegations"),
                fmt,
            ),
            events=counted(
                "{n} cultural or political event",
                "{n} cultural or political events",
                v.value("events.events"),
                fmt,
            ),
        )
    ]
    incidents = v.value("events.with_incidents")
    paragraphs.append(
        ngettext(
            "Incidents occurred at {n} of them.", "Incidents occurred at {n} of them.", incidents
        ).format(n=fmt.number(incidents))
        if incidents
        else gettext("No incident occurred at any of them.")
    )
    return paragraphs


def regulations_sentences(v, fmt):
    n = v.value("regulations.total")
    return [
        ngettext(
            "{n} coordination regulation between the party committees, authorities, police, "
            "army and mass organisations is in force.",
            "{n} coordination regulations between the party committees, authorities, police, "
            "army and mass organisations are in force.",
            n,
        ).format(n=fmt.number(n))
    ]


declare_groups(
    Group(
        "activities",
        _("Activities of the movement"),
        order=80,
        sentences=activities_sentences,
    ),
    Group(
        "events",
        _("Delegations and events kept secure"),
        order=90,
        sentences=events_sentences,
    ),
    Group(
        "regulations",
        _("Coordination regulations"),
        order=100,
        sentences=regulations_sentences,
    ),
)
