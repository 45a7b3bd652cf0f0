"""Notifications at /api/v1/notifications (the user's own: list, mark read, preferences) and
alerts to teams at /api/v1/alerts (preview, send, list, delivery log; scoped: an alert or area
outside the user's jurisdiction is 404 or a field error)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from antq.areas.models import Area
from antq.core.api import page_of
from antq.core.api_crud import ERRORS
from antq.core.relations import load_visible
from antq.notifications import selectors, services
from antq.notifications.schemas import (
    AlertIn,
    AlertOut,
    DeliveryPage,
    MarkedOut,
    MarkReadIn,
    NotificationPage,
    PreferenceIO,
    ReachOut,
)
from antq.notifications.wording import text_of

router = Router(tags=["notifications"])
alert_router = Router(tags=["alerts"])


@router.get(
    "",
    response={200: NotificationPage, **ERRORS},
    operation_id="notification_list",
    summary="The user's notifications, newest first, worded in the request's language",
)
def notification_list(request):
    page = page_of(selectors.notifications_of(request.user), request)
    page["items"] = [
        {
            "id": n.pk,
            "kind": n.kind,
            "text": text_of(n),
            "link": n.link,
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in page["items"]
    ]
    return {**page, "unread": selectors.unread_count(request.user)}


@router.post(
    "/read",
    response={200: MarkedOut, **ERRORS},
    operation_id="notification_mark_read",
    summary="Mark the user's notifications read: those listed in `ids`, or all",
)
def mark_read(request, data: MarkReadIn):
    return {"marked": services.mark_read(acting_user=request.user, ids=data.ids)}


@router.get(
    "/preferences",
    response={200: PreferenceIO, **ERRORS},
    operation_id="notification_preferences",
    summary="Which kinds are sent beyond the in-app list, and by which channels",
)
def get_preferences(request):
    return selectors.preference_of(request.user)


@router.put(
    "/preferences",
    response={200: PreferenceIO, **ERRORS},
    operation_id="notification_preferences_update",
    summary="Change the user's notification preferences",
)
def put_preferences(request, data: PreferenceIO):
    return services.preference_update(acting_user=request.user, **data.dict())


def _alert_values(request, data: AlertIn):
    values = data.dict()
    area = load_visible(request.user, Area, values.pop("area_id"))
    if area is None:
        raise ValidationError({"area_id": _("Choose an area in your jurisdiction.")})
    return {**values, "area": area}


@alert_router.post(
    "/preview",
    response={200: ReachOut, **ERRORS},
    operation_id="alert_preview",
    summary="How many teams and members an alert would reach (nothing is sent)",
)
def preview(request, data: AlertIn):
    values = services.clean_alert(acting_user=request.user, **_alert_values(request, data))
    return selectors.alert_reach(values["area"], values["team_kinds"])


@alert_router.post(
    "",
    response={201: AlertOut, **ERRORS},
    operation_id="alert_send",
    summary="Send an alert to the members of the teams of the chosen kinds in an area subtree "
    "(editors or above of the area)",
)
def send(request, data: AlertIn):
    return Status(
        201, services.alert_send(acting_user=request.user, **_alert_values(request, data))
    )


@alert_router.get(
    "",
    response={200: list[AlertOut], **ERRORS},
    operation_id="alert_list",
    summary="The alerts of the user's jurisdiction, newest first (at most 200)",
)
def alert_list(request):
    return list(selectors.alert_list(request.user)[:200])


@alert_router.get(
    "/{int:pk}",
    response={200: AlertOut, **ERRORS},
    operation_id="alert_get",
    summary="One alert",
)
def alert_get(request, pk: int):
    return selectors.alert_get(request.user, pk)


@alert_router.get(
    "/{int:pk}/deliveries",
    response={200: DeliveryPage, **ERRORS},
    operation_id="alert_deliveries",
    summary="An alert's delivery log: one row per member and channel (queued, sent, to be "
    "retried, failed)",
)
def deliveries(request, pk: int):
    return page_of(selectors.alert_log(selectors.alert_get(request.user, pk)), request)
