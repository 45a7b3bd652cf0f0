"""The files sent with portal reports, on disk under <ANTQ_VAR_DIR>/tip-attachments/.

Each file is one Fernet token (antq.core.crypto's bytes API) under a random name that says
nothing. A file is written durably (the file and then its folder are fsynced) before its row is
committed, so that an accepted report never points at a file a crash could lose.

Re-encryption after a key rotation goes in two steps, so that a crash at any point leaves every
file readable with the key set in force (the new key first, the old ones after it): `stage`
writes the re-encrypted token beside the file (`<name>.rotating`, fsynced) and changes nothing
else; `commit` renames the staged tokens over the files, one atomic rename each, then fsyncs the
folder. A file is therefore always either its old token or its new one, never half of either.
"""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings

from antq.core import crypto
from antq.core.files import private_dir

ATTACHMENT_DIR = "tip-attachments"
STAGED_SUFFIX = ".rotating"


class AttachmentUnreadable(Exception):
    """The stored file is missing, no configured key opens it, or it is not what was received."""


def attachment_dir() -> Path:
    return Path(settings.VAR_DIR) / ATTACHMENT_DIR


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes) -> None:
    """Write `data` to a file that must not exist yet, readable by the owner only, and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_encrypted(contents) -> list[str]:
    """Encrypt each content and write it under a new random name, durably; the names, in order.
    On any error the files already written are removed again."""
    folder = private_dir(attachment_dir())
    names = []
    try:
        for content in contents:
            name = secrets.token_hex(16)
            _write_new(folder / name, crypto.encrypt_bytes(content))
            names.append(name)
        if names:
            _fsync_dir(folder)  # the new names themselves survive a crash
    except BaseException:
        remove(names)
        raise
    return names


def remove(names) -> None:
    for name in names:
        (attachment_dir() / name).unlink(missing_ok=True)


def read(stored_name: str, sha256: str) -> bytes:
    """The original bytes of a stored file, checked against the digest taken on receipt."""
    try:
        token = (attachment_dir() / stored_name).read_bytes()
        content = crypto.decrypt_bytes(token)
    except (OSError, crypto.DecryptionError) as exc:
        raise AttachmentUnreadable(str(exc)) from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise AttachmentUnreadable("The file is not the one received.")
    return content


def stage(stored_name: str) -> Path:
    """Write the file's token re-encrypted with the first key beside it; nothing else changes.
    AttachmentUnreadable if the file is missing or no configured key opens it."""
    path = attachment_dir() / stored_name
    staged = path.with_name(path.name + STAGED_SUFFIX)
    try:
        token = crypto.rotate_bytes(path.read_bytes())
    except (OSError, crypto.DecryptionError) as exc:
        raise AttachmentUnreadable(str(exc)) from None
    staged.unlink(missing_ok=True)
    _write_new(staged, token)
    return staged


def commit(staged: list[Path]) -> int:
    """Put each staged token in place of its file (an atomic rename each), taking it off the list
    as it goes: on an error, what is left on the list was not put in place. Returns the count."""
    done = 0
    while staged:
        path = staged[-1]
        target = path.with_name(path.name.removesuffix(STAGED_SUFFIX))
        if target.exists():  # a file deleted meanwhile (its tip was deleted) stays deleted
            os.replace(path, target)
            done += 1
        else:
            path.unlink(missing_ok=True)
        staged.pop()
    if done:
        _fsync_dir(attachment_dir())
    return done


def discard(staged) -> None:
    for path in staged:
        Path(path).unlink(missing_ok=True)


def discard_stale() -> None:
    """Remove tokens staged by a rotation that stopped before putting them in place."""
    folder = attachment_dir()
    if folder.exists():
        discard(folder.glob("*" + STAGED_SUFFIX))
