"""Sign-in throttling on both sign-in paths: the form and the API token endpoint."""

import pytest
from django.core.management import call_command

from antq.accounts import services
from antq.core.testing.factories import make_user

pytestmark = pytest.mark.pg

GOOD = "pass-word-123"
TOKEN_URL = "/api/v1/auth/token"


def form_sign_in(client, username, password, address):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def api_sign_in(client, username, password, address, **headers):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
        **headers,
    )


def test_forty_wrong_passwords_lock_the_sign_in_form(client, users):
    for _ in range(40):
        form_sign_in(client, "a_viewer", "wrong", "198.51.100.1")
    response = form_sign_in(client, "a_viewer", GOOD, "198.51.100.1")
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    assert client.get("/").status_code == 302  # not signed in
    # the account is locked from any address, and the address for any account
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.77").status_code == 429
    assert form_sign_in(client, "a_editor", GOOD, "198.51.100.1").status_code == 429
    # another account from another address is not affected
    assert form_sign_in(client, "b_editor", GOOD, "198.51.100.2").status_code == 302
    assert client.get("/").status_code == 200


def test_forty_wrong_passwords_lock_the_token_endpoint(client, users):
    for _ in range(40):
        api_sign_in(client, "a_editor", "wrong", "198.51.100.3")
    response = api_sign_in(client, "a_editor", GOOD, "198.51.100.3", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert response["Content-Type"].startswith("application/json")
    assert "Too many failed sign-ins" in response.json()["detail"]
    assert response.json()["errors"] == []
    assert "token" not in response.json()
    vi = api_sign_in(client, "a_editor", GOOD, "198.51.100.3", HTTP_ACCEPT_LANGUAGE="vi")
    assert vi.status_code == 429 and "Too many" not in vi.json()["detail"]
    ok = api_sign_in(client, "b_editor", GOOD, "198.51.100.4")
    assert ok.status_code == 200 and ok.json()["token"]


def test_the_lock_counts_both_paths_together(client, users):
    for _ in range(5):
        form_sign_in(client, "a_viewer", "wrong", "198.51.100.5")
    for _ in range(5):
        api_sign_in(client, "a_viewer", "wrong", "198.51.100.6")
    assert api_sign_in(client, "a_viewer", GOOD, "198.51.100.7").status_code == 429


def test_the_limit_is_configurable(client, users, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        form_sign_in(client, "a_viewer", "wrong", "198.51.100.8")
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.9").status_code == 429


@pytest.mark.parametrize("trusted", [True, False])
def test_the_address_behind_a_trusted_proxy_is_the_forwarded_one(client, users, settings, trusted):
    settings.ANTQ_TRUSTED_PROXIES = ["10.0.0.0/8"] if trusted else []
    for i in range(10):
        api_sign_in(client, f"nobody-{i}", "wrong", "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # a client behind the same proxy with another forwarded address: locked only when the
    # proxy is not trusted (then every client behind it shares one address)
    other = api_sign_in(client, "b_editor", GOOD, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == (200 if trusted else 429)
    # a forwarded header from an untrusted client is not believed
    forged = api_sign_in(client, "a_editor", GOOD, "192.0.2.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert forged.status_code == 200


def lock(client, username, address):
    for _ in range(10):
        form_sign_in(client, username, "wrong", address)
    assert form_sign_in(client, username, GOOD, address).status_code == 429


def test_an_administrator_unlocks_an_account_on_the_page(client, tree, users):
    lock(client, "a_viewer", "198.51.100.10")
    admin = make_user(tree.a, "administrator", username="a_admin")
    client.force_login(admin)
    page = client.get("/accounts/lockouts/")
    assert page.status_code == 200 and "a_viewer" in page.content.decode()
    response = client.post("/accounts/lockouts/unlock/", {"username": "a_viewer"})
    assert response.status_code == 302
    client.logout()
    # from another address: the one the guesses came from stays locked (only a superuser lifts it)
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.9").status_code == 302


def test_an_area_administrator_unlocks_only_accounts_of_their_jurisdiction(client, tree, users):
    lock(client, "b_editor", "198.51.100.11")
    admin = make_user(tree.a, "administrator", username="a_admin")
    client.force_login(admin)
    assert "b_editor" not in client.get("/accounts/lockouts/").content.decode()
    client.post("/accounts/lockouts/unlock/", {"username": "b_editor"})
    # not an address either: only a superuser lifts an address's lock
    client.post("/accounts/lockouts/unlock/", {"ip_address": "198.51.100.11"})
    client.logout()
    assert form_sign_in(client, "b_editor", GOOD, "198.51.100.12").status_code == 429
    assert form_sign_in(client, "a_editor", GOOD, "198.51.100.11").status_code == 429


def test_a_user_without_an_administrator_role_sees_no_lockouts(client, users):
    client.force_login(users.a_editor)
    assert client.get("/accounts/lockouts/").status_code == 403


def test_the_unlock_command(client, users):
    lock(client, "a_viewer", "198.51.100.13")
    call_command("unlock", username="a_viewer")
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.14").status_code == 302
    lock(client, "a_editor", "198.51.100.15")
    call_command("unlock", ip="198.51.100.15")
    assert form_sign_in(client, "b_editor", GOOD, "198.51.100.15").status_code == 302


def test_a_valid_sign_in_does_not_clear_the_address_count(client, users):
    for i in range(9):
        form_sign_in(client, f"guess-{i}", "wrong", "198.51.100.16")
    assert form_sign_in(client, "a_editor", GOOD, "198.51.100.16").status_code == 302
    client.logout()
    form_sign_in(client, "guess-9", "wrong", "198.51.100.16")
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.16").status_code == 429


def test_unlocking_an_account_keeps_the_address_locked(client, tree, users):
    lock(client, "a_viewer", "198.51.100.20")
    admin = make_user(tree.a, "administrator", username="a_admin")
    services.lockout_release(acting_user=admin, username="a_viewer")
    # the account is free from elsewhere; the address's ten failures still count
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.21").status_code == 302
    client.logout()
    assert form_sign_in(client, "a_editor", GOOD, "198.51.100.20").status_code == 429


def test_unlocking_an_address_keeps_the_account_locked(client, users):
    lock(client, "a_viewer", "198.51.100.22")
    call_command("unlock", ip="198.51.100.22")
    assert form_sign_in(client, "a_editor", GOOD, "198.51.100.22").status_code == 302
    client.logout()
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.23").status_code == 429
    # and the account's own unlock still clears it
    call_command("unlock", username="a_viewer")
    assert form_sign_in(client, "a_viewer", GOOD, "198.51.100.23").status_code == 302


def test_the_lockouts_page_marks_the_locked_ones(client, users):
    lock(client, "a_viewer", "198.51.100.25")
    form_sign_in(client, "a_editor", "wrong", "198.51.100.26")
    client.force_login(make_user(username="root", is_superuser=True, is_staff=True))
    body = client.get("/accounts/lockouts/", headers={"accept-language": "en"}).content.decode()
    table = body[body.index('<div class="table-responsive">') :]
    rows = table[: table.index("</table>")].split("<tr>")[2:]
    locked = {row.split("<td>")[1].split("<")[0] for row in rows if ">locked</span>" in row}
    assert locked == {"a_viewer"}


def test_the_django_admin_sign_in_is_locked_too(client, users, settings):
    users.a_viewer.is_staff = True
    users.a_viewer.save()
    for _ in range(10):
        client.post(
            "/admin/login/",
            {"username": "a_viewer", "password": "wrong"},
            REMOTE_ADDR="198.51.100.27",
        )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "a_viewer", "password": GOOD},
        REMOTE_ADDR="198.51.100.28",
    )
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302  # not signed in
