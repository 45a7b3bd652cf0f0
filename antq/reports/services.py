"""Every write of the reports app: signing off a period report (its figures frozen), and granting
and revoking the lock exceptions that reopen a closed period.
Keyword-only, atomic, with the acting user; bad input is a translated error and writes nothing."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.areas.models import Area
from antq.core.scoping import Action, can, can_at_higher_level
from antq.core.services import require_area_right, save_with_history
from antq.reporting.periods import reporting_period
from antq.reports.figures import BOUNDARIES, ReportError, collect_figures
from antq.reports.letterhead import RECIPIENTS_MAX, Letterhead, person
from antq.reports.models import FrozenReport, LockException


def _duplicate():
    return ValidationError(
        {"__all__": _("This report (unit, period and boundaries) has already been signed off.")}
    )


def report_freeze(
    *,
    acting_user,
    area: Area,
    date_from: date,
    date_to: date,
    boundaries: str = "filed",
    letterhead: Letterhead | None = None,
) -> FrozenReport:
    """Sign off the report on `area` for [date_from, date_to]: its figures, as the approver sees
    them now, are kept, with its letterhead (issuing body, number, signer, recipients). The
    signer is the approver, named as they are now, unless the letterhead names someone else.
    Only an approver of the area, only for a period that has ended, once per unit, period and
    boundaries."""
    require_area_right(acting_user, Action.APPROVE, area)
    errors = {}
    if boundaries not in BOUNDARIES:
        errors["boundaries"] = _("Choose filed or today.")
    if date_from > date_to:
        errors["date_to"] = _("The end is before the start.")
    elif date_to >= timezone.localdate():
        errors["date_to"] = _(
            "The period has not ended yet: a report is signed off after its last day."
        )
    if letterhead is not None and len(letterhead.recipients.splitlines()) > RECIPIENTS_MAX:
        errors["recipients"] = _("At most {n} recipients.").format(n=RECIPIENTS_MAX)
    if errors:
        raise ValidationError(errors)
    key = {"area": area, "date_from": date_from, "date_to": date_to, "boundaries": boundaries}
    if FrozenReport.objects.filter(**key).exists():
        raise _duplicate()
    try:
        figures = collect_figures(acting_user, area, date_from, date_to, boundaries)
    except ReportError as exc:
        raise ValidationError({"__all__": str(exc)}) from exc
    head = (letterhead or Letterhead()).model_fields()
    name, position = person(acting_user)
    head["signatory_name"] = head["signatory_name"] or name
    head["signatory_position"] = head["signatory_position"] or position
    frozen = FrozenReport(
        **key,
        **head,
        figures=figures.to_json(),
        signed_by=acting_user,
        signed_at=timezone.now(),
    )
    frozen.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            frozen.save()
    except IntegrityError as exc:  # signed at the same moment by someone else
        raise _duplicate() from exc
    return frozen


def _exception_refused():
    return PermissionDenied(
        _("Only an approver at a level above the unit may grant or revoke its lock exceptions.")
    )


@transaction.atomic
def lock_exception_grant(
    *, acting_user, area: Area, month: date, reason: str, ends_on: date
) -> LockException:
    """Reopen `month` of `area` (and the units below it) for writes until `ends_on`, for a
    reason: DHIS2's lock exception. Only an approver above the unit grants it (a unit does not
    reopen its own closed month)."""
    if area is None or not can(acting_user, Action.VIEW, area):
        raise ValidationError({"area": _("No such area in your jurisdiction.")})
    if not can_at_higher_level(acting_user, Action.APPROVE, area):
        raise _exception_refused()
    today = timezone.localdate()
    errors = {}
    if month is None:
        errors["month"] = _("This field is required.")
    elif reporting_period(month).start > today:  # its period: reporting/periods.py
        errors["month"] = _("This month has not begun: nothing in it can be closed.")
    if ends_on is None:
        errors["ends_on"] = _("This field is required.")
    elif ends_on < today:
        errors["ends_on"] = _("The exception would end before today.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the exception.")
    if errors:
        raise ValidationError(errors)
    exception = LockException(
        area=area,
        month=month.replace(day=1),
        reason=reason,
        ends_on=ends_on,
        granted_by=acting_user,
    )
    return save_with_history(exception, acting_user=acting_user, reason=reason)


@transaction.atomic
def lock_exception_revoke(*, acting_user, instance: LockException, reason: str) -> LockException:
    """End an exception before its end date, for a reason; the month closes again."""
    if not can_at_higher_level(acting_user, Action.APPROVE, instance.area):
        raise _exception_refused()
    if instance.revoked_at is not None:
        raise ValidationError({"__all__": _("This exception has already been revoked.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for revoking the exception.")})
    instance.revoked_at = timezone.now()
    instance.revoked_by = acting_user
    instance.revoke_reason = reason
    return save_with_history(instance, acting_user=acting_user, reason=reason)
