import pytest

from antq.movement.models import Team, TeamMember
from antq.movement.selectors import team_counts


@pytest.fixture
def members(tree):
    team_a = Team.objects.create(area=tree.a1, name="Tổ A", kind="security_self_governing")
    team_b = Team.objects.create(area=tree.b, name="Tổ B", kind="security_self_governing")
    return (
        TeamMember.objects.create(team=team_a, full_name="Nguyễn Văn An", phone="0912 000 001"),
        TeamMember.objects.create(team=team_b, full_name="Trần Thị Bình", phone="0912 000 002"),
    )


def test_members_of_another_commune_are_404_through_the_api(api_client, users, members):
    mine, other = members
    api = api_client.as_user(users.a_editor)
    assert api.get(f"/api/v1/team-members/{mine.pk}").status_code == 200
    assert api.get(f"/api/v1/teams/{mine.team_id}/members").json()["count"] == 1
    for response in (
        api.get(f"/api/v1/team-members/{other.pk}"),
        api.patch(f"/api/v1/team-members/{other.pk}", {"phone": "0999"}),
        api.delete(f"/api/v1/team-members/{other.pk}"),
        api.get(f"/api/v1/teams/{other.team_id}/members"),
        api.post(f"/api/v1/teams/{other.team_id}/members", {"full_name": "X"}),
    ):
        assert response.status_code == 404
        assert "Bình" not in response.content.decode()
        assert "0912 000 002" not in response.content.decode()
    other.refresh_from_db()
    assert other.phone == "0912 000 002"
    assert TeamMember.objects.filter(team=other.team).count() == 1


def test_members_of_another_commune_are_404_in_the_ui(client, users, members):
    mine, other = members
    client.force_login(users.a_editor)
    page = client.get(f"/movement/teams/{mine.team_id}/").content.decode()
    assert "Nguyễn Văn An" in page and "0912 000 001" in page
    assert client.get(f"/movement/teams/{other.team_id}/").status_code == 404
    for url in (
        f"/movement/teams/{other.team_id}/members/new/",
        f"/movement/teams/{other.team_id}/members/export.xlsx",
        f"/movement/teams/members/{other.pk}/edit/",
        f"/movement/teams/members/{other.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"member-full_name": "X"}).status_code == 404, url
    assert TeamMember.objects.filter(pk=other.pk).exists()


def test_a_viewer_sees_members_but_may_not_change_them(api_client, client, users, members):
    mine, _other = members
    api = api_client.as_user(users.a_viewer)
    assert api.get(f"/api/v1/team-members/{mine.pk}").json()["phone"] == "0912 000 001"
    assert api.patch(f"/api/v1/team-members/{mine.pk}", {"phone": "1"}).status_code == 403
    assert api.delete(f"/api/v1/team-members/{mine.pk}").status_code == 403
    client.force_login(users.a_viewer)
    page = client.get(f"/movement/teams/{mine.team_id}/").content.decode()
    assert 'id="member-form"' not in page
    assert client.post(f"/movement/teams/members/{mine.pk}/delete/").status_code == 403


def test_member_counts_and_province_view(users, members):
    assert team_counts(users.a_viewer)["members"] == 1
    assert team_counts(users.p_approver)["members"] == 2
    nothing = team_counts(users.nobody)
    assert (nothing["teams"], nothing["members"]) == (0, 0)
