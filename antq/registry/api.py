from antq.core.api import ChoiceOut, choices_out
from antq.core.api_crud import ERRORS, crud_router
from antq.registry.choices import OrganisationType
from antq.registry.records import ORGANISATIONS
from antq.registry.schemas import OrganisationIn, OrganisationOut, OrganisationPatch

router = crud_router(
    ORGANISATIONS,
    out_schema=OrganisationOut,
    in_schema=OrganisationIn,
    patch_schema=OrganisationPatch,
    tag="organisations",
)


@router.get(
    "/types",
    response={200: list[ChoiceOut], **ERRORS},
    operation_id="organisation_types",
    summary="Organisation types: the `org_type` an organisation names",
)
def organisation_types(request):
    return choices_out(OrganisationType)
