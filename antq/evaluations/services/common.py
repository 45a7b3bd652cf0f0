"""What the writes of the three schemes share: the checks of a year and a day, and the
subject a user may write about. Errors name the field the user filled in, in their language."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antq.core.relations import check_visible
from antq.core.scoping import Action
from antq.core.services import require_area_right
from antq.evaluations import windows
from antq.evaluations.subjects import Subject, subject_for


def d(day):
    """A day as the messages write it: 31/12/2025."""
    return day.strftime("%d/%m/%Y")


def check_year(year, field="year"):
    if not windows.valid_year(year):
        raise ValidationError(
            {
                field: _("Give a year from {first} to {last}.").format(
                    first=windows.FIRST_YEAR, last=date.today().year + 1
                )
            }
        )


def not_future(day, field):
    if day is not None and day > date.today():
        raise ValidationError({field: _("This date is in the future.")})


def in_window(day, w, field):
    if day is not None and day not in w:
        raise ValidationError(
            {
                field: _("Give a date within the evaluation window, {period}.").format(
                    period=windows.period_text(w)
                )
            }
        )


def acting_subject(acting_user, area, organisation, action=Action.CHANGE) -> Subject:
    """The subject named by an area and an optional organisation under it, if the user may
    `action` there. An organisation the user cannot see does not exist for them."""
    check_visible(acting_user, "organisation", organisation)
    if organisation is not None:
        if area is not None and not organisation.area.path.startswith(area.path):
            raise ValidationError(
                {"organisation": _("This organisation is not in the area chosen.")}
            )
    subject = subject_for(area=area, organisation=organisation)
    require_area_right(acting_user, action, subject.area)
    return subject
