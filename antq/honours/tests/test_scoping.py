"""Jurisdiction holds for emulation agreements and commendations, and their steps."""

import pytest

from antq.honours.tests.helpers import individual


def test_steps_on_another_communes_commendation_are_404(api_client, users, tree):
    other = individual(users.b_editor, tree.b)
    api = api_client.as_user(users.a_editor)
    for step, body in (
        ("approve", {"decision_number": "1", "decision_date": "2025-08-01"}),
        ("reject", {"reason": "x"}),
        ("renominate", {}),
    ):
        response = api.post(f"/api/v1/commendations/{other.pk}/{step}", body)
        assert response.status_code == 404, step
        assert "Nguyễn" not in response.content.decode()
    assert api.get(f"/api/v1/commendations/{other.pk}/status-changes").status_code == 404
    other.refresh_from_db()
    assert other.status == "nominated"


def test_an_individuals_name_is_not_kept_in_history(tree, users):
    person = individual(users.a_editor, tree.a, name="Trần Thị Bình", position="Công an viên")
    record = person.history.get()
    assert not hasattr(record, "recipient_name") and not hasattr(record, "recipient_position")
    assert "Trần Thị Bình" not in str(record.__dict__)


@pytest.mark.parametrize("url", ["/honours/commendations/", "/api/v1/commendations/"])
def test_nobody_sees_names_outside_their_jurisdiction(client, api_client, users, tree, url):
    individual(users.b_editor, tree.b, name="Lê Văn Cường")
    if url.startswith("/api"):
        body = api_client.as_user(users.a_viewer).get(url).content.decode()
    else:
        client.force_login(users.a_viewer)
        body = client.get(url).content.decode()
    assert "Lê Văn Cường" not in body
