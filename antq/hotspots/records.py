from antq.core import bulk
from antq.core.records import RecordType
from antq.core.scoping import Action, can
from antq.hotspots import selectors, services
from antq.hotspots.choices import HotspotStatus
from antq.hotspots.exports import HOTSPOT_COLUMNS
from antq.hotspots.filtersets import HotspotFilterSet
from antq.hotspots.forms import HotspotForm, HotspotStatusForm
from antq.hotspots.imports import HOTSPOT_IMPORT
from antq.hotspots.models import Hotspot
from antq.hotspots.tables import HotspotTable


def _detail(request, hotspot):
    can_change = can(request.user, Action.CHANGE, hotspot.area)
    return {
        "extra_template": "hotspots/_hotspot_extra.html",
        "status_changes": list(selectors.status_history(hotspot)),
        "status_form": HotspotStatusForm(hotspot=hotspot) if can_change else None,
    }


HOTSPOTS = RecordType(
    slug="hotspot",
    namespace="hotspots",
    model=Hotspot,
    filterset=HotspotFilterSet,
    table=HotspotTable,
    form=HotspotForm,
    export_columns=HOTSPOT_COLUMNS,
    import_spec=HOTSPOT_IMPORT,
    selector=selectors.hotspot_list,
    create=services.hotspot_create,
    update=services.hotspot_update,
    delete=services.hotspot_delete,
    detail_fields=["title", "kind", "opened_on", "status", "settled_on", "notes"],
    detail_extra=_detail,
    bulk_actions=(
        bulk.set_status(services.hotspot_set_status, lambda: HotspotStatus.choices),
        bulk.DELETE,
    ),
)
