"""Every write of the reports app: signing off a period report (its figures frozen).
Keyword-only, atomic, with the acting user; bad input is a translated error and writes nothing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.areas.models import Area
from antq.core.scoping import Action
from antq.core.services import require_area_right
from antq.reports.figures import BOUNDARIES, ReportError, collect_figures
from antq.reports.models import FrozenReport


def _duplicate():
    return ValidationError(
        {"__all__": _("This report (unit, period and boundaries) has already been signed off.")}
    )


def report_freeze(
    *, acting_user, area: Area, date_from: date, date_to: date, boundaries: str = "filed"
) -> FrozenReport:
    """Sign off the report on `area` for [date_from, date_to]: its figures, as the approver sees
    them now, are kept. Only an approver of the area, only for a period that has ended, once per
    unit, period and boundaries."""
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
    if errors:
        raise ValidationError(errors)
    key = {"area": area, "date_from": date_from, "date_to": date_to, "boundaries": boundaries}
    if FrozenReport.objects.filter(**key).exists():
        raise _duplicate()
    try:
        figures = collect_figures(acting_user, area, date_from, date_to, boundaries)
    except ReportError as exc:
        raise ValidationError({"__all__": str(exc)}) from exc
    frozen = FrozenReport(
        **key, figures=figures.to_json(), signed_by=acting_user, signed_at=timezone.now()
    )
    frozen.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            frozen.save()
    except IntegrityError as exc:  # signed at the same moment by someone else
        raise _duplicate() from exc
    return frozen
