"""Jurisdiction holds for the commune view and a province's own criteria (the record types:
test_record_types.py)."""

from datetime import date

from antq.core.testing.factories import make_user
from antq.evaluations.models import Criterion
from antq.evaluations.selectors import criteria_sets, criteria_visible


def test_the_commune_view_shows_only_visible_units(client, tree, users):
    client.force_login(users.b_editor)
    assert client.get(f"/evaluations/communes/{tree.a.pk}/").status_code == 404


def test_a_provinces_criteria_are_seen_under_it_and_not_elsewhere(tree, users):
    cset = criteria_sets().get(code="tt124-2021-residential")
    Criterion.objects.create(
        criteria_set=cset,
        area=tree.p,
        code="p-own",
        name="Tiêu chí tỉnh",
        text="x",
        valid_from=date(2025, 1, 1),
    )
    q_user = make_user(tree.q, "viewer", username="q_viewer")
    assert "p-own" in {c.code for c in criteria_visible(users.a_viewer, cset)}
    assert "p-own" in {c.code for c in criteria_visible(users.p_approver, cset)}
    assert "p-own" not in {c.code for c in criteria_visible(q_user, cset)}
    assert len(criteria_visible(users.nobody, cset)) == 10  # the law's own only
