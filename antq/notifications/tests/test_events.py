"""Each event notifies the users holding a role allowing the action at its area or above, and
no one else: commune B's users get nothing of commune A."""

from django.utils import translation

from antq.honours.services import commendation_reject
from antq.honours.tests.helpers import approve, nominate
from antq.notifications.choices import Kind
from antq.notifications.models import Notification
from antq.notifications.wording import text_of
from antq.tallies.services import tally_bulk_approve, tally_return, tally_submit
from antq.tallies.tests.helpers import approved_tally, make_tally
from antq.tips.services.entry import tip_submit_public
from antq.tips.services.messages import tip_reporter_reply
from antq.tips.tests.helpers import category, make_tip


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_tip_entered_by_staff_notifies_the_commune_and_those_above_but_not_the_author(
    tree, users
):
    tip = make_tip(users.a_editor, tree.a)
    assert told(Kind.TIP_NEW) == {"p_approver", "root_admin"}
    note = Notification.objects.filter(kind=Kind.TIP_NEW).first()
    assert note.link == tip.get_absolute_url()
    assert note.params == {"tip": tip.code, "area": tree.a.name}


def test_a_portal_tip_notifies_the_editors_of_its_commune_not_its_viewers_nor_commune_b(
    tree, users
):
    tip_submit_public(area=tree.a, category=category(), summary="Trộm cắp xe máy ở thôn 1.")
    assert told(Kind.TIP_NEW) == {"a_editor", "p_approver", "root_admin"}
    tip_submit_public(area=tree.b, category=category(), summary="Đánh bạc ở tổ dân phố 1.")
    assert set(
        Notification.objects.filter(kind=Kind.TIP_NEW, params__area=tree.b.name).values_list(
            "recipient__username", flat=True
        )
    ) == {"b_editor", "p_approver", "root_admin"}


def test_a_citizens_reply_notifies_the_unit_and_the_officer_once_per_reply(tree, users):
    tip = tip_submit_public(area=tree.a, category=category(), summary="Trộm cắp xe máy.")
    tip_reporter_reply(tip=tip, body="Tôi bổ sung: biển số 74A-123.45.")
    assert told(Kind.TIP_REPLY) == {"a_editor", "p_approver", "root_admin"}
    tip_reporter_reply(tip=tip, body="Thêm một chi tiết.")
    assert Notification.objects.filter(kind=Kind.TIP_REPLY, recipient=users.a_editor).count() == 2


def test_an_approved_tally_notifies_its_commune_not_the_approver(tree, users):
    approved_tally(users.a_editor, users.p_approver, tree.a)
    assert told(Kind.TALLY_APPROVED) == {"a_editor", "root_admin"}


def test_a_returned_tally_notifies_its_commune_with_the_reason(tree, users, english):
    tally = make_tally(users.a_editor, tree.a)
    tally_submit(acting_user=users.a_editor, instance=tally)
    tally_return(acting_user=users.p_approver, instance=tally, reason="Thiếu số liệu")
    assert told(Kind.TALLY_RETURNED) == {"a_editor", "root_admin"}
    note = Notification.objects.get(kind=Kind.TALLY_RETURNED, recipient=users.a_editor)
    assert text_of(note).endswith("returned for correction: Thiếu số liệu")


def test_a_bulk_approval_notifies_each_commune_of_its_own_tally(tree, users):
    tallies = [
        make_tally(u, area) for u, area in ((users.a_editor, tree.a), (users.b_editor, tree.b))
    ]
    for tally, editor in zip(tallies, (users.a_editor, users.b_editor), strict=True):
        tally_submit(acting_user=editor, instance=tally)
    approved, _refused = tally_bulk_approve(acting_user=users.p_approver, tallies=tallies)
    assert len(approved) == 2
    links = dict(
        Notification.objects.filter(kind=Kind.TALLY_APPROVED).values_list(
            "recipient__username", "link"
        )
    )
    assert {k: v for k, v in links.items() if k != "root_admin"} == {
        "a_editor": tallies[0].get_absolute_url(),
        "b_editor": tallies[1].get_absolute_url(),
    }


def test_a_nomination_asks_the_approvers_above_the_area_and_the_decision_tells_the_unit(
    tree, users
):
    commendation = nominate(users.a_editor, tree.a)
    assert told(Kind.DECISION_REQUESTED) == {"p_approver", "root_admin"}
    approve(users.p_approver, commendation)
    assert told(Kind.DECISION_MADE) == {"a_editor", "root_admin"}
    other = nominate(users.b_editor, tree.b)
    commendation_reject(acting_user=users.p_approver, instance=other, reason="Chưa đủ")
    assert "b_editor" in told(Kind.DECISION_MADE)
    assert not Notification.objects.filter(
        recipient=users.b_editor, params__area=tree.a.name
    ).exists()


def test_the_text_is_worded_in_the_readers_language(tree, users):
    tip = make_tip(users.a_editor, tree.a)
    note = Notification.objects.filter(kind=Kind.TIP_NEW).first()
    with translation.override("en"):
        english = text_of(note)
    with translation.override("vi"):
        vietnamese = text_of(note)
    with translation.override("ar"):
        arabic = text_of(note)
    assert english == f"New tip {tip.code} received in {tree.a.name}."
    assert len({english, vietnamese, arabic}) == 3
    assert all(tip.code in text for text in (vietnamese, arabic))


def test_an_inactive_user_is_not_notified(tree, users):
    users.p_approver.is_active = False
    users.p_approver.save()
    make_tip(users.a_editor, tree.a)
    assert told(Kind.TIP_NEW) == {"root_admin"}


def test_an_assessment_meeting_the_standard_asks_for_recognition_and_its_unit_learns_of_it(
    tree, users
):
    from datetime import date

    from antq.evaluations.services.standard import assessment_recognise
    from antq.evaluations.tests.helpers import answer_all, register, start

    register(users.a_editor, tree.a)
    assessment = answer_all(
        users.a_editor,
        start(users.a_editor, tree.a),
        reasons={"subunits_recognised": "Thôn 1 được công nhận"},
    )
    assert told(Kind.RECOGNITION_REQUESTED) == {"p_approver", "root_admin"}
    assessment_recognise(
        acting_user=users.p_approver,
        instance=assessment,
        decision_number="15/QĐ-UBND",
        decision_date=date.today(),
    )
    assert told(Kind.RECOGNITION_MADE) == {"a_editor", "root_admin"}


def test_what_a_reporter_caused_is_dated_to_the_hour_only(tree, users):
    from django.utils import timezone

    from antq.notifications.models import Delivery

    users.a_editor.email = "a.editor@example.test"
    users.a_editor.save()
    tip = tip_submit_public(area=tree.a, category=category(), summary="Trộm cắp xe máy.")
    tip_reporter_reply(tip=tip, body="Tôi bổ sung thông tin.")
    notes = Notification.objects.filter(kind__in=(Kind.TIP_NEW, Kind.TIP_REPLY))
    times = [n.created_at for n in notes] + [
        d.queued_at for d in Delivery.objects.filter(notification__in=notes)
    ]
    assert len(times) == 2 * 3 + 2
    for value in times:
        local = timezone.localtime(value)
        assert (local.minute, local.second, local.microsecond) == (0, 0, 0)
