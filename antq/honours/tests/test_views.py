"""The commendation pages as users meet them: nominate through the form, approve or reject on
the commendation's page, the lock, and the refusals said in the page."""

from datetime import date

from antq.honours.models import Commendation
from antq.honours.tests.helpers import AUTHORITY, approve, commune_approver, individual, nominate

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _form(tree, **extra):
    return {
        "area": tree.a1.pk,
        "recipient_kind": "area",
        "award_form": "certificate_of_commendation",
        "authority_level": "commune",
        "authority_name": "Chủ tịch UBND xã Hòa Bình",
        "period_year": "2025",
        "achievement": "Thôn tiêu biểu",
    } | extra


def test_nominate_through_the_form(client, tree, users):
    client.force_login(users.a_editor)
    form = client.get("/honours/commendations/new/", **EN).content.decode()
    assert 'data-kind-only="individual"' in form and "decision_number" not in form
    page = client.post("/honours/commendations/new/", _form(tree, period_year=""), **EN)
    assert page.status_code == 422
    assert "Give the year, or the period from … to …." in page.content.decode()
    page = client.post(
        "/honours/commendations/new/", _form(tree, recipient_kind="individual"), **EN
    )
    assert page.status_code == 422 and "Give the full name" in page.content.decode()
    page = client.post("/honours/commendations/new/", _form(tree), **EN)
    assert page.status_code == 302
    commendation = Commendation.objects.get()
    assert commendation.collective_name == "Thôn 1" and commendation.status == "nominated"
    detail = client.get(page["Location"], **EN).content.decode()
    assert 'id="approve-form"' not in detail and 'id="awaiting"' in detail


def test_approve_and_reject_on_the_page(client, tree, users):
    first, second = nominate(users.a_editor, tree.a), nominate(users.a_editor, tree.a1)
    own = commune_approver(tree.a)
    client.force_login(own)
    assert (
        'id="approve-form"'
        not in client.get(f"/honours/commendations/{first.pk}/").content.decode()
    )
    decision = {"decision_number": "45/QĐ-UBND", "decision_date": "2025-08-15"}
    assert client.post(f"/honours/commendations/{first.pk}/approve/", decision).status_code == 403
    client.force_login(users.p_approver)
    assert 'id="approve-form"' in client.get(f"/honours/commendations/{first.pk}/").content.decode()
    client.post(f"/honours/commendations/{first.pk}/approve/", decision)
    page = client.post(
        f"/honours/commendations/{second.pk}/approve/",
        decision | {"decision_date": "2025-08-16"},
        follow=True,
        **EN,
    ).content.decode()
    assert "already recorded with the date 15/08/2025" in page
    client.post(f"/honours/commendations/{second.pk}/reject/", {"reason": "Chưa đủ"})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    client.force_login(users.a_editor)
    page = client.get(f"/honours/commendations/{second.pk}/").content.decode()
    assert 'id="renominate-form"' in page
    client.post(f"/honours/commendations/{second.pk}/renominate/", {"reason": "Bổ sung hồ sơ"})
    second.refresh_from_db()
    assert second.status == "nominated"


def test_an_approved_commendation_is_locked_in_the_pages(client, tree, users):
    commendation = approve(users.p_approver, individual(users.a_editor, tree.a))
    client.force_login(users.a_editor)
    page = client.get(f"/honours/commendations/{commendation.pk}/", **EN).content.decode()
    assert 'id="locked"' in page and f"/honours/commendations/{commendation.pk}/edit/" not in page
    for get_or_post in (client.get, client.post):
        edit = get_or_post(f"/honours/commendations/{commendation.pk}/edit/", follow=True, **EN)
        assert "locked: only an administrator may change it" in edit.content.decode()
    deleted = client.post(f"/honours/commendations/{commendation.pk}/delete/", follow=True, **EN)
    assert "locked" in deleted.content.decode()
    client.force_login(users.admin)
    form = client.get(f"/honours/commendations/{commendation.pk}/edit/", **EN).content.decode()
    assert 'name="reason"' in form and 'value="45/QĐ-UBND"' in form
    data = _form(
        tree,
        area=tree.a.pk,
        recipient_kind="individual",
        recipient_name="Nguyễn Văn An",
        recipient_position="Trưởng thôn 1",
        authority_level="province",
        authority_name=AUTHORITY,
        award_form="certificate_of_merit",
        decision_number="45/QĐ-UBND",
        decision_date="2025-08-15",
        achievement="Thành tích đã sửa",
        reason="Sửa thành tích theo quyết định",
    )
    assert client.post(f"/honours/commendations/{commendation.pk}/edit/", data).status_code == 302
    commendation.refresh_from_db()
    assert commendation.achievement == "Thành tích đã sửa"
    assert commendation.decision_date == date(2025, 8, 15)


def test_the_api_flow(api_client, tree, users):
    api = api_client.as_user(users.a_editor)
    body = {
        "area_id": tree.a.pk,
        "recipient_kind": "individual",
        "recipient_name": "Lê Thị Hoa",
        "recipient_position": "Chi hội trưởng phụ nữ",
        "award_form": "certificate_of_merit",
        "authority_level": "province",
        "authority_name": AUTHORITY,
        "period_year": 2025,
        "achievement": "Vận động nhân dân",
    }
    created = api.post("/api/v1/commendations/", body).json()
    assert created["status"] == "nominated" and created["period_from"] == "2025-01-01"
    decision = {"decision_number": "45/QĐ-UBND", "decision_date": "2025-08-15"}
    assert api.post(f"/api/v1/commendations/{created['id']}/approve", decision).status_code == 403
    approver = api_client.as_user(users.p_approver)
    approved = approver.post(f"/api/v1/commendations/{created['id']}/approve", decision)
    assert approved.json()["status"] == "approved"
    locked = api_client.as_user(users.a_editor).patch(
        f"/api/v1/commendations/{created['id']}", {"achievement": "x"}
    )
    assert locked.status_code == 422 and locked.json()["errors"][0]["field"] == "status"
    steps = approver.get(f"/api/v1/commendations/{created['id']}/status-changes").json()
    assert [s["to_status"] for s in steps] == ["approved", "nominated"]
    figures = approver.get("/api/v1/commendations/figures", **{"from": "2025-01-01"}).json()
    assert (figures["total"], figures["individual"], figures["collective"]) == (1, 1, 0)
