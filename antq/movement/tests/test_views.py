import io
from datetime import date

from openpyxl import load_workbook

from antq.movement.models import MovementModel, TeamMember
from antq.movement.tests.helpers import category, make_model, make_team


def test_model_list_page_query_count_does_not_grow_with_rows(
    client, tree, users, django_assert_max_num_queries
):
    client.force_login(users.p_approver)
    for i in range(3):
        make_model(users.a_editor, tree.a, name=f"A{i}")
    with django_assert_max_num_queries(12) as few:
        response = client.get("/movement/models/")
    assert response.status_code == 200
    source = MovementModel.objects.first()
    for i in range(40):
        make_model(users.b_editor, tree.b, name=f"B{i}", category=category(), replicated_from=None)
    make_model(users.p_approver, tree.b, name="R", replicated_from=source)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/movement/models/")


def test_the_model_page_shows_status_history_and_changes_status(client, tree, users):
    model = make_model(users.a_editor, tree.a, started_on=date(2023, 1, 1))
    client.force_login(users.a_editor)
    page = client.get(model.get_absolute_url()).content.decode()
    assert 'id="status-history"' in page and 'id="status-form"' in page
    url = f"/movement/models/{model.pk}/status/"
    assert client.get(url).status_code == 405
    response = client.post(
        url, {"status": "terminated", "on": "2024-02-02", "reason": ""}, follow=True
    )
    assert response.status_code == 200
    model.refresh_from_db()
    assert model.status == "active"
    client.post(url, {"status": "effective", "on": "2024-02-02", "reason": "Hiệu quả rõ"})
    model.refresh_from_db()
    assert model.status == "effective" and model.status_changes.count() == 2
    page = client.get(model.get_absolute_url()).content.decode()
    assert "Hiệu quả rõ" in page
    client.force_login(users.a_viewer)
    assert client.post(url, {"status": "ineffective"}).status_code == 403
    assert 'id="status-form"' not in client.get(model.get_absolute_url()).content.decode()


def test_the_model_form_has_no_status_and_creates_with_history(client, tree, users):
    client.force_login(users.a_editor)
    form = client.get("/movement/models/new/").content.decode()
    assert 'name="status"' not in form and 'name="status_reason"' not in form
    response = client.post(
        "/movement/models/new/",
        {
            "area": tree.a1.pk,
            "name": "Tổ an ninh tự quản",
            "category": category("security_self_management").pk,
            "started_on": "2024-01-15",
            "recognition_level": "none",
            "status": "terminated",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    model = MovementModel.objects.get()
    assert model.status == "active" and model.status_changes.count() == 1
    bad = client.post(
        f"/movement/models/{model.pk}/edit/",
        {
            "area": tree.a1.pk,
            "name": "X",
            "category": model.category_id,
            "started_on": "2024-01-15",
            "ended_on": "2023-01-01",
            "recognition_level": "none",
        },
    )
    assert bad.status_code == 422 and "invalid-feedback" in bad.content.decode()


def test_replications_shown_on_the_page_are_scoped(client, tree, users):
    source = make_model(users.a_editor, tree.a, name="Mô hình gốc")
    make_model(users.a_editor, tree.a1, name="Bản sao ở thôn 1", replicated_from=source)
    far = make_model(users.p_approver, tree.b, name="Bản sao ở phường", replicated_from=source)
    client.force_login(users.a_viewer)
    page = client.get(source.get_absolute_url()).content.decode()
    assert 'data-count="1"' in page
    assert "Bản sao ở thôn 1" in page and "Bản sao ở phường" not in page
    client.force_login(users.p_approver)
    assert 'data-count="2"' in client.get(source.get_absolute_url()).content.decode()
    client.force_login(users.b_editor)
    page = client.get(far.get_absolute_url()).content.decode()
    assert "Mô hình gốc" not in page and 'data-field="replicated_from"' in page


def test_members_are_managed_on_the_team_page(client, tree, users):
    team = make_team(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    page = client.get(team.get_absolute_url()).content.decode()
    assert 'id="member-form"' in page
    added = client.post(
        f"/movement/teams/{team.pk}/members/new/",
        {
            "member-full_name": "Hoàng Thị E",
            "member-role_in_team": "leader",
            "member-phone": "0905 123 456",
        },
    )
    assert added.status_code == 302
    member = TeamMember.objects.get()
    bad = client.post(
        f"/movement/teams/{team.pk}/members/new/",
        {"member-full_name": "X", "member-role_in_team": "member", "member-phone": "call me"},
    )
    assert bad.status_code == 422 and "invalid-feedback" in bad.content.decode()
    edited = client.post(
        f"/movement/teams/members/{member.pk}/edit/",
        {"member-full_name": "Hoàng Thị E", "member-role_in_team": "deputy", "member-phone": ""},
    )
    assert edited.status_code == 302
    member.refresh_from_db()
    assert member.role_in_team == "deputy" and member.phone == ""
    page = client.get(team.get_absolute_url()).content.decode()
    assert "Hoàng Thị E" in page
    export = client.get(f"/movement/teams/{team.pk}/members/export.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == team.pk and rows[1][2] == "Hoàng Thị E"
    assert client.post(f"/movement/teams/members/{member.pk}/delete/").status_code == 302
    assert not TeamMember.objects.exists()


def test_navigation_and_admin(client, tree, users, admin_user):
    client.force_login(users.a_viewer)
    page = client.get("/").content.decode()
    assert "/movement/models/" in page and "/movement/teams/" in page
    client.force_login(admin_user)
    response = client.get("/admin/movement/modelcategory/")
    assert response.status_code == 200 and "rural_road_lighting" in response.content.decode()
