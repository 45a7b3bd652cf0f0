"""Jurisdiction holds for emulation agreements and commendations, and their steps."""

from datetime import date

import pytest

from antq.core.testing.scoping import ScopedRecordContract
from antq.honours.models import Commendation, EmulationAgreement
from antq.honours.selectors import agreement_list, commendation_figures
from antq.honours.tests.helpers import individual


class TestAgreementScoping(ScopedRecordContract):
    ui_list_url = "/honours/agreements/"
    ui_detail_url = "/honours/agreements/{pk}/"
    ui_change_urls = ("/honours/agreements/{pk}/edit/", "/honours/agreements/{pk}/delete/")
    api_list_url = "/api/v1/emulation-agreements/"
    api_detail_url = "/api/v1/emulation-agreements/{pk}"
    export_urls = (
        "/honours/agreements/export.csv",
        "/honours/agreements/export.xlsx",
        "/api/v1/emulation-agreements/export?format=csv",
    )

    def make_record(self, area, marker):
        return EmulationAgreement.objects.create(
            area=area,
            title=f"Giao ước {marker}",
            signed_on=date(2025, 1, 5),
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
            targets="Mục tiêu",
        )

    def count_visible(self, user):
        return agreement_list(user).count()


class TestCommendationScoping(ScopedRecordContract):
    ui_list_url = "/honours/commendations/"
    ui_detail_url = "/honours/commendations/{pk}/"
    ui_change_urls = (
        "/honours/commendations/{pk}/edit/",
        "/honours/commendations/{pk}/delete/",
        "/honours/commendations/{pk}/approve/",
        "/honours/commendations/{pk}/reject/",
        "/honours/commendations/{pk}/renominate/",
    )
    api_list_url = "/api/v1/commendations/"
    api_detail_url = "/api/v1/commendations/{pk}"
    export_urls = (
        "/honours/commendations/export.csv",
        "/honours/commendations/export.xlsx",
        "/honours/commendations/award-list.xlsx",
        "/api/v1/commendations/export?format=xlsx",
        "/api/v1/commendations/award-list",
    )

    def make_record(self, area, marker):
        return Commendation.objects.create(
            area=area,
            recipient_kind="individual",
            recipient_name=f"Người {marker}",
            award_form="certificate_of_commendation",
            authority_level="commune",
            authority_name="Chủ tịch UBND xã",
            decision_number=f"QĐ-{area.code}",
            decision_date=date(2025, 8, 15),
            status="approved",
            period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31),
            achievement="Thành tích",
        )

    def count_visible(self, user):
        return commendation_figures(user)["total"]


def test_steps_on_another_communes_commendation_are_404(api_client, users, tree):
    other = individual(users.b_editor, tree.b)
    api = api_client.as_user(users.a_editor)
    for step, body in (
        ("approve", {"decision_number": "1", "decision_date": "2025-08-01"}),
        ("reject", {"reason": "x"}),
        ("renominate", {}),
    ):
        response = api.post(f"/api/v1/commendations/{other.pk}/{step}", body)
        assert response.status_code == 404, step
        assert "Nguyễn" not in response.content.decode()
    assert api.get(f"/api/v1/commendations/{other.pk}/status-changes").status_code == 404
    other.refresh_from_db()
    assert other.status == "nominated"


def test_an_individuals_name_is_not_kept_in_history(tree, users):
    person = individual(users.a_editor, tree.a, name="Trần Thị Bình", position="Công an viên")
    record = person.history.get()
    assert not hasattr(record, "recipient_name") and not hasattr(record, "recipient_position")
    assert "Trần Thị Bình" not in str(record.__dict__)


@pytest.mark.parametrize("url", ["/honours/commendations/", "/api/v1/commendations/"])
def test_nobody_sees_names_outside_their_jurisdiction(client, api_client, users, tree, url):
    individual(users.b_editor, tree.b, name="Lê Văn Cường")
    if url.startswith("/api"):
        body = api_client.as_user(users.a_viewer).get(url).content.decode()
    else:
        client.force_login(users.a_viewer)
        body = client.get(url).content.decode()
    assert "Lê Văn Cường" not in body
