"""Every write to the registry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.scoping import Action
from antq.core.services import (
    delete_with_history,
    require_area_right,
    require_record_right,
    save_with_history,
)
from antq.registry.models import Organisation

ORGANISATION_FIELDS = ("name", "org_type", "address", "phone", "email", "notes")


@transaction.atomic
def organisation_create(
    *, acting_user, area, name, org_type, address="", phone="", email="", notes="", is_demo=False
) -> Organisation:
    require_area_right(acting_user, Action.CHANGE, area)
    org = Organisation(
        area=area,
        name=(name or "").strip(),
        org_type=org_type,
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
        notes=notes,
        is_demo=is_demo,
    )
    return save_with_history(org, acting_user=acting_user)


@transaction.atomic
def organisation_update(*, acting_user, organisation: Organisation, reason="", **changes):
    require_record_right(acting_user, Action.CHANGE, organisation)
    if "area" in changes:
        require_area_right(acting_user, Action.CHANGE, changes["area"])
    unknown = set(changes) - {*ORGANISATION_FIELDS, "area"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in unknown})
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    return save_with_history(organisation, acting_user=acting_user, reason=reason)


@transaction.atomic
def organisation_delete(*, acting_user, organisation: Organisation, reason=""):
    delete_with_history(organisation, acting_user=acting_user, reason=reason)
