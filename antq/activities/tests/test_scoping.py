"""Jurisdiction holds for activities' files (the record types: test_record_types.py)."""

from datetime import date

import pytest

from antq.activities.models import Activity, ActivityAttachment


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


def test_files_are_added_and_removed_through_the_api_within_the_jurisdiction(
    client, users, files, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine, other = files
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

    def upload(activity_id, content=png):
        return client.post(
            f"/api/v1/activities/{activity_id}/attachments",
            {"file": SimpleUploadedFile("buoi-tap-huan.png", content)},
            headers={"accept-language": "en"},
        )

    client.force_login(users.a_viewer)
    assert upload(mine.activity_id).status_code == 403
    assert client.delete(f"/api/v1/activities/attachments/{mine.pk}").status_code == 403
    client.force_login(users.a_editor)
    assert upload(other.activity_id).status_code == 404
    assert client.delete(f"/api/v1/activities/attachments/{other.pk}").status_code == 404
    bad = upload(mine.activity_id, b"MZ not a picture")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "file"
    added = upload(mine.activity_id)
    assert added.status_code == 201, added.content
    assert added.json()["kind"] == "png" and added.json()["original_name"] == "buoi-tap-huan.png"
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.delete(f"/api/v1/activities/attachments/{added.json()['id']}")
    assert removed.status_code == 204
    assert set(ActivityAttachment.objects.values_list("pk", flat=True)) == {mine.pk, other.pk}
