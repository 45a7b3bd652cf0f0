"""The pages and the API as a user meets them: forms with field errors, lists and filters."""

from datetime import date, timedelta

import pytest

from antq.activities.models import Activity, CoordinationRegulation
from antq.activities.tests.helpers import make_activity, make_regulation
from antq.core.testing.factories import OrganisationFactory

pytestmark = pytest.mark.usefixtures("english")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_create_an_activity_through_the_form(client, tree, users):
    front = OrganisationFactory(area=tree.a)
    client.force_login(users.a_editor)
    form = client.get("/activities/new/", **EN).content.decode()
    assert "kind-fields.js" in form and 'data-kind-only="dialogue"' in form
    data = {
        "area": tree.a.pk,
        "kind": "dialogue",
        "title": "Đối thoại",
        "held_on": "2025-05-05",
        "participants": "-4",
        "organisers": [front.pk],
        "with_workers": "on",
    }
    page = client.post("/activities/new/", data, **EN)
    assert page.status_code == 422
    assert "Ensure this value is greater than or equal to 0." in page.content.decode()
    data["participants"] = "35"
    page = client.post("/activities/new/", data, **EN)
    assert page.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.organisers.all()) == [front] and activity.with_workers
    detail = client.get(page["Location"], **EN).content.decode()
    assert "Parties to the dialogue" in detail and front.name in detail


def test_list_filters(client, tree, users):
    make_activity(users.a_editor, tree.a, title="Buổi tuyên truyền tháng ba")
    make_activity(
        users.a_editor, tree.a1, kind="training", title="Lớp tập huấn", held_on=date(2024, 5, 1)
    )
    client.force_login(users.a_viewer)
    body = client.get("/activities/", {"kind": "training"}).content.decode()
    assert "Lớp tập huấn" in body and "tháng ba" not in body
    body = client.get("/activities/", {"held_after": "2025-01-01"}).content.decode()
    assert "tháng ba" in body and "Lớp tập huấn" not in body
    body = client.get("/activities/", {"area": tree.a1.pk}).content.decode()
    assert "Lớp tập huấn" in body and "tháng ba" not in body
    assert client.get("/activities/", {"area": tree.b.pk}).status_code == 404


def test_the_api_creates_with_organisers_and_refuses_others(api_client, tree, users):
    mine, other = OrganisationFactory(area=tree.a), OrganisationFactory(area=tree.b)
    api = api_client.as_user(users.a_editor)
    body = {
        "area_id": tree.a.pk,
        "kind": "outreach",
        "title": "Tuyên truyền",
        "held_on": "2025-03-03",
        "participants": 12,
        "organisers": [mine.pk, other.pk],
    }
    response = api.post("/api/v1/activities/", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "organisers"
    body["organisers"] = [mine.pk]
    created = api.post("/api/v1/activities/", body).json()
    assert created["organisers"] == [mine.pk]
    patched = api.patch(f"/api/v1/activities/{created['id']}", {"organisers": [], "reason": "Nhầm"})
    assert patched.json()["organisers"] == []
    negative = api.post("/api/v1/activities/", body | {"participants": -1})
    assert negative.status_code == 422
    assert Activity.objects.count() == 1


def test_regulations_due_page_and_api(client, api_client, tree, users):
    due = make_regulation(users.a_editor, tree.a, review_on=date.today() + timedelta(days=3))
    make_regulation(users.b_editor, tree.b, number="QC-B", review_on=date.today())
    client.force_login(users.a_viewer)
    body = client.get("/activities/regulations/due/").content.decode()
    assert due.number in body and "QC-B" not in body
    body = client.get("/activities/regulations/", {"due": "true"}).content.decode()
    assert due.number in body
    data = api_client.as_user(users.a_viewer).get("/api/v1/regulations/due").json()
    assert [r["id"] for r in data["items"]] == [due.pk]
    assert CoordinationRegulation.objects.count() == 2
