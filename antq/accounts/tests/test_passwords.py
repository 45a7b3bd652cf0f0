"""Password change and reset by e-mail, with the audit log, the reset limits and sign-in
throttling."""

import re
import uuid
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.utils import translation

from antq.accounts.models import ApiToken
from antq.accounts.services import token_issue
from antq.audit.models import AuditAction, AuditEntry
from antq.notifications.models import Preference

GOOD = "pass-word-123"
NEW = "new-pass-word-456"


def address():
    """A client address of its own, so that the reset limits of one test do not touch another's."""
    n = uuid.uuid4().int
    return f"2001:db8::{n % 65536:x}:{(n >> 16) % 65536:x}"


@pytest.fixture
def viewer(users, rf):
    users.a_viewer.email = f"{uuid.uuid4().hex[:10]}@example.org"
    users.a_viewer.save()
    token_issue(request=rf.post("/api/v1/auth/token"), username="a_viewer", password=GOOD)
    return users.a_viewer


def change(client, old, new):
    return client.post(
        "/accounts/password_change/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_a_wrong_old_password_is_a_form_error_and_changes_nothing(client, viewer):
    client.force_login(viewer)
    response = change(client, "not-my-password", NEW)
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    viewer.refresh_from_db()
    assert viewer.check_password(GOOD)
    assert ApiToken.objects.filter(user=viewer).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()
    # the wrong password counts towards sign-in throttling like a wrong sign-in
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, target_user=viewer).exists()


def test_changing_the_password_revokes_tokens_and_is_audited(client, viewer):
    client.force_login(viewer)
    response = change(client, GOOD, NEW)
    assert response.status_code == 302
    assert response.url == "/accounts/password_change/done/"
    viewer.refresh_from_db()
    assert viewer.check_password(NEW)
    assert not ApiToken.objects.filter(user=viewer).exists()
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert entry.user == viewer and entry.target_user == viewer
    assert client.get("/accounts/password_change/done/").status_code == 200  # still signed in


def test_the_pages_are_linked_from_sign_in_and_the_account_menu(client, viewer):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()
    client.force_login(viewer)
    menu = client.get("/accounts/tokens/").content.decode()
    assert 'href="/accounts/password_change/"' in menu
    assert 'href="/accounts/profile/"' in menu


def ask_reset(client, email, ip=None):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=ip or address())


def reset_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_a_reset_link_sets_a_new_password_once(client, viewer):
    response = ask_reset(client, viewer.email)
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [viewer.email]
    assert "antq" in message.subject
    link = reset_link(message)
    form_url = client.get(link).url  # Django moves the token into the session
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response.url == "/accounts/reset/done/"
    viewer.refresh_from_db()
    assert viewer.check_password(NEW)
    assert not ApiToken.objects.filter(user=viewer).exists()
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET, target_user=viewer).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED, target_user=viewer
    ).exists()
    # not signed in by the reset: the next sign-in goes through the throttled form
    assert client.get("/").status_code == 302
    # the link works once
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "new_password1" not in again.content.decode()


def test_the_reset_mail_goes_to_the_file_backend_by_default(client, viewer, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    ask_reset(client, viewer.email)
    (written,) = tmp_path.iterdir()
    text = written.read_text()
    path = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", text).group(1)
    assert client.get(path).status_code == 302  # to the form that sets the password
    assert client.get(client.get(path).url).context["validlink"] is True


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, viewer):
    known = ask_reset(client, viewer.email)
    unknown = ask_reset(client, f"nobody-{uuid.uuid4().hex[:8]}@example.org")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1


def test_the_reset_mail_is_in_vietnamese(client, viewer):
    viewer.full_name, viewer.rank = "Nguyễn Văn An", "Đại úy"
    viewer.save()
    with translation.override("vi"):
        client.post(
            "/accounts/password_reset/",
            {"email": viewer.email},
            REMOTE_ADDR=address(),
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    message = mail.outbox[0]
    assert message.subject == "Đặt mật khẩu mới cho antq"
    assert "Đại úy Nguyễn Văn An" in message.body


SUBJECT = {
    "vi": "Đặt mật khẩu mới cho antq",
    "en": "Setting a new password for antq",
    "ar": "تعيين كلمة مرور جديدة لـ antq",
}
GREETING = {"vi": "Kính gửi {},", "en": "Hello {},", "ar": "مرحباً {}،"}
ONCE = {
    "vi": "Đường dẫn chỉ dùng được một lần.",
    "en": "The link works once.",
    "ar": "يعمل الرابط مرة واحدة.",
}


def ask_reset_in(client, email, language):
    return client.post(
        "/accounts/password_reset/",
        {"email": email},
        REMOTE_ADDR=address(),
        HTTP_ACCEPT_LANGUAGE=language,
    )


def assert_written_in(message, language, name):
    """Subject, text and HTML parts all in `language`; the HTML laid out right to left in
    Arabic only, and naming the same one-time link as the text."""
    assert message.subject == SUBJECT[language]
    assert GREETING[language].format(name) in message.body
    assert ONCE[language] in message.body
    for other in set(SUBJECT) - {language}:
        assert GREETING[other].format(name) not in message.body
        assert ONCE[other] not in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert ONCE[language] in html
    assert f'href="http://testserver{reset_link(message)}"' in html


@pytest.mark.parametrize("language", ["vi", "en", "ar"])
def test_without_a_chosen_language_the_reset_mail_is_in_the_language_asked_in(
    client, viewer, language
):
    viewer.full_name = "Nguyễn Văn An"
    viewer.save()
    assert ask_reset_in(client, viewer.email, language).status_code == 302
    (message,) = mail.outbox
    assert_written_in(message, language, "Nguyễn Văn An")


@pytest.mark.parametrize(("chosen", "asked_in"), [("vi", "ar"), ("en", "vi"), ("ar", "en")])
def test_the_reset_mail_is_in_the_language_the_account_chose(client, viewer, chosen, asked_in):
    Preference.objects.create(user=viewer, language=chosen)
    assert ask_reset_in(client, viewer.email, asked_in).status_code == 302
    (message,) = mail.outbox
    assert_written_in(message, chosen, viewer.username)


def test_the_file_backend_holds_the_arabic_reset_mail_right_to_left(
    client, viewer, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    ask_reset_in(client, viewer.email, "ar")
    (written,) = tmp_path.iterdir()
    parsed = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert str(parsed["Subject"]).strip() == SUBJECT["ar"]  # the parser keeps a fold's space
    assert ONCE["ar"] in parsed.get_body(preferencelist=("plain",)).get_content()
    assert '<html lang="ar" dir="rtl">' in parsed.get_body(preferencelist=("html",)).get_content()


def test_an_account_whose_password_was_never_set_gets_a_link_too(client, users, tree):
    from antq.accounts.services import user_create

    person = user_create(
        acting_user=users.admin,
        username="never_set",
        unit=tree.a,
        full_name="Phạm Thị E",
        email=f"{uuid.uuid4().hex[:10]}@example.org",
    )
    assert not person.has_usable_password()
    assert ask_reset_in(client, person.email, "vi").status_code == 302
    (message,) = mail.outbox
    form_url = client.get(reset_link(message)).url
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    person.refresh_from_db()
    assert person.check_password(NEW)
    # a deactivated one does not
    person.is_active = False
    person.save()
    ask_reset_in(client, person.email, "vi")
    assert len(mail.outbox) == 1


def test_reset_requests_are_limited_per_address_and_per_email(client, viewer, settings):
    settings.ANTQ_PASSWORD_RESET_RATE = "2/3600"
    ip = address()
    for _ in range(2):
        assert ask_reset(client, f"{uuid.uuid4().hex}@example.org", ip).status_code == 302
    assert ask_reset(client, viewer.email, ip).status_code == 429
    assert len(mail.outbox) == 0
    for _ in range(2):
        assert ask_reset(client, viewer.email).status_code == 302
    assert ask_reset(client, viewer.email).status_code == 429  # a fresh address, same e-mail
    assert len(mail.outbox) == 2


def test_a_reset_does_not_lift_a_sign_in_lockout(client, viewer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    ip = address()
    for _ in range(3):
        client.post("/accounts/login/", {"username": "a_viewer", "password": "x"}, REMOTE_ADDR=ip)
    ask_reset(client, viewer.email)
    form_url = client.get(reset_link(mail.outbox[0])).url
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    viewer.refresh_from_db()
    assert viewer.check_password(NEW)
    locked = client.post(
        "/accounts/login/", {"username": "a_viewer", "password": NEW}, REMOTE_ADDR=address()
    )
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("language", "title"), [("vi", "Quên mật khẩu?"), ("ar", "هل نسيت كلمة المرور؟")]
)
def test_the_reset_page_is_translated(client, db, language, title):
    page = client.get("/accounts/password_reset/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert title in page
    assert ('dir="rtl"' in page) == (language == "ar")


def test_wrong_old_passwords_lock_the_change_form_as_they_lock_sign_in(client, viewer, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(viewer)
    ip = address()
    for _ in range(3):
        client.post(
            "/accounts/password_change/",
            {"old_password": "guess", "new_password1": NEW, "new_password2": NEW},
            REMOTE_ADDR=ip,
        )
    response = client.post(
        "/accounts/password_change/",
        {"old_password": GOOD, "new_password1": NEW, "new_password2": NEW},
        REMOTE_ADDR=address(),
    )
    assert response.status_code == 429
    viewer.refresh_from_db()
    assert viewer.check_password(GOOD)
