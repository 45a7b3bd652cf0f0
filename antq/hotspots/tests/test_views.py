from datetime import date

from antq.core.imports import run_import
from antq.core.testing.sheets import xlsx_bytes
from antq.hotspots.imports import HOTSPOT_IMPORT
from antq.hotspots.models import Hotspot, HotspotStatusChange
from antq.hotspots.tests.helpers import make_hotspot

HEADER = ["commune code", "village code", "title", "kind", "arose on", "status", "settled on"]


def test_create_in_the_ui_then_change_the_status_on_its_page(client, tree, users):
    client.force_login(users.a_editor)
    form = client.get("/hotspots/new/").content.decode()
    assert 'name="status"' in form and 'name="settled_on"' in form
    response = client.post(
        "/hotspots/new/",
        {
            "area": tree.a1.pk,
            "title": "Tranh chấp lối đi",
            "kind": "other",
            "opened_on": "2025-02-01",
            "status": "monitoring",
        },
    )
    assert response.status_code == 302
    h = Hotspot.objects.get()
    edit = client.get(f"/hotspots/{h.pk}/edit/").content.decode()
    assert 'name="status"' not in edit
    page = client.get(h.get_absolute_url()).content.decode()
    assert 'id="status-form"' in page and "Tranh chấp lối đi" in page
    url = f"/hotspots/{h.pk}/status/"
    assert client.get(url).status_code == 405
    client.post(url, {"status": "settled", "on": "2025-03-01", "reason": "Đã hòa giải"})
    h.refresh_from_db()
    assert (h.status, h.settled_on) == ("settled", date(2025, 3, 1))
    response = client.post(url, {"status": "monitoring", "on": "2025-04-01"}, follow=True)
    h.refresh_from_db()
    assert h.status == "settled"
    assert "alert-danger" in response.content.decode()
    client.force_login(users.a_viewer)
    assert client.post(url, {"status": "monitoring"}).status_code == 403


def test_a_bad_form_is_refused_with_field_errors_in_vietnamese(client, tree, users):
    client.force_login(users.a_editor)
    response = client.post(
        "/hotspots/new/",
        {
            "area": tree.a.pk,
            "title": "X",
            "kind": "land_dispute",
            "opened_on": "2025-02-01",
            "status": "settled",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 422
    assert "Điểm nóng đã giải quyết phải có ngày giải quyết." in response.content.decode()
    assert not Hotspot.objects.exists()


def test_filters_and_export(client, tree, users):
    make_hotspot(users.a_editor, tree.a1, title="Đang theo dõi")
    make_hotspot(
        users.a_editor, tree.a, title="Đã xong", status="settled", settled_on=date(2025, 4, 1)
    )
    client.force_login(users.a_viewer)
    body = client.get("/hotspots/", {"is_open": "true"}).content.decode()
    assert "Đang theo dõi" in body and "Đã xong" not in body
    csv = b"".join(client.get("/hotspots/export.csv").streaming_content).decode("utf-8-sig")
    assert "Đang theo dõi" in csv and "Đã xong" in csv


def test_the_api_creates_changes_status_and_refuses_status_in_a_patch(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    created = api.post(
        "/api/v1/hotspots/",
        {
            "area_id": tree.a1.pk,
            "title": "Giải phóng mặt bằng",
            "kind": "site_clearance",
            "opened_on": "2025-05-05",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = api.patch(f"/api/v1/hotspots/{pk}", {"status": "settled"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "status"
    done = api.post(f"/api/v1/hotspots/{pk}/status", {"status": "settled", "on": "2025-06-01"})
    assert done.status_code == 200 and done.json()["settled_on"] == "2025-06-01"
    changes = api.get(f"/api/v1/hotspots/{pk}/status-changes").json()
    assert [c["to_status"] for c in changes] == ["settled", "monitoring"]
    bad = api.post(f"/api/v1/hotspots/{pk}/status", {"status": "monitoring"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"


def test_import_is_all_or_nothing_and_gives_each_its_status_row(tree, users):
    rows = [
        ["10001", "T01", "Tranh chấp đất", "Land dispute", "10/03/2025", "", ""],
        [
            "10001",
            "",
            "Ngừng việc tập thể",
            "labour_dispute",
            "2025-04-01",
            "settled",
            "2025-04-20",
        ],
    ]
    bad = rows + [["10001", "", "Sai", "land_dispute", "2025-04-01", "settled", ""]]
    outcome = run_import(
        HOTSPOT_IMPORT, acting_user=users.a_editor, data=xlsx_bytes(HEADER, bad), filename="h.xlsx"
    )
    assert not outcome.ok and outcome.errors[0].row == 4
    assert not Hotspot.objects.exists()
    outcome = run_import(
        HOTSPOT_IMPORT, acting_user=users.a_editor, data=xlsx_bytes(HEADER, rows), filename="h.xlsx"
    )
    assert outcome.ok, outcome.errors
    assert Hotspot.objects.count() == 2 == HotspotStatusChange.objects.count()
    settled = Hotspot.objects.get(status="settled")
    assert settled.status_changes.get().changed_on == date(2025, 4, 20)
    outcome = run_import(
        HOTSPOT_IMPORT, acting_user=users.b_editor, data=xlsx_bytes(HEADER, rows), filename="h.xlsx"
    )
    assert not outcome.ok  # commune A is not B's
