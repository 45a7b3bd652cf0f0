"""Reporting periods and due dates.

A monthly tally is kept per calendar month (its `month`, the first day), and the indicators
count it in that month whatever the deployment's reporting period. The period only decides the
span of days the tally of month M answers for, and so its due date:

- `calendar` (default): the calendar month M; due `ANTQ_REPORT_DUE_DAYS` after its last day;
- `cutoff15`: the statistics cut-off of Decree 09/2019/NĐ-CP on the reporting regime of state
  administrative agencies, art. 12(1) ("thời gian chốt số liệu"): a monthly report covers the
  15th of the previous month to the 14th of the reporting month; the tally of month M answers
  for 15 (M-1) to 14 M, and is due `ANTQ_REPORT_DUE_DAYS` after the 14th of M.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

CALENDAR = "calendar"
CUTOFF15 = "cutoff15"


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class ReportingPeriod:
    month: date  # the first day of the tally month that answers for the period
    start: date
    end: date
    due: date  # the last day a submission is on time

    @property
    def due_before(self) -> datetime:
        """The first moment past the due date, in the deployment's time zone: a tally submitted
        before it is on time."""
        return timezone.make_aware(datetime.combine(self.due + timedelta(days=1), time.min))


def reporting_period(month: date, *, scheme: str | None = None, due_days: int | None = None):
    """The reporting period answered by the tally of `month` (any day of it)."""
    scheme = scheme or settings.ANTQ_REPORT_PERIOD
    due_days = settings.ANTQ_REPORT_DUE_DAYS if due_days is None else due_days
    month = month.replace(day=1)
    if scheme == CUTOFF15:
        # Decree 09/2019/NĐ-CP, art. 12(1): from the 15th of the previous month to the 14th of
        # the month of the report
        start, end = previous_month(month).replace(day=15), month.replace(day=14)
    else:
        start, end = month, month_end(month)
    return ReportingPeriod(month=month, start=start, end=end, due=end + timedelta(days=due_days))


def month_of_day(day: date, *, scheme: str | None = None) -> date:
    """The tally month whose reporting period holds `day`."""
    scheme = scheme or settings.ANTQ_REPORT_PERIOD
    if scheme == CUTOFF15 and day.day >= 15:
        return next_month(day.replace(day=1))
    return day.replace(day=1)


def last_ended_month(today: date | None = None) -> date:
    """The latest tally month whose reporting period has ended by `today`."""
    today = today or timezone.localdate()
    return previous_month(month_of_day(today))


def months_between(first: date, last: date) -> list[date]:
    """The tally months from `first`'s to `last`'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def period_text(month: date) -> str:
    """The reporting period of the tally month `month` as a person reads it: the month, and
    with a cut-off other than the calendar month, the days it runs over."""
    name = date_format(month, "YEAR_MONTH_FORMAT")
    if settings.ANTQ_REPORT_PERIOD != CUTOFF15:
        return name
    period = reporting_period(month)
    return _("{month} ({start} – {end})").format(
        month=name,
        start=date_format(period.start, "SHORT_DATE_FORMAT"),
        end=date_format(period.end, "SHORT_DATE_FORMAT"),
    )
