"""Reads: who is told of an event, a user's notifications, alerts and their delivery logs
(scoped: an alert outside the user's jurisdiction does not exist for them)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from antq.accounts.models import RoleAssignment
from antq.areas.models import Area
from antq.core.scoping import ACTION_MIN_RANK, ROLE_RANK, Action
from antq.movement.models import Team, TeamMember
from antq.notifications.models import Alert, Delivery, Notification, Preference


def ancestor_paths(area, *, include_self=True) -> list[str]:
    """The materialised paths of `area`'s ancestors (and its own): the areas whose roles cover
    it."""
    step = Area.steplen
    paths = [area.path[:end] for end in range(step, len(area.path) + 1, step)]
    return paths if include_self else paths[:-1]


def roles_allowing(action) -> list[str]:
    return [role for role, rank in ROLE_RANK.items() if rank >= ACTION_MIN_RANK[Action(action)]]


def recipients(area, action, *, above_only=False):
    """The active users holding, at `area` or an area above it (only above, with
    `above_only`), a role that allows `action`: one query over the role assignments of the
    area's ancestors' paths."""
    holders = RoleAssignment.objects.filter(
        area__path__in=ancestor_paths(area, include_self=not above_only),
        role__in=roles_allowing(action),
    ).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=holders)


def role_holders_by_path(areas, action) -> dict[str, set[int]]:
    """{ancestor path: ids of the active users holding a role allowing `action` there}, for all
    of `areas` at once (the daily scan's recipients, in one query)."""
    paths = {p for area in areas for p in ancestor_paths(area)}
    rows = RoleAssignment.objects.filter(
        area__path__in=paths, role__in=roles_allowing(action), user__is_active=True
    ).values_list("area__path", "user_id")
    held = {}
    for path, user_id in rows:
        held.setdefault(path, set()).add(user_id)
    return held


def notifications_of(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_of(user) -> Preference:
    """The user's preferences, the defaults where none were saved (not stored by reading)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def alert_list(user):
    return (
        Alert.objects.visible_to(user)
        .select_related("area", "sent_by")
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status="sent")),
            failed=Count("deliveries", filter=Q(deliveries__status="failed")),
        )
        .order_by("-created_at", "-id")
    )


def alert_get(user, pk) -> Alert:
    return get_object_or_404(
        Alert.objects.visible_to(user).select_related("area", "sent_by"), pk=pk
    )


def alert_log(alert):
    """The alert's deliveries, one per member and channel, by team and member."""
    return alert.deliveries.select_related("team", "member").order_by(
        "team__name", "member__full_name", "channel", "id"
    )


def alert_teams(area, team_kinds):
    """The teams of those kinds in `area`'s subtree that have not been dissolved."""
    return Team.objects.filter(
        area__path__startswith=area.path, kind__in=team_kinds, dissolved_on__isnull=True
    )


def alert_members(area, team_kinds):
    """The current members (not left) of those teams."""
    return TeamMember.objects.filter(team__in=alert_teams(area, team_kinds), left_on__isnull=True)


def alert_reach(area, team_kinds) -> dict:
    """How many teams and members an alert reaches, and how many members have a phone number:
    counted in the database."""
    members = TeamMember.objects.filter(
        team__in=alert_teams(area, team_kinds), left_on__isnull=True
    ).aggregate(members=Count("id"), with_phone=Count("id", filter=~Q(phone="")))
    return {"teams": alert_teams(area, team_kinds).count(), **members}


def team_alerts(team):
    """The alerts sent to a team, newest first (the team's page lists them)."""
    return Alert.objects.filter(
        pk__in=Delivery.objects.filter(team=team).values("alert_id")
    ).select_related("area", "sent_by")
