"""Administrators and holders of the identity grant finish signing in with a second factor;
others may set one up. The plain test client here: no shortcut through force_login."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts import second_factor
from antq.accounts.models import RoleAssignment
from antq.accounts.services import role_grant, token_issue, token_user
from antq.audit.models import AuditAction, AuditEntry
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


def age_the_check(browser):
    """As if the session's second-factor check were older than RECHECK_SECONDS."""
    session = browser.session
    session[second_factor.CHECKED_KEY] -= second_factor.RECHECK_SECONDS + 1
    session.save()


def test_a_grant_given_mid_session_ends_the_tokens_and_is_asked_within_the_recheck(users, tree):
    viewer = signed_in("a_viewer")
    token = token_issue(request=RequestFactory().post("/"), username="a_viewer", password=PASSWORD)
    role_grant(
        acting_user=users.admin,
        user=users.a_viewer,
        area=tree.a,
        role="viewer",
        may_read_identities=True,
        reason="Thụ lý tin báo",
    )
    assert token_user(token) is None  # issued without a code: ended
    revoked = AuditEntry.objects.get(action=AuditAction.TOKEN_REVOKED, target_user=users.a_viewer)
    assert '"second_factor_required"' in revoked.detail and revoked.user == users.admin
    assert viewer.get("/dashboard/").status_code == 200  # within the recheck, not yet asked
    age_the_check(viewer)
    assert viewer.get("/dashboard/")["Location"].startswith("/accounts/2fa/setup/")
    # a new token needs a code now
    with pytest.raises(ValidationError):
        token_issue(request=RequestFactory().post("/"), username="a_viewer", password=PASSWORD)


def test_a_role_that_asks_nothing_more_keeps_the_tokens_and_the_session(users, tree):
    viewer = signed_in("a_viewer")
    token = token_issue(request=RequestFactory().post("/"), username="a_viewer", password=PASSWORD)
    role_grant(acting_user=users.admin, user=users.a_viewer, area=tree.a1, role="editor")
    assert token_user(token) == users.a_viewer
    age_the_check(viewer)
    assert viewer.get("/dashboard/").status_code == 200


def test_only_a_session_not_asked_is_checked_again(users, monkeypatch):
    checks = []
    asked_of = second_factor.asked_of

    def counted(user):
        checks.append(user)
        return asked_of(user)

    monkeypatch.setattr(second_factor, "asked_of", counted)
    admin, viewer = signed_in("root_admin"), signed_in("a_viewer")
    enrol(admin)
    checks.clear()
    for browser in (admin, viewer):
        age_the_check(browser)
        assert browser.get("/accounts/profile/").status_code == 200
        assert browser.get("/accounts/profile/").status_code == 200  # checked once, not again
    assert checks == [users.a_viewer]


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
