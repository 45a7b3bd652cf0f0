"""The API of return and approval: return, resubmit, approve one and many, unapprove, the steps;
422 naming the field on bad input, 404 outside the jurisdiction, 403 where the tally is seen but
the step is not the user's."""

from datetime import date

import pytest
from django.utils import timezone

from antq.tallies.models import MonthlyTally
from antq.tallies.tests.helpers import commune_approver, make_tally, submitted

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.rollup]


def _fields(response):
    return [e["field"] for e in response.json()["errors"]]


def test_return_resubmit_approve_and_the_steps(api_client, tree, users):
    tally = submitted(users.a_editor, tree.a)
    url = f"/api/v1/tallies/{tally.pk}"
    api = api_client.as_user(users.p_approver)
    assert _fields(api.post(f"{url}/return", {})) == ["reason"]
    assert _fields(api.post(f"{url}/return", {"reason": " "})) == ["reason"]
    assert _fields(api.post(f"{url}/return", {"reason": "x" * 1001})) == ["reason"]
    assert (
        api_client.as_user(users.a_editor).post(f"{url}/return", {"reason": "x"}).status_code == 403
    )
    assert (
        api_client.as_user(users.b_editor).post(f"{url}/return", {"reason": "x"}).status_code == 404
    )
    api = api_client.as_user(users.p_approver)
    returned = api.post(f"{url}/return", {"reason": "Thiếu số vụ"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"

    api = api_client.as_user(users.a_editor)
    assert api.post(f"{url}/submit", {}).status_code == 422  # a returned tally is resubmitted
    assert api.patch(url, {"drug_cases": 3}).status_code == 200
    again = api.post(f"{url}/resubmit", {})
    assert again.status_code == 200 and again.json()["status"] == "submitted"
    assert _fields(api.post(f"{url}/resubmit", {})) == ["status"]

    api = api_client.as_user(users.p_approver)
    approved = api.post(f"{url}/approve", {})
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["approved_level"]) == ("approved", 1)
    steps = api.get(f"{url}/steps").json()
    assert [(s["step"], s["to_status"], s["reason"]) for s in steps] == [
        ("approve", "approved", ""),
        ("resubmit", "submitted", ""),
        ("return", "returned", "Thiếu số vụ"),
        ("submit", "submitted", ""),
    ]
    assert steps[0]["level_label"] == "Cấp tỉnh" and steps[2]["changed_by"] == "p_approver"


def test_approval_before_the_period_ends_names_the_month(api_client, tree, users):
    tally = submitted(users.a_editor, tree.a, month=timezone.localdate().replace(day=1))
    response = api_client.as_user(users.p_approver).post(f"/api/v1/tallies/{tally.pk}/approve", {})
    assert response.status_code == 422 and _fields(response) == ["month"]
    assert "chưa kết thúc" in response.json()["errors"][0]["reason"]


def test_approval_follows_the_cutoff15_period(api_client, tree, users, settings, monkeypatch):
    """Under cutoff15 a month's period ends on its 14th: its tally may be approved from the 15th,
    before the calendar month ends; under calendar months not until the month has ended."""
    from antq.tallies import approval

    month = date(2026, 11, 1)
    tally = submitted(users.a_editor, tree.a, month=month)
    monkeypatch.setattr(approval.timezone, "localdate", lambda: date(2026, 11, 20))
    assert approval.period_error(tally) is not None
    settings.ANTQ_REPORT_PERIOD = "cutoff15"
    assert approval.period_error(tally) is None


def test_wrong_level_and_unapprove(api_client, tree, users, district):
    tally = submitted(district["e1"], district["c1"])
    url = f"/api/v1/tallies/{tally.pk}"
    province = api_client.as_user(users.p_approver)
    skipped = province.post(f"{url}/approve", {})
    assert skipped.status_code == 422 and _fields(skipped) == ["status"]
    assert "Cấp huyện" in skipped.json()["errors"][0]["reason"]
    accepted = api_client.as_user(district["approver"]).post(f"{url}/approve", {})
    assert accepted.json()["status"] == "accepted"
    assert api_client.as_user(district["approver"]).post(f"{url}/approve", {}).status_code == 403
    province = api_client.as_user(users.p_approver)
    assert province.post(f"{url}/approve", {}).json()["status"] == "approved"
    district_api = api_client.as_user(district["approver"])
    assert district_api.post(f"{url}/unapprove", {"reason": "x"}).status_code == 403
    province = api_client.as_user(users.p_approver)
    assert _fields(province.post(f"{url}/unapprove", {"reason": ""})) == ["reason"]
    back = province.post(f"{url}/unapprove", {"reason": "Chưa khớp"})
    assert back.status_code == 200 and back.json()["status"] == "accepted"


def test_approve_many(api_client, tree, users):
    good = [submitted(users.a_editor, tree.a, month=date(2024, m, 1)) for m in (1, 2)]
    draft = make_tally(users.b_editor, tree.b, month=date(2024, 1, 1))
    api = api_client.as_user(users.p_approver)
    assert _fields(api.post("/api/v1/tallies/approve", {"ids": []})) == ["ids"]
    assert _fields(api.post("/api/v1/tallies/approve", {})) == ["ids"]
    huge = api.post("/api/v1/tallies/approve", {"ids": [2**63]})
    assert huge.status_code == 422 and _fields(huge)[0].startswith("ids")
    ids = [good[0].pk, draft.pk, 999999, good[1].pk]
    response = api.post("/api/v1/tallies/approve", {"ids": ids})
    assert response.status_code == 200, response.content
    data = response.json()
    assert [t["id"] for t in data["approved"]] == [good[0].pk, good[1].pk]
    assert [(r["id"], [e["field"] for e in r["errors"]]) for r in data["refused"]] == [
        (draft.pk, ["status"]),
        (999999, []),
    ]
    assert data["refused"][1]["detail"] == "Không tìm thấy."  # the API speaks Vietnamese
    assert MonthlyTally.objects.get(pk=draft.pk).status == "draft"

    again = api.post("/api/v1/tallies/approve", {"ids": [good[0].pk]}).json()
    assert again["approved"] == [] and again["refused"][0]["errors"][0]["field"] == "status"
    editor = api_client.as_user(users.a_editor)
    other = submitted(users.a_editor, tree.a, month=date(2024, 5, 1))
    refused = editor.post("/api/v1/tallies/approve", {"ids": [other.pk]}).json()["refused"]
    assert refused[0]["errors"] == [] and "cấp trên xã" in refused[0]["detail"]


def test_children_first_through_the_api(api_client, tree, users, district, settings):
    settings.ANTQ_APPROVAL_CHILDREN_FIRST = True
    first = submitted(district["e1"], district["c1"])
    api_client.as_user(district["approver"]).post(f"/api/v1/tallies/{first.pk}/approve", {})
    province = api_client.as_user(users.p_approver)
    refused = province.post(f"/api/v1/tallies/{first.pk}/approve", {})
    assert refused.status_code == 422 and _fields(refused) == ["status"]
    assert "Huyện D" in refused.json()["errors"][0]["reason"]
    assert MonthlyTally.objects.get(pk=first.pk).status == "accepted"


def test_the_communes_own_approver_is_refused(api_client, tree, users):
    tally = submitted(users.a_editor, tree.a)
    own = api_client.as_user(commune_approver(tree.a))
    for step, body in (("approve", {}), ("return", {"reason": "x"})):
        assert own.post(f"/api/v1/tallies/{tally.pk}/{step}", body).status_code == 403, step
    assert MonthlyTally.objects.get().status == "submitted"
