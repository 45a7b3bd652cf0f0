"""The yearly cycle's dates, in one place (Circular 124/2021/TT-BCA):

- a subject registers for a year by the end of its first quarter (31 March); later
  registrations are accepted and flagged late;
- the evaluation window of year Y: residential areas from 1 November of Y-1 to 31 October of
  Y; communes/wards, agencies/enterprises and schools from 16 November of Y-1 to 15 November
  of Y (both days included);
- the new-rural criterion and everything else by the calendar year.

Facts counted "in the window" are those dated within it; monthly tallies (dated by their
month's first day) count when that first day falls in the window.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from antq.evaluations.choices import SubjectKind

FIRST_YEAR = 2018  # the movement's records in antq start with 2018's reports
# (month, day) the window of year Y opens on in Y-1; it closes the day before, in Y
WINDOW_OPENS = {
    SubjectKind.RESIDENTIAL: (11, 1),
    SubjectKind.COMMUNE: (11, 16),
    SubjectKind.AGENCY: (11, 16),
    SubjectKind.SCHOOL: (11, 16),
}


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        """The first days of the months whose first day falls in the window."""
        month = self.start.replace(day=1)
        if month < self.start:
            month = _next_month(month)
        out = []
        while month <= self.end:
            out.append(month)
            month = _next_month(month)
        return out


def period_text(w: Window) -> str:
    """ "01/11/2024 – 31/10/2025", kept left to right inside Arabic text (Unicode isolates)."""
    return "\u2066{} – {}\u2069".format(w.start.strftime("%d/%m/%Y"), w.end.strftime("%d/%m/%Y"))


def _next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def window(kind: str, year: int) -> Window:
    """The evaluation window of `year` for a kind of subject."""
    month, day = WINDOW_OPENS[SubjectKind(kind)]
    start = date(year - 1, month, day)
    end = date(year, month, day) - timedelta(days=1)
    return Window(start, end)


def previous_window(kind: str, year: int) -> Window:
    return window(kind, year - 1)


def year_of(kind: str, day: date) -> int:
    """The evaluation year whose window holds `day`."""
    month, first = WINDOW_OPENS[SubjectKind(kind)]
    return day.year + 1 if (day.month, day.day) >= (month, first) else day.year


def registration_deadline(year: int) -> date:
    """The last day of the first quarter: registrations after it are late."""
    return date(year, 3, 31)


def is_late(registered_on: date, year: int) -> bool:
    return registered_on > registration_deadline(year)


def calendar_year(year: int) -> Window:
    """The new-rural criterion, and anything else counted by calendar year."""
    return Window(date(year, 1, 1), date(year, 12, 31))


def valid_year(year) -> bool:
    """A year antq evaluates: from FIRST_YEAR to next year."""
    return isinstance(year, int) and FIRST_YEAR <= year <= date.today().year + 1
