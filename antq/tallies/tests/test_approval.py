"""Return and approval up the levels (the services): return with a reason, resubmit, approval
level by level with an intermediate level, children first, the period that must have ended,
unapproval by the level that approved, and many approved at once, each checked on its own."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antq.core.testing.factories import make_user
from antq.reporting.selectors import completeness
from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq.tallies.selectors import tallies_awaiting_approval, tallies_returned_to
from antq.tallies.services import (
    tally_approve,
    tally_bulk_approve,
    tally_resubmit,
    tally_return,
    tally_unapprove,
    tally_update,
)
from antq.tallies.tests.helpers import commune_approver, make_tally, submitted

MARCH = date(2024, 3, 1)

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.rollup]


def test_return_with_a_reason_then_correct_resubmit_and_approve(tree, users):
    tally = submitted(users.a_editor, tree.a, criminal_cases_registered=5)
    with pytest.raises(ValidationError) as caught:
        tally_return(acting_user=users.p_approver, instance=tally, reason="  ")
    assert list(caught.value.message_dict) == ["reason"]
    with pytest.raises(ValidationError) as caught:
        tally_resubmit(acting_user=users.a_editor, instance=tally)
    assert "only a returned tally" in caught.value.message_dict["status"][0]

    tally_return(acting_user=users.p_approver, instance=tally, reason="Thiếu số vụ ma túy")
    tally.refresh_from_db()
    assert tally.status == "returned"
    returned = tallies_returned_to(users.a_editor).get()
    assert (returned, returned.return_reason) == (tally, "Thiếu số vụ ma túy")
    assert not tallies_returned_to(users.b_editor).exists()
    assert tally not in tallies_awaiting_approval(users.p_approver)
    with pytest.raises(ValidationError):  # a returned tally waits for the commune, not a level
        tally_approve(acting_user=users.p_approver, instance=tally)

    tally_update(acting_user=users.a_editor, instance=tally, drug_cases=2)
    tally_resubmit(acting_user=users.a_editor, instance=tally)
    assert list(tallies_awaiting_approval(users.p_approver)) == [tally]
    tally_approve(acting_user=users.p_approver, instance=tally)
    tally.refresh_from_db()
    assert (tally.status, tally.drug_cases, tally.approved_level) == ("approved", 2, 1)
    assert not tallies_returned_to(users.a_editor).exists()
    steps = list(
        TallyStatusChange.objects.filter(tally=tally)
        .order_by("id")
        .values_list("step", "from_status", "to_status", "changed_by__username", "reason")
    )
    assert steps == [
        ("submit", "draft", "submitted", "a_editor", ""),
        ("return", "submitted", "returned", "p_approver", "Thiếu số vụ ma túy"),
        ("resubmit", "returned", "submitted", "a_editor", ""),
        ("approve", "submitted", "approved", "p_approver", ""),
    ]


def test_only_an_approver_above_the_commune_returns(tree, users):
    tally = submitted(users.a_editor, tree.a)
    outsider = make_user(tree.q, "approver", username="q_approver")
    for user in (commune_approver(tree.a), users.a_editor, outsider):
        with pytest.raises(PermissionDenied):
            tally_return(acting_user=user, instance=tally, reason="x")
        with pytest.raises(PermissionDenied):
            tally_approve(acting_user=user, instance=tally)
    assert MonthlyTally.objects.get().status == "submitted"
    assert not tallies_awaiting_approval(outsider).exists()


def test_approval_waits_for_the_end_of_the_period(tree, users):
    this_month = timezone.localdate().replace(day=1)
    tally = submitted(users.a_editor, tree.a, month=this_month)
    with pytest.raises(ValidationError) as caught:
        tally_approve(acting_user=users.p_approver, instance=tally)
    message = caught.value.message_dict["month"][0]
    assert this_month.strftime("%Y-%m") in message and "has not ended yet" in message
    assert MonthlyTally.objects.get().status == "submitted"
    # a return needs no ended period: the commune may correct at once
    tally_return(acting_user=users.p_approver, instance=tally, reason="Sai")


def test_level_by_level_with_an_intermediate_level(tree, users, district):
    tally = submitted(district["e1"], district["c1"])
    with pytest.raises(ValidationError) as caught:  # the province does not skip the district
        tally_approve(acting_user=users.p_approver, instance=tally)
    assert "first be accepted at the District level" in caught.value.message_dict["status"][0]
    assert list(tallies_awaiting_approval(district["approver"])) == [tally]
    assert not tallies_awaiting_approval(users.p_approver).exists()

    tally_approve(acting_user=district["approver"], instance=tally)
    tally.refresh_from_db()
    assert (tally.status, tally.approved_level, tally.is_locked) == ("accepted", 2, True)
    with pytest.raises(PermissionDenied):  # now the province's turn
        tally_approve(acting_user=district["approver"], instance=tally)
    assert list(tallies_awaiting_approval(users.p_approver)) == [tally]

    tally_approve(acting_user=users.p_approver, instance=tally)
    tally.refresh_from_db()
    assert (tally.status, tally.approved_level, tally.approved_by) == (
        "approved",
        1,
        users.p_approver,
    )
    with pytest.raises(PermissionDenied):  # the district did not give the last approval
        tally_unapprove(acting_user=district["approver"], instance=tally, reason="x")
    tally_unapprove(acting_user=users.p_approver, instance=tally, reason="Số liệu chưa khớp")
    tally.refresh_from_db()
    assert (tally.status, tally.approved_level, tally.approved_by) == (
        "accepted",
        2,
        district["approver"],
    )
    tally_unapprove(acting_user=district["approver"], instance=tally, reason="Kiểm tra lại")
    tally.refresh_from_db()
    assert (tally.status, tally.approved_level, tally.approved_by) == ("submitted", None, None)
    # the province returns a tally its district accepted: the acceptance goes with it
    tally_approve(acting_user=district["approver"], instance=tally)
    tally_return(acting_user=users.p_approver, instance=tally, reason="Thiếu")
    tally.refresh_from_db()
    assert (tally.status, tally.approved_level) == ("returned", None)


def test_a_commune_without_an_intermediate_unit_goes_straight_to_the_province(
    tree, users, district
):
    tally = submitted(users.a_editor, tree.a)  # A lies directly under P
    tally_approve(acting_user=users.p_approver, instance=tally)
    assert MonthlyTally.objects.get(pk=tally.pk).status == "approved"


def test_children_first(tree, users, district, settings):
    settings.ANTQ_APPROVAL_CHILDREN_FIRST = True
    first = submitted(district["e1"], district["c1"])
    tally_approve(acting_user=district["approver"], instance=first)
    with pytest.raises(ValidationError) as caught:
        tally_approve(acting_user=users.p_approver, instance=first)
    message = caught.value.message_dict["status"][0]
    assert "Huyện D has 1 commune whose tally for 2024-03" in message
    second = submitted(district["e2"], district["c2"])
    with pytest.raises(ValidationError):  # submitted is not accepted
        tally_approve(acting_user=users.p_approver, instance=first)
    tally_approve(acting_user=district["approver"], instance=second)
    approved, refused = tally_bulk_approve(acting_user=users.p_approver, tallies=[first, second])
    assert (len(approved), refused) == (2, [])


def test_unapprove_needs_a_reason(tree, users):
    tally = submitted(users.a_editor, tree.a)
    tally_approve(acting_user=users.p_approver, instance=tally)
    with pytest.raises(ValidationError) as caught:
        tally_unapprove(acting_user=users.p_approver, instance=tally, reason="")
    assert list(caught.value.message_dict) == ["reason"]
    with pytest.raises(PermissionDenied):
        tally_unapprove(acting_user=commune_approver(tree.a), instance=tally, reason="x")
    assert MonthlyTally.objects.get().status == "approved"


def test_bulk_approval_approves_the_valid_and_says_why_not_for_the_rest(tree, users):
    valid = [submitted(users.a_editor, tree.a, month=date(2024, m, 1)) for m in (1, 2)]
    valid.append(submitted(users.b_editor, tree.b, month=date(2024, 1, 1)))
    draft = make_tally(users.a_editor, tree.a, date(2024, 4, 1))
    this_month = timezone.localdate().replace(day=1)
    open_period = submitted(users.b_editor, tree.b, month=this_month)
    approved, refused = tally_bulk_approve(
        acting_user=users.p_approver, tallies=[*valid, draft, open_period]
    )
    assert {t.pk for t in approved} == {t.pk for t in valid}
    reasons = {tally.pk: error for tally, error in refused}
    assert set(reasons) == {draft.pk, open_period.pk}
    assert list(reasons[draft.pk].message_dict) == ["status"]
    assert list(reasons[open_period.pk].message_dict) == ["month"]
    statuses = dict(MonthlyTally.objects.values_list("pk", "status"))
    assert [statuses[t.pk] for t in valid] == ["approved"] * 3
    assert (statuses[draft.pk], statuses[open_period.pk]) == ("draft", "submitted")

    # checks and writes are made once for all: more tallies cost no more queries
    def queries_to_approve(year, months):
        batch = [submitted(users.b_editor, tree.b, month=date(year, m, 1)) for m in months]
        for tally in batch[len(batch) // 2 :]:  # half of them refused
            tally_return(acting_user=users.p_approver, instance=tally, reason="x")
        with CaptureQueriesContext(connection) as queries:
            approved, refused = tally_bulk_approve(acting_user=users.p_approver, tallies=batch)
        assert len(approved) == len(refused) == len(batch) // 2
        return len(queries), batch

    few, _batch = queries_to_approve(2022, range(1, 3))
    many, more = queries_to_approve(2023, range(1, 11))
    assert few == many
    last = more[0].history.first()
    assert (last.status, last.history_user, last.history_change_reason) == (
        "approved",
        users.p_approver,
        "Approved: Province level",
    )
    step = TallyStatusChange.objects.get(tally=more[0], step="approve")
    assert (step.from_status, step.to_status, step.level) == ("submitted", "approved", 1)


def test_bulk_approval_by_someone_not_above(tree, users):
    tally = submitted(users.a_editor, tree.a)
    approved, refused = tally_bulk_approve(acting_user=commune_approver(tree.a), tallies=[tally])
    assert approved == [] and isinstance(refused[0][1], PermissionDenied)


def test_a_returned_or_accepted_tally_stays_received_on_time_by_its_first_submission(
    tree, users, district
):
    returned = submitted(users.a_editor, tree.a)
    first = returned.submitted_at
    tally_return(acting_user=users.p_approver, instance=returned, reason="Sai")
    accepted = submitted(district["e1"], district["c1"])
    tally_approve(acting_user=district["approver"], instance=accepted)
    states = {row.area.pk: row.state for row in completeness(users.p_approver, tree.p, MARCH).units}
    assert states[tree.a.pk] != "missing" and states[district["c1"].pk] != "missing"
    assert states[district["c2"].pk] == "missing"
    tally_resubmit(acting_user=users.a_editor, instance=returned)
    returned.refresh_from_db()
    assert returned.submitted_at == first
