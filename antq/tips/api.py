"""Tips at /api/v1/tips: list (the inbox by urgency, with the list page's filters), export,
get, history, create, patch, delete; the workflow as POST /{id}/<step>; events and messages;
the categories.
No response carries a reporter's identity."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from antq.accounts.models import User
from antq.areas.models import Area
from antq.cameras.models import CameraSite
from antq.core.api import CatalogueEntryOut
from antq.core.api_crud import ERRORS, crud_router
from antq.core.relations import load_visible
from antq.tips import selectors
from antq.tips.records import TIPS
from antq.tips.schemas import (
    AssignIn,
    DecideIn,
    EventOut,
    ExtendIn,
    FootageAnswerIn,
    FootageRequestIn,
    FootageRequestOut,
    MessageIn,
    MessageOut,
    NearbyCameraOut,
    OnIn,
    ResumeIn,
    TipIn,
    TipOut,
    TipPatch,
    TipReasonIn,
    TransferIn,
    TransferOutIn,
)
from antq.tips.services import footage as footage_services
from antq.tips.services import messages as message_services
from antq.tips.services import workflow as workflow_services

router = crud_router(TIPS, out_schema=TipOut, in_schema=TipIn, patch_schema=TipPatch, tag="tips")
OUT = {200: TipOut, **ERRORS}


def _step(request, pk, service, renames=(), **kwargs):
    """Run one workflow step on a tip the user can see; errors name the fields sent."""
    tip = TIPS.get(request.user, pk)
    try:
        return service(acting_user=request.user, tip=tip, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, sent in renames:
                if field in exc.error_dict:
                    exc.error_dict[sent] = exc.error_dict.pop(field)
        raise


@router.get(
    "/categories",
    response={200: list[CatalogueEntryOut], **ERRORS},
    operation_id="tip_categories",
    summary="Tip categories: the `category_id` a tip names",
    description="Categories not in use (`is_active` false) are refused for new tips.",
)
def categories(request):
    return list(selectors.category_list())


@router.post("/{int:pk}/assign", response=OUT, operation_id="tip_assign")
def assign(request, pk: int, data: AssignIn):
    values = data.dict()
    assignee = User.objects.filter(pk=values.pop("assignee_id")).first()
    return _step(
        request,
        pk,
        workflow_services.tip_assign,
        (("assignee", "assignee_id"),),
        assignee=assignee,
        **values,
    )


@router.post("/{int:pk}/verify", response=OUT, operation_id="tip_verify")
def verify(request, pk: int, data: OnIn):
    return _step(request, pk, workflow_services.tip_start_verifying, **data.dict())


@router.post(
    "/{int:pk}/extend",
    response=OUT,
    operation_id="tip_extend",
    description="First: to at most 2 months from receipt. Second: needs procuracy_approved, "
    "at most 2 months more. `until` grants less than the maximum.",
)
def extend(request, pk: int, data: ExtendIn):
    return _step(request, pk, workflow_services.tip_extend, **data.dict())


@router.post("/{int:pk}/suspend", response=OUT, operation_id="tip_suspend")
def suspend(request, pk: int, data: TipReasonIn):
    return _step(request, pk, workflow_services.tip_suspend, **data.dict())


@router.post("/{int:pk}/resume", response=OUT, operation_id="tip_resume")
def resume(request, pk: int, data: ResumeIn):
    return _step(request, pk, workflow_services.tip_resume, **data.dict())


@router.post("/{int:pk}/decide", response=OUT, operation_id="tip_decide")
def decide(request, pk: int, data: DecideIn):
    return _step(request, pk, workflow_services.tip_decide, **data.dict())


@router.post(
    "/{int:pk}/transfer",
    response=OUT,
    operation_id="tip_transfer",
    description="To a unit in your jurisdiction or a unit above the tip's (a commune to its "
    "province); the tip then leaves your inbox.",
)
def transfer(request, pk: int, data: TransferIn):
    values = data.dict()
    to_area = Area.objects.filter(pk=values.pop("to_area_id")).first()
    if to_area is None:
        TIPS.get(request.user, pk)  # an unknown tip is still a 404 first
        raise ValidationError({"to_area_id": _("No such area.")})
    return _step(
        request,
        pk,
        workflow_services.tip_transfer,
        (("to_area", "to_area_id"),),
        to_area=to_area,
        **values,
    )


@router.post("/{int:pk}/transfer-out", response=OUT, operation_id="tip_transfer_out")
def transfer_out(request, pk: int, data: TransferOutIn):
    return _step(request, pk, workflow_services.tip_transfer_out, **data.dict())


@router.post("/{int:pk}/close", response=OUT, operation_id="tip_close_not_crime")
def close(request, pk: int, data: TipReasonIn):
    return _step(request, pk, workflow_services.tip_close_not_crime, **data.dict())


@router.get("/{int:pk}/events", response={200: list[EventOut], **ERRORS}, operation_id="tip_events")
def events(request, pk: int):
    return list(selectors.timeline(TIPS.get(request.user, pk)))


@router.get(
    "/{int:pk}/messages", response={200: list[MessageOut], **ERRORS}, operation_id="tip_messages"
)
def thread(request, pk: int):
    """The thread; reading it is reading the reporter's replies, as opening the tip's page is."""
    tip = TIPS.get(request.user, pk)
    message_services.tip_replies_mark_read(acting_user=request.user, tip=tip)
    return list(selectors.thread(tip))


@router.post(
    "/{int:pk}/messages", response={201: MessageOut, **ERRORS}, operation_id="tip_message_send"
)
def send_message(request, pk: int, data: MessageIn):
    tip = TIPS.get(request.user, pk)
    return Status(
        201, message_services.tip_send_message(acting_user=request.user, tip=tip, **data.dict())
    )


@router.get(
    "/{int:pk}/cameras",
    response={200: list[NearbyCameraOut], **ERRORS},
    operation_id="tip_nearby_cameras",
    summary="Camera sites near the incident's point",
    description="Camera sites you may see within `metres` (one of "
    + ", ".join(str(m) for m in selectors.NEARBY_METRES)
    + ") of the tip's point, nearest first; removed sites are left out.",
)
def nearby_cameras(request, pk: int, metres: int = selectors.NEARBY_DEFAULT):
    tip = TIPS.get(request.user, pk)
    if metres not in selectors.NEARBY_METRES:
        raise ValidationError(
            {
                "metres": _("Choose one of: {choices}.").format(
                    choices=", ".join(str(m) for m in selectors.NEARBY_METRES)
                )
            }
        )
    near = selectors.nearby_cameras(request.user, tip, metres)
    if near is None:
        raise ValidationError({"latitude": _("This tip has no point on the map.")})
    return list(near)


@router.get(
    "/{int:pk}/footage-requests",
    response={200: list[FootageRequestOut], **ERRORS},
    operation_id="tip_footage_requests",
)
def footage_requests(request, pk: int):
    return selectors.footage_requests(request.user, TIPS.get(request.user, pk))


@router.post(
    "/{int:pk}/footage-requests",
    response={201: FootageRequestOut, **ERRORS},
    operation_id="tip_footage_request",
    description="Ask a camera site's owner for the footage of a window (at most 48 hours, not "
    "in the future). The site must be in your jurisdiction, in service, and its owner must "
    "have agreed to be asked. antq keeps the request and the answer, never the footage.",
)
def footage_request(request, pk: int, data: FootageRequestIn):
    tip = TIPS.get(request.user, pk)  # an unknown tip is a 404 before anything else
    values = data.dict()
    site_id = values.pop("camera_site_id")
    site = load_visible(request.user, CameraSite, site_id)
    if site is None:  # a foreign key outside the jurisdiction is a 422, as everywhere in the API
        raise ValidationError(
            {
                "camera_site_id": _(
                    "No camera site {id} in your jurisdiction: name a site of your units (GET "
                    "/api/v1/tips/{tip}/cameras lists those near the tip)."
                ).format(id=site_id, tip=tip.pk)
            }
        )
    try:
        made = footage_services.footage_request_create(
            acting_user=request.user, tip=tip, camera_site=site, **values
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "camera_site" in exc.error_dict:
            exc.error_dict["camera_site_id"] = exc.error_dict.pop("camera_site")
        raise
    made.site_visible = True
    return Status(201, made)


@router.post(
    "/{int:pk}/footage-requests/{int:request_pk}/answer",
    response={200: FootageRequestOut, **ERRORS},
    operation_id="tip_footage_answer",
    description="Record the owner's answer once: agreed, refused, or the footage no longer "
    "existed.",
)
def footage_answer(request, pk: int, request_pk: int, data: FootageAnswerIn):
    tip = TIPS.get(request.user, pk)
    footage = selectors.footage_request_get(tip, request_pk)
    answered = footage_services.footage_request_answer(
        acting_user=request.user, request=footage, **data.dict()
    )
    answered.site_visible = (
        load_visible(request.user, CameraSite, answered.camera_site_id) is not None
    )
    return answered
