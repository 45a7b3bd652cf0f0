"""/api/v1/reporting: completeness, and the obligations for administrators."""

from antq.reporting.models import Obligation
from antq.reporting.tests.helpers import at, tally


def test_completeness_of_a_month_and_of_a_period(api_client, tree, users):
    tally(tree.a, submitted_at=at(2024, 4, 8, 9, 0))
    client = api_client.as_user(users.p_approver)
    body = client.get(f"/api/v1/reporting/completeness?area={tree.p.pk}&from=2024-03").json()
    assert body["totals"] == {"expected": 2, "received": 1, "on_time": 0, "late": 1, "missing": 1}
    assert [(u["area"]["id"], u["state"]) for u in body["units"]] == [
        (tree.b.pk, "missing"),
        (tree.a.pk, "late"),
    ]
    assert body["scheme"] == "calendar" and body["due_days"] == 5
    year = client.get(
        f"/api/v1/reporting/completeness?area={tree.p.pk}&from=2024-01&to=2024-12"
    ).json()
    assert year["units"] is None and year["totals"]["expected"] == 24
    assert [c["area"]["id"] for c in year["children"]] == [tree.b.pk, tree.a.pk]


def test_completeness_refusals(api_client, tree, users):
    client = api_client.as_user(users.p_approver)
    assert client.get(f"/api/v1/reporting/completeness?area={tree.q.pk}").status_code == 404
    bad = client.get(f"/api/v1/reporting/completeness?area={tree.p.pk}&from=2024-13")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "from"
    future = client.get(f"/api/v1/reporting/completeness?area={tree.p.pk}&to=9999-12")
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "to"
    backwards = client.get(
        f"/api/v1/reporting/completeness?area={tree.p.pk}&from=2024-05&to=2024-01"
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "to"


def test_obligations_crud(api_client, tree, users):
    admin = api_client.as_user(users.admin)
    created = admin.post(
        "/api/v1/reporting/obligations",
        {"area": tree.b.pk, "exempt": True, "valid_from": "2024-03-01", "reason": "sáp nhập"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["area"]["id"] == tree.b.pk
    patched = admin.patch(f"/api/v1/reporting/obligations/{pk}", {"valid_to": "2024-06-30"})
    assert patched.status_code == 200 and patched.json()["valid_to"] == "2024-06-30"
    assert admin.get("/api/v1/reporting/obligations").json()["count"] == 1
    bad = admin.patch(f"/api/v1/reporting/obligations/{pk}", {"valid_from": "2024-07-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "valid_to"
    approver = api_client.as_user(users.p_approver)
    assert approver.get(f"/api/v1/reporting/obligations/{pk}").status_code == 200
    assert approver.delete(f"/api/v1/reporting/obligations/{pk}").status_code == 403
    refused = approver.post("/api/v1/reporting/obligations", {"area": tree.q.pk})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "area"
    editor = api_client.as_user(users.a_editor)
    assert editor.get(f"/api/v1/reporting/obligations/{pk}").status_code == 404
    admin = api_client.as_user(users.admin)  # one client: its token is the last user's
    assert admin.delete(f"/api/v1/reporting/obligations/{pk}").status_code == 204
    assert not Obligation.objects.exists()
