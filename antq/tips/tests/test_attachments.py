"""Files a citizen sent with a portal report: they may show who the reporter is, so staff open
them only with the identity grant and a reason, every opening is recorded, and the rotation of
keys re-encrypts them all or nothing."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from antq.accounts.models import RoleAssignment
from antq.core import crypto
from antq.core.testing.factories import make_user
from antq.indicators import rollup
from antq.portal import services as portal_services
from antq.tips import storage
from antq.tips.models import IdentityReveal, Tip, TipAttachment
from antq.tips.services import entry as entry_services
from antq.tips.services import identities as identity_services
from antq.tips.tests.helpers import (
    CONTACT,
    NAME,
    category,
    portal_sandbox,  # noqa: F401 - autouse fixture
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(200))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
STORY = "Có người giả danh công an gọi điện yêu cầu chuyển tiền vào một tài khoản lạ."


class Upload(io.BytesIO):
    """What check_attachments reads: a file with a name and a size."""

    def __init__(self, name, content):
        super().__init__(content)
        self.name, self.size = name, len(content)


def _grant(user, area):
    RoleAssignment.objects.filter(user=user, area=area).update(may_read_identities=True)


def report(tree, files=(("anh.png", PNG), ("don.pdf", PDF)), **identity):
    return portal_services.report_submit(
        area=tree.a,
        category=category(),
        summary=STORY,
        occurred_on=None,
        attachments=[Upload(n, c) for n, c in files],
        **identity,
    ).tip


@pytest.fixture
def keys(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV, old)
    return old, new


@pytest.fixture
def sent(tree):
    return report(tree)


def _files(tip):
    return list(TipAttachment.objects.filter(tip=tip).order_by("pk"))


def _stored(row):
    return (storage.attachment_dir() / row.stored_name).read_bytes()


def test_only_a_holder_of_the_grant_opens_a_file_with_a_reason_and_it_is_recorded(
    sent, tree, users
):
    png, pdf = _files(sent)
    with pytest.raises(PermissionDenied):  # an editor of the unit, without the grant
        identity_services.tip_open_attachment(
            acting_user=users.a_editor, tip=sent, attachment=png, reason="Xem ảnh"
        )
    _grant(users.b_editor, tree.b)  # the grant at another commune does not count
    with pytest.raises(PermissionDenied):
        identity_services.tip_open_attachment(
            acting_user=users.b_editor, tip=sent, attachment=png, reason="Xem ảnh"
        )
    _grant(users.a_viewer, tree.a)
    with pytest.raises(ValidationError) as exc:
        identity_services.tip_open_attachment(
            acting_user=users.a_viewer, tip=sent, attachment=png, reason="  "
        )
    assert set(exc.value.message_dict) == {"reason"}
    assert not IdentityReveal.objects.exists()
    content = identity_services.tip_open_attachment(
        acting_user=users.a_viewer, tip=sent, attachment=pdf, reason="Đối chiếu đơn"
    )
    assert content == PDF
    [opening] = IdentityReveal.objects.all()
    assert (opening.tip, opening.user, opening.area, opening.reason, opening.attachment) == (
        sent,
        users.a_viewer,
        tree.a,
        "Đối chiếu đơn",
        pdf,
    )


def test_a_file_of_another_tip_is_refused(sent, tree, users):
    other = report(tree, files=(("x.png", PNG),))
    _grant(users.a_viewer, tree.a)
    [theirs] = _files(other)
    with pytest.raises(ValidationError):
        identity_services.tip_open_attachment(
            acting_user=users.a_viewer, tip=sent, attachment=theirs, reason="Xem"
        )
    assert not IdentityReveal.objects.exists()


def test_a_file_that_is_not_the_one_received_is_not_served_and_not_recorded(sent, tree, users):
    png, _pdf = _files(sent)
    path = storage.attachment_dir() / png.stored_name
    path.chmod(0o600)
    path.write_bytes(crypto.encrypt_bytes(b"\x89PNG\r\n\x1a\nsomething else"))
    _grant(users.a_viewer, tree.a)
    with pytest.raises(ValidationError):
        identity_services.tip_open_attachment(
            acting_user=users.a_viewer, tip=sent, attachment=png, reason="Xem"
        )
    assert not IdentityReveal.objects.exists()


def test_the_download_is_an_uncached_attachment_typed_by_its_content(client, sent, tree, users):
    png, pdf = _files(sent)
    _grant(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    url = f"/tips/{sent.pk}/attachments/{png.pk}/"
    assert client.get(url).status_code == 405
    refused = client.post(url, {"open-reason": ""}, follow=True, headers={"accept-language": "en"})
    assert "Say why you need to open the file." in refused.content.decode()
    assert not IdentityReveal.objects.exists()
    response = client.post(url, {"open-reason": "Xác định phương tiện"})
    assert response.status_code == 200 and response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{sent.code}-1.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    response = client.post(f"/tips/{sent.pk}/attachments/{pdf.pk}/", {"open-reason": "Đơn"})
    assert response["Content-Type"] == "application/pdf" and response.content == PDF
    assert response["Content-Disposition"].endswith(f'filename="{sent.code}-2.pdf"')
    assert IdentityReveal.objects.filter(attachment__isnull=False).count() == 2


def test_without_the_grant_staff_see_only_how_many_files_there_are(client, sent, users):
    png, _pdf = _files(sent)
    client.force_login(users.a_editor)
    page = client.get(sent.get_absolute_url(), headers={"accept-language": "en"})
    body = page.content.decode()
    assert 'data-count="2"' in body and "2 files were sent with this tip" in body
    assert "data-attachment=" not in body and f"/attachments/{png.pk}/" not in body
    assert "PNG" not in body and "PDF" not in body
    url = f"/tips/{sent.pk}/attachments/{png.pk}/"
    assert client.post(url, {"open-reason": "Xem"}).status_code == 403
    assert not IdentityReveal.objects.exists()


def test_with_the_grant_the_page_offers_each_file(client, sent, tree, users):
    png, pdf = _files(sent)
    _grant(users.a_editor, tree.a)
    client.force_login(users.a_editor)
    body = client.get(sent.get_absolute_url()).content.decode()
    assert f'data-attachment="{png.pk}"' in body and f'data-attachment="{pdf.pk}"' in body
    assert f'action="/tips/{sent.pk}/attachments/{png.pk}/"' in body


def test_files_outside_the_jurisdiction_are_404(client, sent, tree, users):
    png, _pdf = _files(sent)
    _grant(users.b_editor, tree.b)
    client.force_login(users.b_editor)

    def status(tip_pk, file_pk):
        url = f"/tips/{tip_pk}/attachments/{file_pk}/"
        return client.post(url, {"open-reason": "x"}).status_code

    assert status(sent.pk, png.pk) == 404
    # A's file asked for through a tip that B holds
    theirs = report(tree, files=(("y.png", PNG),))
    with rollup.bulk_change(Tip.objects.filter(pk=theirs.pk), {"area"}):
        Tip.objects.filter(pk=theirs.pk).update(area=tree.b)
    assert status(theirs.pk, png.pk) == 404
    assert status(theirs.pk, 999999) == 404
    assert not IdentityReveal.objects.exists()


def test_administrators_see_file_openings_in_the_list_of_readings(client, sent, tree, users):
    png, _pdf = _files(sent)
    _grant(users.a_viewer, tree.a)
    identity_services.tip_open_attachment(
        acting_user=users.a_viewer, tip=sent, attachment=png, reason="Nhận dạng xe"
    )
    client.force_login(users.admin)
    body = client.get("/tips/reveals/", headers={"accept-language": "en"}).content.decode()
    assert 'data-what="attachment"' in body and "Attached file (PNG," in body
    assert "Nhận dạng xe" in body and "a_viewer" in body and sent.code in body
    assert client.get("/tips/reveals/", headers={"accept-language": "en"}).status_code == 200
    other_admin = make_user(tree.b, "administrator", username="b_admin")
    client.force_login(other_admin)
    assert sent.code not in client.get("/tips/reveals/").content.decode()


def test_a_tip_whose_file_was_opened_stays(sent, tree, users):
    png, _pdf = _files(sent)
    _grant(users.a_editor, tree.a)
    identity_services.tip_open_attachment(
        acting_user=users.a_editor, tip=sent, attachment=png, reason="x"
    )
    with pytest.raises(PermissionDenied):
        entry_services.tip_delete(acting_user=users.a_editor, instance=sent)
    assert Tip.objects.filter(pk=sent.pk).exists()


def test_deleting_a_tip_entered_by_mistake_removes_its_files(
    sent, users, django_capture_on_commit_callbacks
):
    paths = [storage.attachment_dir() / f.stored_name for f in _files(sent)]
    assert all(p.exists() for p in paths)
    with django_capture_on_commit_callbacks(execute=True):
        entry_services.tip_delete(acting_user=users.a_editor, instance=sent, reason="Gửi nhầm")
    assert not TipAttachment.objects.exists()
    assert not any(p.exists() for p in paths)


# --- key rotation ---------------------------------------------------------------------


def test_rotation_re_encrypts_the_identities_and_the_files(keys, tree, users, monkeypatch):
    old, new = keys
    tip = report(tree, reporter_name=NAME, reporter_contact=CONTACT)
    report(tree, files=(("z.png", PNG),))  # anonymous, one file
    files = list(TipAttachment.objects.order_by("pk"))
    before = {f.pk: _stored(f) for f in files}
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    out = io.StringIO()
    call_command("identity_rotate", stdout=out)
    assert "the identities of 1 tip(s) and 3 attached file(s)" in out.getvalue()
    monkeypatch.setenv(crypto.ENV, new)  # the old key is dropped
    for f in files:
        assert _stored(f) != before[f.pk]
        assert storage.read(f.stored_name, f.sha256) in (PNG, PDF)
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_bytes(before[f.pk])
    _grant(users.a_viewer, tree.a)
    identity = identity_services.tip_reveal_identity(
        acting_user=users.a_viewer, tip=tip, reason="Lần 2"
    )
    assert identity == {"name": NAME, "contact": CONTACT}
    assert not list(storage.attachment_dir().glob("*.rotating"))


def test_rotation_changes_nothing_and_names_what_no_key_opens(keys, tree, monkeypatch):
    old, new = keys
    lost = Fernet.generate_key().decode()
    tip = report(tree, files=(("a.png", PNG),), reporter_name=NAME)
    monkeypatch.setenv(crypto.ENV, lost)  # a file and an identity written with a key since lost
    stray = report(tree, files=(("b.png", PNG),), reporter_name=CONTACT)
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    files = list(TipAttachment.objects.order_by("pk"))
    before_files = {f.pk: _stored(f) for f in files}
    before_rows = list(Tip.objects.order_by("pk").values_list("reporter_name_enc", flat=True))
    with pytest.raises(CommandError) as exc:
        call_command("identity_rotate", stdout=io.StringIO())
    message = str(exc.value)
    assert "Nothing was changed" in message
    assert stray.code in message and tip.code not in message
    assert f"#{files[1].pk} of {stray.code}" in message
    assert {f.pk: _stored(f) for f in files} == before_files
    assert (
        list(Tip.objects.order_by("pk").values_list("reporter_name_enc", flat=True)) == before_rows
    )
    assert not list(storage.attachment_dir().glob("*.rotating"))


def test_a_missing_file_stops_the_rotation(keys, tree, monkeypatch):
    old, new = keys
    tip = report(tree, files=(("a.png", PNG), ("b.png", PNG)))
    first, second = _files(tip)
    (storage.attachment_dir() / second.stored_name).unlink()
    before = _stored(first)
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    with pytest.raises(CommandError) as exc:
        call_command("identity_rotate", stdout=io.StringIO())
    assert f"#{second.pk} of {tip.code}" in str(exc.value)
    assert _stored(first) == before


def test_a_crash_while_the_files_are_put_in_place_leaves_everything_readable(
    keys, tree, monkeypatch
):
    """Crash after the database's commit, between two renames: some files have the new key,
    some the old, and the key set in force (new, old) opens all; a second run finishes."""
    old, new = keys
    tip = report(tree, files=(("a.png", PNG), ("b.png", PNG), ("c.pdf", PDF)), reporter_name=NAME)
    files = _files(tip)
    monkeypatch.setenv(crypto.ENV, f"{new},{old}")
    real_replace = storage.os.replace
    calls = []

    def crash_on_second(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise OSError("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", crash_on_second)
    with pytest.raises(OSError):
        identity_services.identities_rotate()
    monkeypatch.setattr(storage.os, "replace", real_replace)
    assert [f.sha256 for f in files] and all(
        storage.read(f.stored_name, f.sha256) in (PNG, PDF) for f in files
    )
    new_only = Fernet(new.encode())
    opened_with_new = 0
    for f in files:
        try:
            new_only.decrypt(_stored(f))
            opened_with_new += 1
        except Exception:  # noqa: BLE001 - still under the old key
            pass
    assert opened_with_new == 1  # one was put in place before the crash
    assert crypto.decrypt(Tip.objects.get(pk=tip.pk).reporter_name_enc) == NAME
    done = identity_services.identities_rotate()
    assert (done.identities, done.attachments) == (1, 3)
    monkeypatch.setenv(crypto.ENV, new)
    assert all(storage.read(f.stored_name, f.sha256) in (PNG, PDF) for f in files)
    assert not list(storage.attachment_dir().glob("*.rotating"))
