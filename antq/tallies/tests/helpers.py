"""Small builders shared by the tally tests."""

from datetime import date

from antq.core.testing.factories import make_user
from antq.tallies.models import MonthlyTally
from antq.tallies.services import tally_approve, tally_create, tally_submit


def make_tally(user, area, month=date(2024, 3, 1), **counts):
    return tally_create(acting_user=user, area=area, month=month, **counts)


def approved_tally(editor, approver, area, month=date(2024, 3, 1), **counts):
    tally = make_tally(editor, area, month, **counts)
    tally_submit(acting_user=editor, instance=tally)
    return tally_approve(acting_user=approver, instance=tally)


def commune_approver(area, username="a_approver"):
    """An approver whose role sits at the commune itself (not above it)."""
    return make_user(area, "approver", username=username)


def raw_tally(area, month, status="draft", **counts):
    """A tally written straight to the table, for roll-up fixtures (any status, no workflow)."""
    return MonthlyTally.objects.create(area=area, month=month, status=status, **counts)


def submitted(editor, area, month=date(2024, 3, 1), **counts):
    """A tally entered and submitted by `editor`."""
    return tally_submit(acting_user=editor, instance=make_tally(editor, area, month, **counts))
