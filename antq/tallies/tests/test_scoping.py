"""Jurisdiction holds for tallies' figures and workflow steps (the record type:
test_record_types.py)."""

from datetime import date

import pytest

from antq.core.scoping import can_at_higher_level
from antq.tallies.models import MonthlyTally
from antq.tallies.selectors import tally_totals
from antq.tallies.tests.helpers import commune_approver


@pytest.fixture
def tallies(tree):
    return (
        MonthlyTally.objects.create(area=tree.a, month=date(2024, 3, 1), drug_cases=3),
        MonthlyTally.objects.create(area=tree.b, month=date(2024, 3, 1), drug_cases=40),
    )


def test_figures_of_another_commune_are_404_and_never_counted(
    client, api_client, users, tree, tallies
):
    assert tally_totals(users.a_viewer)["drug_cases"] == 3
    assert tally_totals(users.p_approver)["drug_cases"] == 43
    api = api_client.as_user(users.a_viewer)
    assert api.get("/api/v1/tallies/figures").json()["totals"]["drug_cases"] == 3
    assert api.get("/api/v1/tallies/figures", area=tree.b.pk).status_code == 404
    assert api.get("/api/v1/tallies/figures", area=tree.p.pk).status_code == 404
    client.force_login(users.a_viewer)
    assert client.get("/tallies/figures/", {"area": tree.b.pk}).status_code == 404
    page = client.get("/tallies/figures/").content.decode()
    assert 'data-field="drug_cases">3<' in page


def test_workflow_steps_on_another_communes_tally_are_404(api_client, users, tallies):
    _mine, other = tallies
    api = api_client.as_user(users.a_editor)
    steps = ("submit", "resubmit", "approve", "return", "unapprove")
    for step in steps:
        response = api.post(f"/api/v1/tallies/{other.pk}/{step}", {"reason": "x"})
        assert response.status_code == 404, step
    assert api.get(f"/api/v1/tallies/{other.pk}/steps").status_code == 404
    many = api.post("/api/v1/tallies/approve", {"ids": [other.pk]}).json()
    assert many["approved"] == [] and [r["id"] for r in many["refused"]] == [other.pk]
    assert many["refused"][0]["errors"] == []
    other.refresh_from_db()
    assert other.status == "draft"


def test_higher_level_means_a_role_above_the_area(users, tree):
    own = commune_approver(tree.a)
    assert not can_at_higher_level(own, "approve", tree.a)
    assert can_at_higher_level(users.p_approver, "approve", tree.a)
    assert not can_at_higher_level(users.p_approver, "approve", tree.p)
    assert not can_at_higher_level(users.p_approver, "approve", tree.q)
    assert not can_at_higher_level(users.a_editor, "approve", tree.a1)  # editor: not an approver
    assert can_at_higher_level(own, "approve", tree.a1)  # the commune is above its village
    assert can_at_higher_level(users.admin, "approve", tree.p)
    assert not can_at_higher_level(users.nobody, "approve", tree.a)
