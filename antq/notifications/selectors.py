"""Reads: who is told of an event, a user's notifications, alerts and their delivery logs
(scoped: an alert outside the user's jurisdiction does not exist for them)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import translation

from antq.accounts.models import RoleAssignment
from antq.core.scoping import ACTION_MIN_RANK, ROLE_RANK, Action, covering_paths
from antq.movement.models import Team, TeamMember
from antq.notifications.models import Alert, Delivery, Notification, Preference


def roles_allowing(action) -> list[str]:
    return [role for role, rank in ROLE_RANK.items() if rank >= ACTION_MIN_RANK[Action(action)]]


def _covering(paths, above_only):
    """{path: the paths where a role covers it (only from above, with `above_only`)}, through
    the successions of former units as jurisdiction reads them (core.scoping.covering_paths)."""
    return {
        path: {p for p, from_above in found.items() if from_above or not above_only}
        for path, found in covering_paths(paths).items()
    }


def recipients(area, action, *, above_only=False):
    """The active users holding a role that allows `action` where it covers `area`: at the area
    or above it (only above, with `above_only`), and, for a former unit, at the units it became
    and above them, so that today's responsible people are told, not the former unit's
    ancestors that nobody holds."""
    holders = RoleAssignment.objects.filter(
        area__path__in=sorted(_covering([area.path], above_only)[area.path]),
        role__in=roles_allowing(action),
    ).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=holders)


def recipients_by_area(areas, action, *, above_only=False) -> dict[str, set[int]]:
    """{area path: ids of the active users `recipients` would give}, for all of `areas` at once
    (the daily scan's, a bulk approval's): one query for the roles, one per step of succession."""
    covering = _covering({area.path for area in areas}, above_only)
    rows = RoleAssignment.objects.filter(
        area__path__in=sorted(set().union(*covering.values())),
        role__in=roles_allowing(action),
        user__is_active=True,
    ).values_list("area__path", "user_id")
    held = {}
    for path, user_id in rows:
        held.setdefault(path, set()).add(user_id)
    return {
        path: {uid for p in paths for uid in held.get(p, ())} for path, paths in covering.items()
    }


def notifications_of(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_of(user) -> Preference:
    """The user's preferences, the defaults where none were saved (not stored by reading): the
    language of messages then starts at the one they are using, so that saving the form as it
    stands does not choose another for them."""
    saved = Preference.objects.filter(user=user).first()
    if saved is not None:
        return saved
    return Preference(user=user, language=_supported(translation.get_language()))


def chosen_language(user) -> str | None:
    """The language `user` (or a user id) chose for messages in their preferences, or None when
    they saved none."""
    user_id = user if isinstance(user, int) else user.pk
    return Preference.objects.filter(user_id=user_id).values_list("language", flat=True).first()


def message_language(user, *, fallback=None) -> str:
    """The language of the messages sent to `user` (or a user id) outside the site: the one
    chosen in their preferences, else `fallback` (the language the person themselves asked in,
    for a message they asked for: a password reset), else the site's default
    (settings.LANGUAGE_CODE); never the language of someone else who caused the message."""
    return chosen_language(user) or _supported(fallback)


def _supported(language) -> str:
    """`language` as one of settings.LANGUAGES, else the site's default."""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


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
