"""The movement's models and teams: their indicators and the report's sentences on them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from antq.areas.choices import AreaLevel
from antq.indicators.groups import Group, Panel, declare_cards, declare_groups
from antq.indicators.registry import Indicator, declare
from antq.indicators.wording import counted
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
        "teams.fire_safety",
        _("inter-family fire-safety teams"),
        "teams",
        model=Team,
        where=Q(kind="fire_safety_inter_family"),
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.digital",
        _("community digital technology teams"),
        "teams",
        model=Team,
        where=Q(kind="digital_technology"),
        date_field="established_on",
        end_field="dissolved_on",
    ),
    Indicator(
        "teams.security",
        _("self-governing security teams"),
        "teams",
        model=Team,
        where=Q(kind="security_self_governing"),
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
    return paragraphs


def teams_sentences(v, fmt):
    teams = v.value("teams.total")
    return [
        ngettext(
            "{n} team is in place with {members}, among them {security}, {fire} and {digital}.",
            "{n} teams are in place with {members}, among them {security}, {fire} and {digital}.",
            teams,
        ).format(
            n=fmt.number(teams),
            members=counted("{n} member", "{n} members", v.value("teams.members"), fmt),
            security=counted(
                "{n} self-governing security team",
                "{n} self-governing security teams",
                v.value("teams.security"),
                fmt,
            ),
            fire=counted(
                "{n} inter-family fire-safety team",
                "{n} inter-family fire-safety teams",
                v.value("teams.fire_safety"),
                fmt,
            ),
            digital=counted(
                "{n} community digital technology team",
                "{n} community digital technology teams",
                v.value("teams.digital"),
                fmt,
            ),
        )
    ]


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
