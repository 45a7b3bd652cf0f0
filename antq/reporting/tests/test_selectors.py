"""Who is expected to report, and completeness and timeliness counts, by unit and by child."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.areas.choices import AreaLevel
from antq.core.testing.factories import REFORM_EVE, make_area
from antq.reporting import selectors
from antq.reporting.models import Obligation
from antq.reporting.periods import CUTOFF15
from antq.reporting.tests.helpers import MARCH, at, tally

# set-based SQL (path prefixes, month truncation, moments against due dates): both databases
pytestmark = pytest.mark.pg

APRIL = date(2024, 4, 1)


def _expected(user, area, month=MARCH):
    return {row.area.pk for row in selectors.completeness(user, area, month).units}


def test_every_commune_in_force_reports_by_default(tree, users):
    later = make_area(tree.p, name="Xã Mới", valid_from=date(2024, 5, 1))
    ended = make_area(tree.p, name="Xã Đã Nhập", valid_to=date(2024, 2, 29))
    assert _expected(users.p_approver, tree.p) == {tree.a.pk, tree.b.pk}
    assert later.pk in _expected(users.p_approver, tree.p, date(2024, 5, 1))
    assert ended.pk not in _expected(users.p_approver, tree.p, date(2024, 5, 1))
    assert _expected(users.p_approver, tree.a) == {tree.a.pk}  # a commune's own page
    may = date(2024, 5, 1)
    tally(ended, month=may, submitted_at=at(2024, 6, 1, 9, 0))  # not counted: not in force
    tally(later, month=may, submitted_at=at(2024, 6, 1, 9, 0))
    tally(later, month=APRIL, submitted_at=at(2024, 5, 1, 9, 0))  # before it began: neither
    total, _children = selectors.completeness_by_child(users.p_approver, tree.p, [APRIL, may])
    assert total.as_dict() == {"expected": 5, "received": 1, "on_time": 1, "late": 0, "missing": 4}


def test_obligations_add_and_exempt_units_for_their_months(tree, users):
    district = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Cũ", valid_to=REFORM_EVE)
    Obligation.objects.create(area=district, valid_from=date(2024, 1, 1))
    Obligation.objects.create(area=tree.b, exempt=True, valid_to=date(2024, 3, 31))
    # an addition of a unit already expected changes nothing; an exemption wins over it
    Obligation.objects.create(area=tree.b, valid_from=date(2024, 3, 1))
    assert _expected(users.p_approver, tree.p) == {tree.a.pk, district.pk}
    assert _expected(users.p_approver, tree.p, APRIL) == {tree.a.pk, tree.b.pk, district.pk}
    assert _expected(users.p_approver, tree.p, date(2023, 12, 1)) == {tree.a.pk}
    total, _children = selectors.completeness_by_child(users.p_approver, tree.p, [MARCH, APRIL])
    assert total.expected == 2 + 3


def test_states_and_counts_for_a_month(tree, users):
    late_commune = make_area(tree.p, name="Xã Muộn")
    missing = make_area(tree.p, name="Xã Chưa Gửi")
    tally(tree.a, submitted_at=at(2024, 4, 5, 23, 30))  # on the due day: on time
    tally(tree.b, status="approved", submitted_at=at(2024, 4, 6, 0, 30))  # approved, but late
    tally(late_commune, submitted_at=at(2024, 4, 9, 8, 0))
    tally(missing, status="draft")  # a draft is not a report
    result = selectors.completeness(users.p_approver, tree.p, MARCH)
    states = [(row.area.pk, row.state, row.late) for row in result.units]
    assert states == [
        (missing.pk, "missing", False),
        (late_commune.pk, "late", True),
        (tree.a.pk, "submitted", False),
        (tree.b.pk, "approved", True),
    ]
    assert result.counts.as_dict() == {
        "expected": 4,
        "received": 3,
        "on_time": 1,
        "late": 2,
        "missing": 1,
    }
    assert result.units[0].tally.status == "draft"  # the link goes to the draft to finish


def test_by_child_agrees_with_the_units_and_ranks_the_least_complete_first(tree, users):
    tally(tree.a, submitted_at=at(2024, 4, 1, 9, 0))
    tally(tree.b, month=APRIL, submitted_at=at(2024, 5, 20, 9, 0))
    qc = make_area(tree.q, name="Xã Q")
    tally(qc, submitted_at=at(2024, 4, 2, 9, 0))
    tally(qc, month=APRIL, submitted_at=at(2024, 5, 2, 9, 0))
    total, children = selectors.completeness_by_child(users.admin, tree.country, [MARCH, APRIL])
    assert [(c.area.pk, c.counts.as_dict()) for c in children] == [
        (tree.p.pk, {"expected": 4, "received": 2, "on_time": 1, "late": 1, "missing": 2}),
        (tree.q.pk, {"expected": 2, "received": 2, "on_time": 2, "late": 0, "missing": 0}),
    ]
    assert total.as_dict() == {"expected": 6, "received": 4, "on_time": 3, "late": 1, "missing": 2}
    for month in (MARCH, APRIL):
        one = selectors.completeness(users.admin, tree.p, month).counts
        by_child = selectors.completeness_by_child(users.admin, tree.p, [month])[0]
        assert one.as_dict() == by_child.as_dict()
    # the province's approver sees its province only
    _total, mine = selectors.completeness_by_child(users.p_approver, tree.country, [MARCH])
    assert [c.area.pk for c in mine] == [tree.p.pk]


def test_cutoff15_moves_the_due_date_not_the_month(tree, users, settings):
    tally(tree.a, submitted_at=at(2024, 3, 18, 9, 0))
    tally(tree.b, submitted_at=at(2024, 3, 25, 9, 0))
    settings.ANTQ_REPORT_PERIOD = "calendar"
    assert selectors.completeness(users.p_approver, tree.p, MARCH).counts.on_time == 2
    settings.ANTQ_REPORT_PERIOD = CUTOFF15
    result = selectors.completeness(users.p_approver, tree.p, MARCH)
    assert result.period.due == date(2024, 3, 19)
    assert [(r.area.pk, r.state) for r in result.units] == [
        (tree.b.pk, "late"),
        (tree.a.pk, "submitted"),
    ]
    total, _children = selectors.completeness_by_child(users.p_approver, tree.p, [MARCH])
    assert (total.received, total.on_time) == (2, 1)


@pytest.mark.parametrize("extra", [0, 6])
def test_queries_do_not_grow_with_the_units(tree, users, extra, django_assert_num_queries):
    for n in range(extra):
        commune = make_area(tree.p, name=f"Xã {n}")
        tally(commune, submitted_at=at(2024, 4, 1, 9, 0))
    Obligation.objects.create(area=tree.b, exempt=True)
    users.admin.refresh_from_db()
    selectors.completeness_by_child(users.admin, tree.country, [MARCH])  # warms the role cache
    with CaptureQueriesContext(connection) as by_child:
        selectors.completeness_by_child(users.admin, tree.country, [MARCH, APRIL])
    with CaptureQueriesContext(connection) as units:
        selectors.completeness(users.admin, tree.p, MARCH)
    with CaptureQueriesContext(connection) as province:
        selectors.completeness_by_child(users.admin, tree.p, [MARCH, APRIL])
    # a province's page also walks its successions (one statement, that finds none here); the
    # country's holds every unit already
    assert (len(by_child), len(province), len(units)) == (1, 2, 3)


def test_a_past_month_expects_the_former_units_that_became_part_of_the_area(tree, users):
    """Today's communes began with the reform; for March 2025 the province expects the former
    communes in force then that became part of it, and counts each under today's commune."""
    from antq.areas.models import Area
    from antq.core.testing.factories import make_former_tree

    Area.objects.filter(pk__in=[tree.a.pk, tree.b.pk]).update(valid_from=date(2025, 7, 1))
    old = make_former_tree(tree)
    march = date(2025, 3, 1)
    # X is still in force; FA0 ended in 2020; FQ became a commune of province Q
    assert _expected(users.p_approver, tree.p, march) == {old.fa.pk, old.fd.pk, old.x.pk}
    assert _expected(users.p_approver, tree.p, date(2025, 8, 1)) == {tree.a.pk, tree.b.pk, old.x.pk}
    assert _expected(users.a_editor, tree.a, march) == {old.fa.pk}  # a commune's own past
    # FD was divided between B and QC: both provinces expect it, as both cover it
    assert _expected(users.admin, tree.q, march) == {old.fq.pk, old.fd.pk, old.qc.pk}
    assert _expected(users.p_approver, tree.p, date(2020, 3, 1)) >= {old.fa0.pk, old.fd.pk}
    tally(old.fa, month=march, submitted_at=at(2025, 4, 2, 9, 0))
    tally(old.fq, month=march, submitted_at=at(2025, 4, 2, 9, 0))  # province Q's
    result = selectors.completeness(users.p_approver, tree.p, march)
    assert result.counts.as_dict() == {
        "expected": 3,
        "received": 1,
        "on_time": 1,
        "late": 0,
        "missing": 2,
    }
    total, children = selectors.completeness_by_child(users.p_approver, tree.p, [march])
    assert total.as_dict() == result.counts.as_dict()
    assert {c.area.pk: (c.counts.expected, c.counts.received) for c in children} == {
        tree.a.pk: (1, 1),  # FA's tally, under the commune FA became
        tree.b.pk: (1, 0),  # FD, divided, under its main successor
        old.x.pk: (1, 0),
    }
    # the country's view counts the divided commune once, under its former province
    total, _children = selectors.completeness_by_child(users.admin, tree.country, [march])
    assert total.expected == len({old.fa.pk, old.fd.pk, old.x.pk, old.fq.pk, old.qc.pk})


def test_an_obligation_expects_nothing_outside_its_units_validity(tree, users):
    """An obligation with no end added for a district that ended with the reform, and one with no
    start for a unit that began later: reports are expected only in the months the unit was in
    force, by the unit list, by child, and by the condition the inbox and the tally's own check
    read."""
    from antq.areas.models import Area

    district = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Cũ", valid_to=REFORM_EVE)
    later = make_area(tree.p, level=AreaLevel.DISTRICT, name="Huyện Mới", valid_from=APRIL)
    Obligation.objects.create(area=district, valid_from=date(2025, 1, 1))
    Obligation.objects.create(area=later)
    june, july = date(2025, 6, 1), date(2025, 7, 1)
    assert district.pk in _expected(users.p_approver, tree.p, june)
    assert district.pk not in _expected(users.p_approver, tree.p, july)
    assert later.pk not in _expected(users.p_approver, tree.p, MARCH)
    assert later.pk in _expected(users.p_approver, tree.p, APRIL)

    def expected_by_q(month):
        return set(
            Area.objects.filter(selectors.expected_units_q(month, within=tree.p)).values_list(
                "pk", flat=True
            )
        )

    assert district.pk in expected_by_q(june) and district.pk not in expected_by_q(july)
    assert later.pk not in expected_by_q(MARCH) and later.pk in expected_by_q(APRIL)
    # a tally it filed after its end (written straight to the table) is not counted either
    tally(district, month=july, submitted_at=at(2025, 8, 1, 9, 0))
    months = [june, july, date(2025, 8, 1)]
    total, children = selectors.completeness_by_child(users.p_approver, tree.p, months)
    # A, B and the later district for three months; the ended district for June only
    assert total.as_dict() == {
        "expected": 10,
        "received": 0,
        "on_time": 0,
        "late": 0,
        "missing": 10,
    }
    assert {c.area.pk: c.counts.expected for c in children}[district.pk] == 1
    total, _children = selectors.completeness_by_child(users.p_approver, tree.p, [MARCH, APRIL])
    assert total.expected == 2 + 3  # A and B in both; the later district from April
