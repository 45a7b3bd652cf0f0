"""Export columns for camera sites and fire points: an export imports again (its headers are
the import's, imports.py), with the commune of a village's record beside the village."""

from django.utils.translation import gettext_lazy as _

from antq.cameras.imports import CAMERA_IMPORT, FIREPOINT_IMPORT
from antq.core.exports import place_columns

CAMERA_COLUMNS = [
    (_("id"), lambda s: s.pk),
    *place_columns(CAMERA_IMPORT),
    (_("address"), lambda s: s.address),
    (_("latitude"), lambda s: s.latitude),
    (_("longitude"), lambda s: s.longitude),
    (_("owner type"), lambda s: s.get_owner_type_display()),
    (_("owner organisation (id or name)"), lambda s: s.owner_organisation_id or ""),
    (_("owner organisation"), lambda s: s.owner_organisation.name if s.owner_organisation else ""),
    (_("household contact"), lambda s: s.household_contact),
    (_("camera heads"), lambda s: s.heads),
    (_("connected to the commune system"), lambda s: s.connected),
    (_("recording kept (days)"), lambda s: s.retention_days),
    (_("installed on"), lambda s: s.installed_on),
    (_("status"), lambda s: s.get_status_display()),
    (_("funding source"), lambda s: s.get_funding_source_display()),
    (_("funding amount (VND)"), lambda s: s.funding_amount),
    (_("owner consents to footage requests"), lambda s: s.footage_consent),
    (_("verified on"), lambda s: s.verified_on),
    (_("re-confirmation due on"), lambda s: s.reconfirm_due_on),
]

FIREPOINT_COLUMNS = [
    (_("id"), lambda p: p.pk),
    *place_columns(FIREPOINT_IMPORT),
    (_("name"), lambda p: p.name),
    (_("address"), lambda p: p.address),
    (_("latitude"), lambda p: p.latitude),
    (_("longitude"), lambda p: p.longitude),
    (_("equipment"), lambda p: p.equipment),
    (_("last inspected on"), lambda p: p.last_inspected_on),
]
