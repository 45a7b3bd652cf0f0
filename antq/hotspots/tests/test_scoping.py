from datetime import date

from antq.hotspots.models import Hotspot


def test_status_changes_of_another_commune_are_404(api_client, users, tree):
    other = Hotspot.objects.create(area=tree.b, title="B", kind="other", opened_on=date(2025, 1, 1))
    api = api_client.as_user(users.a_editor)
    assert api.get(f"/api/v1/hotspots/{other.pk}/status-changes").status_code == 404
    assert api.post(f"/api/v1/hotspots/{other.pk}/status", {"status": "settled"}).status_code == 404
