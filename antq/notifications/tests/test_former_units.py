"""An event on a record filed under a former unit (a commune that ended on 30 June 2025, or one
merged before) tells the people who hold it today: those of the units it became and above
them, as jurisdiction reads the successions (factories.make_former_tree), not the former
unit's own district and province, which nobody holds."""

from datetime import date

import pytest

from antq.areas.models import Area
from antq.core.scoping import Action, can_at_higher_level, can_record
from antq.core.testing.factories import make_former_tree, make_user
from antq.notifications import scan, selectors
from antq.notifications.choices import Kind
from antq.notifications.models import Notification
from antq.tips.tests.helpers import make_tip


@pytest.fixture
def former(tree, users):
    past = make_former_tree(tree)
    users.a_approver = make_user(tree.a, "approver", username="a_approver")
    users.q_editor = make_user(tree.q, "editor", username="q_editor")
    users.qc_editor = make_user(past.qc, "editor", username="qc_editor")
    users.od_editor = make_user(past.od, "editor", username="od_editor")  # an old role, kept
    return past


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_recipients_are_the_users_whose_jurisdiction_covers_the_area(tree, users, former):
    """For every unit, past or present, and both ways of telling (at the area or above it), the
    recipients are exactly the users whom core.scoping lets act there."""
    people = [u for u in vars(users).values() if not u.is_superuser]
    for area in Area.objects.all():
        for action, above_only, allowed in (
            (Action.CHANGE, False, can_record),
            (Action.APPROVE, True, can_at_higher_level),
        ):
            expected = {u.username for u in people if allowed(u, action, area)}
            found = set(
                selectors.recipients(area, action, above_only=above_only).values_list(
                    "username", flat=True
                )
            )
            assert found == expected, (area.name, action)
            by_area = selectors.recipients_by_area([area], action, above_only=above_only)
            assert {u.username for u in people if u.pk in by_area[area.path]} == expected


def test_a_tip_under_a_former_commune_tells_todays_commune_and_province(tree, users, former):
    make_tip(users.p_approver, former.fa0, received_on=date(2020, 6, 1))
    # FA0 → FA → A: A's editors and approver, the province; the old district's role too
    assert told(Kind.TIP_NEW) == {"a_editor", "a_approver", "od_editor", "root_admin"}
    Notification.objects.all().delete()
    make_tip(users.q_editor, former.fd, received_on=date(2025, 3, 1))
    # divided between B and QC: both, and those above them
    assert told(Kind.TIP_NEW) == {"b_editor", "p_approver", "qc_editor", "root_admin"}


def test_the_daily_scan_tells_todays_commune_of_a_former_communes_tip(tree, users, former):
    make_tip(users.a_editor, former.fa, received_on=date(2025, 6, 20))
    Notification.objects.all().delete()
    scan.daily_scan(today=date(2025, 7, 8))  # due on 10 July 2025
    assert told(Kind.TIP_DUE_SOON) == {
        "a_editor",
        "a_approver",
        "p_approver",
        "od_editor",
        "root_admin",
    }


def test_a_decision_above_a_former_commune_is_asked_of_the_province_not_its_successor(
    tree, users, former
):
    """Today's commune is the former commune's own level (as it is its own): the province's
    approvers are above both."""
    found = set(
        selectors.recipients(former.fa, Action.APPROVE, above_only=True).values_list(
            "username", flat=True
        )
    )
    assert found == {"p_approver", "root_admin"}
