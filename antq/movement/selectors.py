"""Every read of models, teams and team members, scoped to the user."""

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from antq.core.scoping import Action
from antq.movement.choices import ModelStatus, RecognitionLevel, TeamKind, TeamRole
from antq.movement.models import ModelCategory, MovementModel, Team, TeamMember

CURRENT_MEMBER = Q(left_on__isnull=True)


def _under(queryset, area, path_lookup="area__path"):
    return (
        queryset if area is None else queryset.filter(**{f"{path_lookup}__startswith": area.path})
    )


# --- models -----------------------------------------------------------------------------


def category_list():
    """The model categories, those not in use too (old models keep theirs): a catalogue every
    user may read."""
    return ModelCategory.objects.all()


def movementmodel_list(user, action=Action.VIEW):
    return MovementModel.objects.visible_to(user, action).select_related(
        "area", "category", "host_organisation"
    )


def movementmodel_get(user, pk, action=Action.VIEW) -> MovementModel:
    try:
        return movementmodel_list(user, action).get(pk=pk)
    except (MovementModel.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def status_history(model: MovementModel):
    """The status changes of a model the caller already holds (so already scoped)."""
    return model.status_changes.select_related("changed_by").order_by("-changed_on", "-id")


def replications(user, model: MovementModel):
    """Models replicated from `model` that the user may see."""
    return movementmodel_list(user).filter(replicated_from=model).order_by("area__path", "name")


def visible_or_none(user, model: MovementModel | None):
    """The model if the user may see it (a replication's source may lie outside)."""
    if model is None:
        return None
    return MovementModel.objects.visible_to(user).filter(pk=model.pk).first()


def model_counts(user, area=None):
    """Models by status and by recognition level, in one aggregate query."""
    qs = _under(MovementModel.objects.visible_to(user), area)
    aggregates = {"total": Count("id")}
    for status in ModelStatus.values:
        aggregates[f"status_{status}"] = Count("id", filter=Q(status=status))
    for level in RecognitionLevel.values:
        aggregates[f"recognition_{level}"] = Count("id", filter=Q(recognition_level=level))
    totals = qs.aggregate(**aggregates)
    return {
        "total": totals["total"],
        "by_status": {s: totals[f"status_{s}"] for s in ModelStatus.values},
        "by_recognition": {r: totals[f"recognition_{r}"] for r in RecognitionLevel.values},
    }


# --- teams ------------------------------------------------------------------------------


def _current_members_count():
    members = (
        TeamMember.objects.filter(CURRENT_MEMBER, team=OuterRef("pk"))
        .order_by()
        .values("team")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def team_list(user, action=Action.VIEW):
    """Teams with `current_members` (members who have not left) annotated."""
    return (
        Team.objects.visible_to(user, action)
        .select_related("area", "movement_model", "host_organisation")
        .annotate(current_members=_current_members_count())
    )


def team_counts(user, area=None):
    """Teams not dissolved, and their current members, in total and by kind: one GROUP BY."""
    qs = _under(Team.objects.visible_to(user), area).filter(dissolved_on__isnull=True)
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(
            n_teams=Count("id", distinct=True),
            n_members=Count("members", filter=Q(members__left_on__isnull=True)),
        )
    )
    by_kind = {k: {"teams": 0, "members": 0} for k in TeamKind.values}
    for row in rows:  # one row per kind, not per team
        by_kind[row["kind"]] = {"teams": row["n_teams"], "members": row["n_members"]}
    return {
        "teams": sum(v["teams"] for v in by_kind.values()),
        "members": sum(v["members"] for v in by_kind.values()),
        "by_kind": by_kind,
    }


# --- team members -----------------------------------------------------------------------

_ROLE_ORDER = Case(
    *(When(role_in_team=role, then=Value(i)) for i, role in enumerate(TeamRole.values)),
    default=Value(len(TeamRole.values)),
    output_field=IntegerField(),
)


def team_member_list(user, action=Action.VIEW):
    return TeamMember.objects.visible_to(user, action).select_related("team__area")


def team_members(user, team: Team, action=Action.VIEW):
    """A team's members: current ones first, leaders before deputies before members."""
    return (
        team_member_list(user, action)
        .filter(team=team)
        .order_by(F("left_on").desc(nulls_first=True), _ROLE_ORDER, "full_name", "id")
    )


def team_member_get(user, pk, action=Action.VIEW) -> TeamMember:
    try:
        return team_member_list(user, action).get(pk=pk)
    except (TeamMember.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
