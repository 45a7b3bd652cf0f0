"""Every write of the public portal: a citizen's report (the tip itself through the tips
services), and the reporter's sign-in to one tip with its code and passphrase (their replies go
through antq.tips.services.tip_reporter_reply).

A submission is prepared before its transaction opens (the passphrase hashed, attachments
checked, encrypted and written to disk), so that the transaction holding the database's write
lock is short; then the tip, the passphrase's hash and the attachment rows are written in one
transaction, and only after its commit does the caller show the code.
"""

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from antq.core import crypto
from antq.portal.models import AttachmentKind, ReporterAccess, TipAttachment
from antq.tips import services as tips_services
from antq.tips.models import CODE_ALPHABET, Tip

MIN_SUMMARY = 20
MAX_SUMMARY = 5000
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
PASSPHRASE_LENGTH = 12  # from a 25-letter alphabet: about 56 bits
ATTACHMENT_DIR = "tip-attachments"

# Checked on the first bytes of the file: names and declared content types are not believed.
MAGIC = (
    (b"\xff\xd8\xff", AttachmentKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PNG),
    (b"%PDF-", AttachmentKind.PDF),
)


class WrongAccess(Exception):
    """Code or passphrase wrong: one error for both, so a code's existence does not leak."""


@dataclass(frozen=True)
class Submitted:
    tip: Tip
    passphrase: str


def new_passphrase() -> str:
    """Twelve letters and digits from an alphabet without look-alikes, in groups of four."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(PASSPHRASE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, PASSPHRASE_LENGTH, 4))


def normalise(text: str) -> str:
    """What the reporter typed, read leniently: case, spaces and dashes do not matter."""
    return "".join(c for c in (text or "").upper() if c.isalnum())


def attachment_dir() -> Path:
    return Path(settings.VAR_DIR) / ATTACHMENT_DIR


def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None when it is not JPEG, PNG or PDF."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return None


def check_attachments(files) -> list[tuple[str, bytes]]:
    """(kind, content) of each uploaded file, or a ValidationError saying what is wrong."""
    files = list(files or ())
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("At most {n} files.").format(n=MAX_ATTACHMENTS)})
    checked = []
    for f in files:
        name = os.path.basename(getattr(f, "name", "") or "")
        if f.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {
                    "attachments": _("“{name}” is larger than {mb} MB.").format(
                        name=name, mb=MAX_ATTACHMENT_BYTES // (1024 * 1024)
                    )
                }
            )
        f.seek(0)
        content = f.read(MAX_ATTACHMENT_BYTES + 1)
        kind = sniff(content[:16])
        if not content or kind is None:
            raise ValidationError(
                {
                    "attachments": _(
                        "“{name}” is not a JPEG or PNG image or a PDF document."
                    ).format(name=name)
                }
            )
        checked.append((kind, content))
    return checked


def _write_encrypted(content: bytes) -> str:
    """Encrypt the bytes and write them under a random name, durably; returns the name."""
    folder = attachment_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    token = crypto._keys().encrypt(content)
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, token)
        os.fsync(fd)
    finally:
        os.close(fd)
    return name


def read_attachment(attachment: TipAttachment) -> bytes:
    """The original bytes of an attachment."""
    token = (attachment_dir() / attachment.stored_name).read_bytes()
    return crypto._keys().decrypt(token)


@sensitive_variables("passphrase", "reporter_name", "reporter_contact")
def report_submit(
    *,
    area,
    category,
    summary,
    occurred_on: date | None,
    occurred_place="",
    reporter_name="",
    reporter_contact="",
    attachments=(),
) -> Submitted:
    """A citizen's report through the portal. Returns the stored tip and its passphrase (to be
    shown once; only its hash is kept)."""
    summary = (summary or "").strip()
    if len(summary) < MIN_SUMMARY:
        raise ValidationError(
            {"summary": _("Write at least {n} characters.").format(n=MIN_SUMMARY)}
        )
    if len(summary) > MAX_SUMMARY:
        raise ValidationError({"summary": _("At most {n} characters.").format(n=MAX_SUMMARY)})
    files = check_attachments(attachments)
    passphrase = new_passphrase()
    passphrase_hash = make_password(normalise(passphrase))
    written = []
    try:
        for kind, content in files:
            written.append(
                (_write_encrypted(content), kind, len(content), hashlib.sha256(content).hexdigest())
            )
        with transaction.atomic():
            tip = tips_services.tip_submit_public(
                area=area,
                category=category,
                summary=summary,
                occurred_on=occurred_on,
                occurred_place=occurred_place,
                reporter_name=reporter_name,
                reporter_contact=reporter_contact,
            )
            ReporterAccess.objects.create(tip=tip, passphrase_hash=passphrase_hash)
            TipAttachment.objects.bulk_create(
                TipAttachment(tip=tip, stored_name=name, kind=kind, size=size, sha256=digest)
                for name, kind, size, digest in written
            )
    except BaseException:
        for name, *_rest in written:
            (attachment_dir() / name).unlink(missing_ok=True)
        raise
    return Submitted(tip=tip, passphrase=passphrase)


@lru_cache(maxsize=4)
def _dummy_hash(hashers: tuple) -> str:
    return make_password(secrets.token_hex(8))


@sensitive_variables("code", "passphrase")
def reporter_sign_in(*, code, passphrase) -> Tip:
    """The tip whose code and passphrase these are, or WrongAccess. An unknown code costs the
    same hashing as a known one, so the answer's time does not tell them apart."""
    code = (code or "").strip().upper()
    access = (
        ReporterAccess.objects.select_related("tip").filter(tip__code=code).first()
        if 0 < len(code) <= 20
        else None
    )
    if access is None:
        check_password(normalise(passphrase), _dummy_hash(tuple(settings.PASSWORD_HASHERS)))
        raise WrongAccess
    if not check_password(normalise(passphrase), access.passphrase_hash):
        raise WrongAccess
    return access.tip
