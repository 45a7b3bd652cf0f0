from datetime import timedelta

from django.utils import timezone

from antq.accounts.models import ApiToken
from antq.core.scoping import Action, can, jurisdiction_paths


def test_token_for_good_credentials_only(client, users):
    ok = client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": "pass-word-123"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["token_type"] == "bearer"
    token = ok.json()["token"]
    assert not ApiToken.objects.filter(digest=token).exists()  # only the hash is kept
    bad = client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": "wrong"},
        content_type="application/json",
    )
    assert bad.status_code == 401
    missing = client.post(
        "/api/v1/auth/token", {"username": "a_viewer"}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "password"


def test_expired_token_is_401(client, users):
    token = client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": "pass-word-123"},
        content_type="application/json",
    ).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert (
        client.get("/api/v1/areas/", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_inactive_user_token_is_401(client, users):
    token = client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": "pass-word-123"},
        content_type="application/json",
    ).json()["token"]
    users.a_viewer.is_active = False
    users.a_viewer.save()
    assert (
        client.get("/api/v1/areas/", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


def test_session_auth_works_for_the_api(client, users):
    client.force_login(users.a_viewer)
    assert client.get("/api/v1/areas/").status_code == 200


def test_roles_rank_and_cover_the_subtree(tree, users):
    assert can(users.a_viewer, Action.VIEW, tree.a1)
    assert not can(users.a_viewer, Action.CHANGE, tree.a1)
    assert can(users.a_editor, Action.CHANGE, tree.a1)
    assert not can(users.a_editor, Action.APPROVE, tree.a)
    assert can(users.p_approver, Action.APPROVE, tree.b1)
    assert not can(users.p_approver, Action.VIEW, tree.q)
    assert not can(users.nobody, Action.VIEW, tree.a)
    assert can(users.admin, Action.ADMINISTER, tree.q)


def test_jurisdiction_keeps_only_the_topmost_paths(tree, users):
    from antq.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=users.p_approver, area=tree.a, role="viewer")
    users.p_approver.__dict__.pop("_antq_jurisdiction", None)
    assert jurisdiction_paths(users.p_approver) == (tree.p.path,)


def test_login_page_and_sign_in(client, users):
    assert client.get("/").url == "/report/"  # a visitor not signed in: the public portal
    response = client.post(
        "/accounts/login/", {"username": "a_viewer", "password": "pass-word-123"}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Xã Hòa Bình" in home.content.decode()
