"""Administrators and holders of the identity grant finish signing in with a second factor;
others may set one up. The plain test client here: no shortcut through force_login."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.models import RoleAssignment
from antq.core.testing.second_factor import otp_code

PASSWORD = "pass-word-123"


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """django-otp slows down tries after a wrong code (its own, tested feature); these tests try
    a wrong code and then the right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def signed_in(username):
    browser = Client(REMOTE_ADDR="198.51.100.7")
    response = browser.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def code_of(device, drift=0):
    """The authenticator's code; `drift=1` the next one (a code once used is refused)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:06d}"


def enrol(browser):
    page = browser.get("/accounts/2fa/setup/?next=/dashboard/")
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()  # drawn here, no network
    device = TOTPDevice.objects.get(confirmed=False)
    done = browser.post(
        "/accounts/2fa/setup/", {"code": code_of(device), "next": "/dashboard/"}
    ).content.decode()
    return re.findall(r"<li>([a-z0-9]{8})</li>", done)


def test_an_administrator_without_a_device_is_sent_to_set_one_up(users):
    browser = signed_in("root_admin")
    response = browser.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/?next=%2Fdashboard%2F")
    assert browser.get("/api/v1/areas/").status_code == 403  # the session's API too
    # the page's own fragments (the navigation's inbox count) get nothing to swap in
    assert browser.get("/inbox/badge/", headers={"HX-Request": "true"}).status_code == 204
    wrong = browser.post("/accounts/2fa/setup/", {"code": "000000"})
    assert wrong.status_code == 422
    codes = enrol(browser)
    assert len(codes) == 10
    assert browser.get("/dashboard/").status_code == 200


def test_with_a_device_the_code_is_asked_and_a_recovery_code_works_once(users):
    codes = enrol(signed_in("root_admin"))
    browser = signed_in("root_admin")
    response = browser.get("/audit/")
    assert response["Location"].startswith("/accounts/2fa/verify/")
    assert browser.post("/accounts/2fa/verify/", {"code": "12345678"}).status_code == 422
    assert browser.get("/audit/").status_code == 302
    ok = browser.post("/accounts/2fa/verify/", {"code": codes[0], "next": "/audit/"})
    assert ok["Location"] == "/audit/" and browser.get("/audit/").status_code == 200
    again = signed_in("root_admin")
    assert again.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 422
    device = TOTPDevice.objects.get(user=users.admin)
    assert again.post("/accounts/2fa/verify/", {"code": code_of(device, 1)}).status_code == 302
    assert again.get("/audit/").status_code == 200


def test_the_identity_grant_needs_it_and_others_may_choose_it(users, tree):
    RoleAssignment.objects.filter(user=users.a_editor).update(may_read_identities=True)
    assert signed_in("a_editor").get("/tips/")["Location"].startswith("/accounts/2fa/setup/")
    viewer = signed_in("a_viewer")
    assert viewer.get("/dashboard/").status_code == 200
    setup = viewer.get("/accounts/2fa/setup/").content.decode()
    assert "requires a second factor" not in setup
    enrol(viewer)
    assert signed_in("a_viewer").get("/dashboard/")["Location"].startswith("/accounts/2fa/verify/")


@pytest.mark.parametrize("with_code", [False, True])
def test_api_tokens_need_a_code_where_the_web_does(client, users, with_code):
    body = {"username": "root_admin", "password": PASSWORD}
    if with_code:
        body["otp"] = otp_code(users.admin)
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    if with_code:
        assert response.status_code == 200
    else:
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "otp"


def test_an_administrator_removes_a_persons_second_factor(client, users, tree):
    codes = enrol(signed_in("a_viewer"))
    assert codes
    client.force_login(users.admin)
    client.post(f"/accounts/people/{users.a_viewer.pk}/second-factor/")
    assert not TOTPDevice.objects.filter(user=users.a_viewer).exists()
    assert signed_in("a_viewer").get("/dashboard/").status_code == 200


def test_an_operator_issues_a_recovery_code_at_the_server(users):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("recovery_code", username="root_admin", stdout=out)
    browser = signed_in("root_admin")
    assert browser.get("/audit/")["Location"].startswith("/accounts/2fa/verify/")
    assert (
        browser.post("/accounts/2fa/verify/", {"code": out.getvalue().strip()}).status_code == 302
    )
    assert browser.get("/audit/").status_code == 200
