"""Helpers every app's services use: checks of rights, and saves that keep history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from antq.core.scoping import Action, can


def require_area_right(user, action, area, *, field="area"):
    """Stop a write that names an area (create, move) unless `user` may `action` there.

    An area the user cannot even see is a field error (422: it does not exist for them); an
    area they see but may not change is a refusal (403).
    """
    if area is not None and can(user, action, area):
        return
    if area is not None and can(user, Action.VIEW, area):
        raise PermissionDenied(_("Your role does not allow this action here."))
    raise ValidationError({field: _("No such area in your jurisdiction.")})


def require_record_right(user, action, record):
    """For a record the user can already see: 403 if the role is too weak for `action`."""
    if not can(user, action, record.area):
        raise PermissionDenied(_("Your role does not allow this action here."))


def save_with_history(instance: models.Model, *, acting_user, reason: str = "") -> models.Model:
    """Validate, then save, recording who did it and why in the history table."""
    instance.full_clean()
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def delete_with_history(instance: models.Model, *, acting_user, reason: str = "") -> None:
    require_record_right(acting_user, Action.CHANGE, instance)
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.delete()
