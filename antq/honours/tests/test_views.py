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


def _former_communes(tree):
    """Two former provinces' communes, ended on 30 June 2025: X merged into commune A of
    province P, W into a commune of province Q."""
    from antq.areas.models import AreaSuccession
    from antq.core.testing.factories import make_area

    gone = {"valid_to": date(2025, 6, 30)}
    old_p = make_area(tree.country, name="Tỉnh Cũ P", code="44C", **gone)
    old_q = make_area(tree.country, name="Tỉnh Cũ Q", code="46C", **gone)
    x = make_area(old_p, name="Xã Hoa Thủy", code="19001", **gone)
    w = make_area(old_q, name="Xã Hương Vinh", code="19801", **gone)
    q_commune = make_area(tree.q, name="Phường Hương Trà", code="19802")
    for pred, succ in ((x, tree.a), (w, q_commune)):
        AreaSuccession.objects.create(
            predecessor=pred, successor=succ, is_default=True, kind="merged"
        )
    return x, w


def _agreement(tree, parties, day):
    return {
        "area": tree.a.pk,
        "title": "Giao ước thi đua năm 2022",
        "party_areas": [p.pk for p in parties],
        "signed_on": day.isoformat(),
        "period_from": "2022-01-01",
        "period_to": "2022-12-31",
        "targets": "Không để xảy ra tội phạm nghiêm trọng",
    }


def test_an_agreement_of_2022_is_signed_by_the_former_units_of_the_province(client, tree, users):
    """The province's approver is offered the former commune X (now part of A) and an agreement
    of 2022 with it is accepted; the former commune W of another province is refused, as is X
    for an agreement signed after it ended."""
    from antq.honours.models import EmulationAgreement

    x, w = _former_communes(tree)
    client.force_login(users.p_approver)
    form = client.get("/honours/agreements/new/", **EN).content.decode()
    assert "Xã Hoa Thủy (until 30/06/2025)" in form and f'value="{x.pk}"' in form
    assert "Xã Hương Vinh" not in form
    refused = client.post(
        "/honours/agreements/new/", _agreement(tree, [w, tree.a], date(2022, 5, 10)), **EN
    )
    assert refused.status_code == 422 and "party_areas" in refused.context["form"].errors
    late = client.post(
        "/honours/agreements/new/", _agreement(tree, [x, tree.a], date(2025, 9, 1)), **EN
    )
    assert late.status_code == 422
    assert "Xã Hoa Thủy (19001) was not in force on 01/09/2025" in late.content.decode()
    assert not EmulationAgreement.objects.exists()
    page = client.post(
        "/honours/agreements/new/", _agreement(tree, [x, tree.a], date(2022, 5, 10)), **EN
    )
    assert page.status_code == 302
    agreement = EmulationAgreement.objects.get()
    assert set(agreement.party_areas.all()) == {x, tree.a}
    # its form offers the units in force on its day, X among them
    edit = client.get(f"/honours/agreements/{agreement.pk}/edit/", **EN).content.decode()
    assert f'value="{x.pk}" selected' in edit
    # moved to a day after X ended, with X still a party: refused, nothing changed
    moved = client.post(
        f"/honours/agreements/{agreement.pk}/edit/",
        _agreement(tree, [x, tree.a], date(2025, 9, 1)),
        **EN,
    )
    assert moved.status_code == 422
    agreement.refresh_from_db()
    assert agreement.signed_on == date(2022, 5, 10)
