from antq.cameras.models import CameraSite, FirePoint
from antq.cameras.selectors import camera_counts, firepoint_count
from antq.core.testing.scoping import ScopedRecordContract


class TestCameraSiteScoping(ScopedRecordContract):
    ui_list_url = "/cameras/sites/"
    ui_detail_url = "/cameras/sites/{pk}/"
    ui_change_urls = (
        "/cameras/sites/{pk}/edit/",
        "/cameras/sites/{pk}/delete/",
        "/cameras/sites/{pk}/reconfirm/",
    )
    api_list_url = "/api/v1/camera-sites/"
    api_detail_url = "/api/v1/camera-sites/{pk}"
    export_urls = (
        "/cameras/sites/export.csv",
        "/cameras/sites/export.xlsx",
        "/api/v1/camera-sites/export?format=csv",
    )

    def make_record(self, area, marker):
        return CameraSite.objects.create(
            area=area,
            address=f"Nhà {marker}",
            owner_type="household",
            heads=4,
            connected=True,
            latitude=16.8,
            longitude=107.1,
        )

    def count_visible(self, user):
        return camera_counts(user)["sites"]


class TestFirePointScoping(ScopedRecordContract):
    ui_list_url = "/cameras/fire-points/"
    ui_detail_url = "/cameras/fire-points/{pk}/"
    ui_change_urls = ("/cameras/fire-points/{pk}/edit/", "/cameras/fire-points/{pk}/delete/")
    api_list_url = "/api/v1/fire-points/"
    api_detail_url = "/api/v1/fire-points/{pk}"
    export_urls = ("/cameras/fire-points/export.xlsx", "/api/v1/fire-points/export?format=xlsx")

    def make_record(self, area, marker):
        return FirePoint.objects.create(area=area, name=f"Điểm {marker}")

    def count_visible(self, user):
        return firepoint_count(user)


def test_map_points_are_scoped(client, tree, users):
    TestCameraSiteScoping().make_record(tree.a, "A")
    TestCameraSiteScoping().make_record(tree.b, "B")
    client.force_login(users.a_viewer)
    data = client.get("/cameras/map/points.json").json()
    assert [c[6] for c in data["cameras"]] == ["Nhà A"]
    assert client.get("/cameras/map/points.json", {"area": tree.b.pk}).status_code == 404
    assert client.get("/cameras/map/", {"area": tree.b.pk}).status_code == 404
