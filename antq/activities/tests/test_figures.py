"""Figures by area and period: one GROUP BY, equal to the declared indicators, shown on the
figures page and in the API."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.activities.models import Activity, CoordinationRegulation, SecuredEvent
from antq.activities.selectors import activity_figures, securedevent_figures
from antq.indicators.compute import compute

pytestmark = pytest.mark.usefixtures("english")


def _activity(area, kind, day, participants, **extra):
    return Activity.objects.create(
        area=area,
        kind=kind,
        title=kind,
        held_on=date.fromisoformat(day),
        participants=participants,
        **extra,
    )


@pytest.fixture
def records(tree):
    _activity(tree.a, "outreach", "2025-01-10", 50)
    _activity(tree.a1, "outreach", "2025-02-10", 70)
    _activity(tree.a, "dialogue", "2025-03-10", 40, with_workers=True)
    _activity(tree.b, "outreach", "2025-03-11", 100)
    _activity(tree.b, "festival_day", "2025-08-19", 500, ceremony_held=True)
    _activity(tree.a, "outreach", "2024-12-31", 999)  # before the period
    for kind, area in (
        ("domestic_delegation", tree.a),
        ("foreign_delegation", tree.b),
        ("event", tree.b),
    ):
        SecuredEvent.objects.create(area=area, kind=kind, name=kind, held_on=date(2025, 5, 1))
    SecuredEvent.objects.create(
        area=tree.b,
        kind="event",
        name="x",
        held_on=date(2025, 6, 1),
        incidents_occurred=True,
        incident_description="Cãi vã",
    )
    CoordinationRegulation.objects.create(
        area=tree.a, number="1", title="QC", signed_on=date(2024, 1, 1)
    )
    CoordinationRegulation.objects.create(
        area=tree.b, number="2", title="QC", signed_on=date(2024, 1, 1), ended_on=date(2025, 6, 30)
    )


PERIOD = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
KEYS = {
    "activities.outreach_sessions": ("outreach", "sessions"),
    "activities.outreach_participants": ("outreach", "participants"),
    "activities.dialogues": ("dialogue", "sessions"),
    "activities.festival_days": ("festival_day", "sessions"),
    "activities.trainings": ("training", "sessions"),
}


def test_figures_are_one_group_by_and_scoped(users, tree, records):
    with CaptureQueriesContext(connection) as queries:
        province = activity_figures(users.p_approver, tree.p, **PERIOD)
    assert len([q for q in queries if "activities_activity" in q["sql"]]) == 1
    assert province["by_kind"]["outreach"] == {"sessions": 3, "participants": 220}
    assert (province["sessions"], province["participants"]) == (5, 760)
    commune = activity_figures(users.a_viewer, None, **PERIOD)
    assert commune["by_kind"]["outreach"] == {"sessions": 2, "participants": 120}
    assert commune["by_kind"]["festival_day"]["sessions"] == 0
    assert activity_figures(users.nobody)["sessions"] == 0
    events = securedevent_figures(users.p_approver, tree.p, **PERIOD)
    assert (events["count"], events["incidents"], events["by_kind"]["event"]["count"]) == (4, 1, 2)


def test_indicators_equal_the_figures(users, tree, records):
    user = users.p_approver
    values = compute(KEYS, user=user, area=tree.p, **PERIOD)[tree.p.path]
    figures = activity_figures(user, tree.p, **PERIOD)
    for key, (kind, what) in KEYS.items():
        assert values.value(key) == figures["by_kind"][kind][what], key
    by_child = compute(KEYS, user=user, area=tree.p, by_child=True, **PERIOD)
    for child in (tree.a, tree.b):
        mine = activity_figures(user, child, **PERIOD)
        for key, (kind, what) in KEYS.items():
            assert by_child[child.path].value(key) == mine["by_kind"][kind][what], (child, key)
    events = compute(
        [
            "events.domestic_delegations",
            "events.foreign_delegations",
            "events.events",
            "events.with_incidents",
        ],
        user=user,
        area=tree.p,
        **PERIOD,
    )[tree.p.path]
    assert [
        events.value(k)
        for k in (
            "events.domestic_delegations",
            "events.foreign_delegations",
            "events.events",
            "events.with_incidents",
        )
    ] == [1, 1, 2, 1]
    in_force = compute(["regulations.total"], user=user, area=tree.p, date_to=date(2025, 12, 31))
    assert in_force[tree.p.path].value("regulations.total") == 1
    earlier = compute(["regulations.total"], user=user, area=tree.p, date_to=date(2025, 3, 1))
    assert earlier[tree.p.path].value("regulations.total") == 2


def test_the_figures_page(client, users, tree, records):
    client.force_login(users.p_approver)
    page = client.get(
        "/activities/figures/",
        {"area": tree.p.pk, "from": "2025-01-01", "to": "2025-12-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Outreach sessions: 3, with 220 participants; dialogues: 1." in body
    assert 'data-field="regulations_in_force">1<' in body
    assert client.get("/activities/figures/", {"area": tree.q.pk}).status_code == 404
    bad = client.get(
        "/activities/figures/",
        {"from": "2025-12-01", "to": "2025-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 422 and "The period ends before it begins." in bad.content.decode()
    client.force_login(users.a_viewer)
    assert client.get("/activities/figures/", {"area": tree.b.pk}).status_code == 404


def test_the_figures_api(api_client, users, tree, records):
    api = api_client.as_user(users.a_viewer)
    data = api.get(
        "/api/v1/activities/figures", **{"from": "2025-01-01", "to": "2025-12-31"}
    ).json()
    outreach = next(k for k in data["activities"] if k["kind"] == "outreach")
    assert (outreach["sessions"], outreach["participants"]) == (2, 120)
    assert data["secured"] == 1 and data["regulations_in_force"] == 1
    assert api.get("/api/v1/activities/figures", area=tree.b.pk).status_code == 404
    assert api.get("/api/v1/activities/figures", **{"from": "x"}).status_code == 422
