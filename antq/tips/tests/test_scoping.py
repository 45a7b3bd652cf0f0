from datetime import date

from antq.core.testing.scoping import ScopedRecordContract
from antq.tips.models import Tip, TipCategory
from antq.tips.selectors import tip_list

STEPS = ("assign", "verify", "extend", "suspend", "resume", "decide", "transfer", "transfer-out")


class TestTipScoping(ScopedRecordContract):
    ui_list_url = "/tips/"
    ui_detail_url = "/tips/{pk}/"
    ui_change_urls = (
        "/tips/{pk}/edit/",
        "/tips/{pk}/delete/",
        "/tips/{pk}/messages/",
        "/tips/{pk}/reveal/",
        "/tips/{pk}/close/",
        *(f"/tips/{{pk}}/{step}/" for step in STEPS),
    )
    api_list_url = "/api/v1/tips/"
    api_detail_url = "/api/v1/tips/{pk}"
    export_urls = (
        "/tips/export.csv",
        "/tips/export.xlsx",
        "/api/v1/tips/export?format=csv",
    )

    def make_record(self, area, marker):
        return Tip.objects.create(
            area=area,
            received_by_area=area,
            code=f"TG-{marker}",
            legal_kind="denunciation",
            channel="phone",
            category=TipCategory.objects.get(code="theft"),
            summary="Mất trộm xe máy",
            received_on=date(2025, 5, 1),
            due_on=date(2025, 5, 21),
        )

    def count_visible(self, user):
        return tip_list(user).count()


def test_workflow_and_messages_of_another_commune_are_404_in_the_api(api_client, tree, users):
    theirs = TestTipScoping().make_record(tree.b, "Marker-Bravo")
    api = api_client.as_user(users.a_editor)
    for step, body in (
        ("verify", {}),
        ("extend", {"reason": "x"}),
        ("transfer", {"to_area_id": tree.a.pk, "reason": "x"}),
        ("transfer", {"to_area_id": 999999, "reason": "x"}),
        ("close", {"reason": "x"}),
        ("messages", {"body": "x"}),
    ):
        response = api.post(f"/api/v1/tips/{theirs.pk}/{step}", body)
        assert response.status_code == 404, step
        assert "Marker-Bravo" not in response.content.decode()
    for path in ("events", "messages", "history"):
        assert api.get(f"/api/v1/tips/{theirs.pk}/{path}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "received" and not theirs.events.exists()
