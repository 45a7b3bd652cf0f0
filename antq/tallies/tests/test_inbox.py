"""The inbox's tallies to submit follow the reporting obligations (reporting/selectors) and the
deployment's reporting period (reporting/periods): an exempted commune has nothing to submit,
a unit an obligation adds above the commune has, and the month is the one whose period ended
last."""

from datetime import date

import pytest

from antq.core.testing.factories import make_user
from antq.inbox.registry import KINDS
from antq.reporting.models import Obligation
from antq.reporting.selectors import completeness
from antq.tallies.tests.helpers import raw_tally

TODAY = date(2026, 12, 20)
NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


def _to_submit(user, today=TODAY):
    return {(area, area.month) for area in KINDS["tallies-to-submit"].records(user, today)}


def test_an_exempted_commune_has_nothing_to_submit(tree, users):
    assert _to_submit(users.a_editor) == {(tree.a, NOVEMBER)}
    Obligation.objects.create(
        area=tree.a, exempt=True, valid_from=date(2026, 10, 1), valid_to=date(2026, 11, 30)
    )
    assert not _to_submit(users.a_editor)
    assert _to_submit(users.b_editor) == {(tree.b, NOVEMBER)}  # its neighbour still reports
    assert _to_submit(users.a_editor, date(2027, 1, 3)) == {(tree.a, DECEMBER)}  # it ended
    # the inbox and the approver's completeness agree on who is expected
    expected = {row.area for row in completeness(users.p_approver, tree.p, NOVEMBER).units}
    assert expected == {tree.b}


def test_a_unit_obligations_add_above_the_commune_has_its_tally_to_submit(tree, users):
    editor = make_user(tree.p, "editor", username="p_editor")
    assert not _to_submit(editor)  # a province does not report by default
    Obligation.objects.create(area=tree.p, valid_from=date(2026, 1, 1))
    assert _to_submit(editor) == {(tree.p, NOVEMBER)}
    assert tree.p not in {area for area, _m in _to_submit(users.a_editor)}
    assert tree.p in {row.area for row in completeness(users.p_approver, tree.p, NOVEMBER).units}
    raw_tally(tree.a, NOVEMBER, status="submitted")  # a commune's report is not the province's
    assert _to_submit(editor) == {(tree.p, NOVEMBER)}
    Obligation.objects.create(area=tree.p, exempt=True, valid_from=date(2026, 11, 1))
    assert not _to_submit(editor)  # an exemption wins over the addition


@pytest.mark.parametrize(
    ("scheme", "today", "month"),
    [
        ("calendar", date(2026, 12, 20), NOVEMBER),
        ("cutoff15", date(2026, 12, 20), DECEMBER),  # 15 November – 14 December has ended
        ("cutoff15", date(2026, 12, 14), NOVEMBER),
    ],
)
def test_the_month_is_the_last_whose_period_ended(tree, users, settings, scheme, today, month):
    settings.ANTQ_REPORT_PERIOD = scheme
    assert _to_submit(users.a_editor, today) == {(tree.a, month)}
    raw_tally(tree.a, month, status="submitted")
    assert not _to_submit(users.a_editor, today)
