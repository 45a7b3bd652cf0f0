"""The public portal: a citizen reports without an account, gets a code and a passphrase once,
follows the tip and exchanges messages with the unit; abuse is refused with a clear answer."""

import logging
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from antq.core import crypto, ratelimit
from antq.core.testing.factories import make_area
from antq.formats import format_date
from antq.portal import services, views
from antq.portal.models import ReporterAccess
from antq.tips.models import Tip, TipAttachment, TipCategory, TipMessage
from antq.tips.services import entry as entry_services
from antq.tips.services import workflow as workflow_services
from antq.tips.tests.helpers import (
    CONTACT,
    NAME,
    category,
    portal_sandbox,  # noqa: F401 - autouse fixture
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
STORY = "Có người giả danh công an gọi điện yêu cầu chuyển tiền vào một tài khoản lạ."
CODE_RE = re.compile(r'data-tip-code="(TG-\d{4}-[A-Z0-9]{6})"')
PASS_RE = re.compile(r'id="passphrase" dir="ltr">([A-Z0-9-]+)<')


def today():
    return timezone.localdate()


def form(tree, **changes):
    return {
        "category": category().pk,
        "area": tree.a.pk,
        "occurred_on": (today() - timedelta(days=1)).isoformat(),
        "occurred_place": "Chợ Hòa Bình",
        "summary": STORY,
        "reporter_name": "",
        "reporter_contact": "",
    } | changes


def submit(client, tree, **changes):
    response = client.post("/report/", form(tree, **changes))
    body = response.content.decode()
    code = CODE_RE.search(body)
    passphrase = PASS_RE.search(body)
    return (
        response,
        (code.group(1) if code else None),
        (passphrase.group(1) if passphrase else None),
    )


def _raw(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed table name
        return repr(cursor.fetchall())


def test_the_report_page_is_public_without_staff_navigation(client, tree):
    response = client.get("/report/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="report-form"' in body and 'name="csrfmiddlewaretoken"' in body
    assert "/dashboard/" not in body and "/tips/" not in body
    assert 'href="/report/"' in body  # the navbar's link for anonymous visitors
    assert "no-store" in response["Cache-Control"]


def test_the_sign_in_page_links_to_the_report_page(client, tree):
    assert 'href="/report/"' in client.get("/accounts/login/").content.decode()


def test_the_page_in_arabic_is_right_to_left(client, tree):
    body = client.get("/report/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="ar" dir="rtl"' in body and "bootstrap.rtl.min.css" in body


@pytest.mark.pg
def test_a_report_is_stored_and_shows_its_code_and_passphrase_once(client, tree, caplog):
    caplog.set_level(logging.DEBUG)
    response, code, passphrase = submit(client, tree, reporter_name=NAME, reporter_contact=CONTACT)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert code and passphrase and body.count(passphrase) == 1
    assert re.fullmatch(
        r"[34679ACDEFGHJKMNPQRTUVWXY]{4}(-[34679ACDEFGHJKMNPQRTUVWXY]{4}){2}", passphrase
    )
    tip = Tip.objects.get(code=code)
    assert (tip.channel, tip.legal_kind, tip.status) == (
        "online_portal",
        "denunciation",
        "received",
    )
    assert tip.area == tree.a and tip.received_by_area == tree.a and tip.place_area == tree.a
    assert tip.received_on == today() and tip.due_on == today() + timedelta(days=20)
    assert tip.events.get().kind == "received"
    assert crypto.decrypt(tip.reporter_name_enc) == NAME
    # the raw rows hold neither the identity nor the passphrase in clear
    for table in ("tips_tip", "tips_historicaltip", "tips_tipevent", "portal_reporteraccess"):
        dump = _raw(table)
        assert NAME not in dump and CONTACT not in dump and passphrase not in dump, table
        assert services.normalise(passphrase) not in dump, table
    stored = tip.reporter_access.passphrase_hash
    assert stored.startswith("pbkdf2_sha256$100000$")  # the portal's own hasher
    assert services.passphrase_matches(passphrase, stored)
    # shown once: nothing shows it again
    assert passphrase not in client.get("/report/follow/").content.decode()
    assert code not in caplog.text and passphrase not in caplog.text


def test_an_anonymous_report_stores_no_identity(client, tree):
    _, code, _ = submit(client, tree)
    tip = Tip.objects.get(code=code)
    assert not tip.has_identity


def _sign_in(client, code, passphrase):
    return client.post("/report/follow/", {"code": code, "passphrase": passphrase})


def test_follow_with_the_right_passphrase_shows_the_status_and_due_date(client, tree):
    _, code, passphrase = submit(client, tree)
    reporter = Client()
    response = _sign_in(reporter, code.lower(), passphrase.replace("-", " ").lower())
    assert response.status_code == 302
    page = reporter.get("/report/follow/", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert code in body and "Received: waiting to be examined" in body
    assert format_date(today() + timedelta(days=20), "en") in body


def test_a_wrong_passphrase_and_an_unknown_code_get_the_same_answer(client, tree, monkeypatch):
    _, code, passphrase = submit(client, tree)
    checked = []
    real = services.passphrase_matches
    monkeypatch.setattr(
        services, "passphrase_matches", lambda p, h: checked.append(h) or real(p, h)
    )
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    wrong = Client().post(
        "/report/follow/", {"code": code, "passphrase": "AAAA-AAAA-AAAA"}, **english
    )
    unknown = Client().post(
        "/report/follow/", {"code": "TG-2025-XXXXXX", "passphrase": passphrase}, **english
    )
    assert wrong.status_code == unknown.status_code == 422

    def error(response):
        return re.search(
            r'<div class="alert alert-danger" role="alert">(.*?)</div>', response.content.decode()
        ).group(1)

    assert error(wrong) == error(unknown) == "The code or the passphrase is wrong. "
    # the unknown code was checked against a hash too, so its answer takes as long
    assert len(checked) == 2 and checked[0] != checked[1]


def test_the_sign_in_lasts_a_short_while_only(client, tree, monkeypatch):
    _, code, passphrase = submit(client, tree)
    _sign_in(client, code, passphrase)
    monkeypatch.setattr(views, "SIGN_IN_SECONDS", -1)
    assert 'id="follow-form"' in client.get("/report/follow/").content.decode()


def test_the_reporter_and_the_unit_exchange_messages(client, tree, users):
    _, code, passphrase = submit(client, tree)
    tip = Tip.objects.get(code=code)
    # the commune's inbox shows the new tip, from the online portal
    staff = Client()
    staff.force_login(users.a_editor)
    inbox = staff.get("/tips/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert code in inbox
    api = staff.get("/api/v1/tips/").json()
    assert [i["channel"] for i in api["items"] if i["code"] == code] == ["online_portal"]
    # the other commune does not see it
    other = Client()
    other.force_login(users.b_editor)
    assert code not in other.get("/tips/").content.decode()
    # the unit asks, the reporter reads and answers
    question = "Bạn có nhớ số điện thoại đã gọi cho bạn không?"
    sent = staff.post(f"/tips/{tip.pk}/messages/", {"message-body": question})
    assert sent.status_code == 302
    reporter = Client()
    _sign_in(reporter, code, passphrase)
    page = reporter.get("/report/follow/").content.decode()
    assert question in page and users.a_editor.username not in page
    answer = "Số 0987 000 111, gọi lúc 9 giờ sáng."
    assert reporter.post("/report/follow/reply/", {"body": answer}).status_code == 302
    message = TipMessage.objects.get(tip=tip, from_staff=False)
    assert (message.body, message.by) == (answer, None)
    assert answer in reporter.get("/report/follow/").content.decode()
    assert answer in staff.get(f"/tips/{tip.pk}/").content.decode()


def test_a_reply_needs_a_signed_in_reporter(client, tree):
    submit(client, tree)
    response = Client().post("/report/follow/reply/", {"body": "Xin chào"})
    assert response.status_code == 302 and not TipMessage.objects.exists()


def test_the_reporter_sees_the_outcome(client, tree, users):
    _, code, passphrase = submit(client, tree)
    tip = Tip.objects.get(code=code)
    workflow_services.tip_start_verifying(acting_user=users.a_editor, tip=tip)
    _sign_in(client, code, passphrase)
    assert (
        "Being verified"
        in client.get("/report/follow/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    workflow_services.tip_decide(
        acting_user=users.a_editor, tip=tip, prosecute=False, notes="Nội bộ"
    )
    body = client.get("/report/follow/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Decided: no criminal case will be opened" in body and "Nội bộ" not in body


def _file(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_images_and_pdfs_are_accepted_by_content_and_stored_encrypted(client, tree, settings):
    response, code, _ = submit(
        client,
        tree,
        attachments=[_file("anh.png", PNG), _file("don.pdf", PDF, "application/pdf")],
    )
    assert response.status_code == 200
    rows = list(TipAttachment.objects.filter(tip__code=code))
    assert [r.kind for r in rows] == ["png", "pdf"]
    for row, content in zip(rows, (PNG, PDF), strict=True):
        stored = (settings.VAR_DIR / "tip-attachments" / row.stored_name).read_bytes()
        assert stored.startswith(b"gAAAAA") and content not in stored  # a Fernet token
        assert services.read_attachment(row) == content
        assert row.size == len(content) and len(row.sha256) == 64
        assert "anh" not in row.stored_name and "don" not in row.stored_name


@pytest.mark.parametrize(
    "files, reason",
    [
        ([("anh.png", b"just some text, not an image at all")], "is not a JPEG or PNG"),
        ([("lon.png", PNG + bytes(5 * 1024 * 1024))], "is larger than 5 MB"),
        ([(f"{i}.png", PNG) for i in range(4)], "At most 3 files"),
        ([("rong.pdf", b"")], "The submitted file is empty."),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(client, tree, settings, files, reason):
    response = client.post(
        "/report/",
        form(tree, attachments=[_file(n, c) for n, c in files]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert reason in response.content.decode()
    assert not Tip.objects.exists() and not TipAttachment.objects.exists()
    folder = settings.VAR_DIR / "tip-attachments"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize(
    "changes, field_error",
    [
        (
            {"occurred_on": (date.today() + timedelta(days=2)).isoformat()},
            "This date is in the future.",
        ),
        ({"summary": "Mất xe đạp."}, "at least 20 characters"),
        ({"summary": "x" * 5001}, "at most 5000 characters"),
        ({"area": ""}, "Search and choose the commune or ward"),
        ({"category": ""}, "This field is required."),
    ],
)
def test_bad_reports_are_refused_with_a_clear_error(client, tree, changes, field_error):
    response = client.post("/report/", form(tree, **changes), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert field_error in response.content.decode()
    assert not Tip.objects.exists()


def test_the_area_must_be_a_commune_or_ward_in_force(client, tree):
    old = make_area(tree.p, name="Xã Cũ", code="10099", valid_to=date(2025, 6, 30))
    for area in (old, tree.a1, tree.p, tree.country):
        response = client.post("/report/", form(tree, area=area.pk), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 422, area
        assert "Choose a commune or ward that exists today." in response.content.decode()
    assert not Tip.objects.exists()
    with pytest.raises(ValidationError):
        entry_services.tip_submit_public(area=old, category=category(), summary=STORY)
    _, code, _ = submit(client, tree, area=tree.b.pk)
    assert Tip.objects.get(code=code).area == tree.b


def test_the_area_search_offers_only_todays_communes_and_wards(client, tree):
    make_area(tree.p, name="Xã Hòa Bình Cũ", code="10098", valid_to=date(2025, 6, 30))
    body = client.get("/report/areas/", {"q": "hoa binh"}).content.decode()
    assert f'data-pick-area="{tree.a.pk}"' in body and "Tỉnh Quảng Trị" in body
    assert body.count("data-pick-area=") == 1  # not the old commune, not the village
    assert (
        "data-pick-area=" not in client.get("/report/areas/", {"q": "quang tri"}).content.decode()
    )
    assert "data-pick-area=" not in client.get("/report/areas/", {"q": "thon"}).content.decode()
    assert "data-pick-area=" not in client.get("/report/areas/", {"q": "h"}).content.decode()


def test_csrf_is_enforced(tree):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/report/", form(tree)).status_code == 403
    assert csrf_client.post("/report/follow/", {"code": "a", "passphrase": "b"}).status_code == 403
    assert not Tip.objects.exists()
    csrf_client.get("/report/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post("/report/", form(tree, csrfmiddlewaretoken=token))
    assert response.status_code == 200 and Tip.objects.count() == 1


@override_settings(ANTQ_PORTAL_SUBMIT_RATE="2/600", ANTQ_PORTAL_FOLLOW_RATE="3/600")
def test_too_many_requests_from_one_client_are_refused(client, tree):
    for _ in range(2):
        assert submit(client, tree)[0].status_code == 200
    refused = client.post("/report/", form(tree), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "Too many attempts from your connection" in refused.content.decode()
    assert Tip.objects.count() == 2
    # another client is not held back
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post("/report/", form(tree)).status_code == 200
    for _ in range(3):
        assert _sign_in(client, "TG-2025-XXXXXX", "x").status_code == 422
    assert _sign_in(client, "TG-2025-XXXXXX", "x").status_code == 429


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(client, tree):
    response = client.post(
        "/report/", form(tree), CONTENT_LENGTH=str(40 * 1024 * 1024), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Tip.objects.exists()


def test_the_client_address_comes_from_a_forwarded_header_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    settings.ANTQ_TRUSTED_PROXIES = []
    assert ratelimit.client_ip(request) == "10.0.0.5"
    settings.ANTQ_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ratelimit.client_ip(request) == "203.0.113.9"
    settings.ANTQ_TRUSTED_PROXIES = ["10.0.0.0/8", "203.0.113.9"]
    assert ratelimit.client_ip(request) == "6.6.6.6"


def test_the_passphrase_is_never_stored_in_clear(tree):
    submitted = services.report_submit(
        area=tree.a, category=category(), summary=STORY, occurred_on=None
    )
    stored = ReporterAccess.objects.get(tip=submitted.tip).passphrase_hash
    assert services.normalise(submitted.passphrase) not in stored
    assert (
        services.reporter_sign_in(code=submitted.tip.code, passphrase=submitted.passphrase)
        == submitted.tip
    )
    with pytest.raises(services.WrongAccess):
        services.reporter_sign_in(code=submitted.tip.code, passphrase="nope")


def test_passphrases_have_their_own_cheaper_hasher_users_keep_the_default(tree, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    submitted = services.report_submit(
        area=tree.a, category=category(), summary=STORY, occurred_on=None
    )
    stored = ReporterAccess.objects.get(tip=submitted.tip).passphrase_hash
    algorithm, iterations, _salt, _hash = stored.split("$")
    assert (algorithm, int(iterations)) == ("pbkdf2_sha256", 100_000)
    assert services.PassphraseHasher.iterations < PBKDF2PasswordHasher.iterations  # 1,000,000


@pytest.mark.parametrize(
    "old_hasher",
    [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # Django's default, 1,000,000
        "django.contrib.auth.hashers.MD5PasswordHasher",  # whatever PASSWORD_HASHERS said
    ],
)
def test_hashes_made_before_still_verify_and_are_replaced_at_sign_in(tree, settings, old_hasher):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = [old_hasher]
    submitted = services.report_submit(
        area=tree.a, category=category(), summary=STORY, occurred_on=None
    )
    access = ReporterAccess.objects.get(tip=submitted.tip)
    access.passphrase_hash = make_password(services.normalise(submitted.passphrase))
    access.save()
    assert not access.passphrase_hash.startswith("pbkdf2_sha256$100000$")
    with pytest.raises(services.WrongAccess):
        services.reporter_sign_in(code=submitted.tip.code, passphrase="AAAA-AAAA-AAAA")
    access.refresh_from_db()
    assert not access.passphrase_hash.startswith("pbkdf2_sha256$100000$")  # not on a failure
    signed_in = services.reporter_sign_in(
        code=submitted.tip.code, passphrase=submitted.passphrase.lower()
    )
    assert signed_in == submitted.tip
    access.refresh_from_db()
    assert access.passphrase_hash.startswith("pbkdf2_sha256$100000$")
    assert services.reporter_sign_in(code=submitted.tip.code, passphrase=submitted.passphrase)


def test_the_code_is_shown_only_for_a_committed_tip(tree):
    """The submission's transaction must be the outermost one: nested in another, its commit
    (and the tip's durability) would come after the code is shown."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.report_submit(area=tree.a, category=category(), summary=STORY, occurred_on=None)
    assert not Tip.objects.exists()


@pytest.mark.pg
@pytest.mark.django_db(transaction=True)
def test_the_submission_is_committed_durably(tree, monkeypatch):
    """SQLite runs with synchronous=NORMAL, which may lose the last commits to a power cut: the
    submission's commit is made with synchronous=FULL. PostgreSQL is asked for
    synchronous_commit=on whatever its configuration."""
    seen = {}
    real = entry_services.tip_submit_public

    def watching(**kwargs):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA synchronous")
            else:
                cursor.execute("SHOW synchronous_commit")
            seen["inside"] = cursor.fetchone()[0]
        return real(**kwargs)

    monkeypatch.setattr(entry_services, "tip_submit_public", watching)
    # an earlier transactional test may have flushed the catalogue its migration wrote
    fraud, _ = TipCategory.objects.get_or_create(
        code="fraud", defaults={"name": "Lừa đảo", "name_en": "Fraud", "name_ar": "احتيال"}
    )
    services.report_submit(area=tree.a, category=fraud, summary=STORY, occurred_on=None)
    assert Tip.objects.count() == 1
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert seen["inside"] == 2  # FULL
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL again for everything else
        else:
            assert seen["inside"] == "on"


def test_uploaded_files_never_touch_the_disk_in_clear(client, tree, monkeypatch):
    """Django writes an upload over 2.5 MB to a temporary file; the portal keeps it in memory."""
    from django.core.files.uploadedfile import InMemoryUploadedFile
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    def no_temporary_files(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", no_temporary_files)
    seen = []
    real = services.report_submit

    def watching(**kwargs):
        seen.extend(type(f) for f in kwargs["attachments"])
        return real(**kwargs)

    monkeypatch.setattr(services, "report_submit", watching)
    big = PNG + bytes(3 * 1024 * 1024)  # over FILE_UPLOAD_MAX_MEMORY_SIZE, under the limit
    response, code, _ = submit(client, tree, attachments=[_file("lon.png", big)])
    assert response.status_code == 200 and code
    assert seen == [InMemoryUploadedFile]
    [row] = TipAttachment.objects.all()
    assert services.read_attachment(row) == big
