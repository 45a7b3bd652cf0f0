from antq.cameras.records import CAMERA_SITES, FIRE_POINTS
from antq.cameras.schemas import (
    CameraSiteIn,
    CameraSiteOut,
    CameraSitePatch,
    FirePointIn,
    FirePointOut,
    FirePointPatch,
)
from antq.core.api_crud import crud_router

camera_router = crud_router(
    CAMERA_SITES,
    out_schema=CameraSiteOut,
    in_schema=CameraSiteIn,
    patch_schema=CameraSitePatch,
    tag="camera sites",
)
firepoint_router = crud_router(
    FIRE_POINTS,
    out_schema=FirePointOut,
    in_schema=FirePointIn,
    patch_schema=FirePointPatch,
    tag="fire points",
)
