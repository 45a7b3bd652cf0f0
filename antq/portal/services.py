"""Every write of the public portal: a citizen's report (the tip itself through the tips
services), and the reporter's sign-in to one tip with its code and passphrase (their replies go
through antq.tips.services.messages.tip_reporter_reply).

A submission is prepared before its transaction opens (the passphrase hashed, attachments
checked, encrypted and written to disk, fsynced), so that the transaction holding the database's
write lock is short; then the tip, the passphrase's hash and the attachment rows are written in
one durable transaction (`durably_committed`), and only after its commit does the caller show
the code.
"""

import hashlib
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from antq.core.files import sniff
from antq.portal.models import ReporterAccess
from antq.tips import storage
from antq.tips.models import CODE_ALPHABET, Tip, TipAttachment
from antq.tips.services import entry as entry_services

MIN_SUMMARY = 20
MAX_SUMMARY = 5000
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
PASSPHRASE_LENGTH = 12  # from a 25-letter alphabet: about 56 bits


# Checked on the first bytes of the file: names and declared content types are not believed.
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


class PassphraseHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 at 100,000 iterations (about 20 ms here), for tip passphrases only; users'
    passwords keep Django's default (1,000,000 iterations, about 210 ms).

    Why a tenth of the default is still sound for these secrets: a user's password is chosen by
    a person and may have 20 to 40 bits of entropy, so its hash must be slow; a passphrase is
    drawn at random, 12 characters from 25: 55.7 bits (`new_passphrase`).
    - Online, the hash's cost plays no part: the follow page allows 30 attempts per client
      address per 10 minutes; a million addresses would need about 18,000 years on average to
      find one tip's passphrase. A costly hash there only makes each attempt a lever to
      exhaust the server's CPU (at 210 ms, about 190 addresses at the allowed rate fill 2 cores).
    - Offline, after a theft of the database: each tip has its own salt; at 100,000 iterations a
      high-end GPU (of the order of 10^10 PBKDF2-SHA256 iterations a second) tries about 10^5
      passphrases a second, so one tip costs about 10,000 GPU-years on average. And what it
      would win is little: the thief already holds the tip's messages and status (the database),
      and the reporter's identity stays under a key kept outside the database.
    Hashes made before (Django's default hasher, whatever PASSWORD_HASHERS said then) still
    verify, and are replaced by this one at the reporter's next sign-in.
    """

    iterations = 100_000


PASSPHRASE_HASHER = PassphraseHasher()


@sensitive_variables("passphrase")
def hash_passphrase(passphrase: str) -> str:
    return PASSPHRASE_HASHER.encode(normalise(passphrase), PASSPHRASE_HASHER.salt())


@sensitive_variables("passphrase")
def passphrase_matches(passphrase: str, encoded: str) -> bool:
    """Does `passphrase` (as typed) match the stored hash? A PBKDF2 hash carries its own
    iteration count, so those made at Django's default strength verify here too; a hash of
    any other algorithm goes to Django's check_password (the hashers of PASSWORD_HASHERS)."""
    if encoded.startswith(PASSPHRASE_HASHER.algorithm + "$"):
        return PASSPHRASE_HASHER.verify(normalise(passphrase), encoded)
    return check_password(normalise(passphrase), encoded)


def _needs_rehash(encoded: str) -> bool:
    return not encoded.startswith(f"{PASSPHRASE_HASHER.algorithm}${PASSPHRASE_HASHER.iterations}$")


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


def read_attachment(attachment: TipAttachment) -> bytes:
    """The original bytes of an attachment (for staff, through
    antq.tips.services.identities.tip_open_attachment, which checks the grant and records the
    reading)."""
    return storage.read(attachment.stored_name, attachment.sha256)


@contextmanager
def durably_committed():
    """An atomic block whose commit survives a crash or a power cut once it returns: the
    portal shows a tip's code only for a tip that is stored for good. `durable=True` refuses to
    run nested in another transaction (whose commit would come later). SQLite runs in WAL mode
    with synchronous=NORMAL (settings), where the last commits may be lost to a power cut, so
    this commit is made with synchronous=FULL (the WAL fsynced at commit); on PostgreSQL the
    transaction asks for synchronous_commit=on, whatever the server's default."""
    # (SQLite will not change it inside a transaction: only a test case's wraps this one)
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            before = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA synchronous=FULL")
    try:
        with transaction.atomic(durable=True):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO on")
            yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA synchronous={before}")


@sensitive_variables("passphrase", "reporter_name", "reporter_contact")
def report_submit(
    *,
    area,
    category,
    summary,
    occurred_on: date | None,
    occurred_time: time | None = None,
    occurred_place="",
    latitude: float | None = None,
    longitude: float | None = None,
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
    passphrase_hash = hash_passphrase(passphrase)
    names = storage.write_encrypted(content for _kind, content in files)
    written = [
        (name, kind, len(content), hashlib.sha256(content).hexdigest())
        for name, (kind, content) in zip(names, files, strict=True)
    ]
    try:
        with durably_committed():
            tip = entry_services.tip_submit_public(
                area=area,
                category=category,
                summary=summary,
                occurred_on=occurred_on,
                occurred_time=occurred_time,
                occurred_place=occurred_place,
                latitude=latitude,
                longitude=longitude,
                reporter_name=reporter_name,
                reporter_contact=reporter_contact,
            )
            ReporterAccess.objects.create(
                tip=tip, passphrase_hash=passphrase_hash, created_at=tip.created_at
            )
            TipAttachment.objects.bulk_create(
                TipAttachment(
                    tip=tip,
                    stored_name=name,
                    kind=kind,
                    size=size,
                    sha256=digest,
                    created_at=tip.created_at,
                )
                for name, kind, size, digest in written
            )
    except BaseException:
        storage.remove(names)
        raise
    return Submitted(tip=tip, passphrase=passphrase)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_passphrase(secrets.token_hex(8))


@sensitive_variables("code", "passphrase")
def reporter_sign_in(*, code, passphrase) -> Tip:
    """The tip whose code and passphrase these are, or WrongAccess. An unknown code costs the
    same hashing as a known one, so the answer's time does not tell them apart. A hash made by
    an earlier hasher is replaced by the current one on success."""
    code = (code or "").strip().upper()
    access = (
        ReporterAccess.objects.select_related("tip").filter(tip__code=code).first()
        if 0 < len(code) <= 20
        else None
    )
    if access is None:
        passphrase_matches(passphrase, _dummy_hash())
        raise WrongAccess
    if not passphrase_matches(passphrase, access.passphrase_hash):
        raise WrongAccess
    if _needs_rehash(access.passphrase_hash):
        ReporterAccess.objects.filter(pk=access.pk).update(
            passphrase_hash=hash_passphrase(passphrase)
        )
    return access.tip
