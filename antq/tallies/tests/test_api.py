"""The API: CRUD at /api/v1/tallies, the workflow steps, and the figures; 403, 404 and 422 say
what is wrong and change nothing."""

from datetime import date

import pytest

from antq.tallies.models import MonthlyTally, TallyStatusChange
from antq.tallies.tests.helpers import approved_tally, commune_approver, make_tally

pytestmark = pytest.mark.usefixtures("english")


def _body(tree, **fields):
    return {
        "area_id": tree.a.pk,
        "month": "2024-03",
        "criminal_cases_registered": 12,
        "criminal_cases_clarified": 10,
        "social_order_cases_occurred": 10,
        "social_order_cases_detected": 9,
        "drug_cases": 2,
        "drug_law_violators": 5,
    } | fields


def _fields(response):
    return [e["field"] for e in response.json()["errors"]]


def _in_english(client, api, method, url, body=None):
    """A call that asks for English (the API speaks the caller's Accept-Language)."""
    headers = {"Authorization": f"Bearer {api.token}", "Accept-Language": "en"}
    return getattr(client, method)(
        url, body or {}, content_type="application/json", headers=headers
    )


def test_create_read_patch(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    created = api.post("/api/v1/tallies/", _body(tree))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["month"] == "2024-03-01" and data["status"] == "draft"
    assert data["area_code"] == "10001" and data["events_secured"] == 0
    assert data["clarification_rate"] == "0.8333" and data["detection_rate"] == "0.9000"
    patched = api.patch(f"/api/v1/tallies/{data['id']}", {"drug_cases": 3, "reason": "Bổ sung"})
    assert patched.status_code == 200 and patched.json()["drug_cases"] == 3
    assert api.get(f"/api/v1/tallies/{data['id']}/history").json()[0]["reason"] == "Bổ sung"
    listed = api.get("/api/v1/tallies/", month_from="2024-03", month_to="2024-03", status="draft")
    assert [t["id"] for t in listed.json()["items"]] == [data["id"]]
    assert api.get("/api/v1/tallies/", month_from="2024-04").json()["count"] == 0


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"criminal_cases_clarified": 13}, "criminal_cases_clarified"),
        ({"social_order_cases_detected": 11}, "social_order_cases_detected"),
        ({"offenders_arrested": -1}, "offenders_arrested"),
        ({"events_secured": 10**12}, "events_secured"),
        ({"month": "2999-01"}, "month"),
        ({"month": "tháng ba"}, "month"),
        ({"area_id": "<province>"}, "area_id"),
        ({"area_id": "<village>"}, "area_id"),
        ({"area_id": "<other commune>"}, "area_id"),
        ({"notes": "x" * 1001}, "notes"),
        ({"drug_cases": "many"}, "drug_cases"),
    ],
)
def test_create_names_bad_fields_and_writes_nothing(api_client, tree, users, fields, field):
    values = {"<province>": tree.p.pk, "<village>": tree.a1.pk, "<other commune>": tree.b.pk}
    fields = {k: values.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    user = users.p_approver if fields.get("area_id") in (tree.p.pk, tree.a1.pk) else users.a_editor
    response = api_client.as_user(user).post("/api/v1/tallies/", _body(tree, **fields))
    assert response.status_code == 422, response.content
    assert field in _fields(response)
    assert not MonthlyTally.objects.exists()


def test_a_second_tally_for_the_month_is_422_on_month(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    assert api.post("/api/v1/tallies/", _body(tree)).status_code == 201
    response = api.post("/api/v1/tallies/", _body(tree, month="03/2024"))
    assert response.status_code == 422 and _fields(response) == ["month"]
    assert MonthlyTally.objects.count() == 1


def test_the_workflow_through_the_api(api_client, client, tree, users):
    tally = make_tally(users.a_editor, tree.a, criminal_cases_registered=5)
    url = f"/api/v1/tallies/{tally.pk}"

    assert api_client.as_user(users.a_viewer).post(f"{url}/submit", {}).status_code == 403
    submitted = api_client.as_user(users.a_editor).post(f"{url}/submit", {})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by_id"] == users.a_editor.pk

    for user in (users.a_editor, commune_approver(tree.a)):
        response = _in_english(client, api_client.as_user(user), "post", f"{url}/approve")
        assert response.status_code == 403, user
        assert "above the commune" in response.json()["detail"]
    approved = api_client.as_user(users.p_approver).post(f"{url}/approve", {})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    editor = api_client.as_user(users.a_editor)
    locked = _in_english(client, editor, "patch", url, {"criminal_cases_registered": 6})
    assert locked.status_code == 422 and _fields(locked) == ["status"]
    assert "Approved" in locked.json()["errors"][0]["reason"]
    assert api_client.as_user(users.a_editor).delete(url).status_code == 422
    again = api_client.as_user(users.p_approver).post(f"{url}/approve", {})
    assert again.status_code == 422 and _fields(again) == ["status"]

    api = api_client.as_user(users.p_approver)
    assert _fields(api.post(f"{url}/unapprove", {})) == ["reason"]
    assert _fields(api.post(f"{url}/unapprove", {"reason": "  "})) == ["reason"]
    editor = api_client.as_user(users.a_editor)
    assert editor.post(f"{url}/unapprove", {"reason": "x"}).status_code == 403
    api = api_client.as_user(users.p_approver)  # one client: as_user switches its token
    unapproved = api.post(f"{url}/unapprove", {"reason": "Sai số vụ tháng 3"})
    assert unapproved.status_code == 200 and unapproved.json()["status"] == "submitted"
    steps = api.get(f"{url}/steps").json()
    assert [(s["step"], s["changed_by"], s["reason"], s["level"]) for s in steps] == [
        ("unapprove", "p_approver", "Sai số vụ tháng 3", 1),
        ("approve", "p_approver", "", 1),
        ("submit", "a_editor", "", None),
    ]
    fixed = api_client.as_user(users.a_editor).patch(url, {"criminal_cases_registered": 6})
    assert fixed.status_code == 200
    assert MonthlyTally.objects.get().criminal_cases_registered == 6
    assert TallyStatusChange.objects.count() == 3


def test_steps_on_missing_tallies_are_404_before_405_or_403(api_client, client, tree, users):
    api = api_client.as_user(users.p_approver)
    steps = ("submit", "resubmit", "approve", "return", "unapprove")
    for step in steps:
        assert api.post(f"/api/v1/tallies/999999/{step}", {"reason": "x"}).status_code == 404
    other = make_tally(users.b_editor, tree.b)
    client.force_login(users.a_viewer)
    for step in steps:
        assert client.get(f"/tallies/{other.pk}/{step}/").status_code == 404
    mine = make_tally(users.a_editor, tree.a)
    assert client.get(f"/tallies/{mine.pk}/submit/").status_code == 405
    assert client.post(f"/tallies/{mine.pk}/submit/").status_code == 403


def test_figures(api_client, tree, users):
    approved_tally(users.a_editor, users.p_approver, tree.a, date(2024, 1, 1), drug_cases=4)
    make_tally(users.a_editor, tree.a, date(2024, 2, 1), drug_cases=5)
    make_tally(users.b_editor, tree.b, date(2024, 2, 1), drug_cases=6)
    make_tally(users.b_editor, tree.b, date(2024, 4, 1), drug_cases=100)
    api = api_client.as_user(users.p_approver)
    response = api.get(
        "/api/v1/tallies/figures", area=tree.p.pk, **{"from": "2024-01", "to": "03/2024"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["month_from"], data["month_to"]) == ("2024-01", "2024-03")
    assert data["totals"]["drug_cases"] == 15 and data["totals"]["tallies"] == 3
    assert [(c["area"]["code"], c["figures"]["drug_cases"]) for c in data["children"]] == [
        ("10001", 9),
        ("10002", 6),
    ]
    only_approved = api.get("/api/v1/tallies/figures", area=tree.p.pk, approved_only="true").json()
    assert only_approved["totals"]["drug_cases"] == 4
    everything = api.get("/api/v1/tallies/figures").json()
    assert everything["totals"]["drug_cases"] == 115 and everything["children"] == []
    assert everything["totals"]["clarification_rate"] is None

    bad = api.get("/api/v1/tallies/figures", **{"from": "2024-13"})
    assert bad.status_code == 422 and _fields(bad) == ["from"]
    backwards = api.get("/api/v1/tallies/figures", **{"from": "2024-05", "to": "2024-01"})
    assert backwards.status_code == 422 and _fields(backwards) == ["to"]
    assert api.get("/api/v1/tallies/figures", area=tree.q.pk).status_code == 404
    assert api.get("/api/v1/tallies/figures", area=999999).status_code == 404


def test_openapi_lists_the_tally_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/tallies/",
        "/api/v1/tallies/{pk}",
        "/api/v1/tallies/{pk}/submit",
        "/api/v1/tallies/{pk}/approve",
        "/api/v1/tallies/{pk}/resubmit",
        "/api/v1/tallies/{pk}/return",
        "/api/v1/tallies/{pk}/unapprove",
        "/api/v1/tallies/{pk}/steps",
        "/api/v1/tallies/approve",
        "/api/v1/tallies/figures",
    ):
        assert path in paths, path
