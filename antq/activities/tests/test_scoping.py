"""Jurisdiction holds for activities (and their files), secured events and regulations."""

from datetime import date

import pytest

from antq.activities.models import (
    Activity,
    ActivityAttachment,
    CoordinationRegulation,
    SecuredEvent,
)
from antq.activities.selectors import activity_figures, regulations_in_force, securedevent_figures
from antq.core.testing.scoping import ScopedRecordContract


class TestActivityScoping(ScopedRecordContract):
    ui_list_url = "/activities/"
    ui_detail_url = "/activities/{pk}/"
    ui_change_urls = (
        "/activities/{pk}/edit/",
        "/activities/{pk}/delete/",
        "/activities/{pk}/files/",
    )
    api_list_url = "/api/v1/activities/"
    api_detail_url = "/api/v1/activities/{pk}"
    export_urls = (
        "/activities/export.csv",
        "/activities/export.xlsx",
        "/api/v1/activities/export?format=csv",
    )

    def make_record(self, area, marker):
        return Activity.objects.create(
            area=area,
            kind="outreach",
            title=f"Buổi {marker}",
            held_on=date(2025, 3, 1),
            participants=10,
        )

    def count_visible(self, user):
        return activity_figures(user)["sessions"]


class TestSecuredEventScoping(ScopedRecordContract):
    ui_list_url = "/activities/secured-events/"
    ui_detail_url = "/activities/secured-events/{pk}/"
    ui_change_urls = (
        "/activities/secured-events/{pk}/edit/",
        "/activities/secured-events/{pk}/delete/",
    )
    api_list_url = "/api/v1/secured-events/"
    api_detail_url = "/api/v1/secured-events/{pk}"
    export_urls = (
        "/activities/secured-events/export.csv",
        "/activities/secured-events/export.xlsx",
        "/api/v1/secured-events/export?format=xlsx",
    )

    def make_record(self, area, marker):
        return SecuredEvent.objects.create(
            area=area, kind="event", name=f"Lễ hội {marker}", held_on=date(2025, 4, 30)
        )

    def count_visible(self, user):
        return securedevent_figures(user)["count"]


class TestRegulationScoping(ScopedRecordContract):
    ui_list_url = "/activities/regulations/"
    ui_detail_url = "/activities/regulations/{pk}/"
    ui_change_urls = ("/activities/regulations/{pk}/edit/", "/activities/regulations/{pk}/delete/")
    api_list_url = "/api/v1/regulations/"
    api_detail_url = "/api/v1/regulations/{pk}"
    export_urls = (
        "/activities/regulations/export.csv",
        "/activities/regulations/export.xlsx",
        "/api/v1/regulations/export?format=csv",
    )

    def make_record(self, area, marker):
        return CoordinationRegulation.objects.create(
            area=area, number=f"QC-{marker}", title="Quy chế phối hợp", signed_on=date(2024, 1, 1)
        )

    def count_visible(self, user):
        return regulations_in_force(user).count()


@pytest.fixture
def files(tree, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    made = []
    for area in (tree.a, tree.b):
        activity = Activity.objects.create(
            area=area, kind="training", title="Tập huấn", held_on=date(2025, 5, 5)
        )
        made.append(
            ActivityAttachment.objects.create(
                activity=activity,
                stored_name=f"stored{area.pk}",
                original_name="anh.png",
                kind="png",
                size=8,
                sha256="0" * 64,
            )
        )
        (tmp_path / "activity-attachments").mkdir(exist_ok=True)
        (tmp_path / "activity-attachments" / f"stored{area.pk}").write_bytes(b"\x89PNG\r\n\x1a\n")
    return made


def test_files_of_another_commune_are_404(client, api_client, users, files):
    mine, other = files
    client.force_login(users.a_editor)
    assert client.get(f"/activities/files/{mine.pk}/").status_code == 200
    for url in (f"/activities/files/{other.pk}/", f"/activities/files/{other.pk}/delete/"):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    api = api_client.as_user(users.a_viewer)
    assert api.get(f"/api/v1/activities/{mine.activity_id}/attachments").status_code == 200
    assert api.get(f"/api/v1/activities/{other.activity_id}/attachments").status_code == 404
    assert ActivityAttachment.objects.count() == 2


def test_a_viewer_downloads_but_may_not_add_or_remove(client, users, files):
    mine, _other = files
    client.force_login(users.a_viewer)
    response = client.get(f"/activities/files/{mine.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert client.post(f"/activities/files/{mine.pk}/delete/").status_code == 403
    assert client.post(f"/activities/{mine.activity_id}/files/").status_code == 403
    page = client.get(f"/activities/{mine.activity_id}/").content.decode()
    assert 'id="attachment-form"' not in page and "anh.png" in page
