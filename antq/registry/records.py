from antq.core.records import RecordType
from antq.registry import selectors, services
from antq.registry.exports import ORGANISATION_COLUMNS
from antq.registry.filtersets import OrganisationFilterSet
from antq.registry.forms import OrganisationForm
from antq.registry.imports import ORGANISATION_IMPORT
from antq.registry.models import Organisation
from antq.registry.tables import OrganisationTable

ORGANISATIONS = RecordType(
    slug="organisation",
    namespace="registry",
    model=Organisation,
    filterset=OrganisationFilterSet,
    table=OrganisationTable,
    form=OrganisationForm,
    export_columns=ORGANISATION_COLUMNS,
    import_spec=ORGANISATION_IMPORT,
    selector=selectors.organisation_list,
    create=services.organisation_create,
    update=services.organisation_update,
    delete=services.organisation_delete,
    detail_fields=["name", "org_type", "address", "phone", "email", "notes"],
)
