"""The dashboard's flags: the units below with overdue tips (counted per child in one GROUP BY)
and the units classified weak in the latest classified year of the period, with their plans;
both within the user's jurisdiction, in a bounded number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.scoping import forget_jurisdiction
from antq.core.testing.factories import make_area
from antq.evaluations.selectors import WEAK_SHOWN, weak_flags
from antq.evaluations.services import classification as classification_services
from antq.tips.models import TipCategory
from antq.tips.selectors import overdue_by_child
from antq.tips.services.entry import tip_create
from antq.tips.services.workflow import tip_decide, tip_start_verifying, tip_suspend

pytestmark = pytest.mark.rollup

TODAY = date.today()
LONG_AGO = TODAY - timedelta(days=60)  # due 40 days ago: overdue
RECENT = TODAY - timedelta(days=5)  # due in 15 days: on time

SCORES_WEAK = {
    "leadership": 4,
    "outreach": 4,
    "models": 6,
    "crime_prevention": 6,
    "forces": 5,
    "reviews": 5,
}
SCORES_GOOD = {
    "leadership": 13,
    "outreach": 13,
    "models": 17,
    "crime_prevention": 17,
    "forces": 13,
    "reviews": 13,
}


def tip(user, area, received_on):
    return tip_create(
        acting_user=user,
        area=area,
        legal_kind="denunciation",
        channel="phone",
        category=TipCategory.objects.get(code="fraud"),
        summary="Lừa đảo qua mạng: giả danh công an gọi điện yêu cầu chuyển tiền.",
        received_on=received_on,
    )


def counts(flags):
    return {(f.area.code, f.own): f.overdue for f in flags}


def test_overdue_tips_counted_per_unit_below(tree, users):
    for _ in range(3):
        tip(users.a_editor, tree.a, LONG_AGO)
    tip(users.a_editor, tree.a, RECENT)  # not yet due
    decided = tip(users.a_editor, tree.a, LONG_AGO)
    tip_start_verifying(acting_user=users.a_editor, tip=decided, on=LONG_AGO)
    tip_decide(acting_user=users.a_editor, tip=decided, prosecute=True, on=LONG_AGO)
    suspended = tip(users.b_editor, tree.b, LONG_AGO)
    tip_start_verifying(acting_user=users.b_editor, tip=suspended, on=LONG_AGO)
    tip_suspend(acting_user=users.b_editor, tip=suspended, reason="Chờ giám định", on=LONG_AGO)
    tip(users.b_editor, tree.b, LONG_AGO)
    tip(users.p_approver, tree.p, LONG_AGO)  # at the province itself

    flags = overdue_by_child(users.admin, tree.p)
    assert counts(flags) == {("10001", False): 3, ("10002", False): 1, ("44", True): 1}
    assert flags[0].area == tree.a  # the most overdue first
    assert counts(overdue_by_child(users.admin, tree.country)) == {("44", False): 5}
    # at the commune: its own tips
    assert counts(overdue_by_child(users.a_viewer, tree.a)) == {("10001", True): 3}
    # a tip due today is still on time; the day after it is overdue
    due = RECENT + timedelta(days=20)
    assert counts(overdue_by_child(users.a_viewer, tree.a, today=due)) == {("10001", True): 3}
    later = due + timedelta(days=1)
    assert counts(overdue_by_child(users.a_viewer, tree.a, today=later)) == {("10001", True): 4}


def test_a_commune_user_sees_no_other_communes_flags(client, tree, users):
    tip(users.a_editor, tree.a, LONG_AGO)
    tip(users.b_editor, tree.b, LONG_AGO)
    tip(users.b_editor, tree.b, LONG_AGO)
    # even asked for the province, the selector counts only what the user may see
    assert counts(overdue_by_child(users.a_viewer, tree.p)) == {("10001", False): 1}
    client.force_login(users.a_viewer)
    body = client.get("/dashboard/").content.decode()
    flags = body.split('id="flag-overdue"')[1].split('id="flag-weak"')[0]
    assert 'data-area="10001" data-overdue="1"' in flags
    assert "Đông Hà" not in flags
    assert client.get("/dashboard/", {"area": tree.b.pk}).status_code == 404
    client.force_login(users.p_approver)
    body = client.get("/dashboard/").content.decode()
    flags = body.split('id="flag-overdue"')[1].split('id="flag-weak"')[0]
    assert 'data-overdue="2"' in flags and f"?area={tree.b.pk}&amp;" in flags  # drill down
    assert f"/tips/?area={tree.b.pk}&amp;overdue=true" in flags


def _queries(user, func):
    forget_jurisdiction(user)  # each count includes the one lookup of the user's roles
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def test_flag_queries_do_not_grow_with_the_number_of_units(tree, users):
    def add_communes(n):
        for _ in range(n):
            commune = make_area(tree.p)
            village = make_area(commune)
            tip(users.admin, commune, LONG_AGO)
            classification_services.classification_save(
                acting_user=users.admin, area=village, year=2025, scores=SCORES_WEAK
            )

    period = (date(2025, 1, 1), date(2025, 12, 31))
    add_communes(2)
    few = (
        _queries(users.p_approver, lambda: overdue_by_child(users.p_approver, tree.p)),
        _queries(users.p_approver, lambda: weak_flags(users.p_approver, tree.p, *period)),
    )
    add_communes(10)
    assert len(overdue_by_child(users.p_approver, tree.p)) == 12
    assert weak_flags(users.p_approver, tree.p, *period).total == 12
    many = (
        _queries(users.p_approver, lambda: overdue_by_child(users.p_approver, tree.p)),
        _queries(users.p_approver, lambda: weak_flags(users.p_approver, tree.p, *period)),
    )
    assert many == few
    # the role lookup and its one step through the successions, then the reads: overdue tips from
    # the rollup, this month's from the tips, the units; the weak units' figures from the rollup,
    # the units shown, their plans, the places they lie in
    assert few == (5, 6)


def test_weak_units_of_the_latest_classified_year_with_their_plans(tree, users):
    weak_a1 = classification_services.classification_save(
        acting_user=users.a_editor, area=tree.a1, year=2025, scores=SCORES_WEAK
    )
    classification_services.classification_save(
        acting_user=users.p_approver, area=tree.b1, year=2025, scores=SCORES_GOOD
    )
    classification_services.classification_save(
        acting_user=users.p_approver, area=tree.b1, year=2024, scores=SCORES_WEAK
    )
    plan = classification_services.plan_create(
        acting_user=users.a_editor,
        classification=weak_a1,
        measures="Củng cố tổ tự quản",
        responsible="Công an xã",
        due_on=date(2026, 6, 30),
    )
    flags = weak_flags(users.p_approver, tree.p, date(2024, 1, 1), date(2025, 12, 31))
    assert (flags.year, flags.total) == (2025, 1)
    [unit] = flags.units
    assert (unit.classification.area, unit.parent, unit.under) == (tree.a1, tree.a, None)
    assert list(unit.classification.plans.all()) == [plan]
    [unit] = weak_flags(users.admin, tree.country, date(2025, 1, 1), date(2025, 12, 31)).units
    assert (unit.parent, unit.under) == (tree.a, tree.p)  # the village's commune, its province
    # a period of 2024 alone: that year's weak unit
    flags = weak_flags(users.p_approver, tree.p, date(2024, 1, 1), date(2024, 12, 31))
    assert [(u.classification.area, u.parent) for u in flags.units] == [(tree.b1, tree.b)]
    # no classification in the period's years
    assert weak_flags(users.p_approver, tree.p, date(2023, 1, 1), date(2023, 12, 31)).year is None
    # commune A's users do not see B's weak village
    assert weak_flags(users.a_viewer, tree.p, date(2024, 1, 1), date(2024, 12, 31)).year is None
    assert weak_flags(users.a_viewer, tree.a, date(2025, 1, 1), date(2025, 12, 31)).total == 1


def test_the_dashboard_lists_weak_units_and_links_their_plans(client, tree, users):
    weak = classification_services.classification_save(
        acting_user=users.a_editor, area=tree.a1, year=2025, scores=SCORES_WEAK
    )
    classification_services.classification_save(
        acting_user=users.b_editor, area=tree.b1, year=2025, scores=SCORES_WEAK
    )
    plan = classification_services.plan_create(
        acting_user=users.a_editor,
        classification=weak,
        measures="Củng cố tổ tự quản",
        responsible="Công an xã",
        due_on=date(2026, 6, 30),
    )
    period = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
    client.force_login(users.p_approver)
    body = client.get("/dashboard/", period).content.decode()
    flags = body.split('id="flag-weak"')[1].split("</section>")[0]
    assert 'data-area="T01"' in flags and flags.count("data-area=") == 2
    # the village still without a plan comes first
    assert flags.index("Tổ dân phố 1") < flags.index("Thôn 1")
    assert plan.get_absolute_url() in flags
    assert f"?area={tree.a1.pk}&amp;" in flags  # drill down to the weak unit
    client.force_login(users.a_viewer)
    body = client.get("/dashboard/", period).content.decode()
    flags = body.split('id="flag-weak"')[1].split("</section>")[0]
    assert flags.count("data-area=") == 1 and "Thôn 1" in flags


@pytest.fixture
def many_weak(tree, users):
    for _ in range(WEAK_SHOWN + 2):
        classification_services.classification_save(
            acting_user=users.a_editor, area=make_area(tree.a), year=2025, scores=SCORES_WEAK
        )


def test_a_long_weak_list_links_to_the_weak_units_page(client, tree, users, many_weak):
    client.force_login(users.p_approver)
    body = client.get("/dashboard/", {"date_from": "2025-01-01", "date_to": "2025-12-31"})
    flags = body.content.decode().split('id="flag-weak"')[1].split("</section>")[0]
    assert flags.count("data-area=") == WEAK_SHOWN
    assert f"/evaluations/weak/?area={tree.p.pk}&amp;year=2025" in flags


def _overdue_from_the_records(user, area, today):
    """{(code, own): n} counted from the tips themselves, the flag's rule."""
    from antq.areas.models import Area
    from antq.tips.models import Tip
    from antq.tips.selectors import overdue_q

    out = {}
    tips = Tip.objects.visible_to(user).filter(overdue_q(today), area__path__startswith=area.path)
    for path in tips.values_list("area__path", flat=True):
        key = path[: len(area.path) + Area.steplen]
        out[key] = out.get(key, 0) + 1
    codes = dict(Area.objects.filter(path__in=out).values_list("path", "code"))
    return {(codes[path], path == area.path): n for path, n in out.items()}


def test_overdue_flags_equal_the_tips_on_any_day(tree, users):
    """The flag reads whole months from the indicator (the rollup) and the days of the current
    month from the tips: on days across month ends its counts are those of the tips, for a user
    the rollup serves (the administrator) and one it does not (a commune's viewer)."""
    for days_ago in (60, 40, 25, 21, 5):  # due 20 days after they were received
        tip(users.a_editor, tree.a, TODAY - timedelta(days=days_ago))
        tip(users.b_editor, tree.b, TODAY - timedelta(days=days_ago + 3))
    tip(users.p_approver, tree.p, TODAY - timedelta(days=45))
    decided = tip(users.a_editor, tree.a, LONG_AGO)  # settled: never overdue
    tip_start_verifying(acting_user=users.a_editor, tip=decided, on=LONG_AGO)
    tip_decide(acting_user=users.a_editor, tip=decided, prosecute=False, on=LONG_AGO)
    from antq.indicators.rollup.state import fresh_keys
    from antq.tips.selectors import OPEN_DUE

    assert OPEN_DUE in fresh_keys()  # the whole months are read from the rollup
    days = [TODAY + timedelta(days=n) for n in (-20, -3, 0, 1, 10, 16, 30)]
    days += [day.replace(day=1) for day in days] + [TODAY.replace(day=1) - timedelta(days=1)]
    seen = set()
    for day in days:
        for user, area in (
            (users.admin, tree.p),
            (users.admin, tree.country),
            (users.a_viewer, tree.p),
            (users.a_viewer, tree.a),
        ):
            expected = _overdue_from_the_records(user, area, day)
            assert counts(overdue_by_child(user, area, today=day)) == expected, (day, user)
            seen.add(sum(expected.values()))
    assert len(seen) > 4  # the days chosen tell the counts apart
    # commune B's tips never reach commune A's viewer
    assert all(
        "10002" not in code for code, _own in counts(overdue_by_child(users.a_viewer, tree.p))
    )
