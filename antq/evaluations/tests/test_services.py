"""Registrations, assessments (answers, result, errors that write nothing), recognition rights and
decision numbers, a province's own criteria."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from antq.core.testing.factories import make_area, make_user
from antq.evaluations import selectors, windows
from antq.evaluations.models import Answer, Assessment, Criterion, RecognitionDecision
from antq.evaluations.services import common as common_services
from antq.evaluations.services import standard as standard_services
from antq.evaluations.subjects import subject_for
from antq.evaluations.tests.helpers import answer_all, approver_at, org, register, start

pytestmark = pytest.mark.rollup


@pytest.fixture(autouse=True)
def _english(english):
    pass


# --- registrations ---------------------------------------------------------------------------


def test_a_registration_after_the_first_quarter_is_accepted_and_flagged(tree, users):
    on_time = register(users.a_editor, tree.a1, on=date(2025, 3, 31))
    late = register(users.a_editor, tree.a, on=date(2025, 4, 1))
    assert (on_time.is_late, late.is_late) == (False, True)
    assert (on_time.subject_kind, late.subject_kind) == ("residential", "commune")
    school = register(users.a_editor, organisation=org(tree.a, "school"))
    assert (school.subject_kind, school.area) == ("school", tree.a)
    standard_services.registration_update(
        acting_user=users.a_editor, instance=late, registered_on=date(2025, 3, 1)
    )
    late.refresh_from_db()
    assert late.is_late is False


def test_registration_errors_name_their_field(tree, users):
    register(users.a_editor, tree.a1)
    cases = [
        ({"area": tree.a1}, "year"),  # registered already
        ({"area": tree.p}, "area"),  # a province is not a subject
        ({"area": tree.a, "registered_on": date(2024, 10, 1)}, "registered_on"),  # before window
        ({"area": tree.a, "plan_adopted_on": date(2025, 11, 20)}, "plan_adopted_on"),
        ({"area": tree.a, "year": 2016}, "year"),
        ({"organisation": org(tree.a, "youth_union")}, "organisation"),
        ({"organisation": org(tree.b, "school")}, "organisation"),  # not visible to A
    ]
    for changes, field in cases:
        values = {
            "area": None,
            "organisation": None,
            "year": 2025,
            "registered_on": date(2025, 2, 1),
            "plan_adopted_on": None,
        } | changes
        if values["organisation"] is not None and values["area"] is None:
            values["area"] = tree.a
        with pytest.raises(ValidationError) as exc:
            standard_services.registration_create(acting_user=users.a_editor, **values)
        assert field in exc.value.message_dict, (changes, exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        standard_services.registration_create(
            acting_user=users.a_editor,
            area=tree.a,
            year=2025,
            registered_on=date.today() + timedelta(days=1),
        )
    assert exc.value.message_dict["registered_on"] == ["This date is in the future."]
    with pytest.raises(PermissionDenied):
        register(users.a_viewer, tree.a)


# --- assessments -----------------------------------------------------------------------------


def test_starting_an_assessment_prefills_its_answers(tree, users):
    register(users.a_editor, tree.a1)
    a = start(users.a_editor, tree.a1)
    assert (a.status, a.subject_kind, a.criteria_set.code) == (
        "draft",
        "residential",
        "tt124-2021-residential",
    )
    assert (a.window_start, a.window_end) == (date(2024, 11, 1), date(2025, 10, 31))
    answers = {x.criterion.code: x for x in a.answers.select_related("criterion")}
    assert len(answers) == 10
    assert answers["registered"].suggested is True and answers["registered"].data_sufficient
    assert answers["no_new_hotspot"].suggested is True
    assert answers["households_registered"].suggested is None
    assert all(x.met is None for x in answers.values())
    with pytest.raises(ValidationError) as exc:
        start(users.a_editor, tree.a1)
    assert "year" in exc.value.message_dict


def test_a_year_whose_window_has_not_opened_cannot_be_assessed(tree, users, monkeypatch):
    class Today(date):
        @classmethod
        def today(cls):
            return cls(2025, 11, 10)

    monkeypatch.setattr(standard_services, "date", Today)
    monkeypatch.setattr(common_services, "date", Today)
    monkeypatch.setattr(windows, "date", Today)
    with pytest.raises(ValidationError) as exc:
        start(users.a_editor, tree.a, year=2026)  # the communes' 2026 window opens on 16/11
    assert exc.value.message_dict["year"] == ["The evaluation window of 2026 opens on 16/11/2025."]
    assert start(users.a_editor, tree.a1, year=2026).window_start == date(2025, 11, 1)


def test_completing_derives_the_result(tree, users):
    register(users.a_editor, tree.a1)
    a = answer_all(users.a_editor, start(users.a_editor, tree.a1))
    assert (a.status, a.meets_standard, a.assessed_by) == ("assessed", True, users.a_editor)
    register(users.a_editor, tree.a)
    a = answer_all(
        users.a_editor, start(users.a_editor, tree.a), overrides={"police_rating": False}
    )
    assert (a.status, a.meets_standard) == ("assessed", False)


def test_the_sets_rule_counts_optional_criteria(tree, users):
    register(users.a_editor, tree.a1)
    a = start(users.a_editor, tree.a1)
    cset = a.criteria_set
    Criterion.objects.filter(criteria_set=cset, code="households_registered").update(required=False)
    answers = list(selectors.current_answers(a))
    for x in answers:
        x.met = x.criterion.code != "households_registered"
    assert standard_services.derive_result(cset, answers) is True
    cset.min_optional_met = 1
    assert standard_services.derive_result(cset, answers) is False


def test_errors_of_the_answers_are_all_named_and_nothing_is_written(tree, users):
    a = start(users.a_editor, tree.a1)  # not registered: the records say "not met"
    before = list(Answer.objects.values_list("met", "evidence", "override_reason"))
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_answer(
            acting_user=users.a_editor,
            instance=a,
            answers={
                "registered": {"met": True, "evidence": "Có đăng ký giấy"},
                "crime_held": {"met": False},
            },
            assessed_on=date(2025, 11, 1),  # the residential window closed on 31 October
            complete=True,
        )
    errors = exc.value.message_dict
    assert errors["answers.registered.override_reason"][0].startswith(
        "The records say otherwise (No registration for 2025 is recorded)"
    )
    assert errors["assessed_on"] == [
        "Give a date within the evaluation window, \u206601/11/2024 – 31/10/2025\u2069."
    ]
    assert errors["answers.no_serious_crime.met"] == ["Answer this criterion: met or not met."]
    assert "answers.crime_held.met" not in errors
    assert list(Answer.objects.values_list("met", "evidence", "override_reason")) == before
    a.refresh_from_db()
    assert (a.status, a.assessed_on) == ("draft", None)


def test_a_draft_keeps_partial_answers_and_an_override_keeps_its_reason(tree, users):
    a = start(users.a_editor, tree.a1)
    standard_services.assessment_answer(
        acting_user=users.a_editor,
        instance=a,
        answers={"registered": {"met": True, "override_reason": "Đăng ký bằng văn bản giấy"}},
    )
    answer = a.answers.get(criterion__code="registered")
    assert (answer.met, answer.overridden, answer.override_reason) == (
        True,
        True,
        "Đăng ký bằng văn bản giấy",
    )
    standard_services.assessment_answer(
        acting_user=users.a_editor, instance=a, answers={"registered": {"met": False}}
    )
    answer.refresh_from_db()
    assert (answer.overridden, answer.override_reason) == (False, "")  # agrees with the records
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_answer(
            acting_user=users.a_editor, instance=a, answers={"nope": {"met": True}}
        )
    assert "answers" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        standard_services.assessment_answer(acting_user=users.a_viewer, instance=a, answers={})


def test_reopen_and_delete(tree, users):
    register(users.a_editor, tree.a1)
    a = answer_all(users.a_editor, start(users.a_editor, tree.a1))
    with pytest.raises(ValidationError):
        standard_services.assessment_delete(acting_user=users.a_editor, instance=a)
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_reopen(acting_user=users.a_editor, instance=a, reason=" ")
    assert "reason" in exc.value.message_dict
    standard_services.assessment_reopen(acting_user=users.a_editor, instance=a, reason="Sai ngày")
    a.refresh_from_db()
    assert (a.status, a.meets_standard) == ("draft", None)
    standard_services.assessment_delete(acting_user=users.a_editor, instance=a)
    assert not Assessment.objects.exists() and not Answer.objects.exists()


# --- recognition -----------------------------------------------------------------------------


@pytest.fixture
def assessed(tree, users):
    """A village and the commune A, both assessed and meeting the standard."""
    out = {}
    for area in (tree.a1, tree.a):
        register(users.a_editor, area)
        out[area.pk] = answer_all(
            users.a_editor,
            start(users.a_editor, area),
            reasons={"subunits_recognised": "Thôn 1 được công nhận"},
        )
    return out


def test_only_an_approver_above_the_subject_recognises_it(tree, users, assessed):
    village, commune = assessed[tree.a1.pk], assessed[tree.a.pk]
    own = approver_at(tree.a, "a_approver")
    with pytest.raises(PermissionDenied):
        standard_services.assessment_recognise(
            acting_user=own, instance=commune, decision_number="1", decision_date=date.today()
        )
    with pytest.raises(PermissionDenied):
        standard_services.assessment_recognise(
            acting_user=users.a_editor,
            instance=village,
            decision_number="1",
            decision_date=date.today(),
        )
    standard_services.assessment_recognise(
        acting_user=own, instance=village, decision_number="15/QĐ-UBND", decision_date=date.today()
    )
    village.refresh_from_db()
    assert village.status == "recognised"
    assert (village.decision.authority, village.decision.number) == (tree.a, "15/QĐ-UBND")
    standard_services.assessment_recognise(
        acting_user=users.p_approver,
        instance=commune,
        decision_number="15/QĐ-UBND",
        decision_date=date.today(),
    )
    commune.refresh_from_db()
    assert commune.decision.authority == tree.p  # another authority: its own numbering
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_recognise(
            acting_user=users.p_approver,
            instance=commune,
            decision_number="16",
            decision_date=date.today(),
        )
    assert "status" in exc.value.message_dict  # already recognised


def test_a_decision_number_reused_for_another_decision_is_refused(tree, users, assessed):
    village, commune = assessed[tree.a1.pk], assessed[tree.a.pk]
    a2 = make_area(tree.a, name="Thôn 2", code="T02")
    register(users.a_editor, a2)
    second = answer_all(users.a_editor, start(users.a_editor, a2))
    day = (
        date.today() - timedelta(days=1)
        if date.today().month > 1 or date.today().day > 1
        else date.today()
    )
    standard_services.assessment_recognise(
        acting_user=users.p_approver,
        instance=village,
        decision_number="20/QĐ-UBND",
        decision_date=day,
    )
    # the same decision (same number, same date) recognises a second subject
    standard_services.assessment_recognise(
        acting_user=users.p_approver,
        instance=second,
        decision_number="20/QĐ-UBND",
        decision_date=day,
    )
    assert RecognitionDecision.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_recognise(
            acting_user=users.p_approver,
            instance=commune,
            decision_number=" 20/QĐ-UBND ",
            decision_date=date.today(),
        )
    message = exc.value.message_dict["decision_number"][0]
    assert message.startswith("Tỉnh Quảng Trị already gave the number 20/QĐ-UBND to its decision")
    commune.refresh_from_db()
    assert commune.status == "assessed" and commune.decision is None


def test_recognition_needs_a_number_and_a_proper_date(tree, users, assessed):
    village = assessed[tree.a1.pk]
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_recognise(
            acting_user=users.p_approver,
            instance=village,
            decision_number="",
            decision_date=date.today() + timedelta(days=1),
        )
    assert set(exc.value.message_dict) == {"decision_number", "decision_date"}
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_recognise(
            acting_user=users.p_approver,
            instance=village,
            decision_number="1",
            decision_date=village.assessed_on - timedelta(days=1),
        )
    assert "decision_date" in exc.value.message_dict


def test_a_subject_that_does_not_meet_the_standard_is_not_recognised(tree, users):
    register(users.a_editor, tree.a1)
    a = answer_all(
        users.a_editor, start(users.a_editor, tree.a1), overrides={"no_serious_crime": False}
    )
    with pytest.raises(ValidationError) as exc:
        standard_services.assessment_recognise(
            acting_user=users.p_approver,
            instance=a,
            decision_number="1",
            decision_date=date.today(),
        )
    assert "status" in exc.value.message_dict


# --- a province's own criteria ---------------------------------------------------------------


def test_a_province_adds_a_criterion_for_its_subtree_and_period(tree, users):
    admin = make_user(tree.p, "administrator", username="p_admin")
    cset = selectors.criteria_set_for("residential", 2025)
    fields = {
        "criteria_set": cset,
        "area": tree.p,
        "code": "camera",
        "name": "Có camera an ninh",
        "text": "Khu dân cư có ít nhất 01 camera an ninh kết nối.",
        "valid_from": date(2025, 1, 1),
    }
    with pytest.raises(PermissionDenied):
        standard_services.local_criterion_create(acting_user=users.p_approver, **fields)
    with pytest.raises(ValidationError) as exc:
        standard_services.local_criterion_create(acting_user=admin, **(fields | {"area": tree.a}))
    assert "area" in exc.value.message_dict
    added = standard_services.local_criterion_create(acting_user=admin, **fields)
    assert added.is_local and added.added_by == admin
    with pytest.raises(ValidationError) as exc:
        standard_services.local_criterion_create(acting_user=admin, **fields)
    assert "code" in exc.value.message_dict

    codes = lambda area, year=2025: [  # noqa: E731
        c.code for c in selectors.applicable_criteria(cset, subject_for(area=area), year)
    ]
    assert codes(tree.a1)[-1] == "camera" and len(codes(tree.a1)) == 11
    q_village = make_area(make_area(tree.q, name="Phường Thuận Hóa"), name="Tổ 1")
    assert "camera" not in codes(q_village)  # another province
    assert "camera" not in codes(tree.a1, 2024)  # before its period
    standard_services.local_criterion_end(
        acting_user=admin, instance=added, valid_to=date(2025, 6, 30)
    )
    assert "camera" not in codes(tree.a1)  # it ended before the window closed


def test_a_criterion_added_after_an_assessment_began_joins_its_draft(tree, users):
    admin = make_user(tree.p, "administrator", username="p_admin")
    register(users.a_editor, tree.a1)
    a = start(users.a_editor, tree.a1)
    standard_services.local_criterion_create(
        acting_user=admin,
        criteria_set=a.criteria_set,
        area=tree.p,
        code="camera",
        name="Có camera",
        text="Có camera an ninh.",
        valid_from=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        answer_all(users.a_editor, a, overrides={"camera": None})
    assert "answers.camera.met" in exc.value.message_dict
    answer_all(users.a_editor, a)
    assert a.answers.count() == 11
