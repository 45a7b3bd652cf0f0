"""Files under var/ are private to the account antq runs as: the database, uploads,
attachments and keys hold personal data or secrets. Directories are 0700 and files 0600; the
process umask (set at start-up, `restrict_umask`) covers what libraries create (SQLite's files,
the cache), and these helpers make it explicit where antq creates files itself.
"""

import os
import unicodedata
from pathlib import Path

from django.db import models

PRIVATE_UMASK = 0o077


class AttachmentKind(models.TextChoices):
    """The kinds of file antq accepts as an attachment, recognised by their content."""

    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    PDF = "pdf", "PDF"


def restrict_umask():
    """New files 0600 and directories 0700 for the rest of the process."""
    os.umask(PRIVATE_UMASK)


def private_dir(path) -> Path:
    path = Path(path)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def tighten(path):
    """Make an existing file (made before var/ was private) readable by the owner only."""
    path = Path(path)
    if path.exists() and path.stat().st_mode & 0o077:
        path.chmod(0o600)


def write_private(path, data: bytes):
    """Write `data` to a new file readable by the owner only (never briefly wider)."""
    with open_private(path) as out:
        out.write(data)
    return Path(path)


def open_private(path):
    """A new binary file for writing, readable by the owner only."""
    fd = os.open(Path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def safe_filename(name, *, extension="", fallback="file"):
    """A file name fit for a download: its last path part (after `/` or `\\`), without control
    characters, quotes or leading dots, at most 150 characters; with `extension` (the checked
    kind's, e.g. "pdf") in place of whatever the sender claimed."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in "\"';:*?<>|"
    )
    name = " ".join(name.split()).lstrip(". ")
    stem = name
    if extension:
        base, dot, _ext = name.rpartition(".")
        stem = base if dot and base else name
    stem = stem[: 150 - len(extension) - 1].rstrip(". ") or fallback
    return f"{stem}.{extension}" if extension else stem


MAGIC = (
    (b"\xff\xd8\xff", AttachmentKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", AttachmentKind.PNG),
    (b"%PDF-", AttachmentKind.PDF),
)


def sniff(head: bytes) -> str | None:
    """The kind of a file from its first bytes, or None when it is not JPEG, PNG or PDF."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return None
