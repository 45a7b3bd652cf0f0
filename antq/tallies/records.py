from django.utils.translation import gettext_lazy as _

from antq.core.records import RecordType
from antq.tallies import selectors, services
from antq.tallies.exports import TALLY_COLUMNS
from antq.tallies.filtersets import MonthlyTallyFilterSet
from antq.tallies.forms import MonthlyTallyForm
from antq.tallies.imports import TALLY_IMPORT
from antq.tallies.models import MonthlyTally
from antq.tallies.tables import MonthlyTallyTable

TALLIES = RecordType(
    slug="tally",
    namespace="tallies",
    model=MonthlyTally,
    filterset=MonthlyTallyFilterSet,
    table=MonthlyTallyTable,
    form=MonthlyTallyForm,
    export_columns=TALLY_COLUMNS,
    import_spec=TALLY_IMPORT,
    selector=selectors.tally_list,
    create=services.tally_create,
    update=services.tally_update,
    delete=services.tally_delete,
    extra_links=(
        (_("Figures"), "tallies:figures"),
        (_("Approve many"), "tallies:tally-approve-many"),
    ),
    detail_fields=[
        "month",
        "status",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "approved_level",
        "notes",
    ],
)
