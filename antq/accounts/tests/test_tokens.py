"""API tokens: one per client name, revoked when the password changes, listed and revoked by
their owner."""

from antq.accounts.models import ApiToken

GOOD = "pass-word-123"


def issue(client, username, client_name=None):
    body = {"username": username, "password": GOOD}
    if client_name is not None:
        body["client"] = client_name
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_issuing_again_for_a_client_replaces_its_token(client, users):
    first = issue(client, "a_viewer")
    second = issue(client, "a_viewer")
    assert ApiToken.objects.filter(user=users.a_viewer).count() == 1
    assert client.get("/api/v1/areas/", headers=bearer(first)).status_code == 401
    assert client.get("/api/v1/areas/", headers=bearer(second)).status_code == 200
    other = issue(client, "a_viewer", "reporting-tool")
    assert ApiToken.objects.filter(user=users.a_viewer).count() == 2
    assert client.get("/api/v1/areas/", headers=bearer(other)).status_code == 200
    assert client.get("/api/v1/areas/", headers=bearer(second)).status_code == 200


def test_a_client_name_too_long_is_a_422(client, users):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "a_viewer", "password": GOOD, "client": "x" * 61},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "client"
    assert not ApiToken.objects.exists()


def test_a_password_change_revokes_every_token(client, users):
    tokens = [issue(client, "a_viewer"), issue(client, "a_viewer", "other")]
    issue(client, "a_editor")
    users.a_viewer.set_password("another-pass-456")
    users.a_viewer.save()
    for token in tokens:
        assert client.get("/api/v1/areas/", headers=bearer(token)).status_code == 401
    assert ApiToken.objects.filter(user=users.a_editor).count() == 1


def test_saving_a_user_without_a_new_password_keeps_the_tokens(client, users):
    token = issue(client, "a_viewer")
    users.a_viewer.position = "Trưởng thôn"
    users.a_viewer.save()
    assert client.get("/api/v1/areas/", headers=bearer(token)).status_code == 200


def test_the_password_change_page_revokes_the_tokens(client, users):
    token = issue(client, "a_viewer")
    client.force_login(users.a_viewer)
    from django.contrib.auth.forms import PasswordChangeForm

    form = PasswordChangeForm(
        users.a_viewer,
        {
            "old_password": GOOD,
            "new_password1": "N3w-pass-word!",
            "new_password2": "N3w-pass-word!",
        },
    )
    assert form.is_valid(), form.errors
    form.save()
    assert client.get("/api/v1/areas/", headers=bearer(token)).status_code == 401


def test_owners_list_and_revoke_their_own_tokens_through_the_api(client, users):
    mine = issue(client, "a_viewer", "one")
    issue(client, "a_viewer", "two")
    theirs = issue(client, "a_editor")
    listed = client.get("/api/v1/auth/tokens", headers=bearer(mine)).json()
    assert sorted(t["client"] for t in listed) == ["one", "two"]
    assert all("token" not in t and "digest" not in t for t in listed)
    their_id = ApiToken.objects.get(user=users.a_editor).pk
    assert client.delete(f"/api/v1/auth/tokens/{their_id}", headers=bearer(mine)).status_code == 404
    assert client.get("/api/v1/areas/", headers=bearer(theirs)).status_code == 200
    two = next(t["id"] for t in listed if t["client"] == "two")
    assert client.delete(f"/api/v1/auth/tokens/{two}", headers=bearer(mine)).status_code == 204
    assert [
        t["client"] for t in client.get("/api/v1/auth/tokens", headers=bearer(mine)).json()
    ] == ["one"]


def test_owners_list_and_revoke_their_tokens_on_their_page(client, users):
    token = issue(client, "a_viewer", "spreadsheet")
    issue(client, "a_editor", "not-mine")
    client.force_login(users.a_viewer)
    page = client.get("/accounts/tokens/").content.decode()
    assert "spreadsheet" in page and "not-mine" not in page
    pk = ApiToken.objects.get(user=users.a_viewer).pk
    assert client.get(f"/accounts/tokens/{pk}/revoke/").status_code == 405
    assert client.post(f"/accounts/tokens/{pk}/revoke/").status_code == 302
    their = ApiToken.objects.get(user=users.a_editor).pk
    assert client.post(f"/accounts/tokens/{their}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=their).exists()
    client.logout()  # the session would sign the API call in by itself
    assert client.get("/api/v1/areas/", headers=bearer(token)).status_code == 401


def test_the_migration_keeps_each_users_newest_token(users):
    import importlib
    from datetime import timedelta

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module(
        "antq.accounts.migrations.0003_apitoken_client_apitoken_one_token_per_client"
    )
    later = timezone.now() + timedelta(days=1)
    old = ApiToken.objects.create(user=users.a_viewer, client="a", digest="1", expires_at=later)
    new = ApiToken.objects.create(user=users.a_viewer, client="b", digest="2", expires_at=later)
    other = ApiToken.objects.create(user=users.a_editor, client="a", digest="3", expires_at=later)
    ApiToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    migration.keep_newest_token_per_user(apps, None)
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {new.pk, other.pk}
