"""The workflow: an editor submits, an approver above the commune approves (which locks the
tally), and only such an approver unapproves it again, with a reason that is kept. The levels,
returns and bulk approval: test_approval.py."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq.tallies.services import (
    tally_approve,
    tally_delete,
    tally_submit,
    tally_unapprove,
    tally_update,
)
from antq.tallies.tests.helpers import approved_tally, commune_approver, make_tally

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.rollup]


def test_submit_then_approve_by_the_province(tree, users):
    tally = make_tally(users.a_editor, tree.a, criminal_cases_registered=7)
    assert tally.status == "draft" and tally.submitted_by is None
    tally_submit(acting_user=users.a_editor, instance=tally)
    tally.refresh_from_db()
    assert (tally.status, tally.submitted_by) == ("submitted", users.a_editor)
    assert tally.submitted_at is not None and tally.approved_at is None
    tally_approve(acting_user=users.p_approver, instance=tally)
    tally.refresh_from_db()
    assert (tally.status, tally.approved_by) == ("approved", users.p_approver)
    assert tally.approved_at >= tally.submitted_at
    reasons = list(
        tally.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [None, "Submitted", "Approved: Province level"]
    assert tally.history.first().history_user == users.p_approver


def test_only_an_approver_above_the_commune_approves(tree, users):
    tally = make_tally(users.a_editor, tree.a)
    tally_submit(acting_user=users.a_editor, instance=tally)
    own_approver = commune_approver(tree.a)
    for user in (own_approver, users.a_editor, users.a_viewer, users.b_editor):
        with pytest.raises(PermissionDenied):
            tally_approve(acting_user=user, instance=tally)
    tally.refresh_from_db()
    assert tally.status == "submitted"
    tally_approve(acting_user=users.admin, instance=tally)  # an administrator of the country
    assert MonthlyTally.objects.get().status == "approved"


def test_a_draft_is_not_approved_and_is_submitted_once(tree, users):
    tally = make_tally(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as caught:
        tally_approve(acting_user=users.p_approver, instance=tally)
    assert caught.value.message_dict == {
        "status": ["This tally is “Draft”: it is not waiting for an approval."]
    }
    tally_submit(acting_user=users.a_editor, instance=tally)
    with pytest.raises(ValidationError) as caught:
        tally_submit(acting_user=users.a_editor, instance=tally)
    assert "“Submitted”" in caught.value.message_dict["status"][0]


def test_a_viewer_neither_enters_nor_submits(tree, users):
    with pytest.raises(PermissionDenied):
        make_tally(users.a_viewer, tree.a)
    tally = make_tally(users.a_editor, tree.a)
    with pytest.raises(PermissionDenied):
        tally_submit(acting_user=users.a_viewer, instance=tally)
    with pytest.raises(PermissionDenied):
        tally_update(acting_user=users.a_viewer, instance=tally, drug_cases=1)
    for month in (date(2024, 4, 1), tally.month):  # B's editor does not even see commune A …
        with pytest.raises(ValidationError) as caught:
            make_tally(users.b_editor, tree.a, month=month)
        assert list(caught.value.message_dict) == ["area"]  # … nor learns which months it has
    other = make_tally(users.b_editor, tree.b)
    with pytest.raises(ValidationError) as caught:
        tally_update(acting_user=users.b_editor, instance=other, area=tree.a)
    assert list(caught.value.message_dict) == ["area"]


def test_draft_and_submitted_are_corrected_approved_is_locked(tree, users):
    tally = make_tally(users.a_editor, tree.a, criminal_cases_registered=5)
    tally_update(acting_user=users.a_editor, instance=tally, criminal_cases_registered=6)
    tally_submit(acting_user=users.a_editor, instance=tally)
    tally_update(
        acting_user=users.a_editor, instance=tally, criminal_cases_clarified=6, reason="Bổ sung"
    )
    tally.refresh_from_db()
    assert (tally.status, tally.criminal_cases_clarified) == ("submitted", 6)
    tally_approve(acting_user=users.p_approver, instance=tally)
    for user in (users.a_editor, users.p_approver):
        with pytest.raises(ValidationError) as caught:
            tally_update(acting_user=user, instance=tally, criminal_cases_registered=60)
        assert list(caught.value.message_dict) == ["status"]
        assert "“Approved”" in caught.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        tally_delete(acting_user=users.a_editor, instance=tally)
    tally.refresh_from_db()
    assert tally.criminal_cases_registered == 6


def test_a_stale_copy_does_not_slip_past_the_lock(tree, users):
    tally = make_tally(users.a_editor, tree.a)
    stale = MonthlyTally.objects.get(pk=tally.pk)
    tally_submit(acting_user=users.a_editor, instance=tally)
    tally_approve(acting_user=users.p_approver, instance=tally)
    with pytest.raises(ValidationError):
        tally_update(acting_user=users.a_editor, instance=stale, drug_cases=9)
    assert MonthlyTally.objects.get().drug_cases == 0


def test_unapprove_needs_the_approving_level_and_a_reason_and_is_recorded(tree, users):
    tally = approved_tally(users.a_editor, users.p_approver, tree.a, criminal_cases_registered=3)
    with pytest.raises(PermissionDenied):
        tally_unapprove(acting_user=commune_approver(tree.a), instance=tally, reason="Sai số")
    with pytest.raises(PermissionDenied):
        tally_unapprove(acting_user=users.a_editor, instance=tally, reason="Sai số")
    with pytest.raises(ValidationError) as caught:
        tally_unapprove(acting_user=users.p_approver, instance=tally, reason="   ")
    assert caught.value.message_dict == {"reason": ["Say why the approval is withdrawn."]}
    assert not TallyStatusChange.objects.filter(step="unapprove").exists()

    tally_unapprove(
        acting_user=users.p_approver, instance=tally, reason="Công an tỉnh rà soát lại số vụ"
    )
    tally.refresh_from_db()
    assert (tally.status, tally.approved_by, tally.approved_at) == ("submitted", None, None)
    step = TallyStatusChange.objects.get(step="unapprove")
    assert (step.tally, step.changed_by, step.reason, step.level) == (
        tally,
        users.p_approver,
        "Công an tỉnh rà soát lại số vụ",
        1,
    )
    assert (step.from_status, step.to_status) == ("approved", "submitted")
    last = tally.history.first()
    assert last.history_user == users.p_approver
    assert "Công an tỉnh rà soát lại số vụ" in last.history_change_reason
    assert last.status == "submitted"

    # open again: the commune corrects, the province approves once more
    tally_update(acting_user=users.a_editor, instance=tally, criminal_cases_registered=4)
    tally_approve(acting_user=users.p_approver, instance=tally)
    assert MonthlyTally.objects.get().criminal_cases_registered == 4


def test_only_an_approved_tally_is_unapproved(tree, users):
    tally = make_tally(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as caught:
        tally_unapprove(acting_user=users.p_approver, instance=tally, reason="x")
    assert caught.value.message_dict == {
        "status": ["This tally is “Draft”: only an approved tally can be unapproved."]
    }


def test_only_a_draft_is_deleted_and_an_unapproved_tally_never_is(tree, users):
    draft = make_tally(users.a_editor, tree.a, month=date(2024, 1, 1))
    tally_delete(acting_user=users.a_editor, instance=draft, reason="Nhập nhầm")
    assert not MonthlyTally.objects.filter(month=date(2024, 1, 1)).exists()
    tally = approved_tally(users.a_editor, users.p_approver, tree.a)
    tally_unapprove(acting_user=users.p_approver, instance=tally, reason="Sửa")
    with pytest.raises(ValidationError) as caught:
        tally_delete(acting_user=users.a_editor, instance=tally)
    assert caught.value.message_dict == {
        "status": ["This tally is “Submitted”: only a draft can be deleted."]
    }
    assert TallyStatusChange.objects.filter(tally=tally, step="unapprove").exists()


def test_moving_to_a_month_already_taken_is_refused(tree, users):
    make_tally(users.a_editor, tree.a, month=date(2024, 1, 1))
    tally = make_tally(users.a_editor, tree.a, month=date(2024, 2, 1))
    with pytest.raises(ValidationError) as caught:
        tally_update(acting_user=users.a_editor, instance=tally, month="2024-01")
    assert list(caught.value.message_dict) == ["month"]
    tally_update(acting_user=users.a_editor, instance=tally, month=date(2024, 2, 1), drug_cases=2)
    assert MonthlyTally.objects.get(month=date(2024, 2, 1)).drug_cases == 2
