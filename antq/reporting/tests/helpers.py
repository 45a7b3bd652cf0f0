"""Small builders shared by the reporting tests."""

from datetime import date, datetime

from django.utils import timezone

from antq.tallies.models import MonthlyTally

MARCH = date(2024, 3, 1)


def at(*parts):
    """An aware moment in the deployment's time zone."""
    return timezone.make_aware(datetime(*parts))


def tally(area, month=MARCH, status="submitted", submitted_at=None):
    """A tally written straight to the table (any status, no workflow), submitted at a moment."""
    return MonthlyTally.objects.create(
        area=area, month=month, status=status, submitted_at=submitted_at
    )
