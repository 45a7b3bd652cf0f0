"""The inbox, the tip page with its steps, and the API's workflow endpoints."""

import re
from datetime import timedelta

from django.utils import timezone

from antq.formats import format_date
from antq.tips.models import Tip
from antq.tips.services import messages as message_services
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import category, make_tip, on


def today():
    return timezone.localdate()


def _codes_in_order(body, tips):
    positions = {t.code: body.index(t.code) for t in tips}
    return sorted(positions, key=positions.get)


def _inbox(tree, users):
    """Tips in commune A in every kind of urgency."""
    a = users.a_editor
    overdue = make_tip(a, tree.a, received_on=on("2025-01-01"))  # due 2025-01-21
    very_overdue = make_tip(a, tree.a, received_on=on("2024-06-01"))
    soon = make_tip(a, tree.a, received_on=today() - timedelta(days=17))  # 3 days left
    later = make_tip(a, tree.a, received_on=today())
    suspended = make_tip(a, tree.a, received_on=on("2025-05-01"))
    workflow_services.tip_start_verifying(acting_user=a, tip=suspended, on=on("2025-05-01"))
    workflow_services.tip_suspend(acting_user=a, tip=suspended, reason="Chờ", on=on("2025-05-02"))
    settled = make_tip(a, tree.a, received_on=on("2025-04-01"), channel="letter")
    workflow_services.tip_close_not_crime(
        acting_user=a, tip=settled, reason="Dân sự", on=on("2025-04-02")
    )
    return very_overdue, overdue, soon, later, suspended, settled


def test_the_inbox_is_sorted_by_urgency(client, api_client, tree, users):
    expected = _inbox(tree, users)
    client.force_login(users.a_viewer)
    body = client.get("/tips/").content.decode()
    assert _codes_in_order(body, expected) == [t.code for t in expected]
    assert body.count('data-overdue="1"') == 2
    items = api_client.as_user(users.a_viewer).get("/api/v1/tips/").json()["items"]
    assert [i["code"] for i in items] == [t.code for t in expected]
    assert [i["overdue"] for i in items] == [True, True, False, False, False, False]
    assert items[2]["days_left"] == 3


def test_inbox_filters(client, api_client, tree, users):
    very_overdue, overdue, soon, later, suspended, settled = _inbox(tree, users)
    theirs = make_tip(users.b_editor, tree.b, channel="press", legal_kind="crime_report")
    workflow_services.tip_assign(acting_user=users.a_editor, tip=soon, assignee=users.a_editor)
    api = api_client.as_user(users.p_approver)

    def codes(**params):
        response = api.get("/api/v1/tips/", **params)
        assert response.status_code == 200, response.content
        return {i["code"] for i in response.json()["items"]}

    assert codes(overdue="true") == {overdue.code, very_overdue.code}
    assert theirs.code in codes(overdue="false") and overdue.code not in codes(overdue="false")
    assert codes(status="suspended") == {suspended.code}
    assert codes(channel="letter") == {settled.code}
    assert codes(legal_kind="crime_report") == {theirs.code}
    assert codes(category="fraud", area=tree.b.pk) == {theirs.code}
    assert codes(received_after="2025-01-01", received_before="2025-01-31") == {overdue.code}
    assert len(codes(area=tree.a.pk)) == 6
    assert codes(mine="true", area=tree.a.pk) == set()
    api.as_user(users.a_editor)
    assert codes(mine="true") == {soon.code}
    assert api.get("/api/v1/tips/", area=tree.q.pk).status_code == 404
    assert api.get("/api/v1/tips/", received_after="soon").status_code == 422
    client.force_login(users.a_viewer)
    body = client.get("/tips/", {"overdue": "true"}).content.decode()
    assert overdue.code in body and later.code not in body


def test_inbox_query_count_does_not_grow(client, tree, users, django_assert_max_num_queries):
    client.force_login(users.p_approver)
    for _ in range(3):
        workflow_services.tip_assign(
            acting_user=users.a_editor,
            tip=make_tip(users.a_editor, tree.a),
            assignee=users.a_editor,
        )
    with django_assert_max_num_queries(12) as few:
        assert client.get("/tips/").status_code == 200
    for i in range(30):
        tip = make_tip(users.b_editor, tree.b, category=category("theft" if i % 2 else "drugs"))
        workflow_services.tip_assign(acting_user=users.b_editor, tip=tip, assignee=users.b_editor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/tips/")


def test_the_tip_page_shows_the_clock_timeline_and_steps(client, tree, users):
    tip = make_tip(users.a_editor, tree.a, received_on=on("2025-01-01"))
    message_services.tip_send_message(
        acting_user=users.a_editor, tip=tip, body="Xin cho biết số tài khoản"
    )
    client.force_login(users.a_editor)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert 'data-due="2025-01-21"' in page and 'id="overdue-badge"' in page
    assert 'data-event="received"' in page and "Xin cho biết số tài khoản" in page
    assert 'data-step="verify"' in page and 'data-step="extend"' not in page
    assert 'id="message-form"' in page
    client.force_login(users.a_viewer)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert 'data-step="verify"' not in page and 'id="message-form"' not in page


def test_the_clock_on_the_page_tells_when_to_ask_for_an_extension(client, tree, users):
    received = today() - timedelta(days=10)
    tip = make_tip(users.a_editor, tree.a, received_on=received)
    workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=tip, on=received)
    client.force_login(users.a_editor)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert 'data-days-left="10"' in page
    request_by = format_date(received + timedelta(days=15), "vi")
    assert request_by in page  # 5 days before the due date
    assert 'data-step="extend"' in page


def test_steps_through_the_page(client, tree, users):
    tip = make_tip(users.a_editor, tree.a)
    url = f"/tips/{tip.pk}/verify/"
    client.force_login(users.a_viewer)
    assert client.post(url, {}).status_code == 403
    client.force_login(users.a_editor)
    assert client.get(url).status_code == 405
    assert client.post(url, {}).status_code == 302
    tip.refresh_from_db()
    assert tip.status == "verifying"
    # an impossible step changes nothing and says why
    response = client.post(f"/tips/{tip.pk}/resume/", {}, follow=True)
    assert response.status_code == 200
    tip.refresh_from_db()
    assert tip.status == "verifying"
    said = list(response.context["messages"])[-1]
    assert said.level_tag == "error"
    client.post(f"/tips/{tip.pk}/extend/", {"extend-reason": "Phức tạp"})
    tip.refresh_from_db()
    assert (tip.status, tip.extensions) == ("extended", 1)
    client.post(f"/tips/{tip.pk}/extend/", {"extend-reason": "Cần giám định"})
    tip.refresh_from_db()
    assert tip.extensions == 1  # the second needs the procuracy's approval
    client.post(
        f"/tips/{tip.pk}/extend/",
        {"extend-reason": "Cần giám định", "extend-procuracy_approved": "on"},
    )
    tip.refresh_from_db()
    assert tip.extensions == 2
    response = client.post(
        f"/tips/{tip.pk}/decide/", {"decide-prosecute": "0", "decide-notes": "Không có dấu hiệu"}
    )
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == "decided_not_prosecute" and tip.decided_on == today()


def test_transfer_through_the_page_to_the_province(client, tree, users):
    tip = make_tip(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert f'<option value="{tree.p.pk}">' in page  # the province above is offered
    response = client.post(
        f"/tips/{tip.pk}/transfer/",
        {"transfer-higher": tree.p.pk, "transfer-reason": "Thẩm quyền của Công an tỉnh"},
    )
    assert response.status_code == 302 and response["Location"] == "/tips/"
    tip.refresh_from_db()
    assert tip.area == tree.p
    assert client.get(tip.get_absolute_url()).status_code == 404
    client.force_login(users.p_approver)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert 'data-event="transferred"' in page and tree.a.name in page
    response = client.post(
        f"/tips/{tip.pk}/transfer/",
        {"transfer-to_area": tree.b.pk, "transfer-reason": "Nơi xảy ra"},
    )
    tip.refresh_from_db()
    assert tip.area == tree.b


def test_entry_and_edit_pages(client, tree, users):
    client.force_login(users.a_editor)
    page = client.get(f"/tips/new/?area={tree.a.pk}").content.decode()
    assert 'name="reporter_name"' in page and 'name="place_area"' in page
    response = client.post(
        "/tips/new/",
        {
            "area": tree.a.pk,
            "legal_kind": "crime_report",
            "channel": "mass_organisation",
            "category": category("violence").pk,
            "received_on": "2025-08-19",
            "occurred_place": "Thôn 1",
            "place_area": tree.a1.pk,
            "summary": "Hội Phụ nữ báo tin bạo lực gia đình",
        },
    )
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert (tip.place_area, tip.due_on, tip.has_identity) == (tree.a1, on("2025-09-08"), False)
    page = client.get(f"/tips/{tip.pk}/edit/").content.decode()
    assert 'name="reporter_name"' not in page
    response = client.post(
        f"/tips/{tip.pk}/edit/",
        {
            "area": tree.a.pk,
            "legal_kind": "crime_report",
            "channel": "mass_organisation",
            "category": category("violence").pk,
            "received_on": "2025-08-18",
            "summary": "Hội Phụ nữ báo tin bạo lực gia đình",
        },
    )
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.due_on == on("2025-09-07") and tip.place_area is None
    client.force_login(users.a_viewer)
    assert client.get(f"/tips/{tip.pk}/edit/").status_code == 403


def test_messages_through_the_page(client, tree, users):
    tip = make_tip(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    response = client.post(f"/tips/{tip.pk}/messages/", {"message-body": "Anh/chị còn ảnh chụp?"})
    assert response.status_code == 302
    assert tip.messages.get().body == "Anh/chị còn ảnh chụp?"
    assert client.get(f"/tips/{tip.pk}/messages/").status_code == 405


def test_the_api_workflow(api_client, tree, users):
    users.a_editor.full_name, users.a_editor.position = "Lê Văn Cường", "Công an viên"
    users.a_editor.save()
    tip = make_tip(users.a_editor, tree.a, received_on=on("2025-03-01"))
    api = api_client.as_user(users.a_editor)
    base = f"/api/v1/tips/{tip.pk}"
    response = api.post(f"{base}/resume", {})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"
    assert api.post(f"{base}/verify", {"on": "2025-03-02"}).json()["status"] == "verifying"
    first = api.post(f"{base}/extend", {"reason": "Phức tạp", "on": "2025-03-10"}).json()
    assert (first["extensions"], first["due_on"]) == (1, "2025-05-01")
    refused = api.post(f"{base}/extend", {"reason": "Thêm", "on": "2025-04-25"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "procuracy_approved"
    assert api.post(f"{base}/assign", {"assignee_id": users.b_editor.pk}).status_code == 422
    bad = api.post(f"{base}/assign", {"assignee_id": users.b_editor.pk}).json()
    assert bad["errors"][0]["field"] == "assignee_id"
    assert api.patch(base, {"area_id": tree.p.pk}).json()["errors"][0]["field"] == "area_id"
    response = api.post(f"{base}/messages", {"body": "Xin gửi thêm ảnh"})
    assert response.status_code == 201 and response.json()["from_staff"] is True
    (message,) = api.get(f"{base}/messages").json()
    assert (message["body"], message["by"]) == ("Xin gửi thêm ảnh", users.a_editor.username)
    assert message["by_name"] == "Lê Văn Cường, Công an viên"
    moved = api.post(
        f"{base}/transfer", {"to_area_id": tree.p.pk, "reason": "Tỉnh", "on": "2025-03-12"}
    )
    assert moved.status_code == 200 and moved.json()["area_id"] == tree.p.pk
    assert api.get(base).status_code == 404  # gone from the commune
    province = api_client.as_user(users.p_approver)
    events = province.get(f"{base}/events").json()
    assert [e["kind"] for e in events] == ["received", "verifying", "extended", "transferred"]
    assert events[-1]["by_name"] == "Lê Văn Cường, Công an viên"
    province.post(f"{base}/verify", {"on": "2025-03-13"})
    done = province.post(f"{base}/decide", {"prosecute": False, "on": "2025-03-20"}).json()
    assert (done["status"], done["decided_on"], done["due_on"]) == (
        "decided_not_prosecute",
        "2025-03-20",
        None,
    )


def test_deleting_through_the_api(api_client, tree, users):
    mistake = make_tip(users.a_editor, tree.a)
    worked = make_tip(users.a_editor, tree.a)
    workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=worked)
    api = api_client.as_user(users.a_editor)
    assert api.delete(f"/api/v1/tips/{worked.pk}").status_code == 403
    assert api.delete(f"/api/v1/tips/{mistake.pk}").status_code == 204
    assert list(Tip.objects.values_list("pk", flat=True)) == [worked.pk]


def test_navigation_has_tips(client, users):
    client.force_login(users.a_viewer)
    body = client.get("/").content.decode()
    assert re.search(r'href="/tips/"[^>]*>', body)


def test_an_expired_time_limit_offers_no_extension(client, tree, users):
    tip = make_tip(users.a_editor, tree.a, received_on=on("2025-01-01"))
    workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=tip, on=on("2025-01-02"))
    client.force_login(users.a_editor)
    page = client.get(tip.get_absolute_url()).content.decode()
    assert 'id="overdue-badge"' in page
    assert 'data-step="extend"' not in page and 'data-step="decide"' in page
    assert "2025-01-16" not in page  # no "ask for an extension by" on an expired limit


def test_a_tip_that_must_stay_is_not_deleted_and_the_page_says_why(client, tree, users):
    """The generic delete page turns the service's refusal into a message; nothing changes."""
    kept = make_tip(users.a_editor, tree.a)
    workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=kept)
    client.force_login(users.a_editor)
    en = {"accept-language": "en"}
    assert client.get(f"/tips/{kept.pk}/delete/").status_code == 200
    response = client.post(f"/tips/{kept.pk}/delete/", {"reason": "Nhầm"}, headers=en)
    assert response.status_code == 302 and response["Location"] == kept.get_absolute_url()
    page = client.get(response["Location"], headers=en).content.decode()
    assert "Only a tip entered by mistake, before any work on it, can be deleted." in page
    kept.refresh_from_db()
    assert kept.status == "verifying" and kept.history.count() == 2
    mistake = make_tip(users.a_editor, tree.a)
    response = client.post(f"/tips/{mistake.pk}/delete/", {"reason": "Nhập trùng"})
    assert response.status_code == 302 and response["Location"] == "/tips/"
    assert not Tip.objects.filter(pk=mistake.pk).exists()
