"""Emulation agreements and commendations: validation, the nomination → approval flow, the lock
on approved commendations, and what a decision number means."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.activities.tests.helpers import make_festival
from antq.core.testing.factories import OrganisationFactory
from antq.honours import services
from antq.honours.models import Commendation, CommendationStatusChange, EmulationAgreement
from antq.honours.tests.helpers import (
    AUTHORITY,
    approve,
    commune_approver,
    individual,
    make_agreement,
    nominate,
)
from antq.movement.models import Team

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.pg, pytest.mark.rollup]


def _errors(exc):
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


# --- emulation agreements ---------------------------------------------------------------


def test_an_agreement_between_organisations_and_villages(tree, users):
    front = OrganisationFactory(area=tree.a, name="Ủy ban MTTQ xã")
    signing = make_festival(
        users.a_editor,
        tree.a,
        held_on=date(2025, 1, 20),
        kind="agreement_signing",
        ceremony_held=False,
        festival_held=False,
    )
    agreement = make_agreement(
        users.a_editor,
        tree.a,
        organisations=[front],
        party_areas=[tree.a1, tree.a],
        activity=signing,
    )
    assert list(agreement.organisations.all()) == [front]
    assert set(agreement.party_areas.all()) == {tree.a, tree.a1}
    assert "Thôn 1" in agreement.history.get().history_change_reason
    assert list(signing.agreements_signed.all()) == [agreement]


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"period_to": date(2024, 12, 31)}, "period_to", "The period ends before it begins."),
        (
            {"signed_on": date(2026, 2, 1), "period_to": date(2025, 12, 31)},
            "signed_on",
            "after its period ends",
        ),
        ({"signed_on": date.today() + timedelta(days=1)}, "signed_on", "in the future"),
        ({"party_areas": []}, "organisations", "at least two parties"),
        ({"targets": ""}, "targets", "cannot be blank"),
    ],
)
def test_bad_agreements_are_refused_and_nothing_written(tree, users, fields, field, message):
    front = OrganisationFactory(area=tree.a)
    values = {"organisations": [front], "party_areas": [tree.a1]} | fields
    with pytest.raises(ValidationError) as exc:
        make_agreement(users.a_editor, tree.a, **values)
    assert any(message in m for m in _errors(exc)[field]), _errors(exc)
    assert not EmulationAgreement.objects.exists()


def test_agreement_parties_must_be_in_the_jurisdiction(tree, users):
    front = OrganisationFactory(area=tree.a)
    with pytest.raises(ValidationError) as exc:
        make_agreement(users.a_editor, tree.a, organisations=[front], party_areas=[tree.b1])
    assert str(tree.b1.pk) in _errors(exc)["party_areas"][0]
    other_org = OrganisationFactory(area=tree.b)
    with pytest.raises(ValidationError) as exc:
        make_agreement(users.a_editor, tree.a, organisations=[front, other_org])
    assert "organisations" in exc.value.message_dict
    elsewhere = make_festival(users.b_editor, tree.b, held_on=date(2025, 1, 20))
    with pytest.raises(ValidationError) as exc:
        make_agreement(
            users.a_editor, tree.a, organisations=[front], party_areas=[tree.a1], activity=elsewhere
        )
    assert "activity" in exc.value.message_dict
    assert not EmulationAgreement.objects.exists()


def test_an_agreement_is_signed_on_the_day_of_its_activity(tree, users):
    day = make_festival(users.a_editor, tree.a, held_on=date(2025, 1, 22))
    with pytest.raises(ValidationError) as exc:
        make_agreement(users.a_editor, tree.a, party_areas=[tree.a, tree.a1], activity=day)
    assert "22/01/2025" in _errors(exc)["activity"][0]


def test_updating_an_agreements_parties(tree, users):
    front = OrganisationFactory(area=tree.a)
    agreement = make_agreement(users.a_editor, tree.a, organisations=[front], party_areas=[tree.a1])
    services.agreement_update(acting_user=users.a_editor, instance=agreement, party_areas=[tree.a])
    assert list(agreement.party_areas.all()) == [tree.a]
    with pytest.raises(ValidationError):
        services.agreement_update(acting_user=users.a_editor, instance=agreement, organisations=[])
    assert list(agreement.organisations.all()) == [front]


# --- nominations ------------------------------------------------------------------------


def test_nominating_collectives_and_individuals(tree, users):
    team = Team.objects.create(
        area=tree.a1, name="Tổ tự quản thôn 1", kind="security_self_governing"
    )
    org = OrganisationFactory(area=tree.a, name="Trường THCS Hòa Bình")
    village = nominate(users.a_editor, tree.a1)
    by_team = nominate(users.a_editor, tree.a, recipient_kind="team", recipient_team=team)
    by_org = nominate(
        users.a_editor, tree.a, recipient_kind="organisation", recipient_organisation=org
    )
    person = individual(users.a_editor, tree.a1)
    assert [c.recipient_label for c in (village, by_team, by_org, person)] == [
        "Thôn 1",
        "Tổ tự quản thôn 1",
        "Trường THCS Hòa Bình",
        "Nguyễn Văn An",
    ]
    assert (village.period_from, village.period_to) == (date(2025, 1, 1), date(2025, 12, 31))
    assert village.status == "nominated" and village.nominated_by == users.a_editor
    step = CommendationStatusChange.objects.get(commendation=village)
    assert (step.from_status, step.to_status, step.changed_by) == ("", "nominated", users.a_editor)
    team.name = "Tổ tự quản an ninh thôn 1"
    team.save()
    by_team.refresh_from_db()
    assert by_team.recipient_label == "Tổ tự quản thôn 1"  # the name it was commended under


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"period_year": None, "period_from": date(2025, 6, 1), "period_to": date(2025, 1, 1)},
            "period_to",
            "ends before it begins",
        ),
        (
            {"period_year": 2025, "period_from": date(2024, 1, 1)},
            "period_year",
            "either a year or a period",
        ),
        ({"period_year": "năm"}, "period_year", "Enter a year"),
        ({"recipient_kind": "individual"}, "recipient_name", "Give the full name"),
        ({"recipient_kind": "team"}, "recipient_team", "Choose the collective"),
        ({"recipient_name": "Nguyễn Văn An"}, "recipient_name", "Only for an individual."),
        ({"award_form": "other"}, "form_other", "Name the form"),
        ({"award_form": "medal_of_gold"}, "award_form", "is not a valid choice"),
        ({"authority_level": "district"}, "authority_level", "ended on 30 June 2025"),
        ({"authority_name": ""}, "authority_name", "cannot be blank"),
        ({"decision_number": "12/QĐ"}, "decision_number", "This field cannot be changed."),
    ],
)
def test_bad_nominations_are_refused_and_nothing_written(tree, users, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        nominate(users.a_editor, tree.a, **fields)
    assert any(message in m for m in _errors(exc)[field]), _errors(exc)
    assert not Commendation.objects.exists()


def test_recipients_must_be_visible_and_belong_to_the_area(tree, users):
    other_team = Team.objects.create(area=tree.b, name="Tổ B", kind="digital_technology")
    with pytest.raises(ValidationError) as exc:
        nominate(users.a_editor, tree.a, recipient_kind="team", recipient_team=other_team)
    assert _errors(exc)["recipient_team"] == ["Choose a record in your jurisdiction."]
    village_org = OrganisationFactory(area=tree.a)
    with pytest.raises(ValidationError) as exc:
        nominate(
            users.p_approver,
            tree.b,
            recipient_kind="organisation",
            recipient_organisation=village_org,
        )
    assert "does not belong to Phường Đông Hà" in _errors(exc)["recipient_organisation"][0]
    with pytest.raises(ValidationError) as exc:
        nominate(users.a_editor, tree.b)
    assert "area" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        nominate(users.a_viewer, tree.a)
    assert not Commendation.objects.exists()


# --- approval ---------------------------------------------------------------------------


def test_an_editor_and_the_communes_own_approver_cannot_approve(tree, users):
    commendation = nominate(users.a_editor, tree.a)
    for user in (users.a_editor, commune_approver(tree.a), users.a_viewer):
        with pytest.raises(PermissionDenied):
            approve(user, commendation)
        with pytest.raises(PermissionDenied):
            services.commendation_reject(acting_user=user, instance=commendation, reason="Chưa đủ")
    commendation.refresh_from_db()
    assert commendation.status == "nominated" and commendation.decision_number == ""


def test_the_provinces_approver_approves_with_the_decision(tree, users):
    commendation = nominate(users.a_editor, tree.a)
    approve(users.p_approver, commendation, number=" 45/QĐ-UBND ", day=date(2025, 8, 15))
    commendation.refresh_from_db()
    assert (commendation.status, commendation.decision_number) == ("approved", "45/QĐ-UBND")
    assert commendation.decided_by == users.p_approver
    steps = list(commendation.status_changes.order_by("id").values_list("from_status", "to_status"))
    assert steps == [("", "nominated"), ("nominated", "approved")]
    assert "45/QĐ-UBND" in commendation.status_changes.first().reason
    assert (
        "Approved: Decision 45/QĐ-UBND of 15/08/2025"
        in commendation.history.first().history_change_reason
    )
    with pytest.raises(ValidationError) as exc:
        approve(users.p_approver, commendation)
    assert "only a nomination can be approved" in _errors(exc)["status"][0]


@pytest.mark.parametrize(
    "number, day, field, message",
    [
        ("", date(2025, 8, 15), "decision_number", "Give the number"),
        ("45/QĐ", None, "decision_date", "Give the date"),
        ("45/QĐ", date.today() + timedelta(days=2), "decision_date", "in the future"),
        ("45/QĐ", date(2024, 12, 31), "decision_date", "before the period it commends began"),
    ],
)
def test_bad_decisions_are_refused(tree, users, number, day, field, message):
    commendation = nominate(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        approve(users.p_approver, commendation, number=number, day=day)
    assert any(message in m for m in _errors(exc)[field]), _errors(exc)
    commendation.refresh_from_db()
    assert commendation.status == "nominated" and commendation.status_changes.count() == 1


def test_a_decision_presented_at_a_festival_day_precedes_it(tree, users):
    day = make_festival(users.a_editor, tree.a, held_on=date(2025, 8, 19))
    commendation = nominate(users.a_editor, tree.a, activity=day)
    with pytest.raises(ValidationError) as exc:
        approve(users.p_approver, commendation, day=date(2025, 8, 20))
    assert "19/08/2025" in _errors(exc)["activity"][0]
    approve(users.p_approver, commendation, day=date(2025, 8, 19))


def test_reject_with_a_reason_then_nominate_again(tree, users):
    commendation = nominate(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        services.commendation_reject(
            acting_user=users.p_approver, instance=commendation, reason=" "
        )
    assert "reason" in exc.value.message_dict
    services.commendation_reject(
        acting_user=users.p_approver, instance=commendation, reason="Chưa đủ tiêu chuẩn"
    )
    assert commendation.rejection_reason == "Chưa đủ tiêu chuẩn"
    with pytest.raises(ValidationError):
        approve(users.p_approver, commendation)
    services.commendation_update(
        acting_user=users.a_editor, instance=commendation, achievement="Thành tích bổ sung"
    )
    services.commendation_renominate(
        acting_user=users.a_editor, instance=commendation, reason="Bổ sung"
    )
    approve(users.p_approver, commendation)
    steps = list(commendation.status_changes.order_by("id").values_list("to_status", flat=True))
    assert steps == ["nominated", "rejected", "nominated", "approved"]


# --- the lock ---------------------------------------------------------------------------


def test_an_approved_commendation_is_locked_except_for_administrators(tree, users):
    commendation = approve(users.p_approver, nominate(users.a_editor, tree.a))
    for user in (users.a_editor, users.p_approver):
        with pytest.raises(ValidationError) as exc:
            services.commendation_update(acting_user=user, instance=commendation, achievement="Sửa")
        assert "locked" in _errors(exc)["status"][0]
        with pytest.raises(ValidationError):
            services.commendation_delete(acting_user=user, instance=commendation, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.commendation_update(
            acting_user=users.admin, instance=commendation, achievement="Sửa"
        )
    assert "reason" in exc.value.message_dict
    services.commendation_update(
        acting_user=users.admin,
        instance=commendation,
        achievement="Thành tích xuất sắc năm 2025",
        decision_number="46/QĐ-UBND",
        reason="Sai số quyết định",
    )
    commendation.refresh_from_db()
    assert commendation.decision_number == "46/QĐ-UBND"
    assert commendation.history.first().history_change_reason == "Sai số quyết định"
    with pytest.raises(ValidationError):
        services.commendation_delete(acting_user=users.admin, instance=commendation)
    services.commendation_delete(acting_user=users.admin, instance=commendation, reason="Trùng")
    assert not Commendation.objects.exists()


def test_a_nomination_is_changed_and_deleted_by_its_editors(tree, users):
    commendation = nominate(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        services.commendation_update(
            acting_user=users.a_editor, instance=commendation, decision_number="1"
        )
    assert "decision_number" in exc.value.message_dict
    services.commendation_update(
        acting_user=users.a_editor, instance=commendation, period_year=2024
    )
    assert commendation.period_from == date(2024, 1, 1)
    with pytest.raises(PermissionDenied):
        services.commendation_delete(acting_user=users.a_viewer, instance=commendation)
    services.commendation_delete(acting_user=users.a_editor, instance=commendation)
    assert not Commendation.objects.exists()


# --- decision numbers -------------------------------------------------------------------


def test_one_decision_commends_several_recipients(tree, users):
    first = approve(users.p_approver, nominate(users.a_editor, tree.a))
    second = approve(users.p_approver, individual(users.a_editor, tree.a1))
    third = approve(users.p_approver, nominate(users.b_editor, tree.b), number="45/qđ-ubnd")
    assert {first.decision_key} == {second.decision_key, third.decision_key}


def test_a_decision_number_reused_with_another_date_is_refused(tree, users):
    approve(users.p_approver, nominate(users.b_editor, tree.b), day=date(2025, 8, 15))
    commendation = nominate(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        approve(users.p_approver, commendation, number="45 / QĐ-UBND", day=date(2025, 9, 2))
    message = _errors(exc)["decision_number"][0]
    assert "already recorded with the date 15/08/2025" in message
    assert "Phường Đông Hà" not in message
    commendation.refresh_from_db()
    assert commendation.status == "nominated"
    # the same number of another authority, or of another level, is another decision
    other = nominate(
        users.a_editor,
        tree.a,
        authority_level="commune",
        authority_name="Chủ tịch UBND xã Hòa Bình",
    )
    approve(users.p_approver, other, day=date(2025, 9, 2))
    ministry = nominate(
        users.a_editor, tree.a, authority_level="ministry", authority_name=AUTHORITY
    )
    approve(users.p_approver, ministry, day=date(2025, 9, 2))


def test_a_decision_commends_each_recipient_once(tree, users):
    approve(users.p_approver, individual(users.a_editor, tree.a, name="Nguyễn Văn An"))
    twin = individual(users.a_editor, tree.a, name="nguyen van an")
    with pytest.raises(ValidationError) as exc:
        approve(users.p_approver, twin)
    assert _errors(exc)["decision_number"] == ["This decision already commends this recipient."]
    namesake = individual(users.a_editor, tree.a, name="Nguyễn Văn An", position="Công an viên")
    approve(users.p_approver, namesake)


def test_an_administrator_cannot_move_a_commendation_onto_a_reused_number(tree, users):
    approve(
        users.p_approver,
        nominate(users.b_editor, tree.b),
        number="50/QĐ-UBND",
        day=date(2025, 7, 1),
    )
    mine = approve(users.p_approver, nominate(users.a_editor, tree.a))
    with pytest.raises(ValidationError) as exc:
        services.commendation_update(
            acting_user=users.admin, instance=mine, decision_number="50/QĐ-UBND", reason="Sửa"
        )
    assert "decision_number" in exc.value.message_dict
    mine.refresh_from_db()
    assert mine.decision_number == "45/QĐ-UBND"
