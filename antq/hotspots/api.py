"""Hotspots at /api/v1/hotspots: the generic CRUD, the status change and the status history."""

from antq.core.api_crud import ERRORS, crud_router
from antq.hotspots import selectors, services
from antq.hotspots.records import HOTSPOTS
from antq.hotspots.schemas import (
    HotspotIn,
    HotspotOut,
    HotspotPatch,
    HotspotStatusChangeOut,
    HotspotStatusIn,
)

router = crud_router(
    HOTSPOTS, out_schema=HotspotOut, in_schema=HotspotIn, patch_schema=HotspotPatch, tag="hotspots"
)


@router.post(
    "/{int:pk}/status",
    response={200: HotspotOut, **ERRORS},
    operation_id="hotspot_set_status",
    summary="Change a hotspot's status",
    description="monitoring | being_settled | settled; settling dates it `on` (default today); "
    "reopening a settled hotspot needs a reason and clears its settlement date.",
)
def set_status(request, pk: int, data: HotspotStatusIn):
    hotspot = HOTSPOTS.get(request.user, pk)
    return services.hotspot_set_status(acting_user=request.user, instance=hotspot, **data.dict())


@router.get(
    "/{int:pk}/status-changes",
    response={200: list[HotspotStatusChangeOut], **ERRORS},
    operation_id="hotspot_status_changes",
    summary="A hotspot's status history, newest first",
)
def status_changes(request, pk: int):
    return list(selectors.status_history(HOTSPOTS.get(request.user, pk)))
