"""Every write to camera sites and public fire-fighting points."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from antq.cameras.models import RECONFIRM_EVERY, CameraSite, FirePoint
from antq.core.relations import check_visible_fields
from antq.core.scoping import Action
from antq.core.services import (
    bulk_save_with_history,
    delete_with_history,
    save_with_history,
    scoped_create,
    scoped_update,
)
from antq.indicators import rollup

CAMERA_FIELDS = (
    "address",
    "latitude",
    "longitude",
    "owner_type",
    "owner_organisation",
    "household_contact",
    "heads",
    "connected",
    "retention_days",
    "installed_on",
    "status",
    "funding_source",
    "funding_amount",
    "footage_consent",
    "reconfirm_due_on",
)
FIREPOINT_FIELDS = ("name", "address", "latitude", "longitude", "equipment", "last_inspected_on")


def default_reconfirm_due(site):
    start = site.verified_on or site.installed_on or date.today()
    return start + RECONFIRM_EVERY


def _check_owner(acting_user, values, instance=None):
    check_visible_fields(
        acting_user,
        values,
        ("owner_organisation",),
        instance=instance,
        message=_("Choose an organisation in your jurisdiction."),
    )


@transaction.atomic
def camerasite_create(*, acting_user, area, **fields) -> CameraSite:
    _check_owner(acting_user, fields)
    site = CameraSite(area=area, **fields)
    if site.reconfirm_due_on is None:
        fields["reconfirm_due_on"] = default_reconfirm_due(site)
    return scoped_create(CameraSite, acting_user=acting_user, area=area, **fields)


@transaction.atomic
def camerasite_bulk_create(*, records, acting_user, reason) -> list[CameraSite]:
    """Many new camera sites (an import), under camerasite_create's rules: the re-confirmation
    is due a year after verification or installation unless given."""
    for site in records:
        if site.reconfirm_due_on is None:
            site.reconfirm_due_on = default_reconfirm_due(site)
    created = bulk_save_with_history(CameraSite, records, acting_user=acting_user, reason=reason)
    rollup.records_created(CameraSite, created)
    return created


@transaction.atomic
def camerasite_update(*, acting_user, instance: CameraSite, reason="", **changes) -> CameraSite:
    _check_owner(acting_user, changes, instance)
    return scoped_update(
        instance, acting_user=acting_user, allowed=CAMERA_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def camerasite_delete(*, acting_user, instance: CameraSite, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def camerasite_reconfirm(*, acting_user, instance: CameraSite, on: date | None = None):
    """The annual re-confirmation: an officer verified the registration today."""
    from antq.core.services import require_record_right

    require_record_right(acting_user, Action.CHANGE, instance)
    on = on or date.today()
    instance.verified_by = acting_user
    instance.verified_on = on
    instance.reconfirm_due_on = on + RECONFIRM_EVERY
    return save_with_history(instance, acting_user=acting_user, reason=_("Annual re-confirmation"))


@transaction.atomic
def firepoint_create(*, acting_user, area, **fields) -> FirePoint:
    return scoped_create(FirePoint, acting_user=acting_user, area=area, **fields)


@transaction.atomic
def firepoint_bulk_create(*, records, acting_user, reason) -> list[FirePoint]:
    created = bulk_save_with_history(FirePoint, records, acting_user=acting_user, reason=reason)
    rollup.records_created(FirePoint, created)
    return created


@transaction.atomic
def firepoint_update(*, acting_user, instance: FirePoint, reason="", **changes) -> FirePoint:
    return scoped_update(
        instance, acting_user=acting_user, allowed=FIREPOINT_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def firepoint_delete(*, acting_user, instance: FirePoint, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)
