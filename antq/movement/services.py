"""Every write to models, their status, teams and team members."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from antq.core.relations import check_visible_fields
from antq.core.scoping import Action
from antq.core.services import (
    bulk_save_with_history,
    check_status_change_date,
    delete_with_history,
    require_record_right,
    save_with_history,
    scoped_create,
    scoped_update,
)
from antq.indicators import rollup
from antq.movement.choices import STATUS_TRANSITIONS, ModelStatus
from antq.movement.models import ModelStatusChange, MovementModel, Team, TeamMember

# `status` and `status_reason` change only through movementmodel_set_status.
MODEL_FIELDS = (
    "name",
    "category",
    "host_organisation",
    "started_on",
    "ended_on",
    "recognition_level",
    "recognised_on",
    "replicated_from",
)
TEAM_FIELDS = (
    "name",
    "kind",
    "movement_model",
    "host_organisation",
    "established_on",
    "dissolved_on",
)
MEMBER_FIELDS = ("full_name", "role_in_team", "phone", "joined_on", "left_on")


def _check_category(category, current=None):
    if category is not None and category != current and not category.is_active:
        raise ValidationError({"category": _("This category is no longer in use.")})


# --- models -----------------------------------------------------------------------------


@transaction.atomic
def movementmodel_create(*, acting_user, area, **fields) -> MovementModel:
    """A new model, with its first status row (from nothing to the initial status)."""
    check_visible_fields(acting_user, fields, ("host_organisation", "replicated_from"))
    _check_category(fields.get("category"))
    model = scoped_create(MovementModel, acting_user=acting_user, area=area, **fields)
    ModelStatusChange.initial_for(model, acting_user).save()
    return model


@transaction.atomic
def movementmodel_bulk_create(*, records, acting_user, reason) -> list[MovementModel]:
    """Many new models (an import; their organisations and sources read through the user's
    jurisdiction by the caller), each with its first status row."""
    created = bulk_save_with_history(MovementModel, records, acting_user=acting_user, reason=reason)
    rollup.records_created(MovementModel, created)
    ModelStatusChange.objects.bulk_create(
        [ModelStatusChange.initial_for(model, acting_user) for model in created]
    )
    return created


@transaction.atomic
def movementmodel_update(
    *, acting_user, instance: MovementModel, reason="", **changes
) -> MovementModel:
    check_visible_fields(
        acting_user, changes, ("host_organisation", "replicated_from"), instance=instance
    )
    if "category" in changes:
        _check_category(changes["category"], instance.category)
    return scoped_update(
        instance, acting_user=acting_user, allowed=MODEL_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def movementmodel_delete(*, acting_user, instance: MovementModel, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def movementmodel_set_status(
    *, acting_user, instance: MovementModel, status, on: date | None = None, reason=""
) -> MovementModel:
    """Move a model to another status (active → effective | ineffective | terminated;
    effective ↔ ineffective; terminated is final). Terminating needs a reason and ends the
    model on that day. Each change is kept as a ModelStatusChange row."""
    require_record_right(acting_user, Action.CHANGE, instance)
    # read the status under a row lock, so two concurrent changes cannot both pass the check
    current = (
        MovementModel.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=instance.pk)
    )
    instance.status = current
    reason = (reason or "").strip()
    on = on or date.today()
    if status not in ModelStatus.values:
        raise ValidationError({"status": _("Unknown status “{value}”.").format(value=status)})
    if status not in STATUS_TRANSITIONS[ModelStatus(current)]:
        raise ValidationError(
            {
                "status": _("A model that is “{current}” cannot become “{new}”.").format(
                    current=ModelStatus(current).label, new=ModelStatus(status).label
                )
            }
        )
    if status == ModelStatus.TERMINATED and not reason:
        raise ValidationError({"reason": _("Say why the model is terminated.")})
    check_status_change_date(
        instance,
        on,
        begun_on=instance.started_on,
        before_begun=_("This date is before the model started."),
    )
    instance.status = status
    instance.status_reason = reason
    if status == ModelStatus.TERMINATED:
        instance.ended_on = on
    save_with_history(
        instance,
        acting_user=acting_user,
        reason=reason
        or _("Status changed to “{status}”.").format(status=ModelStatus(status).label),
    )
    ModelStatusChange.objects.create(
        model=instance,
        from_status=current,
        to_status=status,
        changed_on=on,
        reason=reason,
        changed_by=acting_user,
    )
    return instance


# --- teams ------------------------------------------------------------------------------


@transaction.atomic
def team_create(*, acting_user, area, **fields) -> Team:
    check_visible_fields(acting_user, fields, ("host_organisation", "movement_model"))
    return scoped_create(Team, acting_user=acting_user, area=area, **fields)


@transaction.atomic
def team_bulk_create(*, records, acting_user, reason) -> list[Team]:
    """Many new teams (an import; their organisations and models read through the user's
    jurisdiction by the caller)."""
    created = bulk_save_with_history(Team, records, acting_user=acting_user, reason=reason)
    rollup.records_created(Team, created)
    return created


@transaction.atomic
def team_update(*, acting_user, instance: Team, reason="", **changes) -> Team:
    check_visible_fields(
        acting_user, changes, ("host_organisation", "movement_model"), instance=instance
    )
    return scoped_update(
        instance, acting_user=acting_user, allowed=TEAM_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def team_delete(*, acting_user, instance: Team, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)


# --- team members -----------------------------------------------------------------------


@transaction.atomic
def team_member_create(*, acting_user, team: Team, **fields) -> TeamMember:
    """Add a member to a team the user may change."""
    require_record_right(acting_user, Action.CHANGE, team)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    member = TeamMember(
        team=team, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    )
    return save_with_history(member, acting_user=acting_user)


@transaction.atomic
def team_member_bulk_create(*, records, acting_user, reason) -> list[TeamMember]:
    """Many new members (an import) of teams the user may change."""
    created = bulk_save_with_history(TeamMember, records, acting_user=acting_user, reason=reason)
    rollup.records_created(TeamMember, created)
    return created


@transaction.atomic
def team_member_update(*, acting_user, instance: TeamMember, reason="", **changes) -> TeamMember:
    if "area" in changes:  # a member moves with its team, never by itself
        raise ValidationError({"area": _("This field cannot be changed.")})
    return scoped_update(
        instance, acting_user=acting_user, allowed=MEMBER_FIELDS, reason=reason, **changes
    )


@transaction.atomic
def team_member_delete(*, acting_user, instance: TeamMember, reason=""):
    delete_with_history(instance, acting_user=acting_user, reason=reason)
