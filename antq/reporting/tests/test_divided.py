"""A former commune divided between several of today's units (FD: main successor B in province P,
part to QC in province Q): its report counts once, under its main successor, and each successor's
side sees it, approves it and closes it, with completeness, closing and the approver's lists in
agreement on both sides."""

from datetime import date

import pytest
from django.utils import translation

from antq.areas.models import Area
from antq.core.scoping import past_of
from antq.core.testing.factories import make_former_tree, make_user
from antq.reporting import selectors
from antq.reports.locks import closed_periods
from antq.tallies.selectors import tallies_awaiting_approval
from antq.tallies.services import tally_approve, tally_create, tally_submit

# set-based SQL over path intervals and a walk of successions: both databases
pytestmark = pytest.mark.pg

MARCH = date(2025, 3, 1)


@pytest.fixture
def past(tree, users):
    """Today's communes A and B began with the reform; the former units of make_former_tree; an
    approver of province Q and an editor of QC, the successor that is not FD's main one."""
    Area.objects.filter(pk__in=[tree.a.pk, tree.b.pk]).update(valid_from=date(2025, 7, 1))
    old = make_former_tree(tree)
    old.q_approver = make_user(tree.q, "approver", username="q_approver")
    old.qc_editor = make_user(old.qc, "editor", username="qc_editor")
    return old


def _rows(user, area):
    return {row.area.pk: row for row in selectors.completeness(user, area, MARCH).units}


def test_the_walk_names_where_a_divided_unit_counts(tree, past):
    at_p, at_q = past_of([tree.p.path]), past_of([tree.q.path])
    assert at_p.counted_under(past.fd.path) == tree.b.path
    assert at_p.counted_elsewhere(past.fd.path) is None
    assert at_q.became[past.fd.path] == past.qc.path  # its ground is QC's too
    assert at_q.counted_under(past.fd.path) is None
    assert at_q.counted_elsewhere(past.fd.path) == (tree.b.path, tree.b.code, tree.b.name)
    # a former commune that merged whole counts where it went
    assert at_q.counted_under(past.fq.path) == past.qc.path
    assert past_of([past.qc.path]).counted_elsewhere(past.fd.path).path == tree.b.path


def test_it_counts_once_under_its_main_successor_and_is_listed_under_both(tree, users, past):
    # the main successor's province: listed and counted, under B
    rows = _rows(users.p_approver, tree.p)
    assert past.fd.pk in rows and rows[past.fd.pk].counted_under is None
    total_p, children_p = selectors.completeness_by_child(users.p_approver, tree.p, [MARCH])
    assert {c.area.pk: c.counts.expected for c in children_p}[tree.b.pk] == 1
    # the other successor's province: listed (its users see it), said to count under B, and
    # left out of every count
    result = selectors.completeness(past.q_approver, tree.q, MARCH)
    rows = {row.area.pk: row for row in result.units}
    assert set(rows) == {past.fq.pk, past.fd.pk, past.qc.pk}
    assert rows[past.fd.pk].counted_under.name == tree.b.name
    assert result.counts.expected == 2  # FQ and QC
    total_q, children_q = selectors.completeness_by_child(past.q_approver, tree.q, [MARCH])
    assert total_q.as_dict() == result.counts.as_dict()
    assert {c.area.pk: c.counts.expected for c in children_q} == {past.qc.pk: 2}
    # so the provinces add up to the country, which counts every unit once
    total, _children = selectors.completeness_by_child(users.admin, tree.country, [MARCH])
    assert total_p.expected + total_q.expected == total.expected == 5
    # the successor commune's own page, as on the province's
    own = selectors.completeness(past.qc_editor, past.qc, MARCH)
    assert {r.area.pk for r in own.units if r.counted_under} == {past.fd.pk}
    assert own.counts.expected == 2


@pytest.mark.parametrize("side", ["main", "other"])
def test_either_successor_sees_approves_and_closes_it_and_the_lists_agree(tree, users, past, side):
    """The approver of either successor's province finds FD's submitted tally in their list of
    tallies to approve and on their completeness page; either may approve it, which closes its
    period; the main successor's side counts it received, the other lists it approved."""
    editor = users.b_editor if side == "main" else past.qc_editor
    approver = users.p_approver if side == "main" else past.q_approver
    province = tree.p if side == "main" else tree.q
    tally = tally_submit(
        acting_user=editor, instance=tally_create(acting_user=editor, area=past.fd, month=MARCH)
    )
    for user, area in ((users.p_approver, tree.p), (past.q_approver, tree.q)):
        waiting = {t.pk: t.area_id for t in tallies_awaiting_approval(user)}
        assert waiting == {tally.pk: past.fd.pk}
        rows = _rows(user, area)
        assert all(area_id in rows for area_id in waiting.values())
        # submitted today, long after March 2025's due date
        assert rows[past.fd.pk].tally == tally and rows[past.fd.pk].state == "late"
    tally_approve(acting_user=approver, instance=tally)
    closure = closed_periods([(past.fd, date(2025, 3, 10))])[past.fd.path, date(2025, 3, 10)]
    assert closure.cause == "tally"
    with translation.override("en"):
        assert closure.message().startswith("March 2025 of Xã Cũ Chia was closed")
    assert _rows(approver, province)[past.fd.pk].state == "approved"
    main = selectors.completeness(users.p_approver, tree.p, MARCH).counts
    other = selectors.completeness(past.q_approver, tree.q, MARCH).counts
    assert (main.received, other.received) == (1, 0)
    for user in (users.p_approver, past.q_approver):
        assert not tallies_awaiting_approval(user).exists()


def test_the_page_and_the_api_say_where_it_counts(client, api_client, tree, past):
    client.force_login(past.q_approver)
    html = client.get(
        "/reporting/completeness/",
        {"area": tree.q.pk, "month": "2025-03"},
        headers={"Accept-Language": "en"},
    ).content.decode()
    assert f'data-counted-under="{tree.b.code}"' in html
    assert 'data-count="expected">2<' in html
    body = (
        api_client.as_user(past.q_approver)
        .get(f"/api/v1/reporting/completeness?area={tree.q.pk}&from=2025-03")
        .json()
    )
    assert body["totals"]["expected"] == 2
    counted = {u["area"]["id"]: u["counted_under"] for u in body["units"]}
    assert counted[past.fd.pk] == {"code": tree.b.code, "name": tree.b.name}
    assert counted[past.qc.pk] is None
