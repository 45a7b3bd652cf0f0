"""Activities at /api/v1/activities (with their files under /activities/{id}/attachments, one
removed at /activities/attachments/{id}, and the figures at /activities/figures), secured events
at /api/v1/secured-events, coordination regulations at /api/v1/regulations (and
/regulations/due)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Query, Schema, Status
from ninja.files import UploadedFile

from antq.activities import selectors, services
from antq.activities.choices import ActivityKind, SecuredEventKind
from antq.activities.records import ACTIVITIES, REGULATIONS, SECURED_EVENTS
from antq.activities.schemas import (
    ActivityAttachmentOut,
    ActivityFiguresOut,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    RegulationIn,
    RegulationOut,
    RegulationPatch,
    SecuredEventIn,
    SecuredEventOut,
    SecuredEventPatch,
)
from antq.areas import selectors as area_selectors
from antq.core.api import IsoDate, page_of
from antq.core.api_crud import ERRORS, crud_router

activity_router = crud_router(
    ACTIVITIES,
    out_schema=ActivityOut,
    in_schema=ActivityIn,
    patch_schema=ActivityPatch,
    tag="activities",
)
event_router = crud_router(
    SECURED_EVENTS,
    out_schema=SecuredEventOut,
    in_schema=SecuredEventIn,
    patch_schema=SecuredEventPatch,
    tag="secured events",
)
regulation_router = crud_router(
    REGULATIONS,
    out_schema=RegulationOut,
    in_schema=RegulationIn,
    patch_schema=RegulationPatch,
    tag="coordination regulations",
)

FROM = Query(None, alias="from")  # the period's first day, YYYY-MM-DD
TO = Query(None, alias="to")  # its last day


class RegulationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RegulationOut]


@activity_router.get(
    "/{int:pk}/attachments",
    response={200: list[ActivityAttachmentOut], **ERRORS},
    operation_id="activity_attachments",
    summary="An activity's files (download them from the activity's page)",
)
def attachments(request, pk: int):
    return list(selectors.attachments_of(ACTIVITIES.get(request.user, pk)))


@activity_router.post(
    "/{int:pk}/attachments",
    response={201: ActivityAttachmentOut, **ERRORS},
    operation_id="activity_attachment_add",
    summary="Attach a photo or a document to an activity",
    description="JPEG, PNG or PDF (checked by content), at most 10 MB, at most 20 per activity.",
)
def attachment_add(request, pk: int, file: File[UploadedFile]):
    activity = ACTIVITIES.get(request.user, pk)
    attachment = services.activity_attachment_add(
        acting_user=request.user, activity=activity, upload=file
    )
    return Status(201, attachment)


@activity_router.delete(
    "/attachments/{int:attachment_id}",
    response={204: None, **ERRORS},
    operation_id="activity_attachment_delete",
    summary="Remove a file from its activity",
)
def attachment_delete(request, attachment_id: int):
    attachment = selectors.attachment_get(request.user, attachment_id)
    services.activity_attachment_delete(acting_user=request.user, attachment=attachment)
    return Status(204, None)


@activity_router.get(
    "/figures",
    response={200: ActivityFiguresOut, **ERRORS},
    operation_id="activity_figures",
    summary="Sessions and participants by kind, secured delegations and events, regulations in "
    "force, for an area (and below) and a period",
    description="area: an area id (default: everything you may see); from, to: days as "
    "YYYY-MM-DD, both included. Regulations are counted in force on `to` (default today).",
)
def figures(
    request,
    area: int | None = None,
    date_from: IsoDate | None = FROM,
    date_to: IsoDate | None = TO,
):
    user = request.user
    place = area_selectors.area_get(user, area) if area is not None else None
    if date_from and date_to and date_from > date_to:
        raise ValidationError({"to": _("The period ends before it begins.")})
    period = {"date_from": date_from, "date_to": date_to}
    acts = selectors.activity_figures(user, place, **period)
    events = selectors.securedevent_figures(user, place, **period)
    return {
        "area_id": place.pk if place else None,
        **period,
        "sessions": acts["sessions"],
        "participants": acts["participants"],
        "activities": [
            {"kind": k.value, "label": str(k.label), **acts["by_kind"][k]} for k in ActivityKind
        ],
        "secured": events["count"],
        "secured_with_incidents": events["incidents"],
        "secured_events": [
            {"kind": k.value, "label": str(k.label), **events["by_kind"][k]}
            for k in SecuredEventKind
        ],
        "regulations_in_force": selectors.regulations_in_force(user, place, on=date_to).count(),
    }


@regulation_router.get(
    "/due",
    response={200: RegulationPage, **ERRORS},
    operation_id="regulation_due",
    summary="Regulations in force whose review date has come or comes within 30 days",
)
def due(request, area: int | None = None):
    place = area_selectors.area_get(request.user, area) if area is not None else None
    return page_of(selectors.regulations_due_for_review(request.user, place), request)
