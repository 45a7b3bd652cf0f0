from datetime import date, timedelta
from itertools import product

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.core.testing.factories import OrganisationFactory
from antq.movement.choices import STATUS_TRANSITIONS, ModelStatus
from antq.movement.models import ModelCategory, ModelStatusChange, MovementModel, Team, TeamMember
from antq.movement.selectors import model_counts, replications, team_counts
from antq.movement.services import (
    movementmodel_delete,
    movementmodel_set_status,
    movementmodel_update,
    team_member_create,
    team_member_update,
)
from antq.movement.tests.helpers import category, make_model, make_team

pytestmark = pytest.mark.rollup

TERMINATED_FIELDS = {"ended_on": date(2024, 6, 1), "status_reason": "Hết kinh phí"}


def _in_status(user, area, status):
    extra = TERMINATED_FIELDS if status == ModelStatus.TERMINATED else {}
    return make_model(user, area, status=status, **extra)


# --- status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "current, new", list(product(ModelStatus.values, ModelStatus.values)), ids=str
)
def test_every_transition_is_allowed_or_refused(tree, users, current, new):
    model = _in_status(users.a_editor, tree.a, current)
    allowed = new in STATUS_TRANSITIONS[ModelStatus(current)]
    if allowed:
        movementmodel_set_status(
            acting_user=users.a_editor, instance=model, status=new, reason="Đánh giá năm"
        )
    else:
        with pytest.raises(ValidationError) as exc:
            movementmodel_set_status(
                acting_user=users.a_editor, instance=model, status=new, reason="Đánh giá năm"
            )
        assert list(exc.value.message_dict) == ["status"]
    model.refresh_from_db()
    assert model.status == (new if allowed else current)
    assert model.status_changes.count() == (2 if allowed else 1)


def test_the_transitions_are_the_movements(tree, users):
    assert set(STATUS_TRANSITIONS[ModelStatus.ACTIVE]) == {
        "effective",
        "ineffective",
        "terminated",
    }
    assert set(STATUS_TRANSITIONS[ModelStatus.EFFECTIVE]) == {"ineffective", "terminated"}
    assert set(STATUS_TRANSITIONS[ModelStatus.INEFFECTIVE]) == {"effective", "terminated"}
    assert STATUS_TRANSITIONS[ModelStatus.TERMINATED] == ()


def test_status_history_rows_and_termination(tree, users):
    model = make_model(users.a_editor, tree.a, started_on=date(2023, 3, 1))
    [first] = model.status_changes.all()
    assert (first.from_status, first.to_status, first.changed_on) == (
        "",
        "active",
        date(2023, 3, 1),
    )
    assert first.changed_by == users.a_editor
    movementmodel_set_status(
        acting_user=users.a_editor, instance=model, status="ineffective", on=date(2024, 1, 10)
    )
    with pytest.raises(ValidationError) as exc:
        movementmodel_set_status(acting_user=users.a_editor, instance=model, status="terminated")
    assert list(exc.value.message_dict) == ["reason"]
    movementmodel_set_status(
        acting_user=users.a_editor,
        instance=model,
        status="terminated",
        on=date(2024, 5, 2),
        reason="Không còn phù hợp",
    )
    model.refresh_from_db()
    assert model.status == "terminated" and model.ended_on == date(2024, 5, 2)
    assert model.status_reason == "Không còn phù hợp"
    rows = list(model.status_changes.order_by("changed_on", "id"))
    assert [(r.from_status, r.to_status) for r in rows] == [
        ("", "active"),
        ("active", "ineffective"),
        ("ineffective", "terminated"),
    ]
    assert rows[-1].reason == "Không còn phù hợp" and rows[-1].changed_by == users.a_editor
    assert model.history.first().history_change_reason == "Không còn phù hợp"


@pytest.mark.parametrize(
    "on",
    [
        date.today() + timedelta(days=1),  # in the future
        date(2023, 2, 28),  # before the model started
        date(2023, 12, 31),  # before the previous change
    ],
)
def test_status_change_dates_are_checked(tree, users, on):
    model = make_model(users.a_editor, tree.a, started_on=date(2023, 3, 1))
    movementmodel_set_status(
        acting_user=users.a_editor, instance=model, status="effective", on=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        movementmodel_set_status(
            acting_user=users.a_editor, instance=model, status="ineffective", on=on
        )
    assert list(exc.value.message_dict) == ["on"]
    assert MovementModel.objects.get(pk=model.pk).status == "effective"


def test_status_cannot_be_changed_through_update(tree, users):
    model = make_model(users.a_editor, tree.a)
    for field in ("status", "status_reason"):
        with pytest.raises(ValidationError) as exc:
            movementmodel_update(acting_user=users.a_editor, instance=model, **{field: "effective"})
        assert list(exc.value.message_dict) == [field]
    model.refresh_from_db()
    assert model.status == "active" and model.status_changes.count() == 1


def test_a_viewer_may_not_change_status(tree, users):
    model = make_model(users.a_editor, tree.a)
    with pytest.raises(PermissionDenied):
        movementmodel_set_status(acting_user=users.a_viewer, instance=model, status="effective")
    assert model.status_changes.count() == 1


def test_a_model_recorded_as_terminated_starts_its_history_at_its_end(tree, users):
    model = _in_status(users.a_editor, tree.a, "terminated")
    [row] = model.status_changes.all()
    assert (row.to_status, row.changed_on, row.reason) == (
        "terminated",
        date(2024, 6, 1),
        "Hết kinh phí",
    )


def test_deleting_a_model_takes_its_status_history(tree, users):
    model = make_model(users.a_editor, tree.a)
    movementmodel_delete(acting_user=users.a_editor, instance=model, reason="nhập trùng")
    assert not ModelStatusChange.objects.exists()


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"recognition_level": "province"}, "recognised_on"),
        ({"recognised_on": date(2024, 1, 1)}, "recognised_on"),
        ({"recognition_level": "ministry", "recognised_on": date(2020, 1, 1)}, "recognised_on"),
        ({"ended_on": date(2023, 2, 1)}, "ended_on"),
        ({"status": "terminated", "status_reason": "x"}, "ended_on"),
        ({"status": "terminated", "ended_on": date(2024, 1, 1)}, "status_reason"),
        ({"status": "paused"}, "status"),
        ({"recognition_level": "planet"}, "recognition_level"),
        ({"name": ""}, "name"),
        ({"started_on": None}, "started_on"),
    ],
)
def test_bad_models_are_refused_by_field(tree, users, fields, field):
    with pytest.raises(ValidationError) as exc:
        make_model(users.a_editor, tree.a, **fields)
    assert field in exc.value.message_dict
    assert not MovementModel.objects.exists() and not ModelStatusChange.objects.exists()


def test_recognition_with_a_date_is_accepted(tree, users):
    model = make_model(
        users.a_editor, tree.a, recognition_level="ministry", recognised_on=date(2024, 8, 19)
    )
    assert model.recognised_on == date(2024, 8, 19)
    assert model.status_changes.get().to_status == "active"


def test_the_country_hosts_no_model_or_team(tree, users):
    for make in (make_model, make_team):
        with pytest.raises(ValidationError) as exc:
            make(users.admin, tree.country)
        assert list(exc.value.message_dict) == ["area"]
    assert make_model(users.a_editor, tree.a1).area == tree.a1


def test_a_model_cannot_replicate_itself(tree, users):
    model = make_model(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        movementmodel_update(acting_user=users.a_editor, instance=model, replicated_from=model)
    assert list(exc.value.message_dict) == ["replicated_from"]


def test_related_records_must_be_in_the_jurisdiction(tree, users):
    org_b = OrganisationFactory(area=tree.b)
    model_b = make_model(users.b_editor, tree.b)
    cases = [
        ({"host_organisation": org_b}, "host_organisation"),
        ({"replicated_from": model_b}, "replicated_from"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as exc:
            make_model(users.a_editor, tree.a, **fields)
        assert list(exc.value.message_dict) == [field]
    with pytest.raises(ValidationError) as exc:
        make_team(users.a_editor, tree.a, movement_model=model_b)
    assert list(exc.value.message_dict) == ["movement_model"]
    assert make_model(users.p_approver, tree.a, replicated_from=model_b).replicated_from == model_b


def test_categories_out_of_use_are_not_offered_for_new_models(tree, users):
    old = ModelCategory.objects.create(code="old_kind", name="Cũ", is_active=False)
    with pytest.raises(ValidationError) as exc:
        make_model(users.a_editor, tree.a, category=old)
    assert list(exc.value.message_dict) == ["category"]


@pytest.mark.django_db
def test_category_label_follows_the_language():
    from django.utils import translation

    lights = category("rural_road_lighting")
    for lang, text in (("vi", "Thắp sáng đường quê"), ("en", "Rural road lighting")):
        with translation.override(lang):
            assert lights.label == text
    with translation.override("ar"):
        assert lights.label == lights.name_ar != ""
    bare = ModelCategory(code="x", name="Chỉ tiếng Việt")
    with translation.override("en"):
        assert bare.label == "Chỉ tiếng Việt"


@pytest.mark.django_db
def test_the_default_catalogue_is_in_every_database():
    codes = set(ModelCategory.objects.values_list("code", flat=True))
    assert len(codes) >= 15
    assert {
        "security_self_management",
        "inter_family_self_management",
        "security_cameras",
        "security_lights_gates",
        "self_managed_road",
        "rural_road_lighting",
        "school_gate_traffic_safety",
        "community_digital_team",
        "youth_legal_outreach",
        "trusted_address",
        "boarding_house_worker_groups",
        "crime_drug_free_commune",
        "peaceful_parish_clan",
        "fire_safety",
        "three_reductions_four_safeguards",
    } <= codes
    assert not ModelCategory.objects.filter(name_en="").exists()
    assert not ModelCategory.objects.filter(name_ar="").exists()


# --- teams and members ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"established_on": date(2024, 5, 1), "dissolved_on": date(2024, 4, 1)}, "dissolved_on"),
        ({"dissolved_on": date.today() + timedelta(days=2)}, "dissolved_on"),
        ({"kind": "choir"}, "kind"),
    ],
)
def test_bad_teams_are_refused_by_field(tree, users, fields, field):
    with pytest.raises(ValidationError) as exc:
        make_team(users.a_editor, tree.a, **fields)
    assert list(exc.value.message_dict) == [field]
    assert not Team.objects.exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"phone": "0912-345-678"}, "phone"),
        ({"phone": "abc"}, "phone"),
        ({"phone": "0" * 21}, "phone"),
        ({"phone": "84+912"}, "phone"),
        ({"joined_on": date(2024, 5, 1), "left_on": date(2024, 4, 1)}, "left_on"),
        ({"role_in_team": "captain"}, "role_in_team"),
        ({"full_name": "  "}, "full_name"),
    ],
)
def test_bad_members_are_refused_by_field(tree, users, fields, field):
    team = make_team(users.a_editor, tree.a)
    with pytest.raises(ValidationError) as exc:
        team_member_create(
            acting_user=users.a_editor, team=team, **({"full_name": "Lê Văn C"} | fields)
        )
    assert list(exc.value.message_dict) == [field]
    assert not TeamMember.objects.exists()


def test_member_phone_is_not_kept_in_history(tree, users):
    team = make_team(users.a_editor, tree.a)
    member = team_member_create(
        acting_user=users.a_editor, team=team, full_name="Lê Văn C", phone="+84 912 345 678"
    )
    team_member_update(acting_user=users.a_editor, instance=member, phone="0912 000 000")
    assert member.history.count() == 2
    assert not hasattr(member.history.first(), "phone")


def test_a_member_cannot_be_moved_by_area(tree, users):
    team = make_team(users.a_editor, tree.a)
    member = team_member_create(acting_user=users.a_editor, team=team, full_name="Lê Văn C")
    with pytest.raises(ValidationError):
        team_member_update(acting_user=users.a_editor, instance=member, area=tree.b)


# --- replications and counts ------------------------------------------------------------


def test_replications_are_listed_within_the_jurisdiction(tree, users):
    source = make_model(users.a_editor, tree.a, name="Gốc")
    near = make_model(users.a_editor, tree.a1, name="Nhân rộng A", replicated_from=source)
    far = make_model(users.p_approver, tree.b, name="Nhân rộng B", replicated_from=source)
    make_model(users.a_editor, tree.a, name="Khác")
    assert list(replications(users.a_viewer, source)) == [near]
    assert set(replications(users.p_approver, source)) == {near, far}
    assert replications(users.b_editor, source).get() == far


def test_model_counts(tree, users, django_assert_num_queries):
    a, e = users.a_editor, users.p_approver
    make_model(a, tree.a)
    make_model(a, tree.a1, recognition_level="commune", recognised_on=date(2024, 1, 5))
    effective = make_model(a, tree.a1, recognition_level="province", recognised_on=date(2024, 2, 1))
    movementmodel_set_status(acting_user=a, instance=effective, status="effective")
    _in_status(a, tree.a, "terminated")
    make_model(e, tree.b, recognition_level="ministry", recognised_on=date(2024, 8, 19))
    make_model(e, tree.b, status="ineffective")

    model_counts(users.a_viewer)  # the user's jurisdiction is read once, then cached
    with django_assert_num_queries(1):
        mine = model_counts(users.a_viewer)
    assert mine["total"] == 4
    assert mine["by_status"] == {"active": 2, "effective": 1, "ineffective": 0, "terminated": 1}
    assert mine["by_recognition"] == {"none": 2, "commune": 1, "province": 1, "ministry": 0}

    province = model_counts(users.p_approver)
    assert province["total"] == 6
    assert province["by_status"] == {
        "active": 3,
        "effective": 1,
        "ineffective": 1,
        "terminated": 1,
    }
    assert province["by_recognition"]["ministry"] == 1
    village = model_counts(users.p_approver, tree.a1)
    assert village["total"] == 2 and village["by_recognition"]["province"] == 1


def test_team_counts(tree, users, django_assert_num_queries):
    a = users.a_editor
    security = make_team(a, tree.a1, kind="security_self_governing")
    digital = make_team(a, tree.a, kind="digital_technology")
    gone = make_team(a, tree.a, kind="digital_technology", dissolved_on=date(2024, 1, 1))
    other = make_team(users.b_editor, tree.b, kind="security_self_governing")
    for team, n in ((security, 5), (digital, 3), (gone, 4), (other, 7)):
        for i in range(n):
            team_member_create(acting_user=users.p_approver, team=team, full_name=f"Người {i}")
    team_member_create(acting_user=a, team=security, full_name="Đã rời", left_on=date(2024, 3, 1))
    team_member_create(acting_user=a, team=digital, full_name="Tổ trưởng", role_in_team="leader")
    make_team(a, tree.a1, kind="youth_volunteer")  # no members yet

    team_counts(users.a_viewer)  # the user's jurisdiction is read once, then cached
    with django_assert_num_queries(1):
        mine = team_counts(users.a_viewer)
    assert (mine["teams"], mine["members"]) == (3, 9)
    assert mine["by_kind"]["security_self_governing"] == {"teams": 1, "members": 5}
    assert mine["by_kind"]["digital_technology"] == {"teams": 1, "members": 4}
    assert mine["by_kind"]["youth_volunteer"] == {"teams": 1, "members": 0}
    assert mine["by_kind"]["fire_safety_inter_family"] == {"teams": 0, "members": 0}

    province = team_counts(users.p_approver)
    assert (province["teams"], province["members"]) == (4, 16)
    assert province["by_kind"]["security_self_governing"] == {"teams": 2, "members": 12}
    village = team_counts(users.p_approver, tree.a1)
    assert (village["teams"], village["members"]) == (2, 5)
