import re
from datetime import timedelta
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from antq.tips.choices import ALLOWED_FROM, Action, TipStatus
from antq.tips.deadlines import add_days, add_months
from antq.tips.models import CODE_ALPHABET, Tip, TipEvent
from antq.tips.selectors import tip_list
from antq.tips.services import entry as entry_services
from antq.tips.services import messages as message_services
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import category, make_tip, on

pytestmark = pytest.mark.rollup


def today():
    return timezone.localdate()


def _errors(exc):
    return set(exc.value.message_dict)


# --- entry ------------------------------------------------------------------------------


def test_a_tip_entered_by_staff_gets_a_code_a_clock_and_its_receipt(tree, users):
    tip = make_tip(users.a_editor, tree.a, received_on=on("2026-03-01"), channel="letter")
    assert re.fullmatch(rf"TG-2026-[{CODE_ALPHABET}]{{6}}", tip.code)
    assert tip.due_on == on("2026-03-21")
    assert (tip.status, tip.extensions) == ("received", 0)
    assert tip.area == tip.received_by_area == tree.a
    [event] = tip.events.all()
    assert (event.kind, event.on, event.by, event.to_area) == (
        "received",
        on("2026-03-01"),
        users.a_editor,
        tree.a,
    )
    assert tip.history.count() == 1 and tip.history.first().history_user == users.a_editor


@pytest.mark.parametrize(
    "kind, channel",
    [
        ("denunciation", "in_person"),
        ("crime_report", "press"),
        ("crime_report", "mass_organisation"),
        ("prosecution_request", "agency_transfer"),
        ("denunciation", "information_source"),
        ("denunciation", "online_portal"),
    ],
)
def test_any_channel_and_legal_kind(tree, users, kind, channel):
    tip = make_tip(users.p_approver, tree.p, legal_kind=kind, channel=channel)
    assert (tip.legal_kind, tip.channel, tip.area) == (kind, channel, tree.p)


def test_entry_is_checked(tree, users):
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a1)  # a village does not handle tips
    assert _errors(exc) == {"area"}
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.b)  # not in the user's jurisdiction
    assert _errors(exc) == {"area"}
    with pytest.raises(PermissionDenied):
        make_tip(users.a_viewer, tree.a)
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a, received_on=today() + timedelta(days=1))
    assert _errors(exc) == {"received_on"}
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a, summary="  ")
    assert _errors(exc) == {"summary"}
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a, place_area=tree.b1)
    assert _errors(exc) == {"place_area"}
    old = category("gambling")
    old.is_active = False
    old.save()
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a, category=old)
    assert _errors(exc) == {"category"}
    with pytest.raises(ValidationError) as exc:
        make_tip(users.a_editor, tree.a, reporter_name="x" * 201)
    assert _errors(exc) == {"reporter_name"}
    assert not Tip.objects.exists()


def test_the_catalogue_has_the_default_categories(db):
    from antq.tips.models import TipCategory

    codes = set(TipCategory.objects.values_list("code", flat=True))
    assert codes == {
        "theft",
        "robbery",
        "fraud",
        "drugs",
        "gambling",
        "violence",
        "fire_risk",
        "traffic",
        "public_disorder",
        "other",
    }
    assert all(c.name and c.name_en and c.name_ar for c in TipCategory.objects.all())


# --- every transition -------------------------------------------------------------------

REASON = "Vụ việc phức tạp, cần xác minh nhiều nơi"


def _in_status(users, tree, status):
    user = users.a_editor
    tip = make_tip(user, tree.a)
    if status == "received":
        return tip
    if status == "transferred_out":
        return workflow_services.tip_transfer_out(acting_user=user, tip=tip, to_agency="Hải quan")
    if status == "closed_not_crime":
        return workflow_services.tip_close_not_crime(
            acting_user=user, tip=tip, reason="Tranh chấp dân sự"
        )
    tip = workflow_services.tip_start_verifying(acting_user=user, tip=tip)
    if status == "extended":
        return workflow_services.tip_extend(acting_user=user, tip=tip, reason=REASON)
    if status in ("suspended", "resumed"):
        tip = workflow_services.tip_suspend(
            acting_user=user, tip=tip, reason="Chờ kết quả giám định"
        )
        if status == "resumed":
            tip = workflow_services.tip_resume(acting_user=user, tip=tip)
        return tip
    if status.startswith("decided"):
        return workflow_services.tip_decide(
            acting_user=user, tip=tip, prosecute=status == "decided_prosecute"
        )
    return tip


def _take(step, user, tip, tree):
    calls = {
        Action.ASSIGN: lambda: workflow_services.tip_assign(
            acting_user=user, tip=tip, assignee=user
        ),
        Action.VERIFY: lambda: workflow_services.tip_start_verifying(acting_user=user, tip=tip),
        Action.EXTEND: lambda: workflow_services.tip_extend(
            acting_user=user, tip=tip, reason=REASON, procuracy_approved=True
        ),
        Action.SUSPEND: lambda: workflow_services.tip_suspend(
            acting_user=user, tip=tip, reason="Chờ"
        ),
        Action.RESUME: lambda: workflow_services.tip_resume(acting_user=user, tip=tip),
        Action.DECIDE: lambda: workflow_services.tip_decide(
            acting_user=user, tip=tip, prosecute=False
        ),
        Action.TRANSFER: lambda: workflow_services.tip_transfer(
            acting_user=user, tip=tip, to_area=tree.p, reason="Thuộc thẩm quyền của tỉnh"
        ),
        Action.TRANSFER_OUT: lambda: workflow_services.tip_transfer_out(
            acting_user=user, tip=tip, to_agency="Bộ đội Biên phòng"
        ),
        Action.CLOSE: lambda: workflow_services.tip_close_not_crime(
            acting_user=user, tip=tip, reason="Không có dấu hiệu tội phạm"
        ),
    }
    return calls[step]()


@pytest.mark.parametrize("status, step", list(product(TipStatus.values, Action.values)), ids=str)
def test_every_step_from_every_status_is_allowed_or_refused(tree, users, status, step):
    tip = _in_status(users, tree, status)
    assert tip.status == status
    events_before = tip.events.count()
    if tip.status in ALLOWED_FROM[Action(step)]:
        done = _take(Action(step), users.a_editor, tip, tree)
        assert done.events.count() == events_before + 1
    else:
        with pytest.raises(ValidationError) as exc:
            _take(Action(step), users.a_editor, tip, tree)
        assert _errors(exc) == {"status"}
        tip.refresh_from_db()
        assert tip.status == status and tip.events.count() == events_before


def test_the_workflow_is_the_codes():
    assert set(ALLOWED_FROM[Action.VERIFY]) == {"received"}
    assert set(ALLOWED_FROM[Action.EXTEND]) == {"verifying", "extended"}
    assert set(ALLOWED_FROM[Action.RESUME]) == {"suspended"}
    assert set(ALLOWED_FROM[Action.DECIDE]) == {"verifying", "extended", "resumed"}
    settled = {"decided_prosecute", "decided_not_prosecute", "transferred_out", "closed_not_crime"}
    assert all(not (set(allowed) & settled) for allowed in ALLOWED_FROM.values())


def test_viewers_take_no_step(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    with pytest.raises(PermissionDenied):
        workflow_services.tip_start_verifying(acting_user=users.a_viewer, tip=tip)
    with pytest.raises(PermissionDenied):
        message_services.tip_send_message(acting_user=users.a_viewer, tip=tip, body="?")


# --- extensions, suspension, decisions --------------------------------------------------


def _verified(user, area, received_on):
    tip = make_tip(user, area, received_on=on(received_on))
    return workflow_services.tip_start_verifying(acting_user=user, tip=tip, on=on(received_on))


def test_extensions_first_with_a_reason_second_with_the_procuracy_no_third(tree, users):
    user = users.a_editor
    tip = _verified(user, tree.a, "2026-01-31")
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(acting_user=user, tip=tip, reason=" ", on=on("2026-02-10"))
    assert _errors(exc) == {"reason"}
    tip = workflow_services.tip_extend(
        acting_user=user, tip=tip, reason=REASON, on=on("2026-02-10")
    )
    assert (tip.status, tip.extensions, tip.due_on) == ("extended", 1, on("2026-03-31"))
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(acting_user=user, tip=tip, reason=REASON, on=on("2026-03-20"))
    assert _errors(exc) == {"procuracy_approved"}
    tip = workflow_services.tip_extend(
        acting_user=user, tip=tip, reason=REASON, on=on("2026-03-20"), procuracy_approved=True
    )
    assert (tip.extensions, tip.due_on) == (2, on("2026-05-31"))
    event = tip.events.order_by("-id").first()
    assert (event.kind, event.procuracy_approved) == ("extended_second", True)
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(
            acting_user=user, tip=tip, reason=REASON, on=on("2026-05-01"), procuracy_approved=True
        )
    assert _errors(exc) == {"status"}


def test_an_extension_after_expiry_or_beyond_the_limit_is_refused(tree, users):
    user = users.a_editor
    tip = _verified(user, tree.a, "2025-03-01")
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(acting_user=user, tip=tip, reason=REASON, on=on("2025-03-22"))
    assert _errors(exc) == {"on"}
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(
            acting_user=user, tip=tip, reason=REASON, on=on("2025-03-10"), until=on("2025-06-01")
        )
    assert _errors(exc) == {"until"}
    tip = workflow_services.tip_extend(
        acting_user=user, tip=tip, reason=REASON, on=on("2025-03-10"), until=on("2025-04-15")
    )
    assert tip.due_on == on("2025-04-15")


def test_an_extension_requested_late_needs_the_reason_which_is_kept(tree, users):
    """Art. 147(2): the request is due 5 days before the period expires (here 2025-03-21, so
    by 2025-03-16). A later request is granted only with the reason it came late."""
    user = users.a_editor
    tip = _verified(user, tree.a, "2025-03-01")
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(acting_user=user, tip=tip, reason=REASON, on=on("2025-03-17"))
    assert _errors(exc) == {"late_reason"}
    assert "2025-03-16" in exc.value.message_dict["late_reason"][0]
    tip.refresh_from_db()
    assert (tip.extensions, tip.events.count()) == (0, 2)  # nothing changed
    with pytest.raises(ValidationError) as exc:  # asked for after it was decided: impossible
        workflow_services.tip_extend(
            acting_user=user,
            tip=tip,
            reason=REASON,
            on=on("2025-03-12"),
            requested_on=on("2025-03-13"),
        )
    assert _errors(exc) == {"requested_on"}
    # requested in time and decided later: no late reason needed, and none is kept
    tip = workflow_services.tip_extend(
        acting_user=user,
        tip=tip,
        reason=REASON,
        on=on("2025-03-18"),
        requested_on=on("2025-03-16"),
        late_reason="ignored",
    )
    event = tip.events.order_by("-id").first()
    assert (event.requested_on, event.late_reason) == (on("2025-03-16"), "")
    # the second extension, requested late with its reason: granted, the reason on file
    tip = workflow_services.tip_extend(
        acting_user=user,
        tip=tip,
        reason=REASON,
        on=on("2025-04-30"),
        procuracy_approved=True,
        late_reason="Hồ sơ giám định về muộn",
    )
    event = tip.events.order_by("-id").first()
    assert (event.kind, event.requested_on, event.late_reason) == (
        "extended_second",
        on("2025-04-30"),
        "Hồ sơ giám định về muộn",
    )
    assert "Hồ sơ giám định về muộn" in tip.history.first().history_change_reason


def test_suspension_stops_the_clock_and_resumption_gives_one_month(tree, users):
    user = users.a_editor
    tip = _verified(user, tree.a, "2025-01-02")
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_suspend(acting_user=user, tip=tip, reason="")
    assert _errors(exc) == {"reason"}
    tip = workflow_services.tip_suspend(
        acting_user=user, tip=tip, reason="Chờ kết quả định giá tài sản", on=on("2025-01-20")
    )
    assert (tip.status, tip.due_on) == ("suspended", None)
    assert tip not in tip_list(users.a_viewer).filter(due_on__lt=today())
    tip = workflow_services.tip_resume(acting_user=user, tip=tip, on=on("2025-01-31"))
    assert (tip.status, tip.due_on) == ("resumed", on("2025-02-28"))
    # the month after resumption is not extended
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_extend(acting_user=user, tip=tip, reason=REASON, on=on("2025-02-01"))
    assert _errors(exc) == {"status"}


def test_a_late_tip_cannot_leave_the_overdue_list_by_a_suspension(tree, users):
    user = users.a_editor
    tip = _verified(user, tree.a, "2025-01-02")  # received 2025-01-02, due 2025-01-22
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_suspend(
            acting_user=user, tip=tip, reason="Chờ giám định", on=on("2025-02-01")
        )
    assert _errors(exc) == {"on"}
    tip.refresh_from_db()
    assert (tip.status, tip.due_on) == ("verifying", on("2025-01-22"))
    assert tip in tip_list(users.a_viewer).filter(due_on__lt=today())


def test_a_decision_settles_the_tip_and_records_whether_on_time(tree, users):
    user = users.a_editor
    tip = _verified(user, tree.a, "2025-06-01")
    tip = workflow_services.tip_decide(
        acting_user=user, tip=tip, prosecute=False, on=on("2025-06-25"), notes="Không đủ căn cứ"
    )
    assert tip.status == "decided_not_prosecute"
    assert tip.decided_on == tip.settled_on == on("2025-06-25")
    assert tip.settled_due_on == on("2025-06-21")  # settled four days late
    assert tip.due_on is None and tip.outcome_notes == "Không đủ căn cứ"


def test_steps_are_dated_in_order_and_not_in_the_future(tree, users):
    user = users.a_editor
    tip = make_tip(user, tree.a, received_on=on("2025-06-01"))
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_start_verifying(acting_user=user, tip=tip, on=on("2025-05-31"))
    assert _errors(exc) == {"on"}
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_start_verifying(
            acting_user=user, tip=tip, on=today() + timedelta(days=1)
        )
    assert _errors(exc) == {"on"}


# --- transfers --------------------------------------------------------------------------


def test_transfer_chain_commune_to_province(tree, users):
    tip = make_tip(users.a_editor, tree.a, received_on=on("2025-03-01"))
    tip = workflow_services.tip_assign(
        acting_user=users.a_editor, tip=tip, assignee=users.a_editor, on=on("2025-03-02")
    )
    tip = workflow_services.tip_transfer(
        acting_user=users.a_editor,
        tip=tip,
        to_area=tree.p,
        reason="Lừa đảo qua mạng: thuộc thẩm quyền Công an tỉnh",
        on=on("2025-03-05"),
    )
    assert (tip.area, tip.status, tip.assigned_to) == (tree.p, "received", None)
    assert tip.received_by_area == tree.a
    assert tip.due_on == add_days(on("2025-03-05"), 20)
    # it left the commune's inbox and reached the province's
    assert not tip_list(users.a_editor).filter(pk=tip.pk).exists()
    assert not tip_list(users.a_viewer).filter(pk=tip.pk).exists()
    assert tip_list(users.p_approver).filter(pk=tip.pk).exists()
    # the province verifies, extends and decides
    p = users.p_approver
    tip = workflow_services.tip_start_verifying(acting_user=p, tip=tip, on=on("2025-03-06"))
    tip = workflow_services.tip_extend(acting_user=p, tip=tip, reason=REASON, on=on("2025-03-20"))
    assert tip.due_on == add_months(on("2025-03-05"), 2)
    tip = workflow_services.tip_decide(acting_user=p, tip=tip, prosecute=False, on=on("2025-04-30"))
    chain = list(tip.events.order_by("on", "id").values_list("kind", "from_area", "to_area"))
    assert chain == [
        ("received", None, tree.a.pk),
        ("assigned", None, None),
        ("transferred", tree.a.pk, tree.p.pk),
        ("verifying", None, None),
        ("extended", None, None),
        ("decided_not_prosecute", None, None),
    ]
    areas = [h.area_id for h in tip.history.order_by("history_date", "history_id")]
    assert areas[0] == tree.a.pk and areas[-1] == tree.p.pk


def test_the_commune_loses_the_tip_it_transferred(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    workflow_services.tip_transfer(
        acting_user=users.a_editor, tip=tip, to_area=tree.p, reason="Thẩm quyền"
    )
    with pytest.raises(PermissionDenied):
        workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=tip)


def test_the_province_may_pass_a_tip_down_to_another_commune(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    tip = workflow_services.tip_transfer(
        acting_user=users.a_editor, tip=tip, to_area=tree.p, reason="Chuyển tỉnh"
    )
    tip = workflow_services.tip_transfer(
        acting_user=users.p_approver, tip=tip, to_area=tree.b, reason="Nơi xảy ra vụ việc"
    )
    assert tip_list(users.b_editor).filter(pk=tip.pk).exists()
    assert not tip_list(users.a_editor).filter(pk=tip.pk).exists()
    assert tip.events.filter(kind="transferred").count() == 2


@pytest.mark.parametrize("target", ["a", "a1", "b", "q", "country"])
def test_transfers_go_to_a_unit_in_sight_or_above(tree, users, target):
    tip = make_tip(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_transfer(
            acting_user=users.a_editor, tip=tip, to_area=getattr(tree, target), reason="X"
        )
    assert _errors(exc) == {"to_area"}
    tip.refresh_from_db()
    assert tip.area == tree.a and tip.events.count() == 1


def test_a_transfer_needs_a_reason(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        workflow_services.tip_transfer(
            acting_user=users.a_editor, tip=tip, to_area=tree.p, reason=""
        )
    assert _errors(exc) == {"reason"}


# --- assignment, messages, edits, deletion ----------------------------------------------


def test_assignment_goes_to_an_officer_of_the_unit(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    for officer in (users.b_editor, users.a_viewer, users.nobody):
        with pytest.raises(ValidationError) as exc:
            workflow_services.tip_assign(acting_user=users.a_editor, tip=tip, assignee=officer)
        assert _errors(exc) == {"assignee"}
    tip = workflow_services.tip_assign(
        acting_user=users.a_editor, tip=tip, assignee=users.p_approver
    )
    assert tip.assigned_to == users.p_approver
    assert TipEvent.objects.get(tip=tip, kind="assigned").assignee == users.p_approver


def test_staff_post_messages_and_read_the_thread(tree, users):
    from antq.tips.selectors import thread

    tip = make_tip(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        message_services.tip_send_message(acting_user=users.a_editor, tip=tip, body="  ")
    assert _errors(exc) == {"body"}
    message_services.tip_send_message(
        acting_user=users.a_editor, tip=tip, body="Anh/chị chuyển tiền vào tài khoản nào?"
    )
    [message] = thread(tip)
    assert message.from_staff and message.by == users.a_editor


def test_edits_correct_the_receipt_date_and_the_clock_follows(tree, users):
    tip = make_tip(users.a_editor, tree.a, received_on=on("2025-03-10"))
    tip = entry_services.tip_update(
        acting_user=users.a_editor, instance=tip, received_on=on("2025-03-01"), reason="Nhầm ngày"
    )
    assert tip.due_on == on("2025-03-21")
    assert tip.events.get(kind="received").on == on("2025-03-01")
    with pytest.raises(ValidationError) as exc:
        entry_services.tip_update(acting_user=users.a_editor, instance=tip, area=tree.p)
    assert _errors(exc) == {"area"}
    with pytest.raises(ValidationError) as exc:
        entry_services.tip_update(
            acting_user=users.a_editor, instance=tip, status="closed_not_crime"
        )
    assert _errors(exc) == {"status"}
    tip = workflow_services.tip_start_verifying(
        acting_user=users.a_editor, tip=tip, on=on("2025-03-05")
    )
    tip = workflow_services.tip_extend(
        acting_user=users.a_editor, tip=tip, reason=REASON, on=on("2025-03-06")
    )
    with pytest.raises(ValidationError) as exc:
        entry_services.tip_update(
            acting_user=users.a_editor, instance=tip, received_on=on("2025-03-02")
        )
    assert _errors(exc) == {"received_on"}


def test_only_a_tip_entered_by_mistake_is_deleted(tree, users):
    mistake = make_tip(users.a_editor, tree.a)
    entry_services.tip_delete(acting_user=users.a_editor, instance=mistake, reason="Nhập trùng")
    assert not Tip.objects.filter(pk=mistake.pk).exists()
    worked = workflow_services.tip_start_verifying(
        acting_user=users.a_editor, tip=make_tip(users.a_editor, tree.a)
    )
    with pytest.raises(PermissionDenied):
        entry_services.tip_delete(acting_user=users.a_editor, instance=worked)
    assert Tip.objects.filter(pk=worked.pk).exists()
