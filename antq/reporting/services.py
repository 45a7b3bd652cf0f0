"""Every write of the reporting cycle: the obligations, kept by administrators of the unit or
above it."""

from django.db import transaction

from antq.core.scoping import Action
from antq.core.services import (
    delete_with_history,
    require_area_right,
    save_with_history,
)
from antq.reporting.choices import RecordKind
from antq.reporting.models import Obligation


@transaction.atomic
def obligation_create(
    *,
    acting_user,
    area,
    kind=RecordKind.MONTHLY_TALLY,
    exempt=False,
    valid_from=None,
    valid_to=None,
    reason="",
) -> Obligation:
    require_area_right(acting_user, Action.ADMINISTER, area)
    obligation = Obligation(
        area=area,
        kind=kind,
        exempt=exempt,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason.strip(),
    )
    return save_with_history(obligation, acting_user=acting_user)


@transaction.atomic
def obligation_update(*, acting_user, instance: Obligation, **changes) -> Obligation:
    require_area_right(acting_user, Action.ADMINISTER, instance.area)
    if "area" in changes:
        require_area_right(acting_user, Action.ADMINISTER, changes["area"])
    for name, value in changes.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    return save_with_history(instance, acting_user=acting_user)


@transaction.atomic
def obligation_delete(*, acting_user, instance: Obligation) -> None:
    require_area_right(acting_user, Action.ADMINISTER, instance.area)
    delete_with_history(instance, acting_user=acting_user)
