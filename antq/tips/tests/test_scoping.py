from antq.tips.tests.test_record_types import tip


def test_workflow_and_messages_of_another_commune_are_404_in_the_api(api_client, tree, users):
    theirs = tip(tree.b, "Marker-Bravo")
    api = api_client.as_user(users.a_editor)
    for step, body in (
        ("verify", {}),
        ("extend", {"reason": "x"}),
        ("transfer", {"to_area_id": tree.a.pk, "reason": "x"}),
        ("transfer", {"to_area_id": 999999, "reason": "x"}),
        ("close", {"reason": "x"}),
        ("messages", {"body": "x"}),
    ):
        response = api.post(f"/api/v1/tips/{theirs.pk}/{step}", body)
        assert response.status_code == 404, step
        assert "Marker-Bravo" not in response.content.decode()
    for path in ("events", "messages", "history"):
        assert api.get(f"/api/v1/tips/{theirs.pk}/{path}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "received" and not theirs.events.exists()
