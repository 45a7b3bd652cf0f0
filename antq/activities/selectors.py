"""Every read of activities, secured events and coordination regulations, scoped to the user.
Figures are aggregated in the database: one GROUP BY per record type, never a loop over areas."""

from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.http import Http404

from antq.activities.choices import ActivityKind, SecuredEventKind
from antq.activities.models import (
    Activity,
    ActivityAttachment,
    CoordinationRegulation,
    SecuredEvent,
)
from antq.core.scoping import Action

REVIEW_NOTICE_DAYS = 30


def _under(queryset, area):
    return queryset if area is None else queryset.filter(area__path__startswith=area.path)


def _in_period(queryset, field, date_from, date_to):
    if date_from:
        queryset = queryset.filter(**{f"{field}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{field}__lte": date_to})
    return queryset


def _get(queryset, pk, model):
    try:
        return queryset.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# --- activities -------------------------------------------------------------------------


def activity_list(user, action=Action.VIEW):
    return (
        Activity.objects.visible_to(user, action)
        .select_related("area")
        .prefetch_related("organisers")
    )


def activity_get(user, pk, action=Action.VIEW) -> Activity:
    return _get(activity_list(user, action), pk, Activity)


def attachments_of(activity: Activity):
    """The files of an activity the caller already holds (so already scoped)."""
    return activity.attachments.select_related("uploaded_by").order_by("id")


def attachment_get(user, pk, action=Action.VIEW) -> ActivityAttachment:
    qs = ActivityAttachment.objects.visible_to(user, action).select_related("activity__area")
    return _get(qs, pk, ActivityAttachment)


def activity_figures(user, area=None, *, date_from: date | None = None, date_to=None):
    """Sessions and participants by kind for an area (and below) and a period, with the totals:
    one GROUP BY over the activities the user may see.

    {"by_kind": {kind: {"sessions": n, "participants": n}}, "sessions": n, "participants": n}
    """
    qs = _in_period(_under(Activity.objects.visible_to(user), area), "held_on", date_from, date_to)
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(sessions=Count("id"), participants=Sum("participants"))
    )
    by_kind = {k: {"sessions": 0, "participants": 0} for k in ActivityKind.values}
    for row in rows:  # one row per kind
        by_kind[row["kind"]] = {
            "sessions": row["sessions"],
            "participants": row["participants"] or 0,
        }
    return {
        "by_kind": by_kind,
        "sessions": sum(v["sessions"] for v in by_kind.values()),
        "participants": sum(v["participants"] for v in by_kind.values()),
    }


# --- secured events ---------------------------------------------------------------------


def securedevent_list(user, action=Action.VIEW):
    return SecuredEvent.objects.visible_to(user, action).select_related("area")


def securedevent_figures(user, area=None, *, date_from=None, date_to=None):
    """Delegations and events kept secure, by kind, with how many had incidents: one GROUP BY."""
    qs = _in_period(
        _under(SecuredEvent.objects.visible_to(user), area), "held_on", date_from, date_to
    )
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(n=Count("id"), incidents=Count("id", filter=Q(incidents_occurred=True)))
    )
    by_kind = {k: {"count": 0, "incidents": 0} for k in SecuredEventKind.values}
    for row in rows:
        by_kind[row["kind"]] = {"count": row["n"], "incidents": row["incidents"]}
    return {
        "by_kind": by_kind,
        "count": sum(v["count"] for v in by_kind.values()),
        "incidents": sum(v["incidents"] for v in by_kind.values()),
    }


# --- coordination regulations -----------------------------------------------------------


def regulation_list(user, action=Action.VIEW):
    return (
        CoordinationRegulation.objects.visible_to(user, action)
        .select_related("area")
        .prefetch_related("parties")
    )


def in_force_q(day: date):
    return Q(signed_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def regulations_in_force(user, area=None, *, on: date | None = None):
    return _under(regulation_list(user), area).filter(in_force_q(on or date.today()))


def regulations_due_for_review(user, area=None, *, today: date | None = None, within_days=None):
    """Regulations in force whose review date has come or comes within the notice period,
    the most overdue first."""
    today = today or date.today()
    horizon = today + timedelta(days=REVIEW_NOTICE_DAYS if within_days is None else within_days)
    return (
        regulations_in_force(user, area, on=today)
        .filter(review_on__isnull=False, review_on__lte=horizon)
        .order_by("review_on", "id")
    )
