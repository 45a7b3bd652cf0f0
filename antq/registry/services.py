"""Every write to the registry."""

from django.db import transaction

from antq.core.services import (
    bulk_save_with_history,
    delete_with_history,
    scoped_create,
    scoped_update,
)
from antq.indicators import rollup
from antq.registry.models import Organisation

ORGANISATION_FIELDS = ("name", "org_type", "address", "phone", "email", "notes")


@transaction.atomic
def organisation_create(*, acting_user, area, **fields) -> Organisation:
    return scoped_create(Organisation, acting_user=acting_user, area=area, **fields)


@transaction.atomic
def organisation_bulk_create(*, records, acting_user, reason) -> list[Organisation]:
    created = bulk_save_with_history(Organisation, records, acting_user=acting_user, reason=reason)
    rollup.records_created(Organisation, created)
    return created


@transaction.atomic
def organisation_update(*, acting_user, instance: Organisation, reason="", **changes):
    return scoped_update(
        instance, acting_user=acting_user, allowed=ORGANISATION_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def organisation_delete(*, acting_user, instance: Organisation, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)
