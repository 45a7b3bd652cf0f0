"""The movement's models and teams: their indicators and the report's sentences on them."""

from django.db.models import Case, F, Q, When
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from antq.areas.choices import AreaLevel
from antq.areas.models import Area
from antq.indicators.groups import Group, Panel, declare_cards, declare_groups
from antq.indicators.registry import Indicator, declare
from antq.indicators.wording import counted, listed
from antq.movement.choices import ModelStatus, TeamKind
from antq.movement.models import MovementModel, Team, TeamMember
from antq.movement.selectors import model_counts, team_counts

LIVE_MODEL = Q(status__in=["active", "effective"])

declare(
    # models (mô hình)
    Indicator(
        "models.total",
        _("models"),
        "models",
        model=MovementModel,
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.effective",
        _("effective models"),
        "models",
        model=MovementModel,
        where=Q(status="effective"),
        date_field="started_on",
        end_field="ended_on",
        denominator="models.total",
    ),
    Indicator(
        "models.ineffective",
        _("ineffective models"),
        "models",
        model=MovementModel,
        where=Q(status="ineffective"),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.ministry",
        _("models recognised by the Ministry"),
        "models",
        model=MovementModel,
        where=Q(recognition_level="ministry"),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.province",
        _("models recognised by the province"),
        "models",
        model=MovementModel,
        where=Q(recognition_level="province"),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.replications",
        _("replicated models"),
        "models",
        model=MovementModel,
        where=Q(replicated_from__isnull=False),
        date_field="started_on",
        end_field="ended_on",
    ),
    Indicator(
        "models.villages_with_model",
        _("villages with at least one self-defence/self-management model"),
        "models",
        model=MovementModel,
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
        model=Team,
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.members",
        _("team members"),
        "teams",
        model=TeamMember,
        path="team__area__path",
        where=Q(team__dissolved_on__isnull=True),
        date_field="joined_on",
        end_field="left_on",
    ),
)

# Models by the level of the unit they stand at, and the units of that level that have one
# ("100 models, 87 of them in 15 communes"); keyed models.at_<level> and models.at_<level>_units.
MODEL_LEVELS = {
    AreaLevel.PROVINCE: ("province", _("models at province level"), _("provinces with a model")),
    AreaLevel.DISTRICT: ("district", _("models at district level"), _("districts with a model")),
    AreaLevel.COMMUNE: (
        "commune",
        _("models at commune level"),
        _("communes and wards with a model"),
    ),
    AreaLevel.VILLAGE: (
        "village",
        _("models at village level"),
        _("villages and residential groups with a model"),
    ),
}


def _models_at(level):
    key, name, units_name = MODEL_LEVELS[level]
    at = {
        "model": MovementModel,
        "where": Q(area__level=level),
        "date_field": "started_on",
        "end_field": "ended_on",
    }
    return (
        Indicator(f"models.at_{key}", name, "models", **at),
        Indicator(
            f"models.at_{key}_units", units_name, "models", measure=("count_distinct", "area"), **at
        ),
    )


declare(*(ind for level in MODEL_LEVELS for ind in _models_at(level)))

# The models that stand in a commune or ward (at the commune itself or in one of its villages),
# and the communes and wards they stand in, each counted once: "100 models, 87 of them in its 15
# communes". The communes are distinct units above a village's model: the measure is the path of
# the model's commune (`unit_path`), and the rollup keeps each commune's count of models and its
# 1 while it has one, so the dashboard reads it from the cells like any other figure.
IN_COMMUNES = Q(area__level__in=(AreaLevel.COMMUNE, AreaLevel.VILLAGE))
# the path of a model's commune: its own area's, or its village's commune's
COMMUNE_OF_MODEL = Case(
    When(
        area__level=AreaLevel.VILLAGE,
        then=Substr("area__path", 1, Length("area__path") - Area.steplen),
    ),
    default=F("area__path"),
)
_DATED = {"model": MovementModel, "date_field": "started_on", "end_field": "ended_on"}
declare(
    Indicator(
        "models.in_communes",
        _("models in communes and wards, at the commune or in its villages"),
        "models",
        where=IN_COMMUNES,
        **_DATED,
    ),
    Indicator(
        "models.communes_with_model",
        _("communes and wards with a model, at the commune or in its villages"),
        "models",
        measure=("count_distinct", COMMUNE_OF_MODEL),
        unit_path=True,
        where=IN_COMMUNES,
        **_DATED,
    ),
)

# Teams and their members by kind, keyed as teams.<key> and teams.<key>_members; the report
# words each kind with its own plural (TEAM_KIND_PHRASES).
TEAM_KIND_KEYS = {
    TeamKind.SECURITY_SELF_GOVERNING: "security",
    TeamKind.FIRE_SAFETY_INTER_FAMILY: "fire_safety",
    TeamKind.DIGITAL_TECHNOLOGY: "digital",
    TeamKind.SECURITY_PROTECTION: "protection",
    TeamKind.YOUTH_VOLUNTEER: "youth",
    TeamKind.OTHER: "other",
}
TEAM_KIND_NAMES = {
    TeamKind.SECURITY_SELF_GOVERNING: (
        _("self-governing security teams"),
        _("members of self-governing security teams"),
    ),
    TeamKind.FIRE_SAFETY_INTER_FAMILY: (
        _("inter-family fire-safety teams"),
        _("members of inter-family fire-safety teams"),
    ),
    TeamKind.DIGITAL_TECHNOLOGY: (
        _("community digital technology teams"),
        _("members of community digital technology teams"),
    ),
    TeamKind.SECURITY_PROTECTION: (
        _("grassroots security-and-order protection groups"),
        _("members of grassroots security-and-order protection groups"),
    ),
    TeamKind.YOUTH_VOLUNTEER: (
        _("youth volunteer groups"),
        _("members of youth volunteer groups"),
    ),
    TeamKind.OTHER: (_("other teams"), _("members of other teams")),
}


def _teams_of_kind(kind, key):
    teams_name, members_name = TEAM_KIND_NAMES[kind]
    return (
        Indicator(
            f"teams.{key}",
            teams_name,
            "teams",
            model=Team,
            where=Q(kind=kind),
            date_field="established_on",
            end_field="dissolved_on",
        ),
        Indicator(
            f"teams.{key}_members",
            members_name,
            "teams",
            model=TeamMember,
            path="team__area__path",
            where=Q(team__dissolved_on__isnull=True, team__kind=kind),
            date_field="joined_on",
            end_field="left_on",
        ),
    )


declare(*(ind for kind, key in TEAM_KIND_KEYS.items() for ind in _teams_of_kind(kind, key)))


def models_sentences(v, fmt):
    paragraphs = []
    whole, part = v.value("areas.villages"), v.value("models.villages_with_model")
    if whole:
        paragraphs.append(
            ngettext(
                "{part}/{whole} village or residential group ({rate}) has at least one "
                "self-defence/self-management model.",
                "{part}/{whole} villages and residential groups ({rate}) have at least one "
                "self-defence/self-management model.",
                whole,
            ).format(
                part=fmt.number(part),
                whole=fmt.number(whole),
                rate=fmt.rate(v.rate("models.villages_with_model")),
            )
        )
    n = v.value("models.total")
    paragraphs.append(
        ngettext(
            "{n} movement model is in place: {effective} effective ({rate}), {ineffective} "
            "ineffective; {ministry} recognised by the Ministry and {province} by the province; "
            "{replicated} replicated from another model.",
            "{n} movement models are in place: {effective} effective ({rate}), {ineffective} "
            "ineffective; {ministry} recognised by the Ministry and {province} by the province; "
            "{replicated} replicated from another model.",
            n,
        ).format(
            n=fmt.number(n),
            effective=fmt.number(v.value("models.effective")),
            rate=fmt.rate(v.rate("models.effective")),
            ineffective=fmt.number(v.value("models.ineffective")),
            ministry=fmt.number(v.value("models.ministry")),
            province=fmt.number(v.value("models.province")),
            replicated=fmt.number(v.value("models.replications")),
        )
    )
    in_communes = v.value("models.in_communes")
    if n and in_communes:
        communes = v.value("models.communes_with_model")
        paragraphs.append(
            ngettext(
                "{n} of them stands in {communes}, at the commune itself or in its villages.",
                "{n} of them stand in {communes}, at the commune itself or in their villages.",
                in_communes,
            ).format(
                n=fmt.number(in_communes),
                communes=counted("{n} commune or ward", "{n} communes and wards", communes, fmt),
            )
        )
    levels = [
        _at_level(level, v.value(f"models.at_{key}"), v.value(f"models.at_{key}_units"), fmt)
        for level, (key, _name, _units) in MODEL_LEVELS.items()
        if v.value(f"models.at_{key}")  # a level with no model is not listed
    ]
    if levels:
        paragraphs.append(
            gettext("By the level of the unit they stand at: {levels}.").format(
                levels=listed(levels)
            )
        )
    return paragraphs


def _at_level(level, n, units, fmt):
    """The models of a level and the units of it that have one: "87 in 15 communes and wards"."""
    if level == AreaLevel.PROVINCE:
        where = counted("{n} province", "{n} provinces", units, fmt)
    elif level == AreaLevel.DISTRICT:
        where = counted("{n} district", "{n} districts", units, fmt)
    elif level == AreaLevel.COMMUNE:
        where = counted("{n} commune or ward", "{n} communes and wards", units, fmt)
    else:
        where = counted(
            "{n} village or residential group", "{n} villages and residential groups", units, fmt
        )
    return ngettext("{n} in {units}", "{n} in {units}", n).format(n=fmt.number(n), units=where)


# "5 self-governing security teams with 27 members": each kind's phrase, with its plural.
TEAM_KIND_PHRASES = {
    TeamKind.SECURITY_SELF_GOVERNING: lambda n: ngettext(
        "{n} self-governing security team with {members}",
        "{n} self-governing security teams with {members}",
        n,
    ),
    TeamKind.FIRE_SAFETY_INTER_FAMILY: lambda n: ngettext(
        "{n} inter-family fire-safety team with {members}",
        "{n} inter-family fire-safety teams with {members}",
        n,
    ),
    TeamKind.DIGITAL_TECHNOLOGY: lambda n: ngettext(
        "{n} community digital technology team with {members}",
        "{n} community digital technology teams with {members}",
        n,
    ),
    TeamKind.SECURITY_PROTECTION: lambda n: ngettext(
        "{n} grassroots security-and-order protection group with {members}",
        "{n} grassroots security-and-order protection groups with {members}",
        n,
    ),
    TeamKind.YOUTH_VOLUNTEER: lambda n: ngettext(
        "{n} youth volunteer group with {members}",
        "{n} youth volunteer groups with {members}",
        n,
    ),
    TeamKind.OTHER: lambda n: ngettext(
        "{n} other team with {members}", "{n} other teams with {members}", n
    ),
}


def _kind_phrase(kind, teams, members, fmt):
    return TEAM_KIND_PHRASES[kind](teams).format(
        n=fmt.number(teams), members=counted("{n} member", "{n} members", members, fmt)
    )


def teams_sentences(v, fmt):
    teams = v.value("teams.total")
    paragraphs = [
        ngettext(
            "{n} team is in place with {members}.",
            "{n} teams are in place with {members}.",
            teams,
        ).format(
            n=fmt.number(teams),
            members=counted("{n} member", "{n} members", v.value("teams.members"), fmt),
        )
    ]
    kinds = [
        _kind_phrase(kind, v.value(f"teams.{key}"), v.value(f"teams.{key}_members"), fmt)
        for kind, key in TEAM_KIND_KEYS.items()
        if v.value(f"teams.{key}")  # a kind with no team is not listed
    ]
    if kinds:
        paragraphs.append(gettext("By kind: {kinds}.").format(kinds=listed(kinds)))
    return paragraphs


declare_groups(
    Group("models", _("Movement models"), order=20, sentences=models_sentences),
    Group("teams", _("Teams"), order=30, sentences=teams_sentences),
)


# The home page's cards break models down by every status and teams by every kind, with their
# members: figures no indicator holds, so they are read through the app's own counts.
def _models_card(user, roots):
    return {"models": model_counts(user), "model_statuses": [(s, s.label) for s in ModelStatus]}


def _teams_card(user, roots):
    return {"teams": team_counts(user), "team_kinds": [(k, k.label) for k in TeamKind]}


declare_cards(
    Panel("models", "movement/_card_models.html", _models_card, order=10),
    Panel("teams", "movement/_card_teams.html", _teams_card, order=20),
)
