"""Every pre-fill rule (antq.evaluations.prefill): what the records suggest, with what
evidence, and whether they are enough."""

from datetime import date
from decimal import Decimal

import pytest

from antq.evaluations import prefill
from antq.evaluations.models import Assessment
from antq.evaluations.subjects import subject_for
from antq.evaluations.tests.helpers import answer_all, criterion, org, register, start
from antq.hotspots.models import Hotspot
from antq.indicators import rollup
from antq.movement.models import ModelCategory, MovementModel, Team
from antq.tallies.models import MonthlyTally


def facts(area=None, organisation=None, year=2025):
    return prefill.Facts(subject_for(area=area, organisation=organisation), year)


def run(code, kind, **subject):
    return prefill.suggest(criterion(kind, code), facts(**subject))


@pytest.fixture(autouse=True)
def _english(english):
    pass


# --- registered, plan -------------------------------------------------------------------------


def test_registered(tree, users):
    none = run("registered", "residential", area=tree.a1)
    assert (none.answer, none.sufficient) == (False, True)
    assert "No registration for 2025" in none.evidence
    register(users.a_editor, tree.a1, on=date(2025, 3, 31))
    on_time = run("registered", "residential", area=tree.a1)
    assert (on_time.answer, on_time.sufficient) == (True, True)
    assert "31/03/2025" in on_time.evidence
    school = org(tree.a)
    register(users.a_editor, organisation=school, on=date(2025, 4, 1))
    late = run("registered", "school", organisation=school)
    assert (late.answer, late.sufficient) == (False, True)
    assert "after the deadline" in late.evidence


def test_plan_first_quarter(tree, users):
    assert run("plan_first_quarter", "commune", area=tree.a).sufficient is False
    register(users.a_editor, tree.a, plan=None)
    no_date = run("plan_first_quarter", "commune", area=tree.a)
    assert (no_date.answer, no_date.sufficient) == (None, False)
    register(users.a_editor, tree.a1, plan=date(2025, 3, 31))
    assert run("plan_first_quarter", "residential", area=tree.a1).answer is True
    register(users.b_editor, tree.b1, plan=date(2025, 4, 2))
    late = run("plan_first_quarter", "residential", area=tree.b1)
    assert (late.answer, late.sufficient) == (False, True)


# --- hotspots --------------------------------------------------------------------------------


def _hotspot(area, opened, title="Tranh chấp đất"):
    return Hotspot.objects.create(area=area, title=title, kind="land_dispute", opened_on=opened)


def test_no_new_hotspot_counts_the_subtree_within_the_window(tree, users):
    _hotspot(tree.a1, date(2024, 10, 31), "Trước cửa sổ")  # before the residential window
    clean = run("no_new_hotspot", "residential", area=tree.a1)
    assert (clean.answer, clean.sufficient) == (True, True)
    assert "\u206601/11/2024 – 31/10/2025\u2069" in clean.evidence
    _hotspot(tree.a1, date(2025, 10, 31), "Giải phóng mặt bằng thôn 1")
    _hotspot(tree.b1, date(2025, 5, 1), "Ở xã khác")
    found = run("no_new_hotspot", "residential", area=tree.a1)
    assert (found.answer, found.sufficient) == (False, True)
    assert "Giải phóng mặt bằng thôn 1 (31/10/2025)" in found.evidence
    assert "Ở xã khác" not in found.evidence
    # the commune's window runs to 15 November; the village's hotspot is the commune's too
    assert run("no_new_hotspot", "commune", area=tree.a).answer is False


def test_no_new_hotspot_has_no_records_for_an_organisation(tree):
    # (a province could add this criterion to the school set: the rule says it cannot tell)
    result = run("no_new_hotspot", "residential", organisation=org(tree.a))
    assert (result.answer, result.sufficient) == (None, False)


# --- crime held or reduced -------------------------------------------------------------------


def _tallies(commune, months, cases):
    for month in months:
        MonthlyTally.objects.create(area=commune, month=month, criminal_cases_registered=cases)


def _commune_months(year):
    from antq.evaluations import windows

    return windows.window("commune", year).months()


def test_crime_held_compares_the_window_with_the_previous_one(tree):
    _tallies(tree.a, _commune_months(2024), 2)  # 24 cases
    _tallies(tree.a, _commune_months(2025), 2)  # 24 cases: held
    held = run("crime_held", "commune", area=tree.a)
    assert (held.answer, held.sufficient) == (True, True)
    assert "24 in \u206612/2024–11/2025\u2069 against 24 in \u206612/2023–11/2024\u2069" in (
        held.evidence
    )
    june = MonthlyTally.objects.filter(area=tree.a, month=date(2025, 6, 1))
    with rollup.bulk_change(june, {"criminal_cases_registered"}):
        june.update(criminal_cases_registered=3)
    assert run("crime_held", "commune", area=tree.a).answer is False


def test_crime_held_needs_every_month_and_a_commune(tree):
    _tallies(tree.a, _commune_months(2024), 1)
    _tallies(tree.a, _commune_months(2025)[:-1], 0)
    missing = run("crime_held", "commune", area=tree.a)
    assert (missing.answer, missing.sufficient) == (None, False)
    assert "11 of 12" in missing.evidence
    village = run("crime_held", "residential", area=tree.a1)
    assert (village.answer, village.sufficient) == (None, False)
    assert "kept by communes" in village.evidence and "Xã Hòa Bình" in village.evidence
    school = run("crime_held", "residential", organisation=org(tree.a))
    assert school.sufficient is False


# --- models and teams ------------------------------------------------------------------------


def _model(area, status="effective", started=date(2023, 1, 1), host=None, name="Camera an ninh"):
    return MovementModel.objects.create(
        area=area,
        name=name,
        category=ModelCategory.objects.get(code="security_cameras"),
        started_on=started,
        status=status,
        host_organisation=host,
    )


def test_effective_model_in_the_subtree_or_hosted_by_the_organisation(tree):
    _model(tree.a1, status="ineffective")
    _model(tree.a1, started=date(2025, 11, 1), name="Sau cửa sổ")
    none = run("effective_model", "residential", area=tree.a1)
    assert (none.answer, none.sufficient) == (False, True)
    _model(tree.a1, name="Đường tự quản thôn 1")
    found = run("effective_model", "residential", area=tree.a1)
    assert found.answer is True and "Đường tự quản thôn 1" in found.evidence
    assert "Sau cửa sổ" not in found.evidence
    assert run("effective_model", "commune", area=tree.a).answer is True
    assert run("effective_model", "commune", area=tree.b).answer is False
    school = org(tree.a)
    assert run("effective_model", "school", organisation=school).answer is False
    _model(tree.a, host=school, name="Cổng trường an toàn giao thông")
    hosted = run("effective_model", "school", organisation=school)
    assert hosted.answer is True and "Cổng trường" in hosted.evidence


def test_security_team_active_at_the_end_of_the_window(tree):
    Team.objects.create(area=tree.a1, name="Tổ công nghệ số", kind="digital_technology")
    Team.objects.create(
        area=tree.a1,
        name="Tổ giải thể",
        kind="security_self_governing",
        dissolved_on=date(2025, 6, 1),
    )
    assert run("security_team", "residential", area=tree.a1).answer is False
    team = Team.objects.create(
        area=tree.a1, name="Tổ tự quản thôn 1", kind="security_self_governing"
    )
    team.members.create(full_name="Nguyễn Văn An")
    found = run("security_team", "residential", area=tree.a1)
    assert (found.answer, found.sufficient) == (True, True)
    assert "Tổ tự quản thôn 1 (1 members)" in found.evidence
    enterprise = org(tree.a, "enterprise")
    Team.objects.create(
        area=tree.a, name="Bảo vệ công ty", kind="security_protection", host_organisation=enterprise
    )
    assert run("security_team", "agency", organisation=enterprise).answer is True


# --- the commune's own units -----------------------------------------------------------------


@pytest.fixture
def commune_units(tree):
    from antq.core.testing.factories import make_area

    a2 = make_area(tree.a, name="Thôn 2", code="T02")
    a3 = make_area(tree.a, name="Thôn 3", code="T03")
    school = org(tree.a, "school", "Trường THCS Hòa Bình")
    org(tree.a, "youth_union", "Đoàn Thanh niên")  # not assessed, not counted
    return [tree.a1, a2, a3], school


def test_subunits_registered(tree, users, commune_units):
    villages, school = commune_units
    for v in villages[:2]:
        register(users.a_editor, v)
    partial = run("subunits_registered", "commune", area=tree.a)
    assert (partial.answer, partial.sufficient) == (False, True)
    assert "2 of 4 units registered" in partial.evidence and "Thôn 3" in partial.evidence
    register(users.a_editor, villages[2])
    register(users.a_editor, organisation=school)
    done = run("subunits_registered", "commune", area=tree.a)
    assert done.answer is True and "4 of 4" in done.evidence
    village = prefill.suggest(criterion("commune", "subunits_registered"), facts(area=tree.a1))
    assert village.sufficient is False
    assert run("subunits_registered", "commune", area=tree.b).answer is False  # B has its T01


def test_subunits_recognised_against_the_threshold(tree, users, commune_units):
    villages, school = commune_units
    approver = users.p_approver
    for n, subject in enumerate([*villages, school]):
        area, organisation = (subject, None) if n < 3 else (None, subject)
        register(users.a_editor, area, organisation)
        a = start(users.a_editor, area, organisation)
        a = answer_all(users.a_editor, a, met=n < 2)  # two pass, two fail
        if a.meets_standard:
            from antq.evaluations.services.standard import assessment_recognise

            assessment_recognise(
                acting_user=approver,
                instance=a,
                decision_number="12/QĐ-UBND",
                decision_date=date.today(),
            )
    half = run("subunits_recognised", "commune", area=tree.a)
    assert (half.answer, half.sufficient) == (False, True)
    assert "2 of 4 units recognised (50 %" in half.evidence
    c = criterion("commune", "subunits_recognised")
    assert c.threshold == Decimal("0.7")
    c.threshold = Decimal("0.5")
    assert prefill.suggest(c, facts(area=tree.a)).answer is True
    assert Assessment.objects.filter(status="recognised").count() == 2


def test_a_rule_is_one_function_and_criteria_without_one_get_none(tree):
    assert prefill.suggest(criterion("commune", "police_rating"), facts(area=tree.a)) is None
    try:

        @prefill.rule("police_rating")
        def rated(f, c):
            return prefill.Prefill(True, "rated", True)

        assert prefill.suggest(criterion("commune", "police_rating"), facts(area=tree.a)) == (
            prefill.Prefill(True, "rated", True)
        )
    finally:
        prefill.RULES.pop("police_rating")
    assert set(prefill.RULES) == {
        "registered",
        "plan_first_quarter",
        "no_new_hotspot",
        "crime_held",
        "effective_model",
        "security_team",
        "subunits_registered",
        "subunits_recognised",
    }
