from django.db import models
from django.utils.translation import gettext_lazy as _


class HotspotKind(models.TextChoices):
    LAND_DISPUTE = "land_dispute", _("Land dispute")
    BOUNDARY_DISPUTE = "boundary_dispute", _("Administrative-boundary dispute")
    SITE_CLEARANCE = "site_clearance", _("Site clearance")
    LABOUR_DISPUTE = "labour_dispute", _("Labour dispute")
    RELIGIOUS = "religious", _("Religious")
    OTHER = "other", _("Other")


class HotspotStatus(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    BEING_SETTLED = "being_settled", _("Being settled")
    SETTLED = "settled", _("Settled")


OPEN_STATUSES = (HotspotStatus.MONITORING, HotspotStatus.BEING_SETTLED)

# Any status may follow any other: a settled hotspot flares up again (it is reopened, with a
# reason), and one being settled may fall back to being watched.
STATUS_TRANSITIONS = {
    status: tuple(s for s in HotspotStatus if s != status) for status in HotspotStatus
}
