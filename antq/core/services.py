"""Helpers every app's services use: checks of rights, and saves that keep history."""

from collections import Counter
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from antq.core import copying, locks
from antq.core.models import unit_not_in_force
from antq.core.scoping import Action, can, can_record

BULK_BATCH = 2000


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


def check_status_change_date(instance, on, *, begun_on, before_begun: str):
    """The date of a change of `instance`'s status (its `status_changes`): not in the future,
    not before the record began (`before_begun` says so in the record's words), and not before
    the change recorded last."""
    if on > date.today():
        raise ValidationError({"on": _("This date is in the future.")})
    if begun_on and on < begun_on:
        raise ValidationError({"on": before_begun})
    last = instance.status_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    last = last.first()
    if last is not None and on < last:
        raise ValidationError(
            {
                "on": _("The previous change was on {day}; date this one on or after it.").format(
                    day=last.isoformat()
                )
            }
        )


def _check_values(instance):
    """What full_clean lets through but the database refuses: None in a NOT NULL text field, and
    NUL characters (PostgreSQL cannot store them)."""
    errors = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None and not field.null and not field.primary_key and field.editable:
            if isinstance(field, models.CharField | models.TextField) and field.blank:
                setattr(instance, field.attname, "")  # an optional text cleared with null
            elif field.has_default() or field.blank:
                errors[field.name] = _("This field cannot be empty.")
            # a required field left empty is reported by full_clean itself
        elif isinstance(value, str) and "\x00" in value:
            errors[field.name] = _("Null characters are not allowed.")
    if errors:
        raise ValidationError(errors)


def _full_clean(instance):
    """full_clean, and for a record placed or moved (a new one, or another area or date), the
    refusal of a unit that was not in force on its date, on the area field with the others."""
    errors = {}
    try:
        instance.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if "area" not in errors and getattr(instance, "placement_changed", lambda: False)():
        reason = unit_not_in_force(instance)
        if reason:
            errors["area"] = [reason]
    if errors:
        raise ValidationError(errors)


def save_with_history(instance: models.Model, *, acting_user, reason: str = "") -> models.Model:
    """Validate, then save, recording who did it and why in the history table; refused when its
    date lies (or lay) in a closed period (core/locks.py)."""
    _check_values(instance)
    _full_clean(instance)
    logged = locks.check([instance], acting_user=acting_user)
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.save()
    logged()
    return instance


def bulk_save_with_history(model, records, *, acting_user, reason: str):
    """Insert new `records` of `model` (validated by the caller, row by row) in bulk, each with
    its first history entry by `acting_user` for `reason`: for each app's bulk service, as
    save_with_history is for one record. Every record must lie where the user may change."""
    if any(not can_record(acting_user, Action.CHANGE, record) for record in records):
        raise PermissionDenied(_("Your role does not allow this action here."))
    if any(record.pk is not None for record in records):
        raise ValueError("bulk_save_with_history inserts new records only.")
    logged = locks.check(records, acting_user=acting_user)
    if connection.vendor == "postgresql" and copying.can_copy(model):
        created = copying.copy_with_history(model, records, user=acting_user, reason=reason)
    else:
        created = bulk_create_with_history(
            records,
            model,
            batch_size=BULK_BATCH,
            default_user=acting_user,
            default_change_reason=reason,
        )
    if any(record.pk is None for record in created):
        raise RuntimeError("The database did not return the ids of the new records.")
    logged()
    return created


class RecordInUse(ValidationError):
    """A delete refused because other records still point at this one."""


def still_used_by(exc: ProtectedError | RestrictedError) -> RecordInUse:
    """The refusal of a delete blocked by protected relations, naming what still uses the
    record by kind and count only: the records themselves may lie outside the user's
    jurisdiction, and their names would leak."""
    blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
    counts = Counter(type(obj)._meta for obj in blocking)
    parts = sorted(
        _("{n} {name}").format(n=n, name=meta.verbose_name if n == 1 else meta.verbose_name_plural)
        for meta, n in counts.items()
    )
    return RecordInUse(_("Still used by: {records}.").format(records=", ".join(parts)))


def delete_with_history(instance: models.Model, *, acting_user, reason: str = "") -> None:
    require_record_right(acting_user, Action.CHANGE, instance)
    logged = locks.check([instance], acting_user=acting_user, deleting=True)
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise still_used_by(exc) from None
    logged()


def scoped_create(model, *, acting_user, area, **fields):
    """Create a record of an AreaScoped model in `area`, if the user may change records there."""
    require_area_right(acting_user, Action.CHANGE, area)
    instance = model(
        area=area, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    )
    return save_with_history(instance, acting_user=acting_user)


def scoped_update(instance, *, acting_user, allowed, reason="", **changes):
    """Change the `allowed` fields of a record the user may change (and may move it only to an
    area they may change too)."""
    require_record_right(acting_user, Action.CHANGE, instance)
    unknown = set(changes) - set(allowed) - {"area"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    if "area" in changes and changes["area"] != instance.area:
        require_area_right(acting_user, Action.CHANGE, changes["area"])
    for name, value in changes.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    return save_with_history(instance, acting_user=acting_user, reason=reason)
