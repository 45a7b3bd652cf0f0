from django.utils.translation import gettext_lazy as _

from antq.cameras import selectors, services
from antq.cameras.exports import CAMERA_COLUMNS, FIREPOINT_COLUMNS
from antq.cameras.filtersets import CameraSiteFilterSet, FirePointFilterSet
from antq.cameras.forms import CameraSiteForm, FirePointForm
from antq.cameras.imports import CAMERA_IMPORT, FIREPOINT_IMPORT
from antq.cameras.models import CameraSite, FirePoint
from antq.cameras.tables import CameraSiteTable, FirePointTable
from antq.core import bulk
from antq.core.records import RecordType
from antq.core.scoping import Action, can


def _reconfirm(rt, *, acting_user, instance, reason, value):
    services.camerasite_reconfirm(acting_user=acting_user, instance=instance)


RECONFIRM = bulk.BulkAction("reconfirm", _("Re-confirm (annual check done today)"), _reconfirm)


def _camera_detail(request, site):
    return {
        "extra_template": "cameras/_site_extra.html",
        "can_reconfirm": can(request.user, Action.CHANGE, site.area),
        "footage_requests": selectors.footage_requests_to(request.user, site),
    }


CAMERA_SITES = RecordType(
    slug="camerasite",
    personal_data=True,
    namespace="cameras",
    model=CameraSite,
    filterset=CameraSiteFilterSet,
    table=CameraSiteTable,
    form=CameraSiteForm,
    export_columns=CAMERA_COLUMNS,
    import_spec=CAMERA_IMPORT,
    selector=selectors.camerasite_list,
    create=services.camerasite_create,
    update=services.camerasite_update,
    delete=services.camerasite_delete,
    detail_extra=_camera_detail,
    bulk_actions=(RECONFIRM, bulk.DELETE),
)

FIRE_POINTS = RecordType(
    slug="firepoint",
    namespace="cameras",
    model=FirePoint,
    filterset=FirePointFilterSet,
    table=FirePointTable,
    form=FirePointForm,
    export_columns=FIREPOINT_COLUMNS,
    import_spec=FIREPOINT_IMPORT,
    selector=selectors.firepoint_list,
    create=services.firepoint_create,
    update=services.firepoint_update,
    delete=services.firepoint_delete,
    bulk_actions=(bulk.DELETE,),
)
