from antq.core.api_crud import crud_router
from antq.registry.records import ORGANISATIONS
from antq.registry.schemas import OrganisationIn, OrganisationOut, OrganisationPatch

router = crud_router(
    ORGANISATIONS,
    out_schema=OrganisationOut,
    in_schema=OrganisationIn,
    patch_schema=OrganisationPatch,
    tag="organisations",
)
