from datetime import date

from antq.core.testing.scoping import ScopedRecordContract
from antq.hotspots.models import Hotspot
from antq.hotspots.selectors import hotspot_list


class TestHotspotScoping(ScopedRecordContract):
    ui_list_url = "/hotspots/"
    ui_detail_url = "/hotspots/{pk}/"
    ui_change_urls = ("/hotspots/{pk}/edit/", "/hotspots/{pk}/delete/", "/hotspots/{pk}/status/")
    api_list_url = "/api/v1/hotspots/"
    api_detail_url = "/api/v1/hotspots/{pk}"
    export_urls = (
        "/hotspots/export.csv",
        "/hotspots/export.xlsx",
        "/api/v1/hotspots/export?format=csv",
    )

    def make_record(self, area, marker):
        return Hotspot.objects.create(
            area=area, title=f"Điểm nóng {marker}", kind="land_dispute", opened_on=date(2025, 1, 1)
        )

    def count_visible(self, user):
        return hotspot_list(user).count()


def test_status_changes_of_another_commune_are_404(api_client, users, tree):
    other = Hotspot.objects.create(area=tree.b, title="B", kind="other", opened_on=date(2025, 1, 1))
    api = api_client.as_user(users.a_editor)
    assert api.get(f"/api/v1/hotspots/{other.pk}/status-changes").status_code == 404
    assert api.post(f"/api/v1/hotspots/{other.pk}/status", {"status": "settled"}).status_code == 404
